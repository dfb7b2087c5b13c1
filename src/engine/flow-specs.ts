/**
 * The flow spec of each connection spec in use, looked up live by name (the catalog's flow-spec
 * name; a raw connectionSpec id by `sourceConnectionSpecIds[]`), once per run.
 */
import type { AepClient } from "../aep/index.ts";
import { findConnector, findConnectorBySpecId, findFlowSpecByName } from "../data/connectors.ts";
import type { LoadResult } from "../manifest/index.ts";
import type { FlowSpecChoice } from "../planner/index.ts";

function choose(raw: Record<string, unknown> | undefined): FlowSpecChoice | undefined {
  if (raw === undefined) return undefined;
  const transformations = (raw.transformationSpecs ?? raw.transformationSpec ?? []) as { name?: string }[];
  return {
    id: String(raw.id),
    name: String(raw.name),
    version: typeof raw.version === "string" ? raw.version : "1.0",
    copy: Array.isArray(transformations) && transformations.some((t) => t.name?.toLowerCase() === "copy"),
  };
}

/** Connection spec ids of every Connection manifest. */
function connectionSpecIds(load: LoadResult): Set<string> {
  const ids = new Set<string>();
  for (const m of load.manifests) {
    if (m.manifest.kind !== "Connection") continue;
    const spec = m.manifest.spec;
    if ("connectionSpec" in spec) ids.add(spec.connectionSpec.id);
    else {
      const connector = findConnector(spec.connector);
      if (connector !== undefined) ids.add(connector.connectionSpec.id);
    }
  }
  return ids;
}

export async function resolveFlowSpecs(
  client: AepClient,
  load: LoadResult,
): Promise<Map<string, FlowSpecChoice>> {
  const byName = new Map<string, Promise<FlowSpecChoice | undefined>>();
  const out = new Map<string, FlowSpecChoice>();
  for (const id of connectionSpecIds(load)) {
    const connector = findConnectorBySpecId(id);
    let choice: FlowSpecChoice | undefined;
    if (connector !== undefined) {
      const name = connector.flowSpecName;
      if (!byName.has(name))
        byName.set(
          name,
          client.flowService
            .findFlowSpecByName(name)
            .then((spec) => choose(spec as Record<string, unknown> | undefined)),
        );
      choice = await byName.get(name);
      if (choice === undefined) {
        const known = findFlowSpecByName(name);
        if (known !== undefined)
          choice = { id: known.id, name: known.name, version: known.version, copy: known.copyTransformation };
      }
    } else {
      const specs = await client.flowService.listFlowSpecs({
        property: [`sourceConnectionSpecIds[]==${id}`],
      });
      choice = choose(specs[0]);
    }
    if (choice !== undefined) out.set(id, choice);
  }
  return out;
}
