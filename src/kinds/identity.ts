/**
 * A schema's primary identity: a Schema Registry identity descriptor (`/tenant/descriptors`,
 * `@type: xdm:descriptorIdentity`, `xdm:isPrimary: true`), which Real-Time Customer Profile needs
 * (help/xdm/api/descriptors.md, help/catalog/datasets/enable-upsert.md). A descriptor has no
 * title nor description to carry a marker: it is found through its schema (one primary identity
 * per schema), at the address `Schema/<name>/identity`. A changed field or namespace is a PUT of
 * the whole descriptor; moving it to another schema is a new descriptor.
 */
import type { DesiredObject, LiveObject } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import { ref } from "../model/ref.ts";
import type { Ref } from "../model/ref.ts";
import type { ManifestView } from "./context.ts";
import { defineDriver, str, schemaIdOf } from "./driver.ts";

export type IdentitySpec = {
  schema: string | Ref | undefined;
  /** Dotted path, as the manifest writes it (`personalEmail.address`). */
  field: string;
  namespace: string;
};

const IDENTITY = "xdm:descriptorIdentity";

/** `personalEmail.address` ↔ `/personalEmail/address` (xdm:sourceProperty). */
function toPointer(field: string): string {
  return `/${field.split(".").join("/")}`;
}

function toField(pointer: string | undefined): string {
  return (pointer ?? "").replace(/^\//, "").split("/").join(".");
}

function isPrimaryIdentity(raw: Record<string, unknown>): boolean {
  return raw["@type"] === IDENTITY && raw["xdm:isPrimary"] === true;
}

/** The primary identity a Schema manifest declares, or undefined. */
export function identityDesired(view: ManifestView<"Schema">): DesiredObject<IdentitySpec> | undefined {
  const spec = view.manifest.spec;
  if (!("class" in spec) || spec.primaryIdentity === undefined) return undefined;
  return {
    address: `${view.owner}/identity`,
    kind: "identity",
    owner: view.owner,
    name: `${spec.title} primary identity`,
    spec: {
      schema: ref(view.owner),
      field: spec.primaryIdentity.field,
      namespace: spec.primaryIdentity.namespace,
    },
    dependsOn: [view.owner],
    declaredAt: view.at("/spec/primaryIdentity"),
  };
}

export const identityDriver = defineDriver<IdentitySpec>({
  kind: "identity",
  rules: {
    patchable: new Set(["field", "namespace"]),
    replace: new Set(["schema"]),
    forbidden: new Map(),
  },
  precondition: "reread",
  update: "put",
  store: { service: "descriptors" },
  fromRaw(raw): LiveObject {
    return { kind: "identity", id: String(raw["@id"]), name: "", createdAt: 0, raw };
  },
  partOf(raw) {
    const schemaId = str(raw["xdm:sourceSchema"]);
    return isPrimaryIdentity(raw) && schemaId !== undefined
      ? { kind: "schema", id: schemaId, part: "identity" }
      : undefined;
  },
  // A descriptor holds its schema (AEP refuses to delete a schema it still describes).
  references: (raw) => {
    const schemaId = str(raw["xdm:sourceSchema"]);
    return schemaId === undefined ? [] : [`schema:${schemaId}`];
  },
  comparable: (live, refs) => ({
    schema: refs.bySchemaId(str(live.raw["xdm:sourceSchema"])),
    field: toField(str(live.raw["xdm:sourceProperty"])),
    namespace: str(live.raw["xdm:namespace"]) ?? "",
  }),
  patchOps({ spec, changed }) {
    // Informational: the update is a PUT of the whole descriptor (body below).
    const ops: PatchOp[] = [];
    if (changed.has("field"))
      ops.push({ op: "replace", path: "/xdm:sourceProperty", value: toPointer(spec.field) });
    if (changed.has("namespace")) ops.push({ op: "replace", path: "/xdm:namespace", value: spec.namespace });
    return ops;
  },
  body: ({ spec, ids }) => ({
    "@type": IDENTITY,
    "xdm:sourceSchema": schemaIdOf(spec.schema, ids),
    "xdm:sourceVersion": 1,
    "xdm:sourceProperty": toPointer(spec.field),
    "xdm:namespace": spec.namespace,
    "xdm:property": "xdm:code",
    "xdm:isPrimary": true,
  }),
});
