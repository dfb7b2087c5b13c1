/**
 * Manifest documents from resolved chains: the inverse of the desired builders (src/kinds/), so
 * that the planner reads the exported manifests back as exactly what AEP holds. Display names are
 * kept (`spec.name`, `spec.title`, `source.name`, …) so nothing is renamed in AEP; credentials
 * become `${secret:…}` / `${env:…}` references, since AEP never returns them.
 */
import { looksLikeCredentialName } from "../manifest/credentials.ts";
import type { ConnectorInfo } from "../data/connectors.ts";
import type { LiveObject } from "../model/objects.ts";
import type { ConnectionSpec } from "../kinds/index.ts";
import type { Chain } from "./chain.ts";
import { comparableOf } from "./chain.ts";
import type { ExportVariable, Json } from "./model.ts";
import type { VariableAllocator } from "./names.ts";
import { variablePrefix } from "./names.ts";
import type { ManifestDoc } from "./yaml.ts";

const API_VERSION = "aepsync/v1";
const FREQUENCIES = new Set(["once", "minute", "hour", "day", "week"]);
const FORMATS = new Set(["tabular", "json", "parquet_xdm", "delimited", "parquet"]);
const ADHOC_TYPES = new Set([
  "string",
  "integer",
  "long",
  "int",
  "short",
  "byte",
  "number",
  "double",
  "boolean",
  "date",
  "date-time",
]);
const ADHOC_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A variable whose name says credential is a secret even when nothing marks its param so:
// validate refuses such a name as ${env:} (its value would be printed), so it is never written so.
const PROFILE_TAGS = ["unifiedProfile", "unifiedIdentity"];

/** The names the documents refer to each other by. */
export interface Names {
  pipeline: string;
  connection: string;
  dataset: string;
  /** A Schema's metadata.name, or the `$id` of a schema that is not exported (global, or absent). */
  schema: string;
  sourceSchema: string | undefined;
}

/** An ad-hoc class as its driver compares it (src/kinds/class.ts). */
type ClassSpec = { title: string; description: string; fields: Record<string, string> };

function doc(kind: ManifestDoc["kind"], name: string, comments: string[], spec: Json): ManifestDoc {
  return { kind, name, comments, manifest: { apiVersion: API_VERSION, kind, metadata: { name }, spec } };
}

function notManaged(notes: readonly string[]): string[] {
  return notes.map((n) => `not managed: ${n}`);
}

const isMasked = (value: unknown): boolean => typeof value === "string" && /\*{4,}|^\*+$/.test(value);

/** Why a chain cannot be written as manifests that plan as a pure adoption; undefined when it can. */
export function expressProblem(chain: Chain): string | undefined {
  const { sourceSpec, targetSpec, flowSpec, connector } = chain;
  const auth = obj(chain.base.raw.auth);
  if (typeof auth.specName !== "string")
    return "its base connection names no auth spec: aepsync cannot tell which one it uses";
  if (connector !== undefined && !connector.authSpecs.some((a) => a.name === auth.specName))
    return `its base connection uses auth spec '${auth.specName}', which ${connector.title} does not have in aepsync's catalog`;
  if (sourceSpec.format === undefined || !FORMATS.has(sourceSpec.format))
    return `its source connection's data.format '${sourceSpec.format ?? "none"}' is not one aepsync writes (${[...FORMATS].join(", ")})`;
  for (const [key, value] of Object.entries(sourceSpec.params))
    if (!isParamValue(value))
      return `its source connection param '${key}' is neither a string, a number, a boolean nor a list: a manifest cannot hold it`;
  const targetFormat = connector?.targetFormat ?? "parquet_xdm";
  if (targetSpec.format !== targetFormat)
    return `its target connection's data.format is '${targetSpec.format ?? "none"}' where aepsync writes '${targetFormat}': adopting it would replace the flow`;
  const schedule = flowSpec.schedule;
  if (schedule.frequency === undefined || !FREQUENCIES.has(schedule.frequency))
    return `its schedule frequency '${schedule.frequency ?? "none"}' is not once, minute, hour, day or week`;
  if (schedule.startTime === undefined) return "its schedule has no startTime";
  if (mappingRows(chain).rows.length === 0) return "its mapping set has no mapping aepsync can write";
  if (chain.schema !== undefined && comparableOf<{ class?: unknown }>(chain.schema).class === undefined)
    return `its schema ${chain.schemaId} names no class`;
  if (chain.sourceSchema !== undefined) {
    const fields = comparableOf<ClassSpec>(chain.sourceSchema.cls).fields;
    for (const [name, type] of Object.entries(fields)) {
      if (!ADHOC_FIELD.test(name) || !ADHOC_TYPES.has(type))
        return `its ad-hoc source schema has field '${name}' of type ${type}, which a manifest cannot declare (fields are letters, digits and '_', of a scalar XDM type)`;
    }
    if (Object.keys(fields).length === 0) return "its ad-hoc source schema has no fields";
  }
  return undefined;
}

function isParamValue(value: unknown): boolean {
  if (typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  return (
    Array.isArray(value) &&
    value.every((v) => typeof v === "string" || (typeof v === "object" && v !== null && !Array.isArray(v)))
  );
}

/** The mapping rows a manifest holds, and notes for the ones it cannot. */
export function mappingRows(chain: Chain): { rows: Json[]; notes: string[] } {
  const rows: Json[] = [];
  const notes: string[] = [];
  for (const m of chain.mappingSpec.mappings) {
    const where = m.destination === "" ? "a mapping without destination" : `the mapping to ${m.destination}`;
    if (m.destination === "" || m.source === "") notes.push(`${where} has no source: left out`);
    else if (m.sourceType === "ATTRIBUTE") rows.push({ source: m.source, destination: m.destination });
    else if (m.sourceType === "EXPRESSION") rows.push({ expression: m.source, destination: m.destination });
    else notes.push(`${where} is of sourceType ${m.sourceType}, which aepsync does not model: left out`);
  }
  return { rows, notes };
}

export function connectionDoc(
  chain: Chain,
  name: string,
  variables: VariableAllocator,
  out: ExportVariable[],
): ManifestDoc {
  const live = comparableOf<ConnectionSpec>(chain.base);
  const auth = obj(chain.base.raw.auth);
  const specName = String(auth.specName);
  const { params, notes } = authParams(chain, specName, name, variables, out);
  const spec: Json =
    chain.connector !== undefined
      ? { connector: chain.connector.alias }
      : { connectionSpec: { id: live.connectionSpec.id } };
  if (live.name !== name) spec.name = live.name;
  if (live.description !== "") spec.description = live.description;
  spec.auth = { specName, params };
  const comments = [`AEP base connection ${chain.base.id}`, ...notManaged(notes)];
  return doc("Connection", name, comments, spec);
}

/** Every auth param as a reference, secrets as `${secret:…}`; the variables to set are recorded. */
function authParams(
  chain: Chain,
  specName: string,
  connection: string,
  variables: VariableAllocator,
  out: ExportVariable[],
): { params: Json; notes: string[] } {
  const live = obj(obj(chain.base.raw.auth).params);
  const known = knownAuthParams(chain.connector, chain.connectionSpec, specName);
  const names =
    known === undefined
      ? Object.keys(live).sort()
      : known.params.filter((p) => p in live || known.required.includes(p));
  const notes =
    known === undefined
      ? []
      : Object.keys(live)
          .filter((p) => !known.params.includes(p))
          .sort()
          .map(
            (p) => `auth param '${p}' that AEP returns is not a param of auth spec '${specName}': left out`,
          );
  const prefix = variablePrefix(connection, chain.connector?.alias);
  const params: Json = {};
  for (const param of names) {
    const value = live[param];
    const name = variables.allocate(prefix, param);
    const secret = known?.secret.includes(param) === true || isMasked(value) || looksLikeCredentialName(name);
    params[param] = `\${${secret ? "secret" : "env"}:${name}}`;
    const variable: ExportVariable = { name, scheme: secret ? "secret" : "env", connection, param };
    if (!secret && typeof value === "string" && value !== "" && !hasControl(value)) variable.shown = value;
    out.push(variable);
  }
  return { params, notes };
}

/** An auth spec's params: the catalog's, or the connection spec's JSON schema (`format: password` = secret). */
function knownAuthParams(
  connector: ConnectorInfo | undefined,
  connectionSpec: Json | undefined,
  specName: string,
): { params: string[]; required: string[]; secret: string[] } | undefined {
  if (connector !== undefined) {
    const auth = connector.authSpecs.find((a) => a.name === specName);
    return auth === undefined
      ? undefined
      : { params: [...auth.params], required: [...auth.required], secret: [...auth.secret] };
  }
  const specs = Array.isArray(connectionSpec?.authSpec) ? connectionSpec.authSpec.map(obj) : [];
  const schema = obj(specs.find((a) => a.name === specName)?.spec);
  const properties = obj(schema.properties);
  if (Object.keys(properties).length === 0) return undefined;
  const required = Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : [];
  return {
    params: Object.keys(properties),
    required,
    secret: Object.keys(properties).filter((p) => obj(properties[p]).format === "password"),
  };
}

export function schemaDoc(
  schema: Chain["schema"] & object,
  name: string,
  identity: LiveObject | undefined,
): ManifestDoc {
  const live = comparableOf<{
    title: string;
    description: string;
    class: unknown;
    fieldGroups: string[];
    profile?: boolean;
  }>(schema);
  const fieldGroups = [...new Set(live.fieldGroups)].sort();
  const comments = [`AEP schema ${schema.schemaId ?? schema.id}`];
  if (fieldGroups.length < live.fieldGroups.length)
    comments.push("AEP lists a field group of this schema more than once; it is declared once here");
  const spec: Json = { title: live.title };
  if (live.description !== "") spec.description = live.description;
  spec.class = live.class;
  if (fieldGroups.length > 0) spec.fieldGroups = fieldGroups;
  if (live.profile === true) spec.profile = true;
  if (identity !== undefined) {
    const id = comparableOf<{ field: string; namespace: string }>(identity);
    spec.primaryIdentity = { field: id.field, namespace: id.namespace };
  }
  return doc("Schema", name, comments, spec);
}

export function adhocSchemaDoc(source: NonNullable<Chain["sourceSchema"]>, name: string): ManifestDoc {
  const live = comparableOf<{ title: string; description: string }>(source.schema);
  const cls = comparableOf<ClassSpec>(source.cls);
  const comments = [
    `AEP ad-hoc schema ${source.schema.schemaId ?? source.schema.id}, class ${source.cls.schemaId ?? source.cls.id}`,
  ];
  const spec: Json = { title: live.title };
  if (live.description !== "") spec.description = live.description;
  const adhoc: Json = {};
  if (cls.title !== `${live.title} (ad-hoc class)`) adhoc.classTitle = cls.title;
  adhoc.fields = Object.fromEntries(
    Object.entries(cls.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  spec.adhoc = adhoc;
  return doc("Schema", name, comments, spec);
}

export function datasetDoc(chain: Chain, name: string, schema: string): ManifestDoc {
  const live = chain.datasetSpec;
  const notes: string[] = [];
  const tags: Json = {};
  for (const [key, values] of Object.entries(live.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (key.startsWith("adobe")) notes.push(`tag '${key}': Adobe's own (Catalog reserves adobe*)`);
    else if (!Array.isArray(values) || !values.every((v) => typeof v === "string"))
      notes.push(`tag '${key}': its value is not a list of strings, which a manifest cannot hold`);
    else tags[key] = values;
  }
  const profile = PROFILE_TAGS.every((t) => JSON.stringify(tags[t]) === JSON.stringify(["enabled:true"]));
  if (profile) for (const t of PROFILE_TAGS) delete tags[t];
  const spec: Json = { name: live.name };
  if (live.description !== "") spec.description = live.description;
  spec.schema = schema;
  if (Object.keys(tags).length > 0) spec.tags = tags;
  if (profile) spec.profileEnabled = true;
  return doc("Dataset", name, [`AEP dataset ${chain.dataset.id}`, ...notManaged(notes)], spec);
}

export function pipelineDoc(chain: Chain, names: Names): ManifestDoc {
  const { flowSpec, sourceSpec, targetSpec } = chain;
  const mapping = mappingRows(chain);
  const notes = [...chain.notes, ...mapping.notes, ...transformationNotes(chain.flow.raw)];
  const spec: Json = {};
  if (flowSpec.name !== `${names.pipeline}-flow`) spec.name = flowSpec.name;
  if (flowSpec.description !== "") spec.description = flowSpec.description;
  const source: Json = { connection: names.connection };
  if (sourceSpec.name !== `${names.pipeline}-source`) source.name = sourceSpec.name;
  const { path, ...params } = sourceSpec.params;
  if (typeof path === "string" && path !== "") source.path = path;
  else if (path !== undefined) params.path = path;
  if (Object.keys(params).length > 0) source.params = params;
  if (names.sourceSchema !== undefined) source.schema = names.sourceSchema;
  const defaultFormat =
    names.sourceSchema !== undefined ? "parquet_xdm" : (chain.connector?.sourceFormat ?? "tabular");
  if (sourceSpec.format !== defaultFormat) source.format = sourceSpec.format;
  spec.source = source;
  const target: Json = { dataset: names.dataset };
  if (targetSpec.name !== `${names.pipeline}-target`) target.name = targetSpec.name;
  spec.target = target;
  spec.mapping = mapping.rows;
  const delta = flowSpec.copy?.deltaColumn;
  if (delta !== undefined) spec.deltaColumn = { ...delta };
  const schedule = flowSpec.schedule;
  const out: Json = { frequency: schedule.frequency };
  if (schedule.interval !== undefined) out.interval = schedule.interval;
  out.startTime = isoSeconds(schedule.startTime ?? 0);
  if (schedule.backfill !== undefined) out.backfill = schedule.backfill;
  if (schedule.endTime !== undefined)
    notes.push(
      `the schedule's endTime ${isoSeconds(schedule.endTime)}: a manifest has no endTime, so the next apply removes it`,
    );
  spec.schedule = out;
  spec.enabled = flowSpec.enabled;
  const comments = [
    `AEP flow ${chain.flow.id}: source connection ${chain.source.id}, target connection ${chain.target.id}, mapping set ${chain.mapping.id} version ${chain.mapping.version ?? 0}`,
    ...notManaged(notes),
  ];
  return doc("Pipeline", names.pipeline, comments, spec);
}

/** Transformations other than Copy and Mapping are left to AEP: aepsync patches only its own. */
function transformationNotes(raw: Json): string[] {
  const list = Array.isArray(raw.transformations) ? raw.transformations.map(obj) : [];
  return list
    .map((t) => (typeof t.name === "string" ? t.name : "(unnamed)"))
    .filter((n) => !["copy", "mapping"].includes(n.toLowerCase()))
    .map((n) => `transformation '${n}': aepsync does not model it and leaves it as it is`);
}

/** Epoch seconds as RFC 3339 (`2027-01-01T00:00:00Z`); out-of-range values stay numbers. */
export function isoSeconds(seconds: number): string | number {
  const ms = seconds * 1000;
  if (!Number.isInteger(seconds) || Math.abs(ms) > 8.64e15) return seconds;
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function hasControl(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20);
}

function obj(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
