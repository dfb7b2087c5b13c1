/** Catalog (`/data/foundation/catalog`) datasets: help/catalog/api/, vendor/openapi/catalog.yaml. */
import type { EmulatorEnv, RequestContext } from "./context.ts";
import { type ApiError, problemError, reply, type Reply, type Route } from "./http.ts";
import {
  applyPatch,
  asObj,
  asString,
  clone,
  deepEqual,
  isObj,
  PatchError,
  readPatchOperations,
  type Obj,
} from "./json.ts";
import { compileLinearRegex, RegexSyntaxError, type LinearRegex } from "./linear-regex.ts";
import {
  buildView,
  compilePattern,
  matchesFilter,
  parsePropertyFilter,
  sortValue,
  type KeyPart,
  type PropertyFilter,
  readInteger,
} from "./query.ts";
import { textFieldProblem } from "./limits.ts";
import { findTenantResource } from "./schema-registry.ts";
import type { SandboxState } from "./store.ts";

export const CATALOG_BASE = "/data/foundation/catalog";
export const CATALOG_DEFAULT_LIMIT = 20;
export const CATALOG_MAX_LIMIT = 100;

/** Server-managed fields: restored after a PATCH or PUT, whatever the body says. */
const MANAGED = [
  "id",
  "imsOrg",
  "sandboxId",
  "created",
  "updated",
  "createdClient",
  "createdUser",
  "updatedUser",
  "version",
  "files",
  "viewId",
  "basePath",
];
/** Linked (`@`) and identity fields a client may not change (help/catalog/api/update-object.md). */
const IMMUTABLE = ["id", "files", "basePath", "viewId"];

function badRequest(detail: string): ApiError {
  return problemError(400, "CAT-1001-400", "Bad Request", detail);
}

function notFound(id: string): ApiError {
  return problemError(404, "CAT-1101-404", "Not Found", `The dataset ${id} was not found`);
}

function ref(id: string): string {
  return `@/dataSets/${id}`;
}

/** Fills what Catalog fills on create (the fields help/catalog/api/look-up-object.md shows). */
export function materializeDataSet(env: EmulatorEnv, sandbox: SandboxState, body: Obj, now: number): Obj {
  const items = sandbox.collections.dataSets.items;
  const id = asString(body.id) ?? env.store.newHex(24, (h) => items.has(h));
  const item: Obj = { ...clone(body), id };
  item.tags = isObj(body.tags) ? clone(body.tags) : {};
  item.fileDescription = isObj(body.fileDescription)
    ? clone(body.fileDescription)
    : { persisted: true, containerFormat: "parquet", format: "parquet" };
  item.imsOrg = env.orgId;
  item.sandboxId = sandbox.id;
  item.version = asString(body.version) ?? "1.0.0";
  item.created = typeof body.created === "number" ? body.created : now;
  item.updated = typeof body.updated === "number" ? body.updated : now;
  item.createdClient = env.clientId;
  item.createdUser = env.clientId;
  item.updatedUser = env.clientId;
  item.files = `@/dataSetFiles?dataSetId=${id}`;
  item.viewId = asString(body.viewId) ?? env.store.ids.hex(24);
  item.basePath = `/platform/${id}`;
  return item;
}

/** The stored object as Catalog shows it: keyed by id outside, so no `id` inside. */
function present(item: Obj, properties: readonly string[] | undefined): Obj {
  const { id: _id, ...rest } = item;
  if (properties === undefined) return rest;
  return Object.fromEntries(properties.filter((p) => p in rest).map((p) => [p, rest[p]]));
}

function readProperties(ctx: RequestContext): string[] | undefined {
  const raw = ctx.query.get("properties");
  return raw == null || raw.trim() === "" ? undefined : raw.split(",").map((p) => p.trim());
}

function checkSchemaRef(ctx: RequestContext, body: Obj): void {
  const schemaId = asString(asObj(body.schemaRef)?.id);
  if (schemaId === undefined) throw badRequest("'schemaRef.id' is required");
  if (findTenantResource(ctx.env, ctx.sandbox, schemaId) === undefined) {
    throw badRequest(`The schema ${schemaId} does not exist in sandbox ${ctx.sandbox.name}`);
  }
}

function createDataSet(ctx: RequestContext): Reply {
  if (!isObj(ctx.body)) throw badRequest("The request body must be a JSON object");
  const body = ctx.body;
  checkTextFields(body);
  if (body.tags !== undefined && !isTags(body.tags))
    throw badRequest("'tags' must map keys to arrays of strings");
  checkSchemaRef(ctx, body);
  const input = clone(body);
  for (const field of MANAGED) delete input[field];
  const item = materializeDataSet(ctx.env, ctx.sandbox, input, ctx.now);
  if (ctx.env.realism) item.tags = { ...systemTags(item), ...asObj(item.tags) };
  const id = item.id as string;
  ctx.env.store.put(ctx.sandbox, "dataSets", id, item);
  return reply(201, [ref(id)], { location: `${CATALOG_BASE}/dataSets/${id}` });
}

/** `name` a non-empty string and `description` a string, both bounded (vendor/openapi/catalog.yaml types both as strings). */
function checkTextFields(item: Obj): void {
  const problem = textFieldProblem(item, "name", true);
  if (problem !== undefined) throw badRequest(problem);
}

function isTags(value: unknown): boolean {
  return (
    isObj(value) &&
    Object.values(value).every((v) => Array.isArray(v) && v.every((x) => typeof x === "string"))
  );
}

/**
 * The tags Adobe's services put on a new dataset (with realism): Query Service's table name and
 * the storage format, as vendor/openapi/catalog.yaml shows them (`adobe/pqs/table: ["q2_sales_data"]`,
 * `adobe/siphon/table/format: ["parquet"]` in datasetPatchRequestV2); the dataSets examples carry
 * `adobe/touchpoint/appliedTransformations` too. They are not the client's: a client that writes the
 * whole `tags` object removes them.
 */
function systemTags(item: Obj): Obj {
  const table = String(item.name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return {
    "adobe/pqs/table": [table === "" ? `dataset_${String(item.id)}` : table],
    "adobe/siphon/table/format": ["parquet"],
  };
}

/**
 * `GET /dataSets/{id}` and `GET /dataSets/{id1},{id2},…` (help/catalog/api/look-up-multiple-objects.md):
 * one object keyed by id per dataset found. Adobe is silent on ids that do not exist among others:
 * they are left out; 404 when none exists.
 */
function getDataSet(ctx: RequestContext, id: string): Reply {
  const properties = readProperties(ctx);
  const found: Obj = {};
  for (const one of id.split(",").map((i) => i.trim())) {
    const item = ctx.sandbox.collections.dataSets.items.get(one);
    if (item !== undefined) found[one] = present(item, properties);
  }
  if (Object.keys(found).length === 0) throw notFound(id);
  return reply(200, found);
}

interface NameFilter {
  include: LinearRegex[];
  exclude: LinearRegex[];
}

/** `name=a,b` (OR), `name=!a` (not), `*` wildcard (help/catalog/api/filter-data.md), matched in linear time. */
function parseNameFilter(raw: string | null): NameFilter | undefined {
  if (raw == null) return undefined;
  const toRegExp = (value: string): LinearRegex => {
    const pattern = value
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    try {
      return compileLinearRegex(`^${pattern}$`);
    } catch (error) {
      if (error instanceof RegexSyntaxError)
        throw badRequest(`Invalid name filter '${value}': ${error.message}`);
      throw error;
    }
  };
  const filter: NameFilter = { include: [], exclude: [] };
  for (const value of raw.split(",").map((v) => v.trim())) {
    if (value.startsWith("!")) filter.exclude.push(toRegExp(value.slice(1)));
    else filter.include.push(toRegExp(value));
  }
  return filter;
}

function matchesName(item: Obj, filter: NameFilter | undefined): boolean {
  if (filter === undefined) return true;
  const name = typeof item.name === "string" ? item.name : "";
  if (filter.exclude.some((r) => r.test(name))) return false;
  return filter.include.length === 0 || filter.include.some((r) => r.test(name));
}

/** `tags=key:value,key2:*`, every pair required. */
function matchesTags(item: Obj, raw: string | null): boolean {
  if (raw == null) return true;
  const tags = asObj(item.tags) ?? {};
  return raw.split(",").every((pair) => {
    const [key = "", value = "*"] = pair.split(":");
    const values = tags[key.trim()];
    if (!Array.isArray(values)) return false;
    return value.trim() === "*" || values.includes(value.trim());
  });
}

interface SortField {
  field: string;
  descending: boolean;
}

function parseOrderBy(raw: string | null): SortField[] {
  if (raw == null || raw.trim() === "") return [];
  return raw.split(",").map((part) => {
    const match = /^(?:(asc|desc):)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(part.trim());
    if (match == null) throw badRequest(`Invalid orderBy '${raw}'`);
    return { field: match[2] ?? "", descending: match[1] === "desc" };
  });
}

function parseCatalogFilters(raw: readonly string[]): PropertyFilter[] {
  return raw.map((text) => {
    const filter = parsePropertyFilter(text, true);
    if (filter === undefined) throw badRequest(`Invalid property filter '${text}'`);
    // Catalog filters only top-level properties (help/catalog/api/filter-data.md).
    if (filter.path.includes(".")) throw badRequest(`Only top-level properties can be filtered: '${text}'`);
    try {
      return compilePattern(filter);
    } catch (error) {
      if (error instanceof RegexSyntaxError) {
        throw badRequest(`Invalid regular expression in '${text}': ${error.message}`);
      }
      throw error;
    }
  });
}

function listDataSets(ctx: RequestContext): Reply {
  const limit = readInteger(ctx.query, "limit", CATALOG_DEFAULT_LIMIT, 1, badRequest);
  if (limit > CATALOG_MAX_LIMIT) throw badRequest(`limit must be at most ${CATALOG_MAX_LIMIT}`);
  const start = readInteger(ctx.query, "start", 0, 0, badRequest);
  const filterText = ctx.query.getAll("property");
  const filters = parseCatalogFilters(filterText);
  const nameText = ctx.query.get("name");
  const name = parseNameFilter(nameText);
  const tags = ctx.query.get("tags");
  const orderText = ctx.query.get("orderBy");
  const order = parseOrderBy(orderText);
  const collection = ctx.sandbox.collections.dataSets;
  const key = `${ctx.sandbox.name}|dataSets|${JSON.stringify([filterText, nameText, tags, orderText])}`;
  const view = ctx.env.views.get(key, collection.revision, () =>
    buildView(
      collection.items.values(),
      (item) =>
        matchesName(item, name) && matchesTags(item, tags) && filters.every((f) => matchesFilter(item, f)),
      (item): KeyPart[] => [
        ...order.map((o) => sortValue(item, o.field)),
        typeof item.created === "number" ? item.created : 0,
        collection.position(String(item.id)),
      ],
      // Ties follow the first field's direction: `desc:created` lists same-millisecond creates newest first.
      [...order.map((o) => o.descending), ...Array<boolean>(2).fill(order[0]?.descending ?? false)],
    ),
  );
  const properties = readProperties(ctx);
  const page = view.items.slice(start, start + limit);
  return reply(200, Object.fromEntries(page.map((item) => [String(item.id), present(item, properties)])));
}

function bumpVersion(version: unknown): string {
  const [major = "1", minor = "0", patch = "0"] = (typeof version === "string" ? version : "1.0.0").split(
    ".",
  );
  return `${major}.${minor}.${Number(patch) + 1}`;
}

/** Records a change (API or out-of-band): managed fields restored, version and `updated` bumped. */
export function touchDataSet(
  env: EmulatorEnv,
  sandbox: SandboxState,
  current: Obj,
  next: Obj,
  now: number,
): Obj {
  const updated: Obj = { ...next };
  for (const field of MANAGED) {
    if (field in current) updated[field] = current[field];
    else delete updated[field];
  }
  updated.version = bumpVersion(current.version);
  updated.updated = now;
  updated.updatedUser = env.clientId;
  env.store.put(sandbox, "dataSets", current.id as string, updated);
  return updated;
}

function assertAllowedChange(current: Obj, next: Obj): void {
  // AEP refuses to move a dataset to another schema.
  if (!deepEqual(current.schemaRef, next.schemaRef))
    throw badRequest("The schemaRef of a dataset cannot be changed");
  for (const field of IMMUTABLE) {
    if (field in next && !deepEqual(current[field], next[field]))
      throw badRequest(`The field '${field}' cannot be modified`);
  }
  checkTextFields(next);
  if (next.tags !== undefined && !isTags(next.tags))
    throw badRequest("'tags' must map keys to arrays of strings");
}

function patchDataSet(ctx: RequestContext, id: string): Reply {
  const current = ctx.sandbox.collections.dataSets.items.get(id);
  if (current === undefined) throw notFound(id);
  let next: Obj;
  if (Array.isArray(ctx.body) || ctx.contentType === "application/json-patch+json") {
    // "When using JSON Patch, you must also set the Content-Type header to application/json-patch+json"
    // (help/catalog/api/update-object.md).
    if (ctx.env.realism && ctx.contentType !== "application/json-patch+json") {
      throw badRequest("A JSON Patch body needs 'Content-Type: application/json-patch+json'");
    }
    const ops = readPatchOperations(ctx.body);
    if (ops === undefined) throw badRequest("The body must be a JSON Patch array");
    try {
      next = applyPatch(current, ops, ["add", "remove", "replace", "move", "copy", "test"]);
    } catch (error) {
      if (error instanceof PatchError) throw badRequest(error.message);
      throw error;
    }
  } else {
    if (!isObj(ctx.body)) throw badRequest("The request body must be a JSON object");
    next = { ...current, ...clone(ctx.body) };
  }
  assertAllowedChange(current, next);
  touchDataSet(ctx.env, ctx.sandbox, current, next, ctx.now);
  return reply(200, [ref(id)]);
}

function replaceDataSet(ctx: RequestContext, id: string): Reply {
  const current = ctx.sandbox.collections.dataSets.items.get(id);
  if (current === undefined) throw notFound(id);
  if (!isObj(ctx.body)) throw badRequest("The request body must be a JSON object");
  const next = { ...clone(ctx.body), id };
  assertAllowedChange(current, next);
  touchDataSet(ctx.env, ctx.sandbox, current, next, ctx.now);
  return reply(200, [ref(id)]);
}

function deleteDataSet(ctx: RequestContext, id: string): Reply {
  if (!ctx.env.store.remove(ctx.sandbox, "dataSets", id)) throw notFound(id);
  return reply(200, [ref(id)]);
}

export const catalogRoutes: readonly Route[] = [
  { method: "GET", path: "/dataSets", handle: listDataSets },
  { method: "POST", path: "/dataSets", handle: createDataSet },
  { method: "GET", path: "/dataSets/{id}", handle: (ctx, p) => getDataSet(ctx, p.id ?? "") },
  { method: "PATCH", path: "/dataSets/{id}", handle: (ctx, p) => patchDataSet(ctx, p.id ?? "") },
  { method: "PUT", path: "/dataSets/{id}", handle: (ctx, p) => replaceDataSet(ctx, p.id ?? "") },
  { method: "DELETE", path: "/dataSets/{id}", handle: (ctx, p) => deleteDataSet(ctx, p.id ?? "") },
];

export function catalogNotFound(path: string): ApiError {
  return problemError(404, "CAT-1101-404", "Not Found", `No resource at ${path}`);
}
