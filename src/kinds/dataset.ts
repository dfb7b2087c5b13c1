/**
 * Catalog datasets (`/dataSets`): the data lake table a pipeline lands in. The marker lives in a
 * Catalog tag (Catalog reserves only `adobe*` and the profile tags). A dataset never changes its
 * schema in AEP.
 *
 * Tags are shared: Adobe's services add their own (`adobe/pqs/table`, …) and people add keys in
 * the UI, and a whole `tags` object written back would delete them (Adobe's walkthroughs warn that
 * existing tags "need to be included"). So aepsync owns only the tag keys its manifests declare,
 * compares only those, and writes them one by one with Catalog's JSON Patch (`/tags/<key>`,
 * `help/catalog/api/update-object.md`). The keys it wrote last are listed beside the marker, so
 * that a key removed from a manifest is removed from AEP too.
 */
import { jsonEqual } from "../model/canonical.ts";
import { formatMarker, MARKER_TAG, parseMarker } from "../model/marker.ts";
import type { Marker } from "../model/marker.ts";
import { escapePointer } from "../model/pointer.ts";
import type { DesiredObject, LiveObject } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import type { Ref } from "../model/ref.ts";
import type { ManifestView } from "./context.ts";
import { defineDriver, epochOf, obj, setOp, str, schemaIdOf } from "./driver.ts";
import { schemaTarget } from "./schema.ts";

export type DatasetSpec = {
  name: string;
  description: string;
  schema: string | Ref | undefined;
  tags: Record<string, unknown>;
};

const XED = "application/vnd.adobe.xed+json;version=1";
const OWNED_PREFIX = "tags=";

/** The marker tag's value: the marker, then the tag keys aepsync owns (when it owns any). */
function markerTagValue(marker: Marker, keys: readonly string[]): string[] {
  const owned = [...keys].sort();
  return owned.length === 0
    ? [formatMarker(marker)]
    : [formatMarker(marker), `${OWNED_PREFIX}${owned.map(encodeURIComponent).join(",")}`];
}

/** The tag keys a live dataset's marker tag says aepsync wrote. */
function ownedKeys(raw: Record<string, unknown>): string[] {
  const value = obj(raw.tags)[MARKER_TAG];
  const list = Array.isArray(value) ? value : [];
  const owned = list.find((v): v is string => typeof v === "string" && v.startsWith(OWNED_PREFIX));
  if (owned === undefined || owned === OWNED_PREFIX) return [];
  return owned.slice(OWNED_PREFIX.length).split(",").map(decodeURIComponent);
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function datasetDesired(view: ManifestView<"Dataset">): DesiredObject<DatasetSpec> {
  const spec = view.manifest.spec;
  const schema = schemaTarget(spec.schema);
  const tags: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(spec.tags ?? {})) if (v !== undefined) tags[k] = v;
  if (spec.profileEnabled === true) {
    tags.unifiedProfile = ["enabled:true"];
    tags.unifiedIdentity = ["enabled:true"];
  }
  return {
    address: view.owner,
    kind: "dataset",
    owner: view.owner,
    name: spec.name,
    spec: { name: spec.name, description: spec.description ?? "", schema, tags },
    dependsOn: typeof schema === "string" ? [] : [schema.$ref],
    declaredAt: view.at(""),
  };
}

export const datasetDriver = defineDriver<DatasetSpec>({
  kind: "dataset",
  rules: {
    patchable: new Set(["name", "description", "tags"]),
    replace: new Set(),
    forbidden: new Map([
      [
        "schema",
        "AEP does not let a dataset change its schema; declare a new Dataset on the new schema and point the pipelines at it",
      ],
    ]),
  },
  // A dataset holds its schema: a pruned schema is deleted after its datasets (what AEP answers to deleting
  // a schema a dataset still uses is UNCONFIRMED; the emulator refuses with XDM-1021-400).
  references: (raw) => {
    const schemaId = str(obj(raw.schemaRef).id);
    return schemaId === undefined ? [] : [`schema:${schemaId}`];
  },
  // A dataset holds every batch ingested into it: deleting it deletes them (help/catalog/api/delete-object.md).
  deleteImpact: () => "destroys",
  precondition: "reread",
  update: "patch",
  store: { service: "catalog", properties: ["name", "description", "tags", "schemaRef", "created"] },
  fromRaw(raw): LiveObject {
    const markerTag = obj(raw.tags)[MARKER_TAG];
    const object: LiveObject = {
      kind: "dataset",
      id: String(raw.id),
      name: str(raw.name) ?? "",
      createdAt: epochOf(raw.created),
      raw,
    };
    const marker = Array.isArray(markerTag) ? parseMarker(str(markerTag[0])) : undefined;
    if (marker !== undefined) object.marker = marker;
    return object;
  },
  comparable(live, refs, want) {
    // Only the keys declared now, and those aepsync wrote before (to remove them when undeclared);
    // without `want` (an export), every tag but the marker.
    const owned =
      want === undefined ? undefined : new Set([...Object.keys(want.tags), ...ownedKeys(live.raw)]);
    const tags: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj(live.raw.tags)))
      if (k !== MARKER_TAG && (owned === undefined || owned.has(k))) tags[k] = v;
    return {
      name: live.name,
      description: str(live.raw.description) ?? "",
      schema: refs.bySchemaId(str(obj(live.raw.schemaRef).id)),
      tags,
    };
  },
  patchOps({ spec, before, live, changed, writeMarker, marker }) {
    const ops: PatchOp[] = [];
    if (changed.has("name")) ops.push({ op: setOp(live.raw, "name"), path: "/name", value: spec.name });
    if (changed.has("description"))
      ops.push({ op: setOp(live.raw, "description"), path: "/description", value: spec.description });
    // A dataset without any tag first gets the object itself.
    if (!isObject(live.raw.tags)) ops.push({ op: "add", path: "/tags", value: {} });
    const liveTags = obj(live.raw.tags);
    for (const [key, value] of Object.entries(spec.tags)) {
      if (key in liveTags && jsonEqual(before.tags[key], value)) continue;
      ops.push({ op: key in liveTags ? "replace" : "add", path: `/tags/${escapePointer(key)}`, value });
    }
    for (const key of Object.keys(before.tags))
      if (!(key in spec.tags) && key in liveTags)
        ops.push({ op: "remove", path: `/tags/${escapePointer(key)}` });
    const markerTag = markerTagValue(marker, Object.keys(spec.tags));
    if (writeMarker || !jsonEqual(liveTags[MARKER_TAG], markerTag))
      ops.push({
        op: MARKER_TAG in liveTags ? "replace" : "add",
        path: `/tags/${escapePointer(MARKER_TAG)}`,
        value: markerTag,
      });
    return ops;
  },
  body: ({ spec, marker, ids }) => ({
    name: spec.name,
    description: spec.description,
    schemaRef: { id: schemaIdOf(spec.schema, ids), contentType: XED },
    tags: { ...spec.tags, [MARKER_TAG]: markerTagValue(marker, Object.keys(spec.tags)) },
  }),
});
