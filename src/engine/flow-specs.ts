/**
 * The flow spec of each connection spec in use, looked up live by name (the catalog's flow-spec
 * name; a raw connectionSpec id by `sourceConnectionSpecIds[]`), once per run.
 */
import type { AepClient } from "../aep/index.ts";
import {
  flowSpecs as catalogFlowSpecs,
  findConnector,
  findConnectorBySpecId,
  findFlowSpecByName,
} from "../data/connectors.ts";
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

/**
 * The catalog's flow specs as the sandbox has them, looked up by id in one request (a filter
 * help/dataflows/api/sort-and-filter.md documents): read before the manifests say which are used.
 */
export function prefetchCatalogFlowSpecs(client: AepClient): Promise<readonly Record<string, unknown>[]> {
  const ids = catalogFlowSpecs.map((f) => f.id);
  return client.flowService.listFlowSpecs({ property: [`id==${ids.join(",")}`] });
}

/**
 * `known`: flow specs read ahead (prefetchCatalogFlowSpecs); a catalog flow spec found there by
 * name is not looked up again.
 */
export async function resolveFlowSpecs(
  client: AepClient,
  load: LoadResult,
  known?: Promise<readonly Record<string, unknown>[]>,
): Promise<Map<string, FlowSpecChoice>> {
  const byName = new Map<string, Promise<FlowSpecChoice | undefined>>();
  const out = new Map<string, FlowSpecChoice>();
  const lookUp = async (name: string): Promise<FlowSpecChoice | undefined> => {
    const listed = known === undefined ? undefined : (await known).find((spec) => spec.name === name);
    return choose(listed ?? (await client.flowService.findFlowSpecByName(name)));
  };
  for (const id of connectionSpecIds(load)) {
    const connector = findConnectorBySpecId(id);
    let choice: FlowSpecChoice | undefined;
    if (connector !== undefined) {
      const name = connector.flowSpecName;
      if (!byName.has(name)) byName.set(name, lookUp(name));
      choice = await byName.get(name);
      if (choice === undefined) {
        const catalog = findFlowSpecByName(name);
        if (catalog !== undefined)
          choice = {
            id: catalog.id,
            name: catalog.name,
            version: catalog.version,
            copy: catalog.copyTransformation,
          };
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
