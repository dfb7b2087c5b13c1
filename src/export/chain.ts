/**
 * Following one flow's chain through the live state: source connection → base connection, target
 * connection → dataset → schema, the ad-hoc source schema and its class, the mapping set at the
 * version the flow uses. Each object is read through its kind driver's `comparable`, the very shape
 * the planner compares with the manifests, so that what is exported plans as a pure adoption.
 * A chain that aepsync could only adopt by replacing part of it is skipped, with the reason.
 */
import { DATA_LAKE_CONNECTION_SPEC, findConnectorBySpecId, findFlowSpecByName } from "../data/connectors.ts";
import type { ConnectorInfo } from "../data/connectors.ts";
import { driverOf } from "../kinds/index.ts";
import type {
  DatasetSpec,
  FlowSpec,
  MappingSetSpec,
  RefResolver,
  SchemaSpec,
  SourceConnectionSpec,
  TargetConnectionSpec,
} from "../kinds/index.ts";
import { LOCK_NAME_PREFIX, parseLockDescription } from "../model/lock.ts";
import type { LiveObject, ObjectKind } from "../model/objects.ts";
import type { ExportInput, ExportNeeds, Json } from "./model.ts";
import { mappingKey } from "./model.ts";

/** Ids stay ids: the export names objects itself. */
const asIds: RefResolver = {
  byId: (_kind, id) => id,
  bySchemaId: (id) => id,
  mappingVersion: (_id, version) => version,
};

export function comparableOf<S>(object: LiveObject): S {
  return driverOf(object.kind).comparable(object, asIds) as S;
}

const ADHOC_CLASS = "https://ns.adobe.com/xdm/data/adhoc";

/** A lock object of a concurrent apply: a base connection, never a source to export. */
export function isLockConnection(raw: Json): boolean {
  const name = typeof raw.name === "string" ? raw.name : "";
  return name.startsWith(LOCK_NAME_PREFIX) && parseLockDescription(raw.description) !== undefined;
}

/** An ad-hoc source schema and its class. */
export interface SourceSchema {
  schema: LiveObject;
  schemaSpec: SchemaSpec;
  cls: LiveObject;
}

/** One flow's chain, resolved. */
export interface Chain {
  flow: LiveObject;
  flowSpec: FlowSpec;
  source: LiveObject;
  sourceSpec: SourceConnectionSpec;
  target: LiveObject;
  targetSpec: TargetConnectionSpec;
  base: LiveObject;
  connector: ConnectorInfo | undefined;
  /** The connection spec of a connector outside the catalog (its auth specs). */
  connectionSpec: Json | undefined;
  mapping: LiveObject;
  mappingSpec: MappingSetSpec;
  dataset: LiveObject;
  datasetSpec: DatasetSpec;
  /** The dataset's schema `$id`, and the tenant schema when the sandbox has it. */
  schemaId: string;
  schema: LiveObject | undefined;
  sourceSchema: SourceSchema | undefined;
  /** What the manifests leave out (written as `# not managed:` comments). */
  notes: string[];
}

export type ChainResult =
  | { kind: "chain"; chain: Chain }
  | { kind: "skip"; reason: string }
  /** Not a dataflow into a dataset (a destination flow, a streaming flow to elsewhere). */
  | { kind: "elsewhere" }
  | { kind: "needs" };

/** Live objects by kind and id, schemas and classes also by `$id`, plus what was looked up. */
export class LiveLookup {
  private readonly byId = new Map<string, LiveObject>();
  private readonly bySchemaId = new Map<string, LiveObject>();

  private readonly input: ExportInput;
  readonly needs: ExportNeeds;

  constructor(objects: readonly LiveObject[], input: ExportInput, needs: ExportNeeds) {
    this.input = input;
    this.needs = needs;
    for (const o of objects) {
      this.byId.set(`${o.kind}:${o.id}`, o);
      if (o.schemaId !== undefined) this.bySchemaId.set(`${o.kind}:${o.schemaId}`, o);
    }
  }

  get(kind: ObjectKind, id: string | undefined): LiveObject | undefined {
    return id === undefined ? undefined : this.byId.get(`${kind}:${id}`);
  }

  /** A schema or class by `$id`: listed, looked up, or (undefined) needed. Null when AEP has none. */
  resource(kind: "schema" | "class", id: string): LiveObject | null | undefined {
    const listed = this.bySchemaId.get(`${kind}:${id}`);
    if (listed !== undefined) return listed;
    const found = this.input.lookups.resources.get(id);
    if (found === undefined) {
      this.needs.resources.push({ kind: kind === "schema" ? "schemas" : "classes", id });
      return undefined;
    }
    return found === null ? null : driverOf(kind).fromRaw(found);
  }

  mappingSet(id: string, version: number): LiveObject | null | undefined {
    const found = this.input.lookups.mappingSets.get(mappingKey(id, version));
    if (found === undefined) {
      this.needs.mappingSets.push({ id, version });
      return undefined;
    }
    return found === null ? null : driverOf("mappingSet").fromRaw(found);
  }

  connectionSpec(id: string): Json | null | undefined {
    const found = this.input.lookups.connectionSpecs.get(id);
    if (found === undefined) this.needs.connectionSpecs.push(id);
    return found;
  }

  flowSpecFor(connectionSpecId: string): string | null | undefined {
    const found = this.input.lookups.flowSpecs.get(connectionSpecId);
    if (found === undefined) this.needs.flowSpecs.push(connectionSpecId);
    return found;
  }
}

const skip = (reason: string): ChainResult => ({ kind: "skip", reason });

/** Whether AEP says the flow's target connection is on the Data Lake connection spec. */
function landsInDataLake(raw: Json): boolean {
  const targets = obj(raw.inheritedAttributes).targetConnections;
  const first = Array.isArray(targets) ? obj(targets[0]) : {};
  return obj(first.connectionSpec).id === DATA_LAKE_CONNECTION_SPEC.id;
}

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The flow's chain, or why it is skipped. */
export function resolveChain(flow: LiveObject, live: LiveLookup): ChainResult {
  const flowSpec = comparableOf<FlowSpec>(flow);
  const notes: string[] = [];
  const target = live.get("targetConnection", str(flowSpec.target));
  // The live reader lists Data Lake target connections only: any other target is not ours to export.
  if (target === undefined)
    return landsInDataLake(flow.raw)
      ? skip(`its target connection ${idText(flowSpec.target)} is not in the sandbox`)
      : { kind: "elsewhere" };
  const source = live.get("sourceConnection", str(flowSpec.source));
  if (source === undefined)
    return skip(`its source connection ${idText(flowSpec.source)} is not in the sandbox`);
  const extraSources = idsOf(flow.raw.sourceConnectionIds).slice(1);
  if (extraSources.length > 0)
    notes.push(
      `the flow also reads source connection${extraSources.length > 1 ? "s" : ""} ${extraSources.join(", ")}: aepsync manages its first source connection only`,
    );
  const sourceSpec = comparableOf<SourceConnectionSpec>(source);
  const targetSpec = comparableOf<TargetConnectionSpec>(target);
  if (targetSpec.connectionSpec.id !== DATA_LAKE_CONNECTION_SPEC.id) return { kind: "elsewhere" };
  const base = live.get("connection", str(sourceSpec.baseConnection));
  if (base === undefined)
    return skip(`its base connection ${idText(sourceSpec.baseConnection)} is not in the sandbox`);
  if (isLockConnection(base.raw)) return skip("its base connection is an aepsync lock object");
  const connectionSpecId = str(sourceSpec.connectionSpec.id);
  const baseSpecId = str(obj(base.raw.connectionSpec).id);
  if (connectionSpecId === undefined || connectionSpecId !== baseSpecId)
    return skip(
      `its source connection's connection spec (${connectionSpecId ?? "none"}) is not its base connection's (${baseSpecId ?? "none"})`,
    );
  const connector = findConnectorBySpecId(connectionSpecId);
  // Every lookup is asked for before anything returns, so that one round of lookups serves all.
  const flowSpecProblem = checkFlowSpec(flowSpec, connector, connectionSpecId, live, notes);
  const connectionSpec = connector === undefined ? live.connectionSpec(connectionSpecId) : undefined;
  const parts = resolveParts(flowSpec, sourceSpec, targetSpec, live, notes);
  if (flowSpecProblem !== undefined) return flowSpecProblem;
  if (parts.kind !== "parts") return parts;
  if (connector === undefined && connectionSpec === undefined) return { kind: "needs" };
  return {
    kind: "chain",
    chain: {
      flow,
      flowSpec,
      source,
      sourceSpec,
      target,
      targetSpec,
      base,
      connector,
      connectionSpec: connectionSpec ?? undefined,
      ...parts.parts,
      notes,
    },
  };
}

/** Plan picks the flow spec by connection spec: a flow on another one would be replaced. */
function checkFlowSpec(
  flowSpec: FlowSpec,
  connector: ConnectorInfo | undefined,
  connectionSpecId: string,
  live: LiveLookup,
  notes: string[],
): ChainResult | undefined {
  const used = str(flowSpec.flowSpec.id);
  const expected =
    connector !== undefined
      ? findFlowSpecByName(connector.flowSpecName)?.id
      : live.flowSpecFor(connectionSpecId);
  if (expected === undefined) return { kind: "needs" };
  if (expected === null)
    return skip(
      `no flow spec moves connection spec ${connectionSpecId} into the data lake, so aepsync cannot plan it`,
    );
  if (used !== expected)
    return skip(
      `it uses flow spec ${used ?? "none"} where aepsync uses ${expected} for this connector: adopting it would replace the flow`,
    );
  if (connector === undefined)
    notes.push(
      `flow spec ${expected} is outside aepsync's catalog: aepsync manages its Copy (deltaColumn) and Mapping transformations only`,
    );
  return undefined;
}

type Parts = Pick<
  Chain,
  "mapping" | "mappingSpec" | "dataset" | "datasetSpec" | "schemaId" | "schema" | "sourceSchema"
>;

function resolveParts(
  flowSpec: FlowSpec,
  sourceSpec: SourceConnectionSpec,
  targetSpec: TargetConnectionSpec,
  live: LiveLookup,
  notes: string[],
): { kind: "parts"; parts: Parts } | ChainResult {
  const mappingId = str(flowSpec.mapping?.mappingSet);
  if (mappingId === undefined) return skip("it has no Mapping transformation");
  const version = typeof flowSpec.mapping?.version === "number" ? flowSpec.mapping.version : 0;
  const mapping = live.mappingSet(mappingId, version);
  const dataset = live.get("dataset", str(targetSpec.dataset));
  if (dataset === undefined) return skip(`its dataset ${idText(targetSpec.dataset)} is not in the sandbox`);
  const datasetSpec = comparableOf<DatasetSpec>(dataset);
  const schemaId = str(datasetSpec.schema);
  if (schemaId === undefined) return skip(`its dataset ${dataset.id} names no schema`);
  if (str(targetSpec.schema) !== schemaId)
    return skip(
      `its target connection lands on schema ${idText(targetSpec.schema)}, not on its dataset's schema ${schemaId}: aepsync would replace it`,
    );
  const schema = isTenantSchema(schemaId) ? live.resource("schema", schemaId) : null;
  const sourceSchemaId = str(sourceSpec.schema);
  const sourceSchema = sourceSchemaId === undefined ? null : resolveSourceSchema(sourceSchemaId, live);
  if (mapping === undefined || schema === undefined || sourceSchema === undefined) return { kind: "needs" };
  if (mapping === null) return skip(`its mapping set ${mappingId} has no version ${version} in the sandbox`);
  if (typeof sourceSchema === "string") return skip(sourceSchema);
  const mappingSpec = comparableOf<MappingSetSpec>(mapping);
  const output = str(mappingSpec.outputSchema);
  if (output !== undefined && output !== schemaId)
    notes.push(
      `its mapping set maps onto schema ${output}, not the dataset's ${schemaId}: aepsync writes a new version on the dataset's schema`,
    );
  return {
    kind: "parts",
    parts: {
      mapping,
      mappingSpec,
      dataset,
      datasetSpec,
      schemaId,
      schema: schema ?? undefined,
      sourceSchema: sourceSchema ?? undefined,
    },
  };
}

function isTenantSchema(id: string): boolean {
  return !id.startsWith("https://ns.adobe.com/xdm/");
}

/** The ad-hoc schema (and its class) a source connection names; a string says why it cannot be one. */
function resolveSourceSchema(id: string, live: LiveLookup): SourceSchema | string | undefined {
  const schema = live.resource("schema", id);
  if (schema === undefined) return undefined;
  if (schema === null) return `its source schema ${id} is not in the sandbox`;
  const schemaSpec = comparableOf<SchemaSpec>(schema);
  const classId = str(schemaSpec.class);
  const extendsAdhoc = (raw: Json): boolean =>
    Array.isArray(raw["meta:extends"]) && raw["meta:extends"].includes(ADHOC_CLASS);
  if (classId === undefined) return `its source schema ${id} has no class`;
  const cls = live.resource("class", classId);
  if (cls === undefined) return undefined;
  if (cls === null || !extendsAdhoc(cls.raw))
    return `its source schema ${id} is not on an ad-hoc class: aepsync's source schemas are ad hoc`;
  return { schema, schemaSpec, cls };
}

/** An id for a message (ids are strings here: the export resolves no references). */
function idText(value: unknown): string {
  return typeof value === "string" ? value : "none";
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function obj(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
