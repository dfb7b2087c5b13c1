/**
 * Desired state: validated manifests → the AEP objects of one pipeline chain, as comparable
 * specs with references by address. Pure: `${env:}`, `${secret:}` and `${var:}` values come
 * from an injected lookup, the fingerprint (HMAC) from an injected function, flow specs from the
 * catalog or a live lookup. Each object is built by its kind driver (src/kinds/).
 */
import { findConnector, findConnectorBySpecId } from "../data/connectors.ts";
import {
  connectionDesired,
  datasetDesired,
  flowDesired,
  mappingSetDesired,
  schemaDesired,
  schemaTarget,
  sourceConnectionDesired,
  targetConnectionDesired,
} from "../kinds/index.ts";
import type {
  Declared,
  DesiredContext,
  FlowSpecChoice,
  ManifestView,
  PipelineContext,
} from "../kinds/index.ts";
import { resolveReferences } from "../manifest/references.ts";
import type { ReferenceScheme } from "../manifest/references.ts";
import type { ManifestByKind } from "../manifest/model.ts";
import type { ManifestKind } from "../model/address.ts";
import type { DesiredObject, SourceLocation } from "../model/objects.ts";
import { escapePointer } from "../model/pointer.ts";
import type { Manifest } from "../schema/generated/manifest.ts";

export type { FlowSpecChoice };

export interface ManifestInput {
  kind: Manifest["kind"];
  name: string;
  file: string;
  manifest: Manifest;
  locate(pointer: string): { line: number; column: number };
}

export interface BuildContext extends DesiredContext {
  /** Value of `${scheme:name}`; undefined when unset (reported, never guessed). */
  lookup(scheme: ReferenceScheme, name: string): string | undefined;
}

export interface DesiredResult {
  objects: DesiredObject[];
  /** Unresolvable references: `${env:X}` unset, unknown flow spec, … (each with where). */
  problems: { message: string; at?: SourceLocation }[];
  /** Every secret value resolved, so the edges can redact them. */
  secretValues: string[];
}

type Problems = DesiredResult["problems"];

/** Resolves every reference of a manifest's strings (the one `${…}` resolver, src/manifest/references.ts). */
function resolveDeep(
  value: unknown,
  pointer: string,
  resolveString: (text: string, pointer: string) => string,
): unknown {
  if (typeof value === "string") return resolveString(value, pointer);
  if (Array.isArray(value)) return value.map((v, i) => resolveDeep(v, `${pointer}/${i}`, resolveString));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = resolveDeep(v, `${pointer}/${escapePointer(k)}`, resolveString);
    return out;
  }
  return value;
}

function viewOf<K extends ManifestKind>(
  input: ManifestInput,
  manifest: ManifestByKind[K],
  problems: Problems,
): ManifestView<K> {
  const at = (pointer: string): SourceLocation => ({ file: input.file, ...input.locate(pointer) });
  return {
    name: input.name,
    owner: `${input.kind}/${input.name}`,
    manifest,
    at,
    problem: (message, pointer) => problems.push({ message, at: at(pointer) }),
  };
}

export function buildDesired(manifests: readonly ManifestInput[], ctx: BuildContext): DesiredResult {
  const problems: Problems = [];
  const secretValues = new Set<string>();
  const resolved = manifests.map((input) => {
    const resolveString = (text: string, pointer: string): string => {
      const { value, missing } = resolveReferences(text, ({ scheme, name }) => {
        const found = ctx.lookup(scheme, name);
        if (scheme === "secret" && found !== undefined && found !== "") secretValues.add(found);
        return found;
      });
      for (const { scheme, name } of missing)
        problems.push({
          message:
            scheme === "var"
              ? `variable ${name} is not defined for this environment in aepsync.yaml`
              : `environment variable ${name} is not set (referenced as \${${scheme}:${name}})`,
          at: { file: input.file, ...input.locate(pointer) },
        });
      return value;
    };
    return { input, manifest: resolveDeep(input.manifest, "", resolveString) as Manifest };
  });

  const declared = {
    connections: new Map<string, ManifestByKind["Connection"]>(),
    datasets: new Map<string, ManifestByKind["Dataset"]>(),
    schemas: new Map<string, ManifestByKind["Schema"]>(),
  };
  for (const { input, manifest: m } of resolved) {
    if (m.kind === "Connection") declared.connections.set(input.name, m);
    if (m.kind === "Dataset") declared.datasets.set(input.name, m);
    if (m.kind === "Schema") declared.schemas.set(input.name, m);
  }

  const objects: DesiredObject[] = [];
  for (const { input, manifest: m } of resolved) {
    const first = objects.length;
    buildManifest(input, m, declared, ctx, problems, objects);
    const old = m.metadata.renamedFrom;
    if (old !== undefined) {
      // Every object of the manifest had the same address under the old name.
      const owner = `${m.kind}/${input.name}`;
      for (const o of objects.slice(first))
        o.renamedFrom = `${m.kind}/${old}${o.address.slice(owner.length)}`;
    }
  }
  return { objects, problems, secretValues: [...secretValues] };
}

function buildManifest(
  input: ManifestInput,
  m: Manifest,
  declared: Declared,
  ctx: BuildContext,
  problems: Problems,
  objects: DesiredObject[],
): void {
  {
    switch (m.kind) {
      case "Connection": {
        const connection = connectionDesired(viewOf<"Connection">(input, m, problems), ctx);
        if (connection !== undefined) objects.push(connection);
        break;
      }
      case "Schema":
        objects.push(...schemaDesired(viewOf<"Schema">(input, m, problems)));
        break;
      case "Dataset":
        objects.push(datasetDesired(viewOf<"Dataset">(input, m, problems)));
        break;
      case "Pipeline": {
        const pipeline = pipelineContext(viewOf<"Pipeline">(input, m, problems), declared, ctx);
        if (pipeline !== undefined)
          objects.push(
            sourceConnectionDesired(pipeline),
            targetConnectionDesired(pipeline),
            mappingSetDesired(pipeline),
            flowDesired(pipeline),
          );
        break;
      }
    }
  }
}

/** What a pipeline's parts are built from, or undefined (with a problem) when it cannot be resolved. */
function pipelineContext(
  view: ManifestView<"Pipeline">,
  declared: Declared,
  ctx: DesiredContext,
): PipelineContext | undefined {
  const spec = view.manifest.spec;
  const connection = declared.connections.get(spec.source.connection);
  const dataset = declared.datasets.get(spec.target.dataset);
  if (connection === undefined || dataset === undefined) {
    view.problem(`${view.owner}: its connection or dataset is not declared`, "/spec");
    return undefined;
  }
  const connector = "connector" in connection.spec ? findConnector(connection.spec.connector) : undefined;
  const connectionSpecId =
    "connectionSpec" in connection.spec ? connection.spec.connectionSpec.id : connector?.connectionSpec.id;
  if (connectionSpecId === undefined) return undefined;
  const flowSpec = ctx.flowSpecFor(connectionSpecId);
  if (flowSpec === undefined) {
    view.problem(
      `${view.owner}: no flow spec moves connection spec ${connectionSpecId} into the data lake`,
      "/spec/source/connection",
    );
    return undefined;
  }
  return {
    view,
    connectionSpecId,
    connector: connector ?? findConnectorBySpecId(connectionSpecId),
    flowSpec,
    outputSchema: schemaTarget(dataset.spec.schema),
    addresses: {
      source: `${view.owner}/source`,
      target: `${view.owner}/target`,
      mapping: `${view.owner}/mapping`,
      flow: `${view.owner}/flow`,
    },
  };
}
