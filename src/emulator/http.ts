/** Replies, the error bodies of each AEP service, and route matching. */
import { randomUUID } from "node:crypto";
import { ErrorCodes, SyncError } from "../errors.ts";
import type { RequestContext } from "./context.ts";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A reply that ends a handler early: thrown, turned into a response by the server. */
export class ApiError extends SyncError {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(ErrorCodes.http, `emulated AEP error ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function reply(status: number, body?: unknown, headers?: Record<string, string>): Reply {
  const out: Reply = { status };
  if (body !== undefined) out.body = body;
  if (headers !== undefined) out.headers = headers;
  return out;
}

/** Adobe's API gateway body (help/landing/troubleshooting.md). */
export function gatewayError(status: number, errorCode: string, message: string): ApiError {
  return new ApiError(status, { error_code: errorCode, message });
}

/**
 * Flow Service body: documented as `{errorMessage, errorDetails}` (help/landing/troubleshooting.md);
 * the `code` (`1404-412`, help/sources/errors/flow-service-errors.md) is an emulator addition that
 * clients must not depend on: whether AEP's bodies carry it is UNCONFIRMED.
 */
export function flowError(
  status: number,
  code: string,
  errorMessage: string,
  errorDetails?: string,
): ApiError {
  return new ApiError(status, { errorMessage, errorDetails: errorDetails ?? errorMessage, code });
}

/**
 * RFC 7807-like body of the Schema Registry (vendor/openapi/schema-registry.yaml, errorBasic). Catalog
 * and Data Prep bodies are UNCONFIRMED (their specs declare none); the emulator uses the same shape
 * with CAT-/DAP- codes.
 */
export function problemError(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): ApiError {
  return new ApiError(status, {
    type: `http://ns.adobe.com/aep/errors/${code}`,
    title,
    status,
    report: {
      registryRequestId: randomUUID(),
      timestamp: formatTimestamp(new Date()),
      "detailed-message": detail,
      "sub-errors": [],
      ...extra,
    },
    detail,
  });
}

function formatTimestamp(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())}-${date.getUTCFullYear()} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}`;
}

export type Handler = (ctx: RequestContext, params: Record<string, string>) => Reply;

export interface Route {
  method: string;
  /** Service-relative template, e.g. `/flows/{id}/action`; `{id}` segments are counted as `{id}`. */
  path: string;
  handle: Handler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  /** `METHOD /template` with ids replaced by `{id}`, other parameters kept (`GET /tenant/schemas/{id}`). */
  label: string;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  segments: readonly string[],
): RouteMatch | "method-not-allowed" | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const template = route.path.split("/").slice(1);
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const label: string[] = [];
    let ok = true;
    for (let i = 0; i < template.length && ok; i++) {
      const part = template[i] ?? "";
      const segment = segments[i] ?? "";
      if (part.startsWith("{") && part.endsWith("}")) {
        const name = part.slice(1, -1);
        if (segment === "") ok = false;
        params[name] = segment;
        label.push(name === "id" ? "{id}" : segment);
      } else if (part === segment) {
        label.push(part);
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { route, params, label: `${method} /${label.join("/")}` };
  }
  return pathMatched ? "method-not-allowed" : undefined;
}
