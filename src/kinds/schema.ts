/**
 * Tenant XDM schemas (Schema Registry `/tenant/schemas`): a class and field groups. AEP never
 * lets a schema change its class, and once a dataset uses it only additive changes are allowed
 * (Adobe, `help/xdm/api/getting-started.md`). A field group is added with two JSON Patch ops,
 * `add /allOf/-` and `add /meta:extends/-` (`help/xdm/api/schemas.md`). A target schema may be
 * enabled for Real-Time Customer Profile and declare its primary identity (src/kinds/identity.ts).
 */
import { stripMarker, withMarker } from "../model/marker.ts";
import type { DesiredObject } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import { ref } from "../model/ref.ts";
import type { Ref } from "../model/ref.ts";
import { classDesired, schemaRegistryObject } from "./class.ts";
import { identityDesired } from "./identity.ts";
import type { ManifestView } from "./context.ts";
import { defineDriver, obj, str, schemaIdOf, markedDescriptionOp } from "./driver.ts";
import type { Json } from "./driver.ts";

export type SchemaSpec = {
  title: string;
  description: string;
  /** A global or tenant class `$id`, or the ad-hoc class of the same manifest. */
  class: string | Ref | undefined;
  fieldGroups: string[];
  /** Enabled for Real-Time Customer Profile (`meta:immutableTags: ["union"]`), when declared. */
  profile?: boolean;
};

const UNION = "union";

function isUnion(raw: Json): boolean {
  return Array.isArray(raw["meta:immutableTags"]) && raw["meta:immutableTags"].includes(UNION);
}

/** A schema named by manifest name (a reference) or by a literal `$id` URL. */
export function schemaTarget(value: string): string | Ref {
  return /^https?:\/\//.test(value) ? value : ref(`Schema/${value}`);
}

/** Ids of the `$ref`s in a schema's allOf, in order. */
export function allOfRefs(raw: Json): string[] {
  const list = Array.isArray(raw.allOf) ? raw.allOf : [];
  return list.map((p) => str(obj(p).$ref)).filter((r): r is string => r !== undefined && !r.startsWith("#"));
}

/** A Schema manifest: the schema, preceded by its own class when it is ad hoc, followed by its primary identity. */
export function schemaDesired(view: ManifestView<"Schema">): DesiredObject[] {
  const spec = view.manifest.spec;
  const declaredAt = view.at("");
  const schema = (
    cls: string | Ref,
    fieldGroups: string[],
    dependsOn: string[],
  ): DesiredObject<SchemaSpec> => ({
    address: view.owner,
    kind: "schema",
    owner: view.owner,
    name: spec.title,
    spec: { title: spec.title, description: spec.description ?? "", class: cls, fieldGroups },
    dependsOn,
    declaredAt,
  });
  if ("adhoc" in spec) {
    const cls = classDesired(view, spec);
    return [cls, schema(ref(cls.address), [], [cls.address])];
  }
  const target = schema(spec.class, [...new Set(spec.fieldGroups ?? [])].sort(), []);
  if (spec.profile !== undefined) target.spec.profile = spec.profile;
  const identity = identityDesired(view);
  return identity === undefined ? [target] : [target, identity];
}

export const schemaDriver = defineDriver<SchemaSpec>({
  kind: "schema",
  rules: {
    patchable: new Set(["title", "description", "fieldGroups", "profile"]),
    replace: new Set(),
    forbidden: new Map([
      [
        "class",
        "AEP does not let a schema change its class; declare a new Schema (new metadata.name) and point the dataset at it",
      ],
    ]),
  },
  // An ad-hoc schema holds its class.
  references: (raw) => allOfRefs(raw).map((id) => `class:${id}`),
  precondition: "reread",
  update: "patch",
  store: { service: "schemaRegistry", resource: "schemas" },
  fromRaw: (raw) => schemaRegistryObject("schema", raw),
  comparable(live, refs, want) {
    const metaClass = str(live.raw["meta:class"]);
    const refsInAllOf = allOfRefs(live.raw);
    const classId = metaClass ?? refsInAllOf[0];
    const spec: SchemaSpec = {
      title: live.name,
      description: stripMarker(str(live.raw.description)),
      class: refs.bySchemaId(classId),
      fieldGroups: refsInAllOf.filter((r) => r !== classId).sort(),
    };
    // Profile is aepsync's only where the manifest says it (someone may have enabled it in the UI).
    if (want === undefined || want.profile !== undefined) spec.profile = isUnion(live.raw);
    return spec;
  },
  problems(spec, before, live) {
    if (before.profile === true && spec.profile === false)
      return [
        "profile: false, but AEP never lets a schema leave Real-Time Customer Profile (meta:immutableTags is immutable): set profile: true, or remove it",
      ];
    if (live.inUse !== true) return [];
    const want = new Set(spec.fieldGroups);
    return before.fieldGroups
      .filter((id) => !want.has(id))
      .map(
        (id) =>
          `field group ${id} removed from a schema that a dataset uses: AEP allows only additive changes then; keep it, or declare a new Schema and Dataset`,
      );
  },
  patchOps({ spec, before, live, changed, writeMarker, marker }) {
    const ops: PatchOp[] = [];
    if (changed.has("title")) ops.push({ op: "replace", path: "/title", value: spec.title });
    if (changed.has("description") || writeMarker)
      ops.push(markedDescriptionOp(live.raw, spec.description, marker));
    // help/xdm/api/schemas.md, "Enable a schema for use in Real-Time Customer Profile".
    if (spec.profile === true && before.profile !== true) {
      const tags = live.raw["meta:immutableTags"];
      ops.push(
        Array.isArray(tags)
          ? { op: "add", path: "/meta:immutableTags/-", value: UNION }
          : { op: "add", path: "/meta:immutableTags", value: [UNION] },
      );
    }
    const had = new Set(before.fieldGroups);
    for (const id of spec.fieldGroups) {
      if (had.has(id)) continue;
      ops.push({ op: "add", path: "/allOf/-", value: { $ref: id } });
      ops.push({ op: "add", path: "/meta:extends/-", value: id });
    }
    if (live.inUse !== true) {
      const refsNow = allOfRefs(live.raw);
      const want = new Set(spec.fieldGroups);
      const allOf = Array.isArray(live.raw.allOf) ? (live.raw.allOf as Json[]) : [];
      const removeAt: number[] = [];
      allOf.forEach((part, i) => {
        const r = part.$ref;
        if (typeof r === "string" && refsNow.indexOf(r) > 0 && !want.has(r) && had.has(r)) removeAt.push(i);
      });
      for (const i of removeAt.reverse()) ops.push({ op: "remove", path: `/allOf/${i}` });
    }
    return ops;
  },
  body: ({ spec, marker, ids }) => ({
    title: spec.title,
    description: withMarker(spec.description, marker),
    type: "object",
    allOf: [{ $ref: schemaIdOf(spec.class, ids) }, ...spec.fieldGroups.map((id) => ({ $ref: id }))],
    // Adobe's guide enables Profile by a PATCH after the primary identity exists; whether a create
    // may carry the tag is UNCONFIRMED (the emulator accepts it).
    ...(spec.profile === true ? { "meta:immutableTags": [UNION] } : {}),
  }),
});
