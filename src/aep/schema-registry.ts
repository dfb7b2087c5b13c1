import { listByPageNext } from "./paginate.ts";
import { isObjectNotFound, unexpected } from "./transport.ts";
import type { PlatformRequest, Settle, Transport } from "./transport.ts";
import type { PatchOp, SchemaContainer, SchemaKind, SchemaResource } from "./types.ts";

export interface SchemaListOptions {
  /** Each one a `property` filter (`title==X`, `meta:intendedToExtend==…`). */
  property?: readonly string[];
  /** Whole resources (`xed+json`) instead of summaries (`xed-id+json`: `$id`, `meta:altId`, `version`, `title`). */
  full?: boolean;
}

export interface SchemaGetOptions {
  /** Resolved (`xed-full+json`) instead of raw `$ref`/`allOf` (`xed+json`). */
  full?: boolean;
  /** Default: `global` for Adobe's `https://ns.adobe.com/xdm/…` ids, else `tenant`. */
  container?: SchemaContainer;
}

export interface SchemaRegistryApi {
  stats(): Promise<{ tenantId: string; [key: string]: unknown }>;
  listSchemas(container: SchemaContainer, options?: SchemaListOptions): AsyncIterable<SchemaResource>;
  listClasses(container: SchemaContainer, options?: SchemaListOptions): AsyncIterable<SchemaResource>;
  listFieldGroups(container: SchemaContainer, options?: SchemaListOptions): AsyncIterable<SchemaResource>;
  /** By `$id` (URL-encoded here) or `meta:altId`; undefined when it does not exist. */
  get(kind: SchemaKind, id: string, options?: SchemaGetOptions): Promise<SchemaResource | undefined>;
  /** POST to the tenant container; `settle` looks the resource up (by title or marker) if the answer is lost. */
  create(
    kind: SchemaKind,
    body: Record<string, unknown>,
    settle?: Settle<SchemaResource>,
  ): Promise<SchemaResource>;
  /** Full replace; retried freely (PUT). */
  put(kind: SchemaKind, id: string, body: Record<string, unknown>): Promise<SchemaResource>;
  /**
   * JSON Patch; no precondition is documented (help/xdm/api/schemas.md), so a lost answer is an ambiguous
   * error.
   */
  patch(kind: SchemaKind, id: string, ops: readonly PatchOp[]): Promise<SchemaResource>;
  /** 204; a 404 counts as done. */
  delete(kind: SchemaKind, id: string): Promise<void>;
  readonly descriptors: DescriptorsApi;
}

export type Descriptor = Record<string, unknown> & { "@id": string };

/**
 * Tenant descriptors (help/xdm/api/descriptors.md): listed whole in pages (`xdm-v2+json`: `results`
 * and `_page`), read without a version in Accept ("descriptors are not versioned").
 */
export interface DescriptorsApi {
  list(options?: { property?: readonly string[] }): AsyncIterable<Descriptor>;
  get(id: string): Promise<Descriptor | undefined>;
  create(body: Record<string, unknown>, settle?: Settle<Descriptor>): Promise<Descriptor>;
  /** Full replace. */
  put(id: string, body: Record<string, unknown>): Promise<void>;
  /** 204; a 404 counts as done. */
  delete(id: string): Promise<void>;
}

const DESCRIPTOR_ACCEPT = "application/vnd.adobe.xdm-v2+json";

// Accept forms (help/xdm/api/getting-started.md): lists take no version, lookups require `version=1`.
export const schemaAccept = {
  listSummary: "application/vnd.adobe.xed-id+json",
  listFull: "application/vnd.adobe.xed+json",
  get: "application/vnd.adobe.xed+json; version=1",
  getFull: "application/vnd.adobe.xed-full+json; version=1",
} as const;

export function inferContainer(id: string): SchemaContainer {
  return id.startsWith("https://ns.adobe.com/xdm/") || id.startsWith("_xdm.") ? "global" : "tenant";
}

export function createSchemaRegistry(transport: Transport): SchemaRegistryApi {
  const itemPath = (
    container: SchemaContainer,
    kind: SchemaKind,
    id: string,
  ): Pick<PlatformRequest, "path" | "route"> => ({
    path: `/${container}/${kind}/${encodeURIComponent(id)}`,
    route: `/${container}/${kind}/{id}`,
  });

  function list(kind: SchemaKind, container: SchemaContainer, options: SchemaListOptions = {}) {
    return listByPageNext<SchemaResource>(transport, {
      service: "schemaregistry",
      path: `/${container}/${kind}`,
      route: `/${container}/${kind}`,
      accept: options.full === true ? schemaAccept.listFull : schemaAccept.listSummary,
      query: [["orderby", "title"], ...(options.property ?? []).map((p) => ["property", p] as const)],
    });
  }

  return {
    stats() {
      return transport.call(
        { method: "GET", service: "schemaregistry", path: "/stats", route: "/stats" },
        (res) => {
          const body = res.body as { tenantId?: unknown } | undefined;
          if (typeof body?.tenantId !== "string") throw unexpected("no tenantId in /stats");
          return body as { tenantId: string };
        },
      );
    },
    listSchemas: (container, options) => list("schemas", container, options),
    listClasses: (container, options) => list("classes", container, options),
    listFieldGroups: (container, options) => list("fieldgroups", container, options),
    get(kind, id, options = {}) {
      const req: PlatformRequest = {
        method: "GET",
        service: "schemaregistry",
        ...itemPath(options.container ?? inferContainer(id), kind, id),
        accept: options.full === true ? schemaAccept.getFull : schemaAccept.get,
        allowStatus: [404],
      };
      return transport.call(req, (res) => (isObjectNotFound(req, res) ? undefined : resource(res.body)));
    },
    create(kind, body, settle) {
      const req: PlatformRequest = {
        method: "POST",
        service: "schemaregistry",
        path: `/tenant/${kind}`,
        route: `/tenant/${kind}`,
        body,
      };
      return transport.call(req, (res) => resource(res.body), settle);
    },
    put(kind, id, body) {
      const req: PlatformRequest = {
        method: "PUT",
        service: "schemaregistry",
        ...itemPath("tenant", kind, id),
        body,
      };
      return transport.call(req, (res) => resource(res.body));
    },
    patch(kind, id, ops) {
      const req: PlatformRequest = {
        method: "PATCH",
        service: "schemaregistry",
        ...itemPath("tenant", kind, id),
        body: ops,
        contentType: "application/json",
      };
      return transport.call(req, (res) => resource(res.body));
    },
    async delete(kind, id) {
      const req: PlatformRequest = {
        method: "DELETE",
        service: "schemaregistry",
        ...itemPath("tenant", kind, id),
        allowStatus: [404],
      };
      await transport.call(req, (res) => void isObjectNotFound(req, res));
    },
    descriptors: createDescriptors(transport),
  };
}

function createDescriptors(transport: Transport): DescriptorsApi {
  const item = (method: PlatformRequest["method"], id: string): PlatformRequest => ({
    method,
    service: "schemaregistry",
    path: `/tenant/descriptors/${encodeURIComponent(id)}`,
    route: "/tenant/descriptors/{id}",
  });
  const descriptor = (body: unknown): Descriptor => {
    const value = body as { "@id"?: unknown } | undefined;
    if (typeof value?.["@id"] !== "string") throw unexpected("no @id in a descriptor");
    return value as Descriptor;
  };
  return {
    list: (options = {}) =>
      listByPageNext<Descriptor>(transport, {
        service: "schemaregistry",
        path: "/tenant/descriptors",
        route: "/tenant/descriptors",
        accept: DESCRIPTOR_ACCEPT,
        query: (options.property ?? []).map((p) => ["property", p] as const),
      }),
    get(id) {
      const req: PlatformRequest = {
        ...item("GET", id),
        accept: "application/vnd.adobe.xdm+json",
        allowStatus: [404],
      };
      return transport.call(req, (res) => (isObjectNotFound(req, res) ? undefined : descriptor(res.body)));
    },
    create(body, settle) {
      const req: PlatformRequest = {
        method: "POST",
        service: "schemaregistry",
        path: "/tenant/descriptors",
        route: "/tenant/descriptors",
        body,
      };
      return transport.call(req, (res) => descriptor(res.body), settle);
    },
    async put(id, body) {
      await transport.call({ ...item("PUT", id), body }, () => undefined);
    },
    async delete(id) {
      const req = { ...item("DELETE", id), allowStatus: [404] };
      await transport.call(req, (res) => void isObjectNotFound(req, res));
    },
  };
}

function resource(body: unknown): SchemaResource {
  const value = body as { $id?: unknown } | undefined;
  if (typeof value?.$id !== "string") throw unexpected("no $id in a Schema Registry resource");
  return value as SchemaResource;
}
