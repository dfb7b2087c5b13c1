/**
 * Adobe's global XDM resources (src/data/xdm.ts) as the Schema Registry's `global` container shows
 * them (help/xdm/api/getting-started.md, help/xdm/api/schemas.md): `$id`, `meta:altId`,
 * `meta:resourceType`, `definitions`, `allOf`.
 */
import { findXdmResource, xdmResources, type XdmField, type XdmKind, type XdmResource } from "../data/xdm.ts";
import type { Obj } from "./json.ts";

const RESOURCE_TYPES: Record<XdmKind, string> = {
  class: "classes",
  fieldgroup: "mixins",
  datatype: "datatypes",
  behavior: "behaviors",
};

/** The registry's dotted id: `https://ns.adobe.com/xdm/context/profile` → `_xdm.context.profile`. */
export function altIdOf(id: string): string {
  const bare = id.replace(/^https?:\/\//, "");
  const rest = bare.startsWith("ns.adobe.com/") ? bare.slice("ns.adobe.com/".length) : bare;
  return `_${rest.replaceAll("/", ".")}`;
}

function definitionName(resource: XdmResource): string {
  return resource.id.split("/").pop() ?? resource.kind;
}

function rawField(field: XdmField): Obj {
  const out: Obj = {};
  if (field.title !== undefined) out.title = field.title;
  if (field.ref !== undefined) {
    out.$ref = field.ref;
    out.type = "object";
  } else if (field.type !== undefined) {
    out.type = field.type;
  }
  if (field.format !== undefined) out.format = field.format;
  if (field.enum !== undefined) out.enum = field.enum;
  if (field.items !== undefined) out.items = rawField(field.items);
  if (field.properties !== undefined) out.properties = rawFields(field.properties);
  const type = out.type;
  if (typeof type === "string") out["meta:xdmType"] = type;
  return out;
}

function rawFields(fields: Record<string, XdmField>): Obj {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, rawField(f)]));
}

/** A fixed date for Adobe's resources, so that the global container is the same on every run. */
const GLOBAL_DATE = Date.UTC(2024, 0, 1);

function presentGlobal(resource: XdmResource): Obj {
  const name = definitionName(resource);
  const out: Obj = {
    $id: resource.id,
    "meta:altId": altIdOf(resource.id),
    "meta:resourceType": RESOURCE_TYPES[resource.kind],
    version: "1.0",
    title: resource.title,
    type: "object",
    description: resource.description,
    definitions: { [name]: { properties: rawFields(resource.fields) } },
    allOf: [...resource.extends.map((e) => ({ $ref: e })), { $ref: `#/definitions/${name}` }],
    "meta:extensible": resource.kind !== "behavior",
    "meta:abstract":
      resource.kind === "class" || resource.kind === "fieldgroup" || resource.kind === "behavior",
    "meta:extends": [...resource.extends],
    "meta:xdmType": "object",
    "meta:containerId": "global",
    "meta:registryMetadata": {
      "repo:createdDate": GLOBAL_DATE,
      "repo:lastModifiedDate": GLOBAL_DATE,
      "xdm:createdClientId": "xdm",
      "xdm:lastModifiedClientId": "xdm",
      eTag: Buffer.from(resource.id).toString("hex").slice(0, 64).padEnd(64, "0"),
    },
  };
  if (resource.intendedToExtend !== undefined) out["meta:intendedToExtend"] = [...resource.intendedToExtend];
  if (resource.status !== undefined) out["meta:status"] = resource.status;
  return out;
}

let cache: { items: Obj[]; byId: Map<string, Obj> } | undefined;

function globalIndex(): { items: Obj[]; byId: Map<string, Obj> } {
  if (cache === undefined) {
    const items = xdmResources().map(presentGlobal);
    const byId = new Map<string, Obj>();
    for (const item of items) {
      byId.set(item.$id as string, item);
      byId.set(item["meta:altId"] as string, item);
    }
    cache = { items, byId };
  }
  return cache;
}

export function globalItems(kind: XdmKind): Obj[] {
  return globalIndex().items.filter((item) => item["meta:resourceType"] === RESOURCE_TYPES[kind]);
}

/** A global resource by `$id` or `meta:altId`. */
export function findGlobal(id: string): Obj | undefined {
  return globalIndex().byId.get(id);
}

export function globalKind(id: string): XdmKind | undefined {
  const $id = findGlobal(id)?.$id;
  return typeof $id === "string" ? findXdmResource($id)?.kind : undefined;
}

const MAX_DEPTH = 10;

/** Fields resolved through data types, as `xed-full+json` shows them. */
export function resolvedGlobalProperties(id: string): Obj {
  const resource = findXdmResource(id);
  if (resource === undefined) return {};
  const out: Obj = {};
  for (const parent of resource.extends) Object.assign(out, resolvedGlobalProperties(parent));
  Object.assign(out, resolveFields(resource.fields, [id], 0));
  return out;
}

function resolveFields(fields: Record<string, XdmField>, chain: readonly string[], depth: number): Obj {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, resolveField(f, chain, depth)]));
}

function resolveField(field: XdmField, chain: readonly string[], depth: number): Obj {
  const out: Obj = {};
  if (field.title !== undefined) out.title = field.title;
  out.type = field.type ?? (field.ref !== undefined ? "object" : "string");
  if (field.format !== undefined) out.format = field.format;
  if (field.enum !== undefined) out.enum = field.enum;
  out["meta:xdmType"] = out.type;
  if (depth >= MAX_DEPTH) return out;
  if (field.items !== undefined) out.items = resolveField(field.items, chain, depth + 1);
  let properties: Obj | undefined;
  if (field.properties !== undefined) properties = resolveFields(field.properties, chain, depth + 1);
  if (field.ref !== undefined && !chain.includes(field.ref)) {
    const target = findXdmResource(field.ref);
    if (target !== undefined) {
      const next = [...chain, field.ref];
      properties = { ...properties };
      for (const parent of target.extends) {
        const p = findXdmResource(parent);
        if (p !== undefined && !next.includes(parent))
          Object.assign(properties, resolveFields(p.fields, next, depth + 1));
      }
      Object.assign(properties, resolveFields(target.fields, next, depth + 1));
    }
  }
  if (properties !== undefined) out.properties = properties;
  return out;
}
