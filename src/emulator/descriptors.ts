/**
 * Schema Registry descriptors (`/{container}/descriptors`), help/xdm/api/descriptors.md and the
 * Descriptors operations of vendor/openapi/schema-registry.yaml. Identity descriptors are
 * validated as the guide describes them; other types get the checks every descriptor shares.
 */
import { header, type RequestContext } from "./context.ts";
import { type ApiError, problemError, reply, type Reply, type Route } from "./http.ts";
import { asString, clone, isObj, type Obj } from "./json.ts";
import { MAX_NAME_LENGTH } from "./limits.ts";
import { matchesFilter } from "./query.ts";
import { canonicalSchemaId, fieldPathsOf, parseRegistryFilters } from "./schema-registry.ts";

const IDENTITY = "xdm:descriptorIdentity";

/** The `@type`s of vendor/openapi/schema-registry.yaml (createDescriptor and lookupDescriptorResponse). */
const DESCRIPTOR_TYPES = new Set([
  "xdm:alternateDisplayInfo",
  IDENTITY,
  "xdm:descriptorReferenceIdentity",
  "xdm:descriptorOneToOne",
  "xdm:descriptorOneToMany",
  "xdm:descriptorManyToMany",
  "xdm:descriptorRelationship",
  "xdm:descriptorPrimaryKey",
  "xdm:descriptorVersion",
  "xdm:descriptorTimestamp",
]);

/** Server fields of a stored descriptor: never taken from a body. */
const SERVER_FIELDS = [
  "@id",
  "meta:containerId",
  "imsOrg",
  "version",
  "createdUser",
  "createdClient",
  "updatedUser",
  "created",
  "updated",
  "meta:sandboxId",
  "meta:sandboxType",
];

function badRequest(detail: string): ApiError {
  return problemError(400, "XDM-1000-400", "Bad Request", detail);
}

function notFound(id: string): ApiError {
  return problemError(404, "XDM-1012-404", "Resource Not Found", `The descriptor ${id} was not found`);
}

/** Checks a create or replace body; `except` is the descriptor a PUT replaces. */
function validateDescriptor(ctx: RequestContext, body: Obj, except: string | undefined): void {
  const type = asString(body["@type"]);
  if (type === undefined || !DESCRIPTOR_TYPES.has(type)) {
    throw badRequest(`'@type' must be one of ${[...DESCRIPTOR_TYPES].join(", ")}`);
  }
  const schemaId = asString(body["xdm:sourceSchema"]);
  // "The `$id` URI of the schema where the descriptor is being defined."
  if (schemaId === undefined || canonicalSchemaId(ctx.env, schemaId) !== schemaId) {
    throw badRequest("'xdm:sourceSchema' must be the $id of a schema");
  }
  const schema = ctx.sandbox.collections.schemas.items.get(schemaId);
  if (schema === undefined) throw badRequest(`The schema ${schemaId} was not found`);
  // "The major version of the source schema": always 1 (help/xdm/api/getting-started.md).
  const version = body["xdm:sourceVersion"];
  if (version !== 1 && version !== "1")
    throw badRequest("'xdm:sourceVersion' must be 1, the schema's major version");
  const property = checkSourceProperty(ctx, body, schemaId);
  if (type === IDENTITY) validateIdentity(ctx, body, schemaId, property, except);
}

/**
 * "Path should begin with a "/" and not end with one. Do not include "properties" in the path";
 * the field must be one of the schema's.
 */
function checkSourceProperty(ctx: RequestContext, body: Obj, schemaId: string): string {
  const property = asString(body["xdm:sourceProperty"]);
  if (property === undefined || !property.startsWith("/") || property.endsWith("/")) {
    throw badRequest(
      "'xdm:sourceProperty' must start with '/' and not end with one, e.g. /personalEmail/address",
    );
  }
  const segments = property.slice(1).split("/");
  if (segments.some((s) => s === "" || s === "properties")) {
    throw badRequest(
      `'xdm:sourceProperty' ${property} must name the field path without 'properties' segments`,
    );
  }
  const fields = fieldPathsOf(ctx.env, ctx.sandbox, schemaId) ?? new Set<string>();
  if (!fields.has(segments.join("."))) {
    throw badRequest(`The schema ${schemaId} has no field ${property}`);
  }
  return property;
}

/** Namespace and property as the guide's table says; one primary identity per schema. */
function validateIdentity(
  ctx: RequestContext,
  body: Obj,
  schemaId: string,
  property: string,
  except: string | undefined,
): void {
  const namespace = body["xdm:namespace"];
  if (typeof namespace !== "string" || namespace.trim() === "" || namespace.length > MAX_NAME_LENGTH) {
    throw badRequest("'xdm:namespace' must be the code or id of an identity namespace");
  }
  if (body["xdm:property"] !== "xdm:code" && body["xdm:property"] !== "xdm:id") {
    throw badRequest("'xdm:property' must be xdm:code or xdm:id");
  }
  const primary = body["xdm:isPrimary"];
  if (primary !== undefined && typeof primary !== "boolean")
    throw badRequest("'xdm:isPrimary' must be a boolean");
  const descriptors = ctx.sandbox.collections.descriptors;
  for (const key of descriptors.referrers("xdm:sourceSchema", schemaId)) {
    const other = descriptors.items.get(key);
    if (other === undefined || key === except || other["@type"] !== IDENTITY) continue;
    if (primary === true && other["xdm:isPrimary"] === true) {
      // "Schemas may contain only one primary identity."
      throw badRequest(
        `The schema ${schemaId} already has a primary identity: ${String(other["xdm:sourceProperty"])}`,
      );
    }
    // Adobe silent on two identity descriptors for one field: refused.
    if (other["xdm:sourceProperty"] === property) {
      throw badRequest(`The field ${property} of ${schemaId} already has an identity descriptor (${key})`);
    }
  }
}

function stored(ctx: RequestContext, body: Obj, id: string, previous: Obj | undefined): Obj {
  const input = clone(body);
  for (const field of SERVER_FIELDS) delete input[field];
  return {
    ...input,
    createdUser: previous?.createdUser ?? ctx.env.clientId,
    imsOrg: ctx.env.orgId,
    createdClient: previous?.createdClient ?? ctx.env.clientId,
    updatedUser: ctx.env.clientId,
    created: previous?.created ?? ctx.now,
    updated: ctx.now,
    "meta:containerId": "tenant",
    "meta:sandboxId": ctx.sandbox.id,
    "meta:sandboxType": ctx.sandbox.name === "prod" ? "production" : "development",
    "@id": id,
  };
}

function requireBody(ctx: RequestContext): Obj {
  if (!isObj(ctx.body)) throw badRequest("The request body must be a JSON object");
  return ctx.body;
}

/** `POST /tenant/descriptors` → 201 with the body, `meta:containerId` and the new `@id`. */
function createDescriptor(ctx: RequestContext): Reply {
  const body = requireBody(ctx);
  validateDescriptor(ctx, body, undefined);
  const items = ctx.sandbox.collections.descriptors.items;
  const id = ctx.env.store.newHex(40, (h) => items.has(h));
  const item = stored(ctx, body, id, undefined);
  ctx.env.store.put(ctx.sandbox, "descriptors", id, item);
  const echo = clone(body);
  for (const field of SERVER_FIELDS) delete echo[field];
  return reply(201, { ...echo, "meta:containerId": "tenant", "@id": id });
}

/** `PUT /tenant/descriptors/{id}`: a full rewrite; the guide documents 201 with `{"@id"}` (the spec says 200). */
function replaceDescriptor(ctx: RequestContext, id: string): Reply {
  const current = ctx.sandbox.collections.descriptors.items.get(id);
  if (current === undefined) throw notFound(id);
  const body = requireBody(ctx);
  validateDescriptor(ctx, body, id);
  ctx.env.store.put(ctx.sandbox, "descriptors", id, stored(ctx, body, id, current));
  return reply(201, { "@id": id });
}

function deleteDescriptor(ctx: RequestContext, id: string): Reply {
  if (!ctx.env.store.remove(ctx.sandbox, "descriptors", id)) throw notFound(id);
  return reply(204);
}

/** "Descriptors are not versioned, therefore no Accept header is required in the lookup request." */
function getDescriptor(ctx: RequestContext, container: string, id: string): Reply {
  const accept = (header(ctx, "accept") ?? "").toLowerCase();
  if (accept.includes("vnd.adobe.xed")) {
    throw problemError(
      400,
      "XDM-1009-400",
      "Accept header invalid",
      `The supplied Accept header is not valid: ${accept} - A valid Accept value should look like application/vnd.adobe.xdm+json`,
    );
  }
  const item = container === "tenant" ? ctx.sandbox.collections.descriptors.items.get(id) : undefined;
  if (item === undefined) throw notFound(id);
  return reply(200, item);
}

type ListForm = "id" | "link" | "full";

/** The list forms of the guide's Accept table; `-v2` pages (`results` and `_page`). */
function listForm(ctx: RequestContext): { form: ListForm; paged: boolean } {
  const accept = (header(ctx, "accept") ?? "")
    .split(",")
    .map((a) => a.split(";")[0]?.trim().toLowerCase() ?? "");
  for (const type of accept) {
    const match = /^application\/vnd\.adobe\.xdm(-v2)?(-id|-link)?\+json$/.exec(type);
    if (match != null) {
      const form = match[2] === "-id" ? "id" : match[2] === "-link" ? "link" : "full";
      return { form, paged: match[1] !== undefined };
    }
  }
  throw problemError(
    400,
    "XDM-1008-400",
    "Accept header invalid",
    `The supplied Accept header is not valid: ${accept.join(", ")} - A valid Accept value should look like application/vnd.adobe.xdm-id+json`,
  );
}

function listDescriptors(ctx: RequestContext, container: string): Reply {
  const { form, paged } = listForm(ctx);
  const filters = parseRegistryFilters(ctx.query.getAll("property"));
  const items =
    container === "tenant"
      ? [...ctx.sandbox.collections.descriptors.items.values()].filter((d) =>
          filters.every((f) => matchesFilter(d, f)),
        )
      : [];
  const shown = (item: Obj): unknown =>
    form === "id" ? item["@id"] : form === "link" ? `/${container}/descriptors/${String(item["@id"])}` : item;
  if (paged) {
    return reply(200, { results: items.map(shown), _page: { orderby: "", next: null, count: items.length } });
  }
  // "if there are no descriptors of a certain @type defined, the registry will not return an empty array"
  const byType: Record<string, unknown[]> = {};
  for (const item of items) (byType[String(item["@type"])] ??= []).push(shown(item));
  return reply(200, byType);
}

export const descriptorRoutes: readonly Route[] = [
  {
    method: "GET",
    path: "/{container}/descriptors",
    handle: (ctx, p) => listDescriptors(ctx, containerOf(p)),
  },
  {
    method: "GET",
    path: "/{container}/descriptors/{id}",
    handle: (ctx, p) => getDescriptor(ctx, containerOf(p), p.id ?? ""),
  },
  { method: "POST", path: "/tenant/descriptors", handle: createDescriptor },
  { method: "PUT", path: "/tenant/descriptors/{id}", handle: (ctx, p) => replaceDescriptor(ctx, p.id ?? "") },
  {
    method: "DELETE",
    path: "/tenant/descriptors/{id}",
    handle: (ctx, p) => deleteDescriptor(ctx, p.id ?? ""),
  },
];

function containerOf(params: Record<string, string>): string {
  const container = params.container ?? "";
  if (container !== "tenant" && container !== "global") throw notFound(`/${container}/descriptors`);
  return container;
}
