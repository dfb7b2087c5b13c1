/**
 * Data Prep (`/data/foundation/conversion`) mapping sets: help/data-prep/api/mapping-set.md,
 * vendor/openapi/data-prep.yaml.
 */
import { hasFieldPath } from "../data/xdm.ts";
import type { EmulatorEnv, RequestContext } from "./context.ts";
import { type ApiError, problemError, reply, type Reply, type Route } from "./http.ts";
import { asArray, asObj, asString, clone, isObj, type Obj } from "./json.ts";
import { textFieldProblem } from "./limits.ts";
import { buildView, readInteger, sortValue } from "./query.ts";
import { canonicalSchemaId, fieldPathsOf, findTenantResource } from "./schema-registry.ts";
import type { SandboxState } from "./store.ts";

export const DATA_PREP_BASE = "/data/foundation/conversion";
/**
 * UNCONFIRMED: `limit` and `start` are documented as required (help/data-prep/api/mapping-set.md); aepp omits
 * `start`.
 */
export const MAPPING_LIST_DEFAULT_LIMIT = 10;
export const MAPPING_LIST_MAX_LIMIT = 100;

const DEFAULT_CONTENT_TYPE = "application/vnd.adobe.xed-full+json;version=1";

/**
 * How AEP stores `sourceType` (help/data-prep/api/mapping-set.md): attributes come back as
 * `text/x.schema-path`; the expression form `text/x.aep-xl` is UNCONFIRMED. Both forms are accepted
 * on input.
 */
const STORED_SOURCE_TYPE: Record<string, string> = {
  ATTRIBUTE: "text/x.schema-path",
  EXPRESSION: "text/x.aep-xl",
  STATIC: "STATIC",
  "TEXT/X.SCHEMA-PATH": "text/x.schema-path",
  "TEXT/X.AEP-XL": "text/x.aep-xl",
};

function badRequest(detail: string, extra: Record<string, unknown> = {}): ApiError {
  return problemError(400, "DAP-1001-400", "Bad Request", detail, extra);
}

function notFound(detail: string): ApiError {
  return problemError(404, "DAP-1101-404", "Not Found", detail);
}

interface MappingInput {
  schemaId: string;
  contentType: string;
  mappings: Obj[];
  extras: Obj;
}

/**
 * Reads the current body form (help/data-prep/api/mapping-set.md) or the legacy one of the source
 * tutorials (help/sources/tutorials/api/collect/marketing-automation.md).
 */
function readMappingBody(body: unknown): MappingInput {
  if (!isObj(body)) throw badRequest("The request body must be a JSON object");
  // `name` is an optional string (vendor/openapi/data-prep.yaml MappingSet); so is a description. Both bounded.
  const problem = textFieldProblem(body, "name", false);
  if (problem !== undefined) throw badRequest(problem);
  const extras: Obj = {};
  for (const key of ["name", "description", "tags", "inputSchema"])
    if (body[key] !== undefined) extras[key] = clone(body[key]);
  const schemaRef = asObj(asObj(body.outputSchema)?.schemaRef);
  if (schemaRef !== undefined) {
    const schemaId = asString(schemaRef.id);
    if (schemaId === undefined) throw badRequest("'outputSchema.schemaRef.id' is required");
    const mappings = asArray(body.mappings);
    if (mappings === undefined) throw badRequest("'mappings' must be an array");
    return {
      schemaId,
      contentType: asString(schemaRef.contentType) ?? DEFAULT_CONTENT_TYPE,
      mappings: mappings.map((m) => readMapping(m, "sourceType", "source", "destination")),
      extras,
    };
  }
  const legacySchema = asString(body.xdmSchema);
  if (legacySchema !== undefined) {
    const mappings = asArray(body.mappings);
    if (mappings === undefined) throw badRequest("'mappings' must be an array");
    return {
      schemaId: legacySchema,
      contentType: DEFAULT_CONTENT_TYPE,
      mappings: mappings.map((m) => readMapping(m, undefined, "sourceAttribute", "destinationXdmPath")),
      extras,
    };
  }
  throw badRequest("The body needs 'outputSchema.schemaRef' (or the legacy 'xdmSchema')");
}

function readMapping(
  raw: unknown,
  typeField: string | undefined,
  sourceField: string,
  destinationField: string,
): Obj {
  const mapping = asObj(raw);
  const source = asString(mapping?.[sourceField]);
  const destination = asString(mapping?.[destinationField]);
  if (mapping === undefined || source === undefined || destination === undefined || destination === "") {
    throw badRequest(`Each mapping needs '${sourceField}' and '${destinationField}'`);
  }
  const typeText = typeField === undefined ? "ATTRIBUTE" : (asString(mapping[typeField]) ?? "ATTRIBUTE");
  const sourceType = STORED_SOURCE_TYPE[typeText.toUpperCase()];
  if (sourceType === undefined) throw badRequest(`Unknown sourceType '${typeText}'`);
  const out: Obj = { sourceType, source, destination };
  for (const key of [
    "name",
    "description",
    "identity",
    "identityGroup",
    "namespaceCode",
    "primaryIdentity",
  ]) {
    if (mapping[key] !== undefined) out[key] = clone(mapping[key]);
  }
  return out;
}

/** Destinations must be fields of the output schema, as AEP's mapping validation checks. */
function validateDestinations(ctx: RequestContext, input: MappingInput): string {
  const schemaId = canonicalSchemaId(ctx.env, input.schemaId) ?? input.schemaId;
  if (findTenantResource(ctx.env, ctx.sandbox, schemaId) === undefined) {
    throw badRequest(`The output schema ${input.schemaId} does not exist in sandbox ${ctx.sandbox.name}`);
  }
  const paths = fieldPathsOf(ctx.env, ctx.sandbox, schemaId) ?? new Set<string>();
  const invalid = input.mappings
    .map((m) => String(m.destination))
    .filter((destination) => !hasFieldPath(paths, destination));
  if (invalid.length > 0) {
    throw badRequest(`Destination fields not found in schema ${schemaId}: ${invalid.join(", ")}`, {
      invalidDestinations: invalid,
    });
  }
  return schemaId;
}

/** One version of a mapping set, as GET shows it (help/data-prep/api/mapping-set.md). */
export function materializeMappingSet(
  env: EmulatorEnv,
  id: string,
  version: number,
  input: MappingInput,
  now: number,
  created: Obj | undefined,
): Obj {
  const createdDate = typeof created?.createdDate === "number" ? created.createdDate : now;
  const createdBy = asString(created?.createdBy) ?? env.clientId;
  const schemaRef = { id: input.schemaId, contentType: input.contentType };
  return {
    id,
    version,
    createdDate,
    modifiedDate: now,
    createdBy,
    modifiedBy: env.clientId,
    ...input.extras,
    supportVersion: "1.1",
    outputSchema: { schemaRef },
    mappings: input.mappings.map((m) => ({
      id: env.store.ids.hex(32),
      version: 0,
      ...m,
      identity: m.identity ?? false,
      primaryIdentity: m.primaryIdentity ?? false,
      matchScore: 0,
      functionVersion: 0,
      sourceAttribute: m.source,
      destinationXdmPath: m.destination,
      createdDate: now,
      modifiedDate: now,
      createdBy: env.clientId,
      modifiedBy: env.clientId,
    })),
    status: "PUBLISHED",
    xdmVersion: "1.0",
    xdmSchema: input.schemaId,
    schemaRef,
  };
}

export function storeMappingVersion(env: EmulatorEnv, sandbox: SandboxState, item: Obj): void {
  const id = item.id as string;
  const history = sandbox.mappingHistory.get(id) ?? [];
  history.push(item);
  sandbox.mappingHistory.set(id, history);
  env.store.put(sandbox, "mappingSets", id, item);
}

/** Admin API: a mapping set object (current body form) planted without validation. */
export function mappingInputFrom(body: Obj): MappingInput {
  return readMappingBody(body);
}

function createMappingSet(ctx: RequestContext): Reply {
  const input = readMappingBody(ctx.body);
  validateDestinations(ctx, input);
  const items = ctx.sandbox.collections.mappingSets.items;
  const id = ctx.env.store.newHex(32, (h) => items.has(h));
  const item = materializeMappingSet(ctx.env, id, 0, input, ctx.now, undefined);
  storeMappingVersion(ctx.env, ctx.sandbox, item);
  // HTTP 200, not 201, and a summary only (help/data-prep/api/mapping-set.md, creating a mapping set).
  return reply(200, {
    id,
    version: 0,
    createdDate: item.createdDate,
    modifiedDate: item.modifiedDate,
    createdBy: item.createdBy,
    modifiedBy: item.modifiedBy,
  });
}

function getMappingSet(ctx: RequestContext, id: string): Reply {
  const history = ctx.sandbox.mappingHistory.get(id);
  if (history === undefined || history.length === 0) throw notFound(`The mapping set ${id} was not found`);
  const versionText = ctx.query.get("version");
  if (versionText == null) return reply(200, history[history.length - 1]);
  const item = history.find((v) => String(v.version) === versionText);
  if (item === undefined) throw notFound(`The mapping set ${id} has no version ${versionText}`);
  return reply(200, item);
}

function listMappingSets(ctx: RequestContext): Reply {
  const limit = Math.min(
    readInteger(ctx.query, "limit", MAPPING_LIST_DEFAULT_LIMIT, 1, badRequest),
    MAPPING_LIST_MAX_LIMIT,
  );
  const start = readInteger(ctx.query, "start", 0, 0, badRequest);
  const name = ctx.query.get("name");
  const orderBy = ctx.query.get("orderBy") ?? "createdDate";
  const match = /^([+-]?)(createdDate|updatedDate)$/.exec(orderBy);
  if (match == null)
    throw badRequest(`orderBy must be createdDate or updatedDate, with + or -: '${orderBy}'`);
  const field = match[2] === "updatedDate" ? "modifiedDate" : "createdDate";
  const collection = ctx.sandbox.collections.mappingSets;
  const view = ctx.env.views.get(
    `${ctx.sandbox.name}|mappingSets|${name ?? ""}|${orderBy}`,
    collection.revision,
    () =>
      buildView(
        collection.items.values(),
        (item) => name == null || item.name === name,
        (item) => [sortValue(item, field), collection.position(String(item.id))],
        [match[1] === "-", match[1] === "-"],
      ),
  );
  const data = view.items.slice(start, start + limit);
  const page: Obj = { count: data.length, limit, start };
  const links: Obj = {};
  if (start + limit < view.items.length) {
    page.next = start + limit;
    const query = new URLSearchParams({ limit: String(limit), start: String(start + limit), orderBy });
    if (name != null) query.set("name", name);
    links.next = { href: `/mappingSets?${query.toString()}` };
  }
  return reply(200, { data, _page: page, _links: links });
}

/**
 * PUT makes a new version; flows keep the version they name until patched. Implied, not stated
 * (UNCONFIRMED): help/sources/tutorials/api/update-dataflows.md patches a flow to a new mappingVersion,
 * and aepp's updateFlowMapping reads the version after the PUT (aepp/flowservice.py).
 */
function replaceMappingSet(ctx: RequestContext, id: string): Reply {
  const history = ctx.sandbox.mappingHistory.get(id);
  const latest = history?.[history.length - 1];
  if (latest === undefined) throw notFound(`The mapping set ${id} was not found`);
  const input = readMappingBody(ctx.body);
  validateDestinations(ctx, input);
  const item = materializeMappingSet(ctx.env, id, Number(latest.version) + 1, input, ctx.now, latest);
  storeMappingVersion(ctx.env, ctx.sandbox, item);
  return reply(200, item);
}

/** UNCONFIRMED officially (not in vendor/openapi/data-prep.yaml; aepp/dataprep.py uses it): answers 204. */
function deleteMappingSet(ctx: RequestContext, id: string): Reply {
  if (!ctx.env.store.remove(ctx.sandbox, "mappingSets", id))
    throw notFound(`The mapping set ${id} was not found`);
  return reply(204);
}

export const dataPrepRoutes: readonly Route[] = [
  { method: "GET", path: "/mappingSets", handle: listMappingSets },
  { method: "POST", path: "/mappingSets", handle: createMappingSet },
  { method: "GET", path: "/mappingSets/{id}", handle: (ctx, p) => getMappingSet(ctx, p.id ?? "") },
  { method: "PUT", path: "/mappingSets/{id}", handle: (ctx, p) => replaceMappingSet(ctx, p.id ?? "") },
  { method: "DELETE", path: "/mappingSets/{id}", handle: (ctx, p) => deleteMappingSet(ctx, p.id ?? "") },
];

export function dataPrepNotFound(path: string): ApiError {
  return notFound(`No resource at ${path}`);
}
