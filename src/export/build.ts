/**
 * `aepsync export`, the pure part: live state (and the lookups the engine made) → manifest files.
 * Every flow that this namespace does not manage is followed through its chain; what the
 * manifests cannot express is written as a `# not managed:` comment or skipped with a warning.
 * Deterministic: names are handed out in sorted order and files are sorted, so the same sandbox
 * gives byte-identical files.
 */
import type { ManifestKind } from "../model/address.ts";
import type { LiveObject } from "../model/objects.ts";
import { LiveLookup, resolveChain } from "./chain.ts";
import type { Chain } from "./chain.ts";
import {
  adhocSchemaDoc,
  connectionDoc,
  datasetDoc,
  expressProblem,
  pipelineDoc,
  schemaDoc,
} from "./manifests.ts";
import type {
  ExportFile,
  ExportInput,
  ExportNeeds,
  ExportOutcome,
  ExportResult,
  ExportVariable,
} from "./model.ts";
import { NameAllocator, slugOf, VariableAllocator } from "./names.ts";
import { renderFile } from "./yaml.ts";
import type { ManifestDoc } from "./yaml.ts";

/** An object that becomes (or already is) a manifest, and the pipelines that use it. */
interface Entity {
  kind: ManifestKind;
  key: string;
  display: string;
  live: LiveObject;
  name: string;
  /** Already declared by this namespace (its marker names it): referred to, not written. */
  managed: boolean;
  pipelines: Set<string>;
}

const SHARED_FILES: Record<Exclude<ManifestKind, "Pipeline">, string> = {
  Connection: "_connections.yaml",
  Schema: "_schemas.yaml",
  Dataset: "_datasets.yaml",
};

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Manifest files for the sandbox's unmanaged flows, or the lookups still needed first. */
export function exportManifests(input: ExportInput): ExportOutcome {
  const needs: ExportNeeds = { mappingSets: [], connectionSpecs: [], flowSpecs: [], resources: [] };
  const live = new LiveLookup(input.live.objects, input, needs);
  const warnings: string[] = [];
  const selection = selectFlows(input, warnings);
  const chains: Chain[] = [];
  let elsewhere = 0;
  for (const flow of selection.flows) {
    const result = resolveChain(flow, live);
    const label = `flow '${flow.name}' (${flow.id})`;
    if (result.kind === "chain") {
      const problem = expressProblem(result.chain);
      if (problem === undefined) chains.push(result.chain);
      else warnings.push(`${label} skipped: ${problem}`);
    } else if (result.kind === "skip") warnings.push(`${label} skipped: ${result.reason}`);
    else if (result.kind === "elsewhere") elsewhere++;
  }
  if (hasNeeds(needs)) return { kind: "needs", needs: dedupeNeeds(needs) };
  const owned = ownConnections(chains, warnings);
  if (elsewhere > 0)
    warnings.push(
      `${elsewhere} flow${elsewhere === 1 ? " does" : "s do"} not land in a dataset (destinations and other flows): aepsync manages source dataflows only, not exported`,
    );
  const result = buildFiles(owned, input, warnings);
  result.missingFlows = selection.missing;
  result.managedFlows = selection.managed;
  return { kind: "done", result };
}

function selectFlows(
  input: ExportInput,
  warnings: string[],
): { flows: LiveObject[]; missing: string[]; managed: number } {
  const flows = input.live.objects.filter((o) => o.kind === "flow");
  const asked = [...new Set(input.flowIds ?? [])];
  const missing = asked.filter((id) => !flows.some((f) => f.id === id));
  const chosen = asked.length > 0 ? flows.filter((f) => asked.includes(f.id)) : flows;
  let managed = 0;
  const selected: LiveObject[] = [];
  for (const flow of chosen) {
    const marker = flow.marker;
    if (marker !== undefined && marker.namespace === input.namespace && marker.retired !== true) {
      managed++;
      if (asked.length > 0)
        warnings.push(`flow '${flow.name}' (${flow.id}) is managed already, as ${marker.address}`);
    } else if (marker !== undefined && marker.namespace !== input.namespace && asked.length === 0) {
      warnings.push(
        `flow '${flow.name}' (${flow.id}) skipped: namespace '${marker.namespace}' manages it; name it with --flow to take it over`,
      );
    } else selected.push(flow);
  }
  selected.sort((a, b) => byText(a.id, b.id));
  return { flows: selected, missing, managed };
}

/**
 * A pipeline owns its source and target connections (Adobe: one pair per dataflow,
 * help/sources/tutorials/api/update-dataflows.md): a flow that shares one with an earlier flow is skipped.
 */
function ownConnections(chains: readonly Chain[], warnings: string[]): Chain[] {
  const owner = new Map<string, Chain>();
  const kept: Chain[] = [];
  for (const chain of chains) {
    const shared = [chain.source, chain.target]
      .map((c) => ({ c, first: owner.get(`${c.kind}:${c.id}`) }))
      .find((s) => s.first !== undefined);
    if (shared !== undefined) {
      const kind = shared.c.kind === "sourceConnection" ? "source" : "target";
      warnings.push(
        `flow '${chain.flow.name}' (${chain.flow.id}) skipped: it shares its ${kind} connection ${shared.c.id} with flow ${shared.first!.flow.id}, and an aepsync pipeline owns its connections`,
      );
      continue;
    }
    for (const c of [chain.source, chain.target]) owner.set(`${c.kind}:${c.id}`, chain);
    kept.push(chain);
  }
  return kept;
}

function hasNeeds(needs: ExportNeeds): boolean {
  return Object.values(needs).some((list: unknown[]) => list.length > 0);
}

function dedupeNeeds(needs: ExportNeeds): ExportNeeds {
  const unique = <T>(list: T[]): T[] => {
    const seen = new Map<string, T>();
    for (const item of list) seen.set(JSON.stringify(item), item);
    return [...seen.values()];
  };
  return {
    mappingSets: unique(needs.mappingSets),
    connectionSpecs: unique(needs.connectionSpecs),
    flowSpecs: unique(needs.flowSpecs),
    resources: unique(needs.resources),
  };
}

/** Names taken by this namespace's own manifests (from the markers in the sandbox), per kind. */
function reservedNames(input: ExportInput): Map<ManifestKind, Set<string>> {
  const reserved = new Map<ManifestKind, Set<string>>();
  for (const object of input.live.objects) {
    const marker = object.marker;
    if (marker === undefined || marker.namespace !== input.namespace) continue;
    const [kind, name] = marker.address.split("/") as [ManifestKind, string];
    reserved.set(kind, (reserved.get(kind) ?? new Set()).add(name));
  }
  return reserved;
}

class Entities {
  readonly all = new Map<string, Entity>();
  private readonly input: ExportInput;

  constructor(input: ExportInput) {
    this.input = input;
  }

  add(kind: ManifestKind, key: string, display: string, live: LiveObject, pipeline: string): Entity {
    const id = `${kind}:${key}`;
    let entity = this.all.get(id);
    if (entity === undefined) {
      const marker = live.marker;
      const ours =
        marker !== undefined && marker.namespace === this.input.namespace && marker.retired !== true;
      const [markedKind, markedName, part] = ours ? marker.address.split("/") : [];
      const managed = markedKind === kind && markedName !== undefined && part === undefined;
      entity = { kind, key, display, live, name: managed ? markedName : "", managed, pipelines: new Set() };
      this.all.set(id, entity);
    }
    entity.pipelines.add(pipeline);
    return entity;
  }

  /** Names for every entity not managed yet, sorted so that the same sandbox gives the same names. */
  allocate(reserved: Map<ManifestKind, Set<string>>): void {
    const fallback: Record<ManifestKind, string> = {
      Connection: "connection",
      Schema: "schema",
      Dataset: "dataset",
      Pipeline: "pipeline",
    };
    const allocators = new Map<ManifestKind, NameAllocator>();
    const pending = [...this.all.values()]
      .filter((e) => !e.managed)
      .sort(
        (a, b) =>
          byText(slugOf(a.display), slugOf(b.display)) ||
          byText(a.display, b.display) ||
          byText(a.key, b.key),
      );
    for (const entity of pending) {
      let allocator = allocators.get(entity.kind);
      if (allocator === undefined) {
        allocator = new NameAllocator(reserved.get(entity.kind));
        allocators.set(entity.kind, allocator);
      }
      entity.name = allocator.allocate(entity.display, fallback[entity.kind]);
    }
  }
}

interface Placed {
  chain: Chain;
  pipeline: Entity;
  connection: Entity;
  dataset: Entity;
  schema: Entity | undefined;
  sourceSchema: Entity | undefined;
}

function buildFiles(chains: readonly Chain[], input: ExportInput, warnings: string[]): ExportResult {
  const entities = new Entities(input);
  const placed: Placed[] = chains.map((chain) => {
    const key = chain.flow.id;
    return {
      chain,
      // A flow named the way aepsync names flows (`<pipeline>-flow`) gives that pipeline name back.
      pipeline: entities.add("Pipeline", key, chain.flow.name.replace(/-flow$/, ""), chain.flow, key),
      connection: entities.add("Connection", chain.base.id, chain.base.name, chain.base, key),
      dataset: entities.add("Dataset", chain.dataset.id, chain.dataset.name, chain.dataset, key),
      schema:
        chain.schema === undefined
          ? undefined
          : entities.add("Schema", chain.schemaId, chain.schema.name, chain.schema, key),
      sourceSchema:
        chain.sourceSchema === undefined
          ? undefined
          : entities.add(
              "Schema",
              chain.sourceSchema.schema.schemaId ?? chain.sourceSchema.schema.id,
              chain.sourceSchema.schema.name,
              chain.sourceSchema.schema,
              key,
            ),
    };
  });
  entities.allocate(reservedNames(input));
  placed.sort((a, b) => byText(a.pipeline.name, b.pipeline.name));

  for (const entity of entities.all.values()) {
    const marker = entity.live.marker;
    if (!entity.managed && marker !== undefined && marker.namespace !== input.namespace)
      warnings.push(
        `${entity.kind} '${entity.display}' is managed by namespace '${marker.namespace}': adopting it takes it over from there`,
      );
  }
  const docs = new Map<string, { entity: Entity; doc: ManifestDoc }>();
  const variables: ExportVariable[] = [];
  const varAllocator = new VariableAllocator();
  const primaryIdentityOf = (objects: readonly LiveObject[], schema: LiveObject): LiveObject | undefined =>
    objects.find(
      (o) =>
        o.kind === "identity" &&
        o.raw["xdm:isPrimary"] === true &&
        o.raw["xdm:sourceSchema"] === schema.schemaId,
    );
  const write = (entity: Entity | undefined, make: (entity: Entity) => ManifestDoc): void => {
    if (entity === undefined || entity.managed) return;
    const id = `${entity.kind}:${entity.key}`;
    if (!docs.has(id)) docs.set(id, { entity, doc: make(entity) });
  };
  // Connections in name order, so that variable names are handed out the same way every time.
  const byConnection = [...placed].sort((a, b) => byText(a.connection.name, b.connection.name));
  for (const p of byConnection)
    write(p.connection, (e) => connectionDoc(p.chain, e.name, varAllocator, variables));
  for (const p of placed) {
    const source = p.chain.sourceSchema;
    if (source !== undefined) write(p.sourceSchema, (e) => adhocSchemaDoc(source, e.name));
  }
  for (const p of placed) {
    const schema = p.chain.schema;
    if (schema !== undefined)
      write(p.schema, (e) => schemaDoc(schema, e.name, primaryIdentityOf(input.live.objects, schema)));
    write(p.dataset, (e) => datasetDoc(p.chain, e.name, p.schema?.name ?? p.chain.schemaId));
    write(p.pipeline, (e) =>
      pipelineDoc(p.chain, {
        pipeline: e.name,
        connection: p.connection.name,
        dataset: p.dataset.name,
        schema: p.schema?.name ?? p.chain.schemaId,
        sourceSchema: p.sourceSchema?.name,
      }),
    );
  }
  const files = layoutFiles([...docs.values()], placed, input);
  return {
    files,
    pipelines: placed.map((p) => ({
      name: p.pipeline.name,
      flowId: p.chain.flow.id,
      file: `${p.pipeline.name}.yaml`,
    })),
    variables: variables.sort((a, b) => byText(a.name, b.name)),
    warnings,
    missingFlows: [],
    managedFlows: 0,
  };
}

const KIND_ORDER: readonly ManifestKind[] = ["Connection", "Schema", "Dataset", "Pipeline"];

/** One file per pipeline with what only it uses; what several pipelines share, one file per kind. */
function layoutFiles(
  docs: readonly { entity: Entity; doc: ManifestDoc }[],
  placed: readonly Placed[],
  input: ExportInput,
): ExportFile[] {
  const pipelineFile = new Map(placed.map((p) => [p.chain.flow.id, `${p.pipeline.name}.yaml`]));
  const byFile = new Map<string, ManifestDoc[]>();
  for (const { entity, doc } of docs) {
    const only = entity.pipelines.size === 1 ? [...entity.pipelines][0] : undefined;
    const file =
      entity.kind === "Pipeline" || only !== undefined
        ? pipelineFile.get(only ?? entity.key)!
        : SHARED_FILES[entity.kind];
    byFile.set(file, [...(byFile.get(file) ?? []), doc]);
  }
  const header = [
    `yaml-language-server: $schema=${input.schemaPath}`,
    `Exported by \`aepsync export\` from sandbox '${input.live.sandbox}'. Set the variables it printed, then: aepsync plan --adopt`,
  ];
  return [...byFile.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([path, list]) => ({
      path,
      text: renderFile(
        header,
        [...list].sort(
          (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byText(a.name, b.name),
        ),
      ),
    }));
}
