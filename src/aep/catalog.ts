import { listByOffset } from "./paginate.ts";
import { isObjectNotFound, unexpected } from "./transport.ts";
import type { PlatformRequest, Settle, Transport } from "./transport.ts";
import type { DataSet, PatchOp } from "./types.ts";

export interface DataSetListOptions {
  /** Top-level projection (`properties=name,tags`); objects lacking them come back without. */
  properties?: readonly string[];
  /** `name=a,b` (OR), `*` wildcard (help/catalog/api/filter-data.md). */
  name?: string;
  /** `tags=key:value,key2:*` (AND). */
  tags?: string;
}

export interface CatalogApi {
  listDataSets(options?: DataSetListOptions): AsyncIterable<DataSet>;
  /** Undefined when it does not exist. */
  getDataSet(id: string, options?: { properties?: readonly string[] }): Promise<DataSet | undefined>;
  /** Several at once with `GET /dataSets/a,b,c` (Catalog's multi-object lookup), 50 ids per request. */
  getDataSets(ids: readonly string[], options?: { properties?: readonly string[] }): Promise<DataSet[]>;
  /** Returns the new id, parsed from `["@/dataSets/<id>"]`. */
  createDataSet(body: Record<string, unknown>, settle?: Settle<string>): Promise<string>;
  /** A partial object (`application/json`) or JSON Patch ops (`application/json-patch+json`). */
  patchDataSet(id: string, change: Record<string, unknown> | readonly PatchOp[]): Promise<void>;
  /** A 404 counts as done. */
  deleteDataSet(id: string): Promise<void>;
}

const PAGE = 100;
const LOOKUP_BATCH = 50;

export function createCatalog(transport: Transport): CatalogApi {
  const itemRequest = (method: PlatformRequest["method"], id: string): PlatformRequest => ({
    method,
    service: "catalog",
    path: `/dataSets/${encodeURIComponent(id)}`,
    route: "/dataSets/{id}",
  });
  const projection = (properties: readonly string[] | undefined) =>
    properties === undefined || properties.length === 0 ? undefined : properties.join(",");

  async function lookup(ids: readonly string[], properties?: readonly string[]): Promise<DataSet[]> {
    const req: PlatformRequest = {
      method: "GET",
      service: "catalog",
      path: `/dataSets/${ids.map(encodeURIComponent).join(",")}`,
      route: ids.length === 1 ? "/dataSets/{id}" : "/dataSets/{ids}",
      query: [["properties", projection(properties)]],
      allowStatus: [404],
    };
    return transport.call(req, (res) => (isObjectNotFound(req, res) ? [] : idKeyed(res.body)));
  }

  return {
    listDataSets(options = {}) {
      return listByOffset<DataSet>(
        transport,
        {
          service: "catalog",
          path: "/dataSets",
          route: "/dataSets",
          query: [
            ["properties", projection(options.properties)],
            ["name", options.name],
            ["tags", options.tags],
          ],
        },
        PAGE,
        (body) => ({ items: idKeyed(body) }),
      );
    },
    async getDataSet(id, options = {}) {
      const found = await lookup([id], options.properties);
      return found.find((dataSet) => dataSet.id === id);
    },
    async getDataSets(ids, options = {}) {
      const unique = [...new Set(ids)];
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += LOOKUP_BATCH) batches.push(unique.slice(i, i + LOOKUP_BATCH));
      const pages = await Promise.all(
        batches.map(async (batch) => {
          let page = await lookup(batch, options.properties);
          // A 404 for the whole batch may hide the ids that do exist: look those up one by one.
          if (page.length === 0 && batch.length > 1) {
            page = (await Promise.all(batch.map((id) => lookup([id], options.properties)))).flat();
          }
          return page.filter((dataSet) => batch.includes(dataSet.id));
        }),
      );
      return pages.flat();
    },
    createDataSet(body, settle) {
      const req: PlatformRequest = {
        method: "POST",
        service: "catalog",
        path: "/dataSets",
        route: "/dataSets",
        body,
      };
      return transport.call(req, (res) => parseDataSetLink(res.body), settle);
    },
    async patchDataSet(id, change) {
      const ops = Array.isArray(change);
      const req: PlatformRequest = {
        ...itemRequest("PATCH", id),
        body: change,
        contentType: ops ? "application/json-patch+json" : "application/json",
      };
      await transport.call(req, () => undefined);
    },
    async deleteDataSet(id) {
      const req = { ...itemRequest("DELETE", id), allowStatus: [404] };
      await transport.call(req, (res) => void isObjectNotFound(req, res));
    },
  };
}

/**
 * Catalog answers with objects keyed by id (help/catalog/api/look-up-object.md,
 * help/catalog/api/filter-data.md); the id is copied into each.
 */
export function idKeyed(body: unknown): DataSet[] {
  if (body === undefined) return [];
  if (body == null || typeof body !== "object" || Array.isArray(body)) {
    throw unexpected("expected an id-keyed Catalog object");
  }
  return Object.entries(body as Record<string, unknown>).map(([id, value]) => ({
    ...(value != null && typeof value === "object" ? (value as Record<string, unknown>) : {}),
    id,
  }));
}

/** `["@/dataSets/5c8c3c555033b814b69f947f"]` → `5c8c3c555033b814b69f947f`. */
export function parseDataSetLink(body: unknown): string {
  const first: unknown = Array.isArray(body) ? body[0] : undefined;
  const match = typeof first === "string" ? /^@\/dataSets\/([^/?#]+)$/.exec(first) : null;
  if (match?.[1] === undefined) throw unexpected(`expected ["@/dataSets/<id>"], got ${JSON.stringify(body)}`);
  return match[1];
}
