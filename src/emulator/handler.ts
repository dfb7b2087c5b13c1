/** The request handler: reads the request, checks what every request gets checked for, answers. */
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { handleAdmin, type AdminHost } from "./admin.ts";
import type { EmulatorEnv, RequestContext } from "./context.ts";
import { pickFault, type Fault } from "./faults.ts";
import { settleDue } from "./flow-operations.ts";
import { ApiError, flowError, reply, type Reply } from "./http.ts";
import type { TokenIssuer } from "./ims.ts";
import {
  bodyShapeProblem,
  MAX_ADMIN_BODY_BYTES,
  MAX_DRAIN_BYTES,
  MAX_PLATFORM_BODY_BYTES,
} from "./limits.ts";
import type { FaultConfig } from "./options.ts";
import type { Random } from "./random.ts";
import type { RequestLog, RequestLogEntry } from "./request-log.ts";
import { isAdminPath, normalizePath, routeRequest, type Destination } from "./router.ts";

/** The knobs the admin API and the programmatic API change while the emulator runs. */
export interface Knobs {
  faults: FaultConfig;
  latencyMs: number;
}

export interface HandlerDeps {
  readonly env: EmulatorEnv;
  readonly tokens: TokenIssuer;
  readonly admin: AdminHost;
  readonly knobs: Knobs;
  readonly faultRandom: Random;
  readonly requestLog: RequestLog;
  readonly adminToken: string | undefined;
  readonly clock: () => number;
  readonly log: ((line: string) => void) | undefined;
}

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly url: URL;
  readonly path: string;
  /** What the access log and the request log get once the exchange ends. */
  status: number;
  entry: RequestLogEntry | undefined;
  fault: Fault | undefined;
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** One handler per server; every request goes through it. */
export function createRequestHandler(
  deps: HandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://emulator");
    const exchange: Exchange = {
      req,
      res,
      method: (req.method ?? "GET").toUpperCase(),
      url,
      path: normalizePath(url.pathname),
      status: 0,
      entry: undefined,
      fault: undefined,
    };
    // The admin API is the test harness, not a client of AEP: not counted in flight.
    const counted = !isAdminPath(exchange.path);
    if (counted) deps.requestLog.started();
    try {
      await serve(deps, exchange, routeRequest(exchange.method, exchange.path));
    } catch (error) {
      answerError(deps, exchange, error);
    } finally {
      if (counted) deps.requestLog.finished();
      if (exchange.entry !== undefined)
        deps.requestLog.record({ ...exchange.entry, status: exchange.status });
      deps.log?.(`${exchange.method} ${exchange.path} ${exchange.status} ${Date.now() - started}ms`);
    }
  };
}

async function serve(deps: HandlerDeps, exchange: Exchange, destination: Destination): Promise<void> {
  const { req, res, method, path } = exchange;
  switch (destination.kind) {
    case "admin": {
      checkAdminAccess(req, deps.adminToken);
      const raw = await readBody(req, MAX_ADMIN_BODY_BYTES);
      const body = raw.length === 0 ? undefined : parseJson(raw);
      exchange.status = send(res, handleAdmin(deps.admin, method, destination.segments, body, deps.clock()));
      return;
    }
    case "ims": {
      const raw = await readBody(req, MAX_PLATFORM_BODY_BYTES);
      exchange.entry = { method, route: `${method} ${path}`, path, status: 0, sandbox: undefined };
      exchange.status = send(res, issueToken(deps.tokens, method, exchange.url, req, raw, deps.clock()));
      return;
    }
    case "none":
      await readBody(req, MAX_PLATFORM_BODY_BYTES);
      exchange.status = send(res, reply(404, { error: "not_found", message: `No AEP API at ${path}` }));
      return;
    case "platform":
      await servePlatform(deps, exchange, destination);
      return;
  }
}

type PlatformDestination = Extract<Destination, { kind: "platform" }>;

async function servePlatform(
  deps: HandlerDeps,
  exchange: Exchange,
  destination: PlatformDestination,
): Promise<void> {
  const { req, res, method, path } = exchange;
  const { service, match } = destination;
  const raw = await readBody(req, MAX_PLATFORM_BODY_BYTES);
  const entry: RequestLogEntry = { method, route: destination.label, path, status: 0, sandbox: undefined };
  exchange.entry = entry;
  const { knobs } = deps;
  if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
  const fault = pickFault(deps.faultRandom, knobs.faults, method, destination.label);
  exchange.fault = fault;
  if (fault === "drop") {
    req.socket.destroy();
    return;
  }
  throwFault(fault, knobs.faults, service.failure);
  const now = deps.clock();
  deps.tokens.checkGateway(req.headers, now);
  // A request without x-sandbox-name lands in prod, as AEP's do
  // (help/destinations/api/update-destination-dataflows.md).
  const sandboxName = headerValue(req, "x-sandbox-name") ?? "prod";
  entry.sandbox = sandboxName;
  const sandbox = deps.env.store.sandbox(sandboxName);
  if (sandbox === undefined) {
    throw flowError(
      404,
      "2100-404",
      "sandbox not found",
      `The sandbox ${sandboxName} does not exist in this organization`,
    );
  }
  // Operations whose time has come complete before anything reads or writes the sandbox.
  settleDue(deps.env, sandbox, now);
  const { body, contentType } = readJsonBody(method, req, raw);
  if (match === undefined) throw service.notFound(path);
  if (match === "method-not-allowed")
    throw new ApiError(405, { error_code: "405000", message: "Method not allowed" });
  const shapeProblem = bodyShapeProblem(body);
  if (shapeProblem !== undefined) throw service.invalid(`request body ${shapeProblem}`);
  const ctx: RequestContext = {
    env: deps.env,
    method,
    segments: destination.segments,
    query: exchange.url.searchParams,
    headers: req.headers,
    body,
    contentType,
    sandbox,
    now,
  };
  const result = match.route.handle(ctx, match.params);
  if (fault === "lost-answer") {
    // The write is done; the answer never arrives (the client settles such writes: docs/architecture.md,
    // "Lost answers").
    exchange.status = result.status;
    req.socket.destroy();
    return;
  }
  exchange.status = send(res, result);
}

function throwFault(
  fault: Fault | undefined,
  faults: FaultConfig,
  failure: (status: 500 | 503) => ApiError,
): void {
  if (fault === "429") {
    const retryAfter = String(faults.retryAfterSeconds ?? 1);
    throw new ApiError(
      429,
      { error_code: "429050", message: "Too many requests" },
      { "retry-after": retryAfter },
    );
  }
  if (fault === "500" || fault === "503") throw failure(fault === "500" ? 500 : 503);
}

function answerError(deps: HandlerDeps, exchange: Exchange, error: unknown): void {
  const { req, res, method, path } = exchange;
  if (exchange.fault === "lost-answer") {
    req.socket.destroy();
    return;
  }
  if (error instanceof ApiError) {
    exchange.status = send(res, reply(error.status, error.body, error.headers));
    return;
  }
  deps.log?.(
    `emulator: internal error on ${method} ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  exchange.status = send(
    res,
    reply(500, { error: "internal_error", message: "the emulator failed; see its log" }),
  );
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The admin API changes everything the emulator holds, so it answers only a local program: no
 * request a web page can make (a browser always sends `Origin` on cross-site writes), no `Host`
 * other than a loopback name (DNS rebinding points a foreign name at 127.0.0.1), and the admin
 * token when one was set.
 */
function checkAdminAccess(req: IncomingMessage, adminToken: string | undefined): void {
  if (req.headers.origin !== undefined) {
    throw new ApiError(403, { error: "the admin API does not answer requests with an Origin header" });
  }
  const host = (req.headers.host ?? "").toLowerCase();
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  const port = host.slice(name?.length ?? 0);
  if (name === undefined || !LOOPBACK_HOSTS.has(name) || !/^(:\d{1,5})?$/.test(port)) {
    throw new ApiError(403, { error: "the admin API answers only on localhost, 127.0.0.1 or [::1]" });
  }
  if (adminToken === undefined) return;
  const given = Buffer.from(headerValue(req, "authorization") ?? "");
  const expected = Buffer.from(`Bearer ${adminToken}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError(
      401,
      { error: "the admin API needs 'Authorization: Bearer <admin token>'" },
      {
        "www-authenticate": 'Bearer realm="aepsync-emulator-admin"',
      },
    );
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === "" ? undefined : text;
}

/**
 * The body, at most `limit` bytes. A larger one is drained (so that the client reads the 413
 * rather than a reset) up to MAX_DRAIN_BYTES, past which the connection is dropped.
 */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  let over = Number.isFinite(declared) && declared > limit;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) over = true;
    if (over && size > MAX_DRAIN_BYTES) {
      req.socket.destroy();
      break;
    }
    if (!over) chunks.push(buffer);
  }
  if (over) {
    throw new ApiError(
      413,
      { error_code: "413000", message: `Request body too large: the limit is ${limit} bytes` },
      { connection: "close" },
    );
  }
  return Buffer.concat(chunks);
}

/** The gateway's answer to a body without a JSON media type (help/landing/troubleshooting.md). */
function contentTypeError(detail: string): ApiError {
  return new ApiError(400, { type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch (error) {
    throw contentTypeError(
      `Malformed JSON in the request body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Body requests need a JSON media type (help/landing/troubleshooting.md); JSON Patch's own type is
 * accepted on PATCH (help/catalog/api/update-object.md).
 */
function readJsonBody(
  method: string,
  req: IncomingMessage,
  raw: Buffer,
): { body: unknown; contentType: string | undefined } {
  const contentType = headerValue(req, "content-type")?.split(";")[0]?.trim().toLowerCase();
  if (raw.length === 0 || raw.toString("utf8").trim() === "") return { body: undefined, contentType };
  if (BODY_METHODS.has(method)) {
    const accepted =
      contentType === "application/json" ||
      (method === "PATCH" && contentType === "application/json-patch+json");
    if (!accepted) throw contentTypeError("A valid content-type must be specified");
  }
  return { body: parseJson(raw), contentType };
}

function issueToken(
  tokens: TokenIssuer,
  method: string,
  url: URL,
  req: IncomingMessage,
  raw: Buffer,
  now: number,
): Reply {
  if (method !== "POST") return reply(405, { error: "invalid_request", error_description: "use POST" });
  const form = new URLSearchParams(url.searchParams);
  if (raw.length > 0) {
    const contentType = headerValue(req, "content-type")?.split(";")[0]?.trim().toLowerCase();
    if (contentType !== "application/x-www-form-urlencoded") {
      return reply(400, {
        error: "invalid_request",
        error_description: "the body must be application/x-www-form-urlencoded",
      });
    }
    for (const [key, value] of new URLSearchParams(raw.toString("utf8"))) form.set(key, value);
  }
  return tokens.issue(form, now);
}

function send(res: ServerResponse, result: Reply): number {
  if (res.destroyed || res.headersSent) return result.status;
  const headers: Record<string, string> = { "x-request-id": randomUUID(), ...result.headers };
  if (result.body === undefined) {
    res.writeHead(result.status, headers);
    res.end();
  } else {
    const text = JSON.stringify(result.body);
    headers["content-type"] = "application/json;charset=utf-8";
    headers["content-length"] = String(Buffer.byteLength(text));
    res.writeHead(result.status, headers);
    res.end(text);
  }
  return result.status;
}
