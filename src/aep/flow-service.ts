import { AepError } from "./errors.ts";
import { listByContinuation, listFromBothEnds } from "./paginate.ts";
import { isObjectNotFound, unexpected } from "./transport.ts";
import type { ApiResponse, PlatformRequest, Settle, Transport } from "./transport.ts";
import type {
  Connection,
  ConnectionSpec,
  Flow,
  FlowSpec,
  PatchOp,
  SourceConnection,
  TargetConnection,
  Versioned,
} from "./types.ts";

export interface FlowServiceListOptions {
  /** Each one a `property` filter (`name==x`, `id==a,b`); AEP ANDs them. */
  property?: readonly string[];
  orderby?: string;
  /** Page size; default 100. */
  limit?: number;
}

export interface FlowServiceCollection<T> {
  list(options?: FlowServiceListOptions): AsyncIterable<T>;
  /**
   * Every item the `property` filters select, oldest first, read from both ends of the list at
   * once (paginate.ts, listFromBothEnds): a long list in about half the round trips of `list`.
   */
  listAll(options?: { property?: readonly string[]; signal?: AbortSignal }): Promise<T[]>;
  /** Unwraps AEP's `{items:[…]}`; undefined when the object does not exist. */
  get(id: string): Promise<T | undefined>;
  /** POST; with `settle`, an answer lost in transit is settled by looking the object up, never re-sent blindly. */
  create(body: Record<string, unknown>, settle?: Settle<Versioned>): Promise<Versioned>;
  /** JSON Patch with `If-Match: etag`, sent exactly as AEP returned it. 412 → AepConflictError. */
  patch(id: string, ops: readonly PatchOp[], etag: string): Promise<Versioned>;
  /** 204; a 404 counts as done (already gone). */
  delete(id: string): Promise<void>;
  /** Batched `property=id==a,b,…` lookups (50 ids per request); missing ids are left out. */
  getMany(ids: readonly string[]): Promise<T[]>;
}

export type FlowAction = "enable" | "disable";

export interface FlowsApi extends FlowServiceCollection<Flow> {
  /**
   * `POST /flows/{id}/action?op=…` (help/destinations/api/update-destination-dataflows.md,
   * vendor/openapi/flow-service.yaml postStateTransition). Idempotent: when the answer is lost or AEP
   * refuses the transition, the flow's state settles it (already in that state → done).
   */
  action(id: string, op: FlowAction): Promise<Versioned>;
}

export interface FlowServiceApi {
  readonly connections: FlowServiceCollection<Connection>;
  readonly sourceConnections: FlowServiceCollection<SourceConnection>;
  readonly targetConnections: FlowServiceCollection<TargetConnection>;
  readonly flows: FlowsApi;
  listFlowSpecs(options?: { property?: readonly string[] }): Promise<FlowSpec[]>;
  findFlowSpecByName(name: string): Promise<FlowSpec | undefined>;
  getConnectionSpec(id: string): Promise<ConnectionSpec | undefined>;
}

const GET_MANY_BATCH = 50;
const DEFAULT_LIMIT = 100;

type Collection = "connections" | "sourceConnections" | "targetConnections" | "flows";

export function createFlowService(transport: Transport): FlowServiceApi {
  const flows = createCollection<Flow>(transport, "flows");
  async function listFlowSpecs(options: { property?: readonly string[] } = {}): Promise<FlowSpec[]> {
    const specs: FlowSpec[] = [];
    const query = (options.property ?? []).map((p) => ["property", p] as const);
    const pages = listByContinuation<FlowSpec>(transport, {
      service: "flowservice",
      path: "/flowSpecs",
      route: "/flowSpecs",
      query,
    });
    for await (const spec of pages) specs.push(spec);
    return specs;
  }
  return {
    connections: createCollection<Connection>(transport, "connections"),
    sourceConnections: createCollection<SourceConnection>(transport, "sourceConnections"),
    targetConnections: createCollection<TargetConnection>(transport, "targetConnections"),
    flows: { ...flows, action: (id, op) => flowAction(transport, flows, id, op) },
    listFlowSpecs,
    async findFlowSpecByName(name) {
      const specs = await listFlowSpecs({ property: [`name==${JSON.stringify(name)}`] });
      return specs.find((spec) => spec.name === name);
    },
    getConnectionSpec(id) {
      const req: PlatformRequest = {
        method: "GET",
        service: "flowservice",
        path: `/connectionSpecs/${encodeURIComponent(id)}`,
        route: "/connectionSpecs/{id}",
        allowStatus: [404],
      };
      return transport.call(req, (res) => unwrapItem<ConnectionSpec>(req, res));
    },
  };
}

function createCollection<T extends { id: string }>(
  transport: Transport,
  collection: Collection,
): FlowServiceCollection<T> {
  const itemRequest = (method: PlatformRequest["method"], id: string): PlatformRequest => ({
    method,
    service: "flowservice",
    path: `/${collection}/${encodeURIComponent(id)}`,
    route: `/${collection}/{id}`,
  });

  function list(options: FlowServiceListOptions = {}): AsyncIterable<T> {
    return listByContinuation<T>(transport, {
      service: "flowservice",
      path: `/${collection}`,
      route: `/${collection}`,
      query: [
        ...(options.property ?? []).map((p) => ["property", p] as const),
        ["orderby", options.orderby],
        ["limit", options.limit ?? DEFAULT_LIMIT],
      ],
    });
  }

  /** `count=true` (never with `limit`: AEP refuses the two together); undefined when AEP does not answer a count. */
  async function count(property: readonly string[]): Promise<number | undefined> {
    const req: PlatformRequest = {
      method: "GET",
      service: "flowservice",
      path: `/${collection}`,
      route: `/${collection}`,
      query: [...property.map((p) => ["property", p] as const), ["count", "true"]],
    };
    try {
      return await transport.call(req, (res) => {
        const value = (res.body as { count?: unknown } | undefined)?.count;
        return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
      });
    } catch (error) {
      // A count AEP refuses leaves the listing to stop by its own ends.
      if (
        error instanceof AepError &&
        error.status !== undefined &&
        error.status >= 400 &&
        error.status < 500
      )
        return undefined;
      throw error;
    }
  }

  return {
    list,
    listAll(options = {}) {
      const property = options.property ?? [];
      return listFromBothEnds<T>(
        transport,
        {
          service: "flowservice",
          path: `/${collection}`,
          route: `/${collection}`,
          query: [...property.map((p) => ["property", p] as const), ["limit", DEFAULT_LIMIT]],
        },
        () => count(property),
        options.signal,
      );
    },
    get(id) {
      const req = { ...itemRequest("GET", id), allowStatus: [404] };
      return transport.call(req, (res) => unwrapItem<T>(req, res));
    },
    create(body, settle) {
      const req: PlatformRequest = {
        method: "POST",
        service: "flowservice",
        path: `/${collection}`,
        route: `/${collection}`,
        body,
      };
      return transport.call(req, (res) => parseVersioned(res.body), settle);
    },
    patch(id, ops, etag) {
      const req = { ...itemRequest("PATCH", id), body: ops, headers: { "if-match": etag } };
      return transport.call(req, (res) => parseVersioned(res.body));
    },
    async delete(id) {
      const req = { ...itemRequest("DELETE", id), allowStatus: [404] };
      await transport.call(req, (res) => void isObjectNotFound(req, res));
    },
    async getMany(ids) {
      const unique = [...new Set(ids)];
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += GET_MANY_BATCH)
        batches.push(unique.slice(i, i + GET_MANY_BATCH));
      // In parallel: the client's concurrency limit bounds them.
      const pages = await Promise.all(
        batches.map(async (batch) => {
          const found: T[] = [];
          for await (const item of list({ property: [`id==${batch.join(",")}`] })) found.push(item);
          return found;
        }),
      );
      return pages.flat();
    },
  };
}

async function flowAction(
  transport: Transport,
  flows: FlowServiceCollection<Flow>,
  id: string,
  op: FlowAction,
): Promise<Versioned> {
  const wanted = op === "enable" ? "enabled" : "disabled";
  const settle: Settle<Versioned> = async () => {
    const flow = await flows.get(id);
    return flow?.state === wanted ? { id: flow.id, etag: flow.etag } : undefined;
  };
  const req: PlatformRequest = {
    method: "POST",
    service: "flowservice",
    path: `/flows/${encodeURIComponent(id)}/action`,
    route: "/flows/{id}/action",
    query: [["op", op]],
  };
  try {
    return await transport.call(req, (res) => parseVersioned(res.body), settle);
  } catch (error) {
    // 1422-400: the transition does not apply to the current state, e.g. already enabled.
    if (error instanceof AepError && error.status === 400) {
      const settled = await settle();
      if (settled !== undefined) return settled;
    }
    throw error;
  }
}

function unwrapItem<T>(req: PlatformRequest, res: ApiResponse): T | undefined {
  if (isObjectNotFound(req, res)) return undefined;
  // Single GETs answer with the list shape (vendor/openapi/flow-service.yaml,
  // help/sources/tutorials/api/update-dataflows.md).
  const body = res.body as { items?: unknown } | undefined;
  if (body === undefined || body == null || typeof body !== "object")
    throw unexpected("expected a JSON object");
  if (Array.isArray(body.items)) return body.items[0] as T | undefined;
  if ("id" in body) return body as T;
  throw unexpected("no items array in a Flow Service lookup");
}

/** `{id, etag}` of a create, PATCH or action; a PATCH of a source connection may answer with the list shape. */
function parseVersioned(body: unknown): Versioned {
  let value = body as Record<string, unknown> | undefined;
  if (value !== undefined && value != null && Array.isArray(value.items)) {
    value = value.items[0] as Record<string, unknown> | undefined;
  }
  const id = value?.id;
  const etag = value?.etag;
  if (typeof id !== "string" || typeof etag !== "string") throw unexpected("expected {id, etag}");
  return { id, etag };
}
