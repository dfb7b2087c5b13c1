/**
 * Per-kind knowledge: how a live AEP object reads as a comparable spec, and which differences AEP
 * lets aepsync patch, which force a replace, and which AEP forbids (DESIGN.md §4, aep-api.md §2.6,
 * §4.4, §5). Pure.
 */
import type { ObjectKind } from "./model.ts";
import { stripMarker } from "./marker.ts";
import type { LiveObject, Ref } from "./desired-model.ts";

export interface KindRules {
  /** Top-level spec keys a PATCH (or PUT, for mapping sets) can change. */
  patchable: ReadonlySet<string>;
  /** Keys whose change needs a new object (a replace). */
  replace: ReadonlySet<string>;
  /** Keys AEP does not let change at all: the message says what to do instead. */
  forbidden: ReadonlyMap<string, string>;
}

const rules: Record<ObjectKind, KindRules> = {
  connection: {
    patchable: new Set(["name", "description", "fingerprint"]),
    replace: new Set(["connectionSpec", "specName"]),
    forbidden: new Map(),
  },
  class: {
    patchable: new Set(["title", "description", "fields"]),
    replace: new Set(),
    forbidden: new Map(),
  },
  schema: {
    patchable: new Set(["title", "description", "fieldGroups"]),
    replace: new Set(),
    forbidden: new Map([
      [
        "class",
        "AEP does not let a schema change its class; declare a new Schema (new metadata.name) and point the dataset at it",
      ],
    ]),
  },
  dataset: {
    patchable: new Set(["name", "description", "tags"]),
    replace: new Set(),
    forbidden: new Map([
      [
        "schema",
        "AEP does not let a dataset change its schema; declare a new Dataset on the new schema and point the pipelines at it",
      ],
    ]),
  },
  sourceConnection: {
    patchable: new Set(["name", "description"]),
    replace: new Set(["baseConnection", "connectionSpec", "format", "schema", "params"]),
    forbidden: new Map(),
  },
  targetConnection: {
    patchable: new Set(["name", "description"]),
    replace: new Set(["connectionSpec", "format", "schema", "dataset"]),
    forbidden: new Map(),
  },
  mappingSet: {
    patchable: new Set(["name", "outputSchema", "mappings"]),
    replace: new Set(),
    forbidden: new Map(),
  },
  flow: {
    patchable: new Set(["name", "description", "schedule", "copy", "mapping", "enabled"]),
    replace: new Set(["flowSpec", "source", "target"]),
    forbidden: new Map(),
  },
};

export function rulesOf(kind: ObjectKind): KindRules {
  return rules[kind];
}

/** Translates live ids into addresses of current managed objects (or leaves them as raw ids). */
export interface RefResolver {
  byId(kind: ObjectKind, id: string | undefined): Ref | string | undefined;
  bySchemaId(schemaId: string | undefined): Ref | string | undefined;
  mappingVersion(mappingSetId: string, version: number): Ref | number;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** AEP echoes numbers as strings ("interval":"15", "backfill":"true"): compare them as values. */
export function looseNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function looseBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function normalizeSchedule(raw: unknown): Json {
  const s = obj(raw);
  const out: Json = {};
  const start = looseNumber(s.startTime);
  if (start !== undefined) out.startTime = start;
  if (typeof s.frequency === "string") out.frequency = s.frequency.toLowerCase();
  const interval = looseNumber(s.interval);
  if (interval !== undefined) out.interval = interval;
  const backfill = looseBoolean(s.backfill);
  if (backfill !== undefined) out.backfill = backfill;
  const end = looseNumber(s.endTime);
  if (end !== undefined) out.endTime = end;
  return out;
}

/** Data Prep stores ATTRIBUTE mappings as `text/x.schema-path` (aep-api.md §6). */
export function normalizeSourceType(value: unknown): string {
  const text = typeof value === "string" ? value : "ATTRIBUTE";
  if (/schema-path|^attribute$/i.test(text)) return "ATTRIBUTE";
  // Expressions come back as `text/x.aep-xl` (Data Prep's expression language).
  if (/expression|aep-xl/i.test(text)) return "EXPRESSION";
  return text.toUpperCase();
}

export interface MappingEntry {
  sourceType: string;
  source: string;
  destination: string;
}

export function normalizeMappings(raw: unknown): MappingEntry[] {
  const list = Array.isArray(raw) ? raw : [];
  return list
    .map((m) => {
      const o = obj(m);
      return {
        sourceType: normalizeSourceType(o.sourceType),
        source: str(o.source) ?? str(o.sourceAttribute) ?? "",
        destination: str(o.destination) ?? str(o.destinationXdmPath) ?? "",
      };
    })
    .sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0));
}

/** XDM type of an ad-hoc field as a manifest names it. */
export function adhocTypeName(field: unknown): string {
  const f = obj(field);
  const type = str(f.type) ?? "string";
  const format = str(f.format);
  if (type === "string" && (format === "date" || format === "date-time")) return format;
  return type;
}

/** Where an ad-hoc class keeps its fields: the `_<guid>` object AEP renamed `_adhoc` to. */
export function findAdhocFields(raw: Json): { pointer: string; fields: Json } | undefined {
  const visit = (
    node: unknown,
    pointer: string,
    depth: number,
  ): { pointer: string; fields: Json } | undefined => {
    if (depth > 6 || typeof node !== "object" || node === null) return undefined;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const hit = visit(node[i], `${pointer}/${i}`, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    }
    const props = obj((node as Json).properties);
    for (const [key, value] of Object.entries(props)) {
      if (key.startsWith("_") && key !== "_id") {
        const inner = obj(value);
        return {
          pointer: `${pointer}/properties/${escapePointer(key)}/properties`,
          fields: obj(inner.properties),
        };
      }
    }
    for (const key of ["allOf", "definitions"]) {
      const child = (node as Json)[key];
      if (child !== undefined) {
        const hit = visit(child, `${pointer}/${key}`, depth + 1);
        if (hit) return hit;
      }
    }
    if (pointer.endsWith("/definitions")) {
      for (const [key, value] of Object.entries(node as Json)) {
        const hit = visit(value, `${pointer}/${escapePointer(key)}`, depth + 1);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return visit(raw, "", 0);
}

export function escapePointer(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Ids of the `$ref`s in a schema's allOf, in order. */
export function allOfRefs(raw: Json): string[] {
  const list = Array.isArray(raw.allOf) ? raw.allOf : [];
  return list.map((p) => str(obj(p).$ref)).filter((r): r is string => r !== undefined && !r.startsWith("#"));
}

/** Reads a live object as the comparable spec of its kind (the same shape desired.ts builds). */
export function comparableOf(live: LiveObject, refs: RefResolver): Json {
  const raw = live.raw;
  switch (live.kind) {
    case "connection":
      return {
        name: live.name,
        description: stripMarker(str(raw.description)),
        connectionSpec: { id: str(obj(raw.connectionSpec).id) },
        specName: str(obj(raw.auth).specName),
        fingerprint: live.marker?.fingerprint,
      };
    case "class": {
      const fields: Json = {};
      for (const [name, field] of Object.entries(findAdhocFields(raw)?.fields ?? {}))
        fields[name] = adhocTypeName(field);
      return { title: live.name, description: stripMarker(str(raw.description)), fields };
    }
    case "schema": {
      const metaClass = str(raw["meta:class"]);
      const refsInAllOf = allOfRefs(raw);
      const classId = metaClass ?? refsInAllOf[0];
      return {
        title: live.name,
        description: stripMarker(str(raw.description)),
        class: refs.bySchemaId(classId),
        fieldGroups: refsInAllOf.filter((r) => r !== classId).sort(),
      };
    }
    case "dataset": {
      const tags: Json = {};
      for (const [k, v] of Object.entries(obj(raw.tags))) if (k !== "aepsync") tags[k] = v;
      return {
        name: live.name,
        description: str(raw.description) ?? "",
        schema: refs.bySchemaId(str(obj(raw.schemaRef).id)),
        tags,
      };
    }
    case "sourceConnection": {
      const data = obj(raw.data);
      const schemaId = str(obj(data.schema).id);
      const spec: Json = {
        name: live.name,
        description: stripMarker(str(raw.description)),
        baseConnection: refs.byId("connection", str(raw.baseConnectionId)),
        connectionSpec: { id: str(obj(raw.connectionSpec).id) },
        format: str(data.format),
        params: obj(raw.params),
      };
      if (schemaId !== undefined) spec.schema = refs.bySchemaId(schemaId);
      return spec;
    }
    case "targetConnection": {
      const data = obj(raw.data);
      return {
        name: live.name,
        description: stripMarker(str(raw.description)),
        connectionSpec: { id: str(obj(raw.connectionSpec).id) },
        format: str(data.format),
        schema: refs.bySchemaId(str(obj(data.schema).id)),
        dataset: refs.byId("dataset", str(obj(raw.params).dataSetId)),
      };
    }
    case "mappingSet": {
      const output = obj(raw.outputSchema);
      const schemaId = str(obj(output.schemaRef).id) ?? str(output.id) ?? str(raw.xdmSchema);
      return {
        name: live.name,
        outputSchema: refs.bySchemaId(schemaId),
        mappings: normalizeMappings(raw.mappings),
      };
    }
    case "flow": {
      const transformations = Array.isArray(raw.transformations) ? raw.transformations.map(obj) : [];
      const copy = transformations.find((t) => str(t.name)?.toLowerCase() === "copy");
      const mapping = transformations.find((t) => str(t.name)?.toLowerCase() === "mapping");
      const mappingParams = obj(mapping?.params);
      const mappingId = str(mappingParams.mappingId);
      const mappingVersion = looseNumber(mappingParams.mappingVersion) ?? 0;
      const spec: Json = {
        name: live.name,
        description: stripMarker(str(raw.description)),
        flowSpec: { id: str(obj(raw.flowSpec).id) },
        source: refs.byId("sourceConnection", firstString(raw.sourceConnectionIds)),
        target: refs.byId("targetConnection", firstString(raw.targetConnectionIds)),
        schedule: normalizeSchedule(raw.scheduleParams),
        enabled: str(raw.state) === "enabled",
      };
      if (copy !== undefined) spec.copy = normalizeCopy(obj(copy.params));
      if (mappingId !== undefined) {
        spec.mapping = {
          mappingSet: refs.byId("mappingSet", mappingId),
          version: refs.mappingVersion(mappingId, mappingVersion),
        };
      }
      return spec;
    }
  }
}

export function normalizeCopy(params: Json): Json {
  const delta = obj(params.deltaColumn);
  const out: Json = {};
  if (typeof delta.name === "string") {
    const d: Json = { name: delta.name };
    if (typeof delta.dateFormat === "string") d.dateFormat = delta.dateFormat;
    if (typeof delta.timezone === "string") d.timezone = delta.timezone;
    out.deltaColumn = d;
  }
  return out;
}

function firstString(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined;
}
