/**
 * Request bodies for creates and full replaces, built from a desired object's comparable spec
 * with references resolved to the ids that creates returned (aep-api.md §2.4, §4.4, §5, §6).
 */
import { DATA_LAKE_CONNECTION_SPEC } from "../data/connectors.ts";
import type { DesiredObject, Ref } from "../planner/desired-model.ts";
import { isRef } from "../planner/desired-model.ts";
import { formatMarker, MARKER_TAG, withMarker } from "../planner/marker.ts";
import type { Marker } from "../planner/marker.ts";
import { SyncError } from "../errors.ts";

export interface KnownIds {
  /** Resolves a reference: an object's id, its Schema Registry `$id`, or a mapping set's version. */
  resolve(ref: Ref): string | number;
}

type Json = Record<string, unknown>;

/** Replaces `{ $ref }` and `{ $adhocType }` placeholders by real values. */
export function resolveValue(value: unknown, ids: KnownIds): unknown {
  if (isRef(value)) return ids.resolve(value);
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, ids));
  if (typeof value === "object" && value !== null) {
    const o = value as Json;
    if (typeof o.$adhocType === "string" && Object.keys(o).length === 1) return adhocField(o.$adhocType);
    const out: Json = {};
    for (const [k, v] of Object.entries(o)) out[k] = resolveValue(v, ids);
    return out;
  }
  return value;
}

/** XDM field for an ad-hoc column type. */
export function adhocField(type: string): Json {
  if (type === "date" || type === "date-time") return { type: "string", format: type };
  return { type };
}

const XED_FULL = "application/vnd.adobe.xed-full+json;version=1";
const XED = "application/vnd.adobe.xed+json;version=1";

function schemaRef(value: unknown, ids: KnownIds): string {
  const resolved = resolveValue(value, ids);
  if (typeof resolved !== "string")
    throw new SyncError("E_INTERNAL", "schema reference did not resolve to a $id");
  return resolved;
}

/** The create body of a desired object, with its marker. */
export function createBody(desired: DesiredObject, marker: Marker, ids: KnownIds): Json {
  const s = desired.spec;
  const description = withMarker(typeof s.description === "string" ? s.description : "", marker);
  switch (desired.kind) {
    case "connection":
      return {
        name: s.name,
        description,
        auth: { specName: s.specName, params: desired.credentials ?? {} },
        connectionSpec: { id: (s.connectionSpec as Json).id, version: "1.0" },
      };
    case "class": {
      const properties: Json = {};
      for (const [name, type] of Object.entries((s.fields ?? {}) as Json))
        properties[name] = adhocField(String(type));
      return {
        title: s.title,
        description,
        type: "object",
        allOf: [
          { $ref: "https://ns.adobe.com/xdm/data/adhoc" },
          { properties: { _adhoc: { type: "object", properties } } },
        ],
      };
    }
    case "schema":
      return {
        title: s.title,
        description,
        type: "object",
        allOf: [
          { $ref: schemaRef(s.class, ids) },
          ...((s.fieldGroups ?? []) as string[]).map((id) => ({ $ref: id })),
        ],
      };
    case "dataset":
      return {
        name: s.name,
        description: s.description,
        schemaRef: { id: schemaRef(s.schema, ids), contentType: XED },
        tags: { ...(s.tags as Json), [MARKER_TAG]: [formatMarker(marker)] },
      };
    case "sourceConnection": {
      const data: Json = { format: s.format };
      if (s.schema !== undefined)
        data.schema = {
          id: schemaRef(s.schema, ids),
          version: "application/vnd.adobe.xed-full-notext+json; version=1",
        };
      return {
        name: s.name,
        description,
        baseConnectionId: resolveValue(s.baseConnection, ids),
        connectionSpec: { id: (s.connectionSpec as Json).id, version: "1.0" },
        data,
        params: resolveValue(s.params, ids),
      };
    }
    case "targetConnection":
      return {
        name: s.name,
        description,
        connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC.id, version: DATA_LAKE_CONNECTION_SPEC.version },
        data: { format: s.format, schema: { id: schemaRef(s.schema, ids), version: XED_FULL } },
        params: { dataSetId: resolveValue(s.dataset, ids) },
      };
    case "mappingSet":
      return mappingSetBody(desired, marker, ids);
    case "flow": {
      const transformations: Json[] = [];
      if (s.copy !== undefined) transformations.push({ name: "Copy", params: s.copy });
      const mapping = s.mapping as Json;
      transformations.push({
        name: "Mapping",
        params: {
          mappingId: resolveValue(mapping.mappingSet, ids),
          mappingVersion: resolveValue(mapping.version, ids),
        },
      });
      return {
        name: s.name,
        description,
        flowSpec: { id: (s.flowSpec as Json).id, version: "1.0" },
        sourceConnectionIds: [resolveValue(s.source, ids)],
        targetConnectionIds: [resolveValue(s.target, ids)],
        transformations,
        scheduleParams: s.schedule,
      };
    }
  }
}

export function mappingSetBody(desired: DesiredObject, marker: Marker, ids: KnownIds): Json {
  const s = desired.spec;
  return {
    name: withMarker(String(s.name), marker),
    outputSchema: { schemaRef: { id: schemaRef(s.outputSchema, ids), contentType: XED_FULL } },
    mappings: ((s.mappings ?? []) as Json[]).map((m) => ({
      sourceType: m.sourceType,
      source: m.source,
      destination: m.destination,
    })),
  };
}
