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
  for await (const page of continuationPages<T>(transport, request)) yield* page;
}

/** The pages of a Flow Service list, one request each, following `_links.next`. */
async function* continuationPages<T>(transport: Transport, request: ListRequest): AsyncGenerator<T[]> {
  let query: QueryParams = mergeQuery(request.query ?? [], "");
  const seen = new Set<string>([JSON.stringify(query)]);
  for (;;) {
    const page = await transport.call({ ...request, method: "GET", query }, (res) => {
      const body = objectBody(res);
      if (!Array.isArray(body.items)) throw unexpected("no items array in a Flow Service list");
      return { items: body.items as T[], next: nextHref(body._links) };
    });
    yield page.items;
    if (page.next === undefined) return;
    const next = mergeQuery(request.query ?? [], page.next);
    const key = JSON.stringify(next);
    if (seen.has(key)) throw loopError(request, "the next link repeats");
    seen.add(key);
    query = next;
  }
}

/**
 * Every item of a Flow Service list, read from both ends at once: one chain of pages ordered by
 * `createdAt`, one by `-createdAt` (help/dataflows/api/sort-and-filter.md documents `orderby` and
 * `count` on these lists), so N pages take about N/2 round trips instead of N. The chains stop
 * when together they hold as many distinct items as `count` said there are, or when they have
 * crossed (the ascending chain has reached a `createdAt` newer than the oldest the descending one
 * has: every item is older or newer than that, whatever order ties come in), or when either
 * reaches its end. Items come oldest first, as the ascending chain alone would give them. A page
 * whose items have no numeric `createdAt`, or are not in the order asked for, stops the
 * descending chain: the ascending one then reads to the end, as a plain listing does; a first
 * page refused as a bad request (400) is read again without `orderby`. Once `signal` is aborted
 * no further page is requested (what came so far is returned).
 */
export async function listFromBothEnds<T extends { id: string }>(
  transport: Transport,
  request: ListRequest,
  count: () => Promise<number | undefined>,
  signal?: AbortSignal,
): Promise<T[]> {
  const query = request.query ?? [];
  const ascending = continuationPages<T>(transport, {
    ...request,
    query: [...query, ["orderby", "createdAt"]],
  });
  const descending = continuationPages<T>(transport, {
    ...request,
    query: [...query, ["orderby", "-createdAt"]],
  });
  const front: T[] = [];
  const back: T[] = [];
  const frontIds = new Set<string>();
  const seen = new Set<string>();
  let ascendingDone = false;
  let descendingDone = false;
  let ordered = true;
  let newestFront = -Infinity;
  let oldestBack = Infinity;
  let total: number | undefined;
  let counting: Promise<number | undefined> | undefined = count();
  let first = true;
  try {
    for (;;) {
      let settled: [IteratorResult<T[]> | undefined, IteratorResult<T[]> | undefined, number | undefined];
      try {
        settled = await settleAll([
          ascendingDone ? undefined : ascending.next(),
          descendingDone || !ordered ? undefined : descending.next(),
          counting,
        ]);
      } catch (error) {
        // A first page refused as a bad request (an `orderby` this list does not take): read it
        // the plain way, which reports the error again if it was something else.
        if (first && error instanceof AepError && error.status === 400) {
          const items: T[] = [];
          for await (const item of listByContinuation<T>(transport, request)) {
            if (signal?.aborted === true) break;
            items.push(item);
          }
          return items;
        }
        throw error;
      }
      first = false;
      const [up, down, counted] = settled;
      counting = undefined;
      if (counted !== undefined) total = counted;
      if (up === undefined || up.done === true) ascendingDone = true;
      else
        for (const item of up.value) {
          const at = createdAtOf(item);
          if (at === undefined || at < newestFront) ordered = false;
          else newestFront = at;
          if (frontIds.has(item.id)) continue;
          frontIds.add(item.id);
          seen.add(item.id);
          front.push(item);
        }
      if (down === undefined || down.done === true) descendingDone = ordered;
      else
        for (const item of down.value) {
          const at = createdAtOf(item);
          if (at === undefined || at > oldestBack) ordered = false;
          else oldestBack = at;
          seen.add(item.id);
          back.push(item);
        }
      const complete =
        ascendingDone ||
        (ordered && descendingDone) ||
        (total !== undefined && seen.size >= total) ||
        (ordered && newestFront > oldestBack);
      if (complete || signal?.aborted === true) break;
    }
  } finally {
    // Chains cut short end here (neither has a request in flight once a round has settled).
    await Promise.allSettled([ascending.return(undefined), descending.return(undefined)]);
  }
  const out = front;
  const backIds = new Set<string>();
  for (let i = back.length - 1; i >= 0; i--) {
    const item = back[i]!;
    if (frontIds.has(item.id) || backIds.has(item.id)) continue;
    backIds.add(item.id);
    out.push(item);
  }
  return out;
}

function createdAtOf(item: unknown): number | undefined {
  const at = (item as { createdAt?: unknown }).createdAt;
  return typeof at === "number" && Number.isFinite(at) ? at : undefined;
}

/** Awaits every promise; throws the first rejection only once all have settled (no request left unobserved). */
async function settleAll<A, B, C>(
  promises: [Promise<A> | undefined, Promise<B> | undefined, Promise<C> | undefined],
): Promise<[A | undefined, B | undefined, C | undefined]> {
  const results = await Promise.allSettled(promises.map((p) => p ?? Promise.resolve(undefined)));
  for (const result of results) if (result.status === "rejected") throw result.reason;
  return results.map((r) => (r.status === "fulfilled" ? r.value : undefined)) as [
    A | undefined,
    B | undefined,
    C | undefined,
  ];
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
 * help/data-prep/api/mapping-set.md): `limit` + `start`, done when a page comes
 * back shorter than `limit` (as aepp does) unless the service says there is more. When the first
 * page shows that the service honours `limit`, the next pages are requested in batches (offsets
 * need no token from the page before), which turns a chain of N round trips into a few;
 * otherwise the next `start` counts what came back, so a server that caps `limit` lower skips nothing.
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
  // Batches of pages, one round trip each: `window` pages, then twice as many up to
  // MAX_OFFSET_WINDOW (a long list in few round trips, a short one with few pages past its end).
  for (
    let next = limit, size = window;
    ;
    next += limit * size, size = Math.min(size * 2, Math.max(window, MAX_OFFSET_WINDOW))
  ) {
    const batch = Array.from({ length: size }, (_, i) => fetchPage(next + i * limit));
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
/** The most offset pages requested at once (the client's default number of requests in flight). */
const MAX_OFFSET_WINDOW = 8;

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
