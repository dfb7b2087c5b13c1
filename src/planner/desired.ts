/**
 * Desired state: validated manifests → the AEP objects of DESIGN.md §1, as comparable specs with
 * references by address. Pure: values of ${env:}/${secret:}/${var:} come from an injected lookup,
 * the fingerprint (HMAC) from an injected function, flow specs from the catalog or a live lookup.
 */
import {
  chooseAuthSpec,
  findConnector,
  findConnectorBySpecId,
  DATA_LAKE_CONNECTION_SPEC,
} from "../data/connectors.ts";
import type {
  ConnectionManifest,
  DatasetManifest,
  Manifest,
  PipelineManifest,
  SchemaManifest,
} from "../schema/generated/manifest.ts";
import { canonicalJson } from "./canonical.ts";
import type { DesiredObject } from "./desired-model.ts";
import { ref } from "./desired-model.ts";
import type { SourceLocation } from "./model.ts";

export interface ManifestInput {
  kind: Manifest["kind"];
  name: string;
  file: string;
  manifest: Manifest;
  locate(pointer: string): { line: number; column: number };
}

export interface FlowSpecChoice {
  id: string;
  name: string;
  version: string;
  /** Whether the flow spec has a Copy transformation (deltaColumn). */
  copy: boolean;
}

export interface DesiredContext {
  /** Value of `${scheme:name}`; undefined when unset (reported, never guessed). */
  lookup(scheme: "env" | "secret" | "var", name: string): string | undefined;
  /** HMAC fingerprint of the canonical connection credentials (DESIGN.md §3). */
  fingerprint(canonical: string): string;
  /** The flow spec that moves a source of this connection spec into the data lake. */
  flowSpecFor(connectionSpecId: string): FlowSpecChoice | undefined;
}

export interface DesiredResult {
  objects: DesiredObject[];
  /** Unresolvable references: `${env:X}` unset, unknown flow spec, … (each with where). */
  problems: { message: string; at?: SourceLocation }[];
  /** Every secret value resolved, so the edges can redact them. */
  secretValues: string[];
}

const REF_RE = /\$\{(env|secret|var):([A-Za-z_][A-Za-z0-9_]*)\}/g;

const ADHOC_TYPES: Record<string, string> = {
  string: "string",
  integer: "integer",
  long: "integer",
  int: "integer",
  short: "integer",
  byte: "integer",
  number: "number",
  double: "number",
  boolean: "boolean",
  date: "date",
  "date-time": "date-time",
};

/** A dataset or mapping schema named by manifest name (a ref) or by a literal `$id` URL. */
function schemaTarget(value: string): string | ReturnType<typeof ref> {
  return /^https?:\/\//.test(value) ? value : ref(`Schema/${value}`);
}

export function buildDesired(manifests: readonly ManifestInput[], ctx: DesiredContext): DesiredResult {
  const problems: DesiredResult["problems"] = [];
  const secretValues = new Set<string>();
  const objects: DesiredObject[] = [];
  const where = (m: ManifestInput, pointer: string): SourceLocation => ({
    file: m.file,
    ...m.locate(pointer),
  });

  const resolve = (m: ManifestInput, pointer: string, text: string): string =>
    text.replace(REF_RE, (whole, scheme: "env" | "secret" | "var", name: string) => {
      const value = ctx.lookup(scheme, name);
      if (value === undefined) {
        const what =
          scheme === "var"
            ? `variable ${name} is not defined for this environment in aepsync.yaml`
            : `environment variable ${name} is not set (referenced as ${whole})`;
        problems.push({ message: what, at: where(m, pointer) });
        return whole;
      }
      if (scheme === "secret" && value !== "") secretValues.add(value);
      return value;
    });
  const resolveDeep = <T>(m: ManifestInput, pointer: string, value: T): T => {
    if (typeof value === "string") return resolve(m, pointer, value) as T;
    if (Array.isArray(value))
      return value.map((v, i) => resolveDeep(m, `${pointer}/${i}`, v as unknown)) as T;
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = resolveDeep(m, `${pointer}/${k}`, v as unknown);
      return out as T;
    }
    return value;
  };

  const schemas = new Map<string, SchemaManifest>();
  const datasets = new Map<string, DatasetManifest>();
  const connections = new Map<string, ConnectionManifest>();
  for (const input of manifests) {
    const m = input.manifest;
    if (m.kind === "Schema") schemas.set(input.name, m);
    if (m.kind === "Dataset") datasets.set(input.name, m);
    if (m.kind === "Connection") connections.set(input.name, m);
  }

  for (const input of manifests) {
    const m = resolveDeep(input, "", input.manifest);
    const owner = `${m.kind}/${input.name}`;
    const declaredAt = where(input, "");
    switch (m.kind) {
      case "Connection": {
        const spec = m.spec;
        const connector = "connector" in spec ? findConnector(spec.connector) : undefined;
        const connectionSpec =
          "connectionSpec" in spec
            ? { id: spec.connectionSpec.id, version: spec.connectionSpec.version ?? "1.0" }
            : connector !== undefined
              ? { ...connector.connectionSpec }
              : undefined;
        if (connectionSpec === undefined) {
          problems.push({ message: `unknown connector in ${owner}`, at: where(input, "/spec") });
          break;
        }
        const known = connector ?? findConnectorBySpecId(connectionSpec.id);
        const specName =
          known === undefined
            ? (spec.auth.specName ?? "Basic Authentication")
            : chooseAuthSpec(known, spec.auth.specName, Object.keys(spec.auth.params)).name;
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(spec.auth.params)) if (v !== undefined) params[k] = v;
        const fingerprint = ctx.fingerprint(canonicalJson({ connectionSpec, specName, params }));
        objects.push({
          address: owner,
          kind: "connection",
          owner,
          name: input.name,
          spec: {
            name: input.name,
            description: spec.description ?? "",
            connectionSpec: { id: connectionSpec.id },
            specName,
            fingerprint,
          },
          dependsOn: [],
          declaredAt,
          credentials: params,
          fingerprint,
        });
        break;
      }
      case "Schema": {
        const spec = m.spec;
        let schemaClass: string | ReturnType<typeof ref>;
        let fieldGroups: string[] = [];
        const dependsOn: string[] = [];
        if ("adhoc" in spec) {
          // An ad-hoc source schema is two objects: its own class (fields) and a schema on it.
          const fields: Record<string, string> = {};
          for (const [name, type] of Object.entries(spec.adhoc.fields))
            if (type !== undefined) fields[name] = ADHOC_TYPES[type] ?? type;
          const classAddress = `${owner}/class`;
          objects.push({
            address: classAddress,
            kind: "class",
            owner,
            name: `${spec.title} (ad-hoc class)`,
            spec: { title: `${spec.title} (ad-hoc class)`, description: spec.description ?? "", fields },
            dependsOn: [],
            declaredAt,
          });
          schemaClass = ref(classAddress);
          dependsOn.push(classAddress);
        } else {
          schemaClass = spec.class;
          fieldGroups = [...new Set(spec.fieldGroups ?? [])].sort();
        }
        objects.push({
          address: owner,
          kind: "schema",
          owner,
          name: spec.title,
          spec: { title: spec.title, description: spec.description ?? "", class: schemaClass, fieldGroups },
          dependsOn,
          declaredAt,
        });
        break;
      }
      case "Dataset": {
        const spec = m.spec;
        const schema = schemaTarget(spec.schema);
        const tags: Record<string, string[]> = {};
        for (const [k, v] of Object.entries(spec.tags ?? {})) if (v !== undefined) tags[k] = v;
        if (spec.profileEnabled === true) {
          tags.unifiedProfile = ["enabled:true"];
          tags.unifiedIdentity = ["enabled:true"];
        }
        objects.push({
          address: owner,
          kind: "dataset",
          owner,
          name: spec.name,
          spec: { name: spec.name, description: spec.description ?? "", schema, tags },
          dependsOn: typeof schema === "string" ? [] : [schema.$ref],
          declaredAt,
        });
        break;
      }
      case "Pipeline":
        objects.push(
          ...pipelineObjects(input, m, owner, declaredAt, { schemas, datasets, connections }, ctx, problems),
        );
        break;
    }
  }
  return { objects, problems, secretValues: [...secretValues] };
}

function pipelineObjects(
  input: ManifestInput,
  m: PipelineManifest,
  owner: string,
  declaredAt: SourceLocation,
  declared: {
    schemas: Map<string, SchemaManifest>;
    datasets: Map<string, DatasetManifest>;
    connections: Map<string, ConnectionManifest>;
  },
  ctx: DesiredContext,
  problems: DesiredResult["problems"],
): DesiredObject[] {
  const spec = m.spec;
  const name = input.name;
  const at = (pointer: string): SourceLocation => ({ file: input.file, ...input.locate(pointer) });
  const connection = declared.connections.get(spec.source.connection);
  const dataset = declared.datasets.get(spec.target.dataset);
  if (connection === undefined || dataset === undefined) {
    problems.push({ message: `${owner}: its connection or dataset is not declared`, at: at("/spec") });
    return [];
  }
  const connector = "connector" in connection.spec ? findConnector(connection.spec.connector) : undefined;
  const connectionSpecId =
    "connectionSpec" in connection.spec ? connection.spec.connectionSpec.id : connector?.connectionSpec.id;
  if (connectionSpecId === undefined) return [];
  const known = connector ?? findConnectorBySpecId(connectionSpecId);
  const flowSpec = ctx.flowSpecFor(connectionSpecId);
  if (flowSpec === undefined) {
    problems.push({
      message: `${owner}: no flow spec moves connection spec ${connectionSpecId} into the data lake`,
      at: at("/spec/source/connection"),
    });
    return [];
  }
  const outputSchema = schemaTarget(dataset.spec.schema);
  const schemaDeps = typeof outputSchema === "string" ? [] : [outputSchema.$ref];
  const sourceAddress = `${owner}/source`;
  const targetAddress = `${owner}/target`;
  const mappingAddress = `${owner}/mapping`;
  const flowAddress = `${owner}/flow`;
  const description = spec.description ?? "";

  const params: Record<string, unknown> = { ...(spec.source.params ?? {}) };
  if (spec.source.path !== undefined) params.path = spec.source.path;
  const sourceSpec: Record<string, unknown> = {
    name: `${name}-source`,
    description,
    baseConnection: ref(`Connection/${spec.source.connection}`),
    connectionSpec: { id: connectionSpecId },
    format:
      spec.source.format ??
      (spec.source.schema !== undefined ? "parquet_xdm" : (known?.sourceFormat ?? "tabular")),
    params,
  };
  const sourceDeps = [`Connection/${spec.source.connection}`];
  if (spec.source.schema !== undefined) {
    sourceSpec.schema = ref(`Schema/${spec.source.schema}`);
    sourceDeps.push(`Schema/${spec.source.schema}`);
  }

  const mappings = spec.mapping
    .map((rule) =>
      "expression" in rule
        ? { sourceType: "EXPRESSION", source: rule.expression, destination: rule.destination }
        : { sourceType: "ATTRIBUTE", source: rule.source, destination: rule.destination },
    )
    .sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0));

  const schedule: Record<string, unknown> = {
    startTime: epochSeconds(spec.schedule.startTime),
    frequency: spec.schedule.frequency,
  };
  if (spec.schedule.interval !== undefined) schedule.interval = spec.schedule.interval;
  if (spec.schedule.backfill !== undefined) schedule.backfill = spec.schedule.backfill;

  const flowSpecObject: Record<string, unknown> = {
    name: `${name}-flow`,
    description,
    flowSpec: { id: flowSpec.id },
    source: ref(sourceAddress),
    target: ref(targetAddress),
    schedule,
    enabled: spec.enabled ?? true,
    mapping: { mappingSet: ref(mappingAddress), version: ref(mappingAddress, "version") },
  };
  if (flowSpec.copy) {
    const copy: Record<string, unknown> = {};
    if (spec.deltaColumn !== undefined) {
      const delta: Record<string, unknown> = { name: spec.deltaColumn.name };
      if (spec.deltaColumn.dateFormat !== undefined) delta.dateFormat = spec.deltaColumn.dateFormat;
      if (spec.deltaColumn.timezone !== undefined) delta.timezone = spec.deltaColumn.timezone;
      copy.deltaColumn = delta;
    }
    flowSpecObject.copy = copy;
  }

  return [
    {
      address: sourceAddress,
      kind: "sourceConnection",
      owner,
      name: `${name}-source`,
      spec: sourceSpec,
      dependsOn: sourceDeps,
      declaredAt: at("/spec/source"),
    },
    {
      address: targetAddress,
      kind: "targetConnection",
      owner,
      name: `${name}-target`,
      spec: {
        name: `${name}-target`,
        description,
        connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC.id },
        format: known?.targetFormat ?? "parquet_xdm",
        schema: outputSchema,
        dataset: ref(`Dataset/${spec.target.dataset}`),
      },
      dependsOn: [`Dataset/${spec.target.dataset}`, ...schemaDeps],
      declaredAt: at("/spec/target"),
    },
    {
      address: mappingAddress,
      kind: "mappingSet",
      owner,
      name: `${name}-mapping`,
      spec: { name: `${name}-mapping`, outputSchema, mappings },
      dependsOn: schemaDeps,
      declaredAt: at("/spec/mapping"),
    },
    {
      address: flowAddress,
      kind: "flow",
      owner,
      name: `${name}-flow`,
      spec: flowSpecObject,
      dependsOn: [sourceAddress, targetAddress, mappingAddress],
      declaredAt,
    },
  ];
}

/** Schedule start as epoch seconds (AEP's unit, aep-api.md §2.4) from an ISO time or a number. */
export function epochSeconds(value: string | number): number {
  if (typeof value === "number") return Math.floor(value);
  if (/^\d+$/.test(value)) return Number(value);
  return Math.floor(Date.parse(value) / 1000);
}
