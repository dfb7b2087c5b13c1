import { ErrorCodes } from "../errors.ts";
import { AepError } from "./errors.ts";
import { unexpected } from "./transport.ts";
import type { ApiResponse, PlatformRequest, QueryParams, Transport } from "./transport.ts";

/** A list request without method: always a GET. */
export type ListRequest = Omit<PlatformRequest, "method" | "body" | "contentType">;

/**
 * Flow Service paging (vendor/openapi/flow-service.yaml, PageLink): `{items, _links.next.href}`.
 * The href may carry only the continuation token (aepp reads it so) or the whole query: its
 * parameters replace the same-named ones of the first request, the others (`property`, `orderby`,
 * `limit`) are re-sent.
 */
export async function* listByContinuation<T>(transport: Transport, request: ListRequest): AsyncGenerator<T> {
  let query: QueryParams = mergeQuery(request.query ?? [], "");
  const seen = new Set<string>([JSON.stringify(query)]);
  for (;;) {
    const page = await transport.call({ ...request, method: "GET", query }, (res) => {
      const body = objectBody(res);
      if (!Array.isArray(body.items)) throw unexpected("no items array in a Flow Service list");
      return { items: body.items as T[], next: nextHref(body._links) };
    });
    yield* page.items;
    if (page.next === undefined) return;
    const next = mergeQuery(request.query ?? [], page.next);
    const key = JSON.stringify(next);
    if (seen.has(key)) throw loopError(request, "the next link repeats");
    seen.add(key);
    query = next;
  }
}

/**
 * Schema Registry paging (help/xdm/api/appendix.md): `orderby` set, `start=_page.next` until next
 * is null.
 */
export async function* listByPageNext<T>(transport: Transport, request: ListRequest): AsyncGenerator<T> {
  let start: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const query: QueryParams = [...(request.query ?? []), ["start", start]];
    const page = await transport.call({ ...request, method: "GET", query }, (res) => {
      const body = objectBody(res);
      if (!Array.isArray(body.results)) throw unexpected("no results array in a Schema Registry list");
      const meta = (body._page ?? {}) as { next?: unknown };
      const next = typeof meta.next === "string" && meta.next !== "" ? meta.next : undefined;
      return { items: body.results as T[], next };
    });
    yield* page.items;
    if (page.next === undefined) return;
    if (seen.has(page.next)) throw loopError(request, "_page.next repeats");
    seen.add(page.next);
    start = page.next;
  }
}

/** One page of an offset-paged list; `more` when the service says so itself (Data Prep's `_page.next`). */
export interface OffsetPage<T> {
  items: T[];
  more?: boolean;
}

/**
 * Offset paging (Catalog, Data Prep: help/catalog/api/filter-data.md,
 * help/data-prep/api/mapping-set.md): `limit` + `start`, done when a page comes back shorter than
 * `limit` (as aepp does) unless the service says there is more. When the first page shows that the
 * service honours `limit`, the next pages are requested in batches (offsets need no token from the
 * page before), which turns a chain of N round trips into about N / window; otherwise the next
 * `start` counts what came back, so a server that caps `limit` lower skips nothing.
 */
export async function* listByOffset<T extends { id: string }>(
  transport: Transport,
  request: ListRequest,
  limit: number,
  page: (body: unknown) => OffsetPage<T>,
  window = OFFSET_WINDOW,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  const fetchPage = (start: number): Promise<OffsetPage<T>> => {
    const query: QueryParams = [...(request.query ?? []), ["limit", limit], ["start", start]];
    return transport.call({ ...request, method: "GET", query }, (res) => page(res.body));
  };
  const take = (items: T[]): T[] => {
    const fresh = items.filter((item) => !seen.has(item.id));
    // A server that ignores `start` would send the first page forever.
    if (items.length > 0 && fresh.length === 0) throw loopError(request, "start is ignored");
    for (const item of fresh) seen.add(item.id);
    return fresh;
  };
  const first = await fetchPage(0);
  yield* take(first.items);
  if (first.items.length === 0 || (first.items.length < limit && first.more !== true)) return;
  if (first.items.length < limit) {
    // The service caps `limit`: walk on by what it returns.
    for (let start = first.items.length; ;) {
      const { items, more } = await fetchPage(start);
      yield* take(items);
      if (items.length === 0 || (items.length < limit && more !== true)) return;
      start += items.length;
    }
  }
  // Batches of `window` pages: one round trip each, and at most window - 1 pages past the end.
  for (let next = limit; ; next += limit * window) {
    const batch = Array.from({ length: window }, (_, i) => fetchPage(next + i * limit));
    const settled = await Promise.allSettled(batch);
    for (const result of settled) {
      if (result.status === "rejected") throw result.reason;
      const { items, more } = result.value;
      yield* take(items);
      if (items.length < limit && more !== true) return;
    }
  }
}

/** Offset pages requested at once once the first page has shown the page size is honoured. */
const OFFSET_WINDOW = 4;

function objectBody(res: ApiResponse): Record<string, unknown> {
  if (res.body == null || typeof res.body !== "object" || Array.isArray(res.body)) {
    throw unexpected("expected a JSON object");
  }
  return res.body as Record<string, unknown>;
}

function nextHref(links: unknown): string | undefined {
  if (links == null || typeof links !== "object") return undefined;
  const next = (links as { next?: unknown }).next;
  if (typeof next === "string") return next === "" ? undefined : next;
  if (next == null || typeof next !== "object") return undefined;
  const href = (next as { href?: unknown }).href;
  return typeof href === "string" && href !== "" ? href : undefined;
}

/** The first request's query with the parameters of `href` replacing those of the same name. */
export function mergeQuery(original: QueryParams, href: string): [string, string][] {
  const url = new URL(href, "http://next.invalid/");
  const fromHref = [...url.searchParams.entries()];
  const replaced = new Set(fromHref.map(([key]) => key));
  const kept: [string, string][] = [];
  for (const [key, value] of original) {
    if (value !== undefined && !replaced.has(key)) kept.push([key, String(value)]);
  }
  return [...kept, ...fromHref];
}

function loopError(request: ListRequest, why: string): AepError {
  return new AepError({
    code: ErrorCodes.http,
    method: "GET",
    path: `/${request.service}${request.path}`,
    detail: `paging stopped: ${why}`,
  });
}
