/**
 * Reads live state: every kind listed in pages, once per run, kinds in parallel (DESIGN.md §3:
 * no GET per object). Markers are parsed client-side because Flow Service has no substring filter.
 */
import type { AepClient } from "../aep/index.ts";
import type { LiveObject, LiveState } from "../planner/desired-model.ts";
import { MARKER_TAG, parseMarker, stripMarker } from "../planner/marker.ts";
import { DATA_LAKE_CONNECTION_SPEC } from "../data/connectors.ts";
import type { ObjectKind } from "../planner/model.ts";

type Json = Record<string, unknown>;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function num(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value !== "" && Number.isFinite(Number(value))) return Number(value);
  if (typeof value === "string") {
    const t = Date.parse(value);
    if (Number.isFinite(t)) return t;
  }
  return 0;
}

/** A Flow Service object as the planner sees it. */
export function flowServiceObject(kind: ObjectKind, raw: Json): LiveObject {
  const object: LiveObject = {
    kind,
    id: String(raw.id),
    name: str(raw.name) ?? "",
    createdAt: num(raw.createdAt),
    raw,
  };
  const etag = str(raw.etag);
  if (etag !== undefined) object.etag = etag;
  const marker = parseMarker(str(raw.description));
  if (marker !== undefined) object.marker = marker;
  return object;
}

export function schemaObject(kind: "schema" | "class", raw: Json): LiveObject {
  const meta = (raw["meta:registryMetadata"] ?? {}) as Json;
  const object: LiveObject = {
    kind,
    id: str(raw["meta:altId"]) ?? String(raw.$id),
    name: str(raw.title) ?? "",
    createdAt: num(meta["repo:createdDate"]),
    raw,
    schemaId: String(raw.$id),
  };
  const marker = parseMarker(str(raw.description));
  if (marker !== undefined) object.marker = marker;
  return object;
}

export function datasetObject(raw: Json): LiveObject {
  const tags = (raw.tags ?? {}) as Record<string, unknown>;
  const markerTag = tags[MARKER_TAG];
  const object: LiveObject = {
    kind: "dataset",
    id: String(raw.id),
    name: str(raw.name) ?? "",
    createdAt: num(raw.created),
    raw,
  };
  const marker = Array.isArray(markerTag) ? parseMarker(str(markerTag[0])) : undefined;
  if (marker !== undefined) object.marker = marker;
  return object;
}

export function mappingSetObject(raw: Json): LiveObject {
  const object: LiveObject = {
    kind: "mappingSet",
    id: String(raw.id),
    name: stripMarker(str(raw.name)),
    createdAt: num(raw.createdDate),
    raw,
  };
  const marker = parseMarker(str(raw.name));
  if (marker !== undefined) object.marker = marker;
  return object;
}

export interface LiveReadOptions {
  /**
   * Flow specs whose flows can be aepsync's (the filter that narrows the flow listing). A promise
   * lets the other kinds be listed while the flow specs are still being looked up.
   */
  flowSpecIds: readonly string[] | Promise<readonly string[]>;
}

export async function readLiveState(client: AepClient, options: LiveReadOptions): Promise<LiveState> {
  const fs = client.flowService;
  const sr = client.schemaRegistry;
  const listFlows = async () => {
    const ids = await options.flowSpecIds;
    return collect(fs.flows.list({ property: ids.length > 0 ? [`flowSpec.id==${ids.join(",")}`] : [] }));
  };
  const [connections, sources, targets, flows, schemas, classes, datasets, mappingSets] = await Promise.all([
    collect(fs.connections.list()),
    collect(fs.sourceConnections.list()),
    collect(fs.targetConnections.list({ property: [`connectionSpec.id==${DATA_LAKE_CONNECTION_SPEC.id}`] })),
    listFlows(),
    collect(sr.listSchemas("tenant", { full: true })),
    collect(sr.listClasses("tenant", { full: true })),
    collect(
      client.catalog.listDataSets({ properties: ["name", "description", "tags", "schemaRef", "created"] }),
    ),
    collect(client.dataPrep.listMappingSets()),
  ]);
  const objects: LiveObject[] = [];
  for (const c of connections) objects.push(flowServiceObject("connection", c));
  for (const c of sources) objects.push(flowServiceObject("sourceConnection", c));
  for (const c of targets) objects.push(flowServiceObject("targetConnection", c));
  for (const f of flows) objects.push(flowServiceObject("flow", f));
  const usedSchemas = new Set(
    datasets.map((d) => d.schemaRef?.id).filter((id): id is string => id !== undefined),
  );
  for (const s of schemas) {
    const object = schemaObject("schema", s);
    if (usedSchemas.has(String(s.$id))) object.inUse = true;
    objects.push(object);
  }
  for (const c of classes) {
    const extendsIds = Array.isArray(c["meta:extends"]) ? c["meta:extends"] : [];
    // Only ad-hoc classes can be aepsync's; other tenant classes are never touched.
    if (
      extendsIds.includes("https://ns.adobe.com/xdm/data/adhoc") ||
      parseMarker(str(c.description)) !== undefined
    )
      objects.push(schemaObject("class", c));
  }
  for (const d of datasets) objects.push(datasetObject(d));
  const mappingVersions: Record<string, number> = {};
  for (const m of mappingSets) {
    objects.push(mappingSetObject(m));
    mappingVersions[m.id] = num(m.version);
  }
  return { sandbox: client.sandbox, tenantId: "", objects, mappingVersions };
}
