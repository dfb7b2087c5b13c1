/** Flow Service lists: `property` filters, `orderby`, `limit` and continuation tokens (help/dataflows/api/sort-and-filter.md). */
import type { RequestContext } from "./context.ts";
import { invalidRequest, notFound, type InstanceCollection } from "./flow-validation.ts";
import { flowError, reply, type Reply } from "./http.ts";
import { asObj, asString, type Obj } from "./json.ts";
import {
  buildView,
  decodeToken,
  encodeToken,
  indexAfter,
  matchesFilter,
  parsePropertyFilter,
  sortValue,
  type KeyPart,
  type PropertyFilter,
} from "./query.ts";

/**
 * UNCONFIRMED (docs/aep-notes.md, "Flow Service lists"): AEP publishes neither; a larger `limit` is clamped,
 * not refused.
 */
export const FLOW_LIST_DEFAULT_LIMIT = 100;
export const FLOW_LIST_MAX_LIMIT = 100;

interface ListQuery {
  filters: string[];
  orderby: string | undefined;
  limit: number;
  after: KeyPart[] | undefined;
}

function readListQuery(ctx: RequestContext): ListQuery & { count: boolean } {
  const q = ctx.query;
  const count = (q.get("count") ?? "").toLowerCase() === "true";
  const limitText = q.get("limit");
  if (count && limitText != null) {
    throw flowError(
      400,
      "1401-400",
      "Invalid request",
      "The limit and count parameters cannot be given together in the same request.",
    );
  }
  let query: ListQuery = {
    filters: q.getAll("property"),
    orderby: q.get("orderby") ?? undefined,
    limit: FLOW_LIST_DEFAULT_LIMIT,
    after: undefined,
  };
  const token = q.get("continuationToken");
  if (token != null) {
    const decoded = asObj(decodeToken(token));
    if (decoded === undefined || !Array.isArray(decoded.f) || !Array.isArray(decoded.a)) {
      throw invalidRequest("invalid continuationToken");
    }
    query = {
      filters: decoded.f as string[],
      orderby: asString(decoded.o),
      limit: typeof decoded.l === "number" ? decoded.l : FLOW_LIST_DEFAULT_LIMIT,
      after: decoded.a as KeyPart[],
    };
  }
  if (limitText != null) {
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) throw invalidRequest(`invalid limit '${limitText}'`);
    query.limit = Math.min(limit, FLOW_LIST_MAX_LIMIT);
  }
  return { ...query, count };
}

/**
 * Flow Service filter rules (help/sources/errors/flow-service-errors.md): `~` is not implemented, no
 * comparisons on `id`.
 */
export function parseFlowFilters(raw: readonly string[]): PropertyFilter[] {
  return raw.map((text) => {
    const filter = parsePropertyFilter(text, true);
    if (filter === undefined || filter.operator === "exists" || filter.operator === "absent") {
      throw invalidRequest(`invalid property filter '${text}'`);
    }
    if (filter.operator === "~") throw flowError(400, "1440-400", "Operator '~' not implemented");
    const comparison = [">", "<", ">=", "<="].includes(filter.operator);
    if (comparison && filter.path === "id") {
      throw flowError(400, "1448-400", `Operator '${filter.operator}' is not allowed on the field 'id'`);
    }
    if (comparison && filter.values.length > 1) {
      throw flowError(400, "1443-400", `Operator '${filter.operator}' is not allowed for multiple values`);
    }
    return filter;
  });
}

function parseOrderby(orderby: string | undefined): { path: string; descending: boolean } | undefined {
  if (orderby === undefined) return undefined;
  if (orderby.includes(","))
    throw flowError(400, "1433-400", `Sorting on more than one field is not supported: '${orderby}'`);
  const match = /^([+-]?)([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(orderby.trim());
  if (match == null) throw flowError(400, "1432-400", `Invalid orderby value '${orderby}'`);
  return { path: match[2] ?? "", descending: match[1] === "-" };
}

/** `GET /{collection}`; `present` is what a GET shows of each item (credentials masked). */
export function listInstances(
  ctx: RequestContext,
  collection: InstanceCollection,
  present: (collection: InstanceCollection, item: Obj) => Obj,
): Reply {
  const query = readListQuery(ctx);
  const filters = parseFlowFilters(query.filters);
  const order = parseOrderby(query.orderby);
  const store = ctx.sandbox.collections[collection];
  const key = `${ctx.sandbox.name}|${collection}|${JSON.stringify(query.filters)}|${query.orderby ?? ""}`;
  const view = ctx.env.views.get(key, store.revision, () =>
    buildView(
      store.items.values(),
      (item) => filters.every((f) => matchesFilter(item, f)),
      (item) => [
        order === undefined ? null : sortValue(item, order.path),
        typeof item.createdAt === "number" ? item.createdAt : 0,
        store.position(String(item.id)),
      ],
      Array<boolean>(3).fill(order?.descending ?? false),
    ),
  );
  if (query.count) return reply(200, { count: view.items.length });
  const start = query.after === undefined ? 0 : indexAfter(view, query.after);
  const end = start + query.limit;
  const items = view.items.slice(start, end).map((item) => present(collection, item));
  const links: Obj = {};
  const lastKey = view.keys[end - 1];
  if (end < view.items.length && lastKey !== undefined) {
    // The token carries the whole query, so the next page is consistent and the href needs no
    // other parameter (aepp splits it on '=', aepp/flowservice.py getFlows).
    const token = encodeToken({ f: query.filters, o: query.orderby, l: query.limit, a: lastKey });
    links.next = { href: `/${collection}?continuationToken=${token}` };
  }
  return reply(200, { items, _links: links });
}

export function listSpecs(ctx: RequestContext, specs: readonly Obj[]): Reply {
  const filters = parseFlowFilters(ctx.query.getAll("property"));
  return reply(200, { items: specs.filter((s) => filters.every((f) => matchesFilter(s, f))) });
}

export function getSpec(specs: readonly Obj[], kind: string, id: string): Reply {
  const spec = specs.find((s) => s.id === id);
  if (spec === undefined) throw notFound(kind, id);
  return reply(200, { items: [spec] });
}
