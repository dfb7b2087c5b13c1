/**
 * Ad-hoc XDM classes (Schema Registry `/tenant/classes`): the raw fields a source lands through
 * (`source: { schema, format: parquet_xdm }`). AEP renames the `_adhoc` object of the create body
 * to `_<guid>`; fields can be added, never removed or retyped.
 */
import type { SchemaManifest } from "../schema/index.ts";
import { escapePointer } from "../model/pointer.ts";
import { parseMarker, stripMarker, withMarker } from "../model/marker.ts";
import type { DesiredObject, LiveObject } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import type { ManifestView } from "./context.ts";
import { defineDriver, epochOf, obj, str, markedDescriptionOp } from "./driver.ts";
import type { Json } from "./driver.ts";

export type ClassSpec = { title: string; description: string; fields: Record<string, string> };

type AdhocSchemaSpec = Extract<SchemaManifest["spec"], { adhoc: unknown }>;

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

/** A Schema Registry resource as the planner sees it (the marker ends its description). */
export function schemaRegistryObject(kind: "schema" | "class", raw: Json): LiveObject {
  const meta = obj(raw["meta:registryMetadata"]);
  const object: LiveObject = {
    kind,
    id: str(raw["meta:altId"]) ?? String(raw.$id),
    name: str(raw.title) ?? "",
    createdAt: epochOf(meta["repo:createdDate"]),
    raw,
    schemaId: String(raw.$id),
  };
  const marker = parseMarker(str(raw.description));
  if (marker !== undefined) object.marker = marker;
  return object;
}

/** XDM field for an ad-hoc column type. */
export function adhocField(type: string): Json {
  if (type === "date" || type === "date-time") return { type: "string", format: type };
  return { type };
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
  return visitAdhoc(raw, "", 0);
}

function visitAdhoc(
  node: unknown,
  pointer: string,
  depth: number,
): { pointer: string; fields: Json } | undefined {
  if (depth > 6 || typeof node !== "object" || node === null) return undefined;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const hit = visitAdhoc(node[i], `${pointer}/${i}`, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  const props = obj((node as Json).properties);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith("_") && key !== "_id") {
      return {
        pointer: `${pointer}/properties/${escapePointer(key)}/properties`,
        fields: obj(obj(value).properties),
      };
    }
  }
  for (const key of ["allOf", "definitions"]) {
    const child = (node as Json)[key];
    if (child !== undefined) {
      const hit = visitAdhoc(child, `${pointer}/${key}`, depth + 1);
      if (hit) return hit;
    }
  }
  if (pointer.endsWith("/definitions")) {
    for (const [key, value] of Object.entries(node as Json)) {
      const hit = visitAdhoc(value, `${pointer}/${escapePointer(key)}`, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The class of an ad-hoc Schema manifest (`Schema/<name>/class`). */
export function classDesired(view: ManifestView<"Schema">, spec: AdhocSchemaSpec): DesiredObject<ClassSpec> {
  const fields: Record<string, string> = {};
  for (const [name, type] of Object.entries(spec.adhoc.fields))
    if (type !== undefined) fields[name] = ADHOC_TYPES[type] ?? type;
  const title = spec.adhoc.classTitle ?? `${spec.title} (ad-hoc class)`;
  return {
    address: `${view.owner}/class`,
    kind: "class",
    owner: view.owner,
    name: title,
    spec: { title, description: spec.description ?? "", fields },
    dependsOn: [],
    declaredAt: view.at(""),
  };
}

export const classDriver = defineDriver<ClassSpec>({
  kind: "class",
  rules: {
    patchable: new Set(["title", "description", "fields"]),
    replace: new Set(),
    forbidden: new Map(),
  },
  precondition: "reread",
  update: "patch",
  store: {
    service: "schemaRegistry",
    resource: "classes",
    // Only ad-hoc classes can be aepsync's; other tenant classes are never touched.
    keep: (raw) =>
      (Array.isArray(raw["meta:extends"]) &&
        raw["meta:extends"].includes("https://ns.adobe.com/xdm/data/adhoc")) ||
      parseMarker(str(raw.description)) !== undefined,
  },
  fromRaw: (raw) => schemaRegistryObject("class", raw),
  comparable(live) {
    const fields: Record<string, string> = {};
    for (const [name, field] of Object.entries(findAdhocFields(live.raw)?.fields ?? {}))
      fields[name] = adhocTypeName(field);
    return { title: live.name, description: stripMarker(str(live.raw.description)), fields };
  },
  problems(spec, before) {
    const problems: string[] = [];
    for (const [name, type] of Object.entries(before.fields)) {
      const want = spec.fields[name];
      if (want === undefined)
        problems.push(
          `field '${name}' removed: AEP only adds fields to a class; keep it, or declare a new Schema`,
        );
      else if (want !== type)
        problems.push(
          `field '${name}' changes type ${type} → ${want}: AEP cannot change a field's type; declare a new Schema`,
        );
    }
    return problems;
  },
  patchOps({ spec, before, live, changed, writeMarker, marker }) {
    const ops: PatchOp[] = [];
    if (changed.has("title")) ops.push({ op: "replace", path: "/title", value: spec.title });
    if (changed.has("description") || writeMarker)
      ops.push(markedDescriptionOp(live.raw, spec.description, marker));
    const fields = findAdhocFields(live.raw);
    for (const [name, type] of Object.entries(spec.fields)) {
      if (name in before.fields || fields === undefined) continue;
      ops.push({ op: "add", path: `${fields.pointer}/${escapePointer(name)}`, value: adhocField(type) });
    }
    return ops;
  },
  body({ spec, marker }) {
    const properties: Json = {};
    for (const [name, type] of Object.entries(spec.fields)) properties[name] = adhocField(type);
    return {
      title: spec.title,
      description: withMarker(spec.description, marker),
      type: "object",
      allOf: [
        { $ref: "https://ns.adobe.com/xdm/data/adhoc" },
        { properties: { _adhoc: { type: "object", properties } } },
      ],
    };
  },
});
