/**
 * Catalog datasets (`/dataSets`): the data lake table a pipeline lands in. The marker lives in a
 * Catalog tag (Catalog reserves only `adobe*` and the profile tags). A dataset never changes its
 * schema in AEP.
 */
import { formatMarker, MARKER_TAG, parseMarker } from "../model/marker.ts";
import type { DesiredObject, LiveObject } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import type { Ref } from "../model/ref.ts";
import type { ManifestView } from "./context.ts";
import { defineDriver, epochOf, obj, setOp, str } from "./driver.ts";
import { schemaIdOf, schemaTarget } from "./schema.ts";

export type DatasetSpec = {
  name: string;
  description: string;
  schema: string | Ref | undefined;
  tags: Record<string, unknown>;
};

const XED = "application/vnd.adobe.xed+json;version=1";

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
  comparable(live, refs) {
    const tags: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj(live.raw.tags))) if (k !== MARKER_TAG) tags[k] = v;
    return {
      name: live.name,
      description: str(live.raw.description) ?? "",
      schema: refs.bySchemaId(str(obj(live.raw.schemaRef).id)),
      tags,
    };
  },
  patchOps({ spec, live, changed, adopt, marker }) {
    const ops: PatchOp[] = [];
    if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
    if (changed.has("description"))
      ops.push({ op: setOp(live.raw, "description"), path: "/description", value: spec.description });
    if (changed.has("tags") || adopt)
      ops.push({
        op: "replace",
        path: "/tags",
        value: { ...spec.tags, [MARKER_TAG]: [formatMarker(marker)] },
      });
    return ops;
  },
  body: ({ spec, marker, ids }) => ({
    name: spec.name,
    description: spec.description,
    schemaRef: { id: schemaIdOf(spec.schema, ids), contentType: XED },
    tags: { ...spec.tags, [MARKER_TAG]: [formatMarker(marker)] },
  }),
});
