/** Where a request goes: the admin API, IMS, one of the four platform services, or nowhere. */
import { ADMIN_PREFIX } from "./admin.ts";
import { CATALOG_BASE, catalogNotFound, catalogRoutes } from "./catalog.ts";
import { descriptorRoutes } from "./descriptors.ts";
import { DATA_PREP_BASE, dataPrepNotFound, dataPrepRoutes } from "./data-prep.ts";
import { FLOW_SERVICE_BASE, flowServiceNotFound, flowServiceRoutes } from "./flow-service.ts";
import { ApiError, flowError, matchRoute, problemError, type Route, type RouteMatch } from "./http.ts";
import { IMS_TOKEN_PATH } from "./ims.ts";
import { SCHEMA_REGISTRY_BASE, schemaRegistryNotFound, schemaRegistryRoutes } from "./schema-registry.ts";

export interface Service {
  base: string;
  routes: readonly Route[];
  notFound: (path: string) => ApiError;
  /** The 500/503 a fault answers with, in the service's error shape. */
  failure: (status: 500 | 503) => ApiError;
  /** A 400 in the service's error shape, for checks the server makes before any handler. */
  invalid: (detail: string) => ApiError;
}

function serverTitle(status: number): string {
  return status === 500 ? "Internal Server Error" : "Service Unavailable";
}

export const SERVICES: readonly Service[] = [
  {
    base: FLOW_SERVICE_BASE,
    routes: flowServiceRoutes,
    notFound: flowServiceNotFound,
    failure: (status) =>
      status === 500
        ? flowError(500, "1102-500", "Internal Error", "An internal error has occurred. Please try again.")
        : flowError(
            503,
            "1103-503",
            "Service Unavailable",
            "The service is temporarily unavailable. Please try again later.",
          ),
    invalid: (detail) => flowError(400, "1100-400", `Invalid request: ${detail}`),
  },
  {
    base: SCHEMA_REGISTRY_BASE,
    // Descriptors first: `/{container}/descriptors` would otherwise read as a kind of resource.
    routes: [...descriptorRoutes, ...schemaRegistryRoutes],
    notFound: schemaRegistryNotFound,
    failure: (status) => problemError(status, `XDM-1000-${status}`, serverTitle(status), serverTitle(status)),
    invalid: (detail) => problemError(400, "XDM-1000-400", "Bad Request", detail),
  },
  {
    base: CATALOG_BASE,
    routes: catalogRoutes,
    notFound: catalogNotFound,
    failure: (status) => problemError(status, `CAT-1000-${status}`, serverTitle(status), serverTitle(status)),
    invalid: (detail) => problemError(400, "CAT-1001-400", "Bad Request", detail),
  },
  {
    base: DATA_PREP_BASE,
    routes: dataPrepRoutes,
    notFound: dataPrepNotFound,
    failure: (status) => problemError(status, `DAP-1000-${status}`, serverTitle(status), serverTitle(status)),
    invalid: (detail) => problemError(400, "DAP-1001-400", "Bad Request", detail),
  },
];

export type Destination =
  | { kind: "admin"; segments: string[] }
  | { kind: "ims" }
  | {
      kind: "platform";
      service: Service;
      segments: string[];
      match: RouteMatch | "method-not-allowed" | undefined;
      /** `METHOD /route` for the request log and fault routes. */
      label: string;
    }
  | { kind: "none" };

/** Resolves a request path (trailing slashes removed) to where it is served. */
/** Whether a (normalized) path is the emulator's admin API. */
export function isAdminPath(path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

export function routeRequest(method: string, path: string): Destination {
  if (isAdminPath(path)) {
    return { kind: "admin", segments: splitPath(path.slice(ADMIN_PREFIX.length)) };
  }
  if (path === IMS_TOKEN_PATH) return { kind: "ims" };
  const service = SERVICES.find((s) => path === s.base || path.startsWith(`${s.base}/`));
  if (service === undefined) return { kind: "none" };
  const segments = splitPath(path.slice(service.base.length));
  const match = matchRoute(service.routes, method, segments);
  const label = typeof match === "object" ? match.label : `${method} /${segments.join("/")}`;
  return { kind: "platform", service, segments, match, label };
}

/** The request path without trailing slashes: Adobe's spec writes some paths with one (`/connections/{id}/`). */
export function normalizePath(pathname: string): string {
  // A loop, not /\/+$/: that regex is quadratic on a long run of slashes not at the end.
  let end = pathname.length;
  while (end > 1 && pathname.charCodeAt(end - 1) === 0x2f) end--;
  return pathname.slice(0, end);
}

function splitPath(path: string): string[] {
  try {
    return path
      .split("/")
      .slice(1)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw new ApiError(400, { error_code: "400000", message: "Malformed percent-encoding in the path" });
  }
}
