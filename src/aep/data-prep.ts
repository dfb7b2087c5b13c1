import { listByOffset } from "./paginate.ts";
import { isObjectNotFound, unexpected } from "./transport.ts";
import type { PlatformRequest, Settle, Transport } from "./transport.ts";
import type { MappingSet } from "./types.ts";

export interface DataPrepApi {
  /** `name` filters server-side (the marker lives in the name: docs/architecture.md, "Markers"). */
  listMappingSets(options?: { name?: string }): AsyncIterable<MappingSet>;
  /** The latest version, or `version`; undefined when it does not exist. */
  getMappingSet(id: string, version?: number): Promise<MappingSet | undefined>;
  /** AEP answers 200 `{id, version, …}` (help/data-prep/api/mapping-set.md). */
  createMappingSet(
    body: Record<string, unknown>,
    settle?: Settle<{ id: string; version: number | string }>,
  ): Promise<{ id: string; version: number | string }>;
  /** A new version; retried freely as a PUT (a repeat only adds an identical version). */
  putMappingSet(id: string, body: Record<string, unknown>): Promise<MappingSet>;
  /** Not in Adobe's Data Prep spec (aepp/dataprep.py uses it; UNCONFIRMED). A 404 counts as done. */
  deleteMappingSet(id: string): Promise<void>;
}

const PAGE = 100;

export function createDataPrep(transport: Transport): DataPrepApi {
  const itemRequest = (method: PlatformRequest["method"], id: string): PlatformRequest => ({
    method,
    service: "conversion",
    path: `/mappingSets/${encodeURIComponent(id)}`,
    route: "/mappingSets/{id}",
  });

  return {
    listMappingSets(options = {}) {
      return listByOffset<MappingSet>(
        transport,
        {
          service: "conversion",
          path: "/mappingSets",
          route: "/mappingSets",
          query: [["name", options.name]],
        },
        PAGE,
        (body) => {
          const { data, _page: page } = (body ?? {}) as { data?: unknown; _page?: { next?: unknown } };
          if (!Array.isArray(data)) throw unexpected("no data array in a mapping set list");
          return { items: data as MappingSet[], more: page?.next != null };
        },
      );
    },
    getMappingSet(id, version) {
      const req: PlatformRequest = {
        ...itemRequest("GET", id),
        query: [["version", version]],
        allowStatus: [404],
      };
      return transport.call(req, (res) => (isObjectNotFound(req, res) ? undefined : mappingSet(res.body)));
    },
    createMappingSet(body, settle) {
      const req: PlatformRequest = {
        method: "POST",
        service: "conversion",
        path: "/mappingSets",
        route: "/mappingSets",
        body,
      };
      return transport.call(
        req,
        (res) => {
          const { id, version } = mappingSet(res.body);
          return { id, version };
        },
        settle,
      );
    },
    putMappingSet(id, body) {
      return transport.call({ ...itemRequest("PUT", id), body }, (res) => mappingSet(res.body));
    },
    async deleteMappingSet(id) {
      const req = { ...itemRequest("DELETE", id), allowStatus: [404] };
      await transport.call(req, (res) => void isObjectNotFound(req, res));
    },
  };
}

function mappingSet(body: unknown): MappingSet {
  const value = body as { id?: unknown; version?: unknown } | undefined;
  if (typeof value?.id !== "string") throw unexpected("no id in a mapping set");
  if (typeof value.version !== "number" && typeof value.version !== "string") {
    throw unexpected("no version in a mapping set");
  }
  return value as MappingSet;
}
