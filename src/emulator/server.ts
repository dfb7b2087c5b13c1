/** The HTTP server: IMS, the gateway, the four platform services and the admin API on one port. */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { ConfigError } from "../errors.ts";
import { ADMIN_PREFIX, handleAdmin, type AdminHost, type RequestLogEntry } from "./admin.ts";
import { CATALOG_BASE, catalogNotFound, catalogRoutes } from "./catalog.ts";
import type { EmulatorEnv, RequestContext } from "./context.ts";
import { DATA_PREP_BASE, dataPrepNotFound, dataPrepRoutes } from "./data-prep.ts";
import { pickFault, resolveFaults, validateFaults, type Fault } from "./faults.ts";
import {
  FLOW_SERVICE_BASE,
  flowServiceNotFound,
  flowServiceRoutes,
  presentInstance,
} from "./flow-service.ts";
import { ApiError, flowError, matchRoute, problemError, reply, type Reply, type Route } from "./http.ts";
import { IMS_TOKEN_PATH, TokenIssuer } from "./ims.ts";
import {
  EMULATOR_DEFAULTS,
  type EmulatorOptions,
  type FaultConfig,
  type RunningEmulator,
} from "./options.ts";
import { ViewCache } from "./query.ts";
import { deriveSeed, Random } from "./random.ts";
import { SCHEMA_REGISTRY_BASE, schemaRegistryNotFound, schemaRegistryRoutes } from "./schema-registry.ts";
import { readStateFile, StateFile } from "./state-file.ts";
import { EmulatorStore } from "./store.ts";

interface Service {
  base: string;
  routes: readonly Route[];
  notFound: (path: string) => ApiError;
  /** The 500/503 a fault answers with, in the service's error shape. */
  failure: (status: 500 | 503) => ApiError;
}

const SERVICES: readonly Service[] = [
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
  },
  {
    base: SCHEMA_REGISTRY_BASE,
    routes: schemaRegistryRoutes,
    notFound: schemaRegistryNotFound,
    failure: (status) => problemError(status, `XDM-1000-${status}`, serverTitle(status), serverTitle(status)),
  },
  {
    base: CATALOG_BASE,
    routes: catalogRoutes,
    notFound: catalogNotFound,
    failure: (status) => problemError(status, `CAT-1000-${status}`, serverTitle(status), serverTitle(status)),
  },
  {
    base: DATA_PREP_BASE,
    routes: dataPrepRoutes,
    notFound: dataPrepNotFound,
    failure: (status) => problemError(status, `DAP-1000-${status}`, serverTitle(status), serverTitle(status)),
  },
];

function serverTitle(status: number): string {
  return status === 500 ? "Internal Server Error" : "Service Unavailable";
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const LOG_SIZE = 1000;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** The gateway's answer to a body without a JSON media type (aep-api.md §1.3). */
function contentTypeError(detail: string): ApiError {
  return new ApiError(400, { type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail });
}

/** Starts the emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? EMULATOR_DEFAULTS.seed;
  const clientId = options.clientId ?? EMULATOR_DEFAULTS.clientId;
  const clientSecret = options.clientSecret ?? EMULATOR_DEFAULTS.clientSecret;
  const orgId = options.orgId ?? EMULATOR_DEFAULTS.orgId;
  const sandboxes = [...(options.sandboxes ?? EMULATOR_DEFAULTS.sandboxes)];
  const tenantId = options.tenantId ?? EMULATOR_DEFAULTS.tenantId;
  const host = options.host ?? EMULATOR_DEFAULTS.host;
  const log = options.log;
  if (sandboxes.length === 0) throw new ConfigError("the emulator needs at least one sandbox");
  let faults = resolveFaults(options.faultRate, options.faults);
  const faultProblem = validateFaults(faults);
  if (faultProblem !== undefined) throw new ConfigError(`emulator faults: ${faultProblem}`);
  let latencyMs = options.latencyMs ?? 0;

  const store = new EmulatorStore(sandboxes, new Random(deriveSeed(seed, "ids")));
  let stateFile: StateFile | undefined;
  if (options.statePath !== undefined) {
    const data = await readStateFile(options.statePath);
    if (data !== undefined) store.load(data, options.statePath);
    stateFile = new StateFile(
      options.statePath,
      // Credentials stay in memory, as AEP keeps them; the file gets what a GET shows (masked), so
      // no secret is ever written to disk. Reads are masked anyway, so nothing observable changes.
      () => store.toPersisted(presentInstance),
      (error) => log?.(`emulator: writing ${String(options.statePath)} failed: ${String(error)}`),
    );
    const file = stateFile;
    store.onChange = () => file.markDirty();
  }
  const faultRandom = new Random(deriveSeed(seed, "faults"));
  const tokens = new TokenIssuer(
    {
      clientId,
      clientSecret,
      orgId,
      tokenTtlSeconds: options.tokenTtlSeconds ?? EMULATOR_DEFAULTS.tokenTtlSeconds,
    },
    new Random(deriveSeed(seed, "tokens")),
  );
  let baseUrl = "";
  const env: EmulatorEnv = { store, views: new ViewCache(), clientId, orgId, tenantId, url: () => baseUrl };

  const counts = new Map<string, number>();
  let requestLog: RequestLogEntry[] = [];
  let total = 0;
  const record = (entry: RequestLogEntry): void => {
    total++;
    counts.set(entry.route, (counts.get(entry.route) ?? 0) + 1);
    requestLog.push(entry);
    if (requestLog.length > LOG_SIZE * 2) requestLog = requestLog.slice(-LOG_SIZE);
  };
  const admin: AdminHost = {
    env,
    requestLog: () => ({ total, counts: Object.fromEntries(counts), log: requestLog.slice(-LOG_SIZE) }),
    resetRequestLog: () => {
      counts.clear();
      requestLog = [];
      total = 0;
    },
    setFaults: (next) => {
      faults = resolveFaults(undefined, next);
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    revokeTokens: () => tokens.revokeAll(),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://emulator");
    // Adobe's spec writes some paths with a trailing slash (`/connections/{id}/`): both forms work.
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
    let status = 0;
    let entry: RequestLogEntry | undefined;
    let fault: Fault | undefined;
    try {
      const raw = await readBody(req);
      if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
        const body = raw.length === 0 ? undefined : parseJson(raw);
        status = send(
          res,
          handleAdmin(admin, method, splitPath(path.slice(ADMIN_PREFIX.length)), body, Date.now()),
        );
        return;
      }
      if (path === IMS_TOKEN_PATH) {
        entry = { method, route: `${method} ${IMS_TOKEN_PATH}`, path, status: 0, sandbox: undefined };
        status = send(res, issueToken(tokens, method, url, req, raw));
        return;
      }
      const service = SERVICES.find((s) => path === s.base || path.startsWith(`${s.base}/`));
      if (service === undefined) {
        status = send(res, reply(404, { error: "not_found", message: `No AEP API at ${path}` }));
        return;
      }
      const segments = splitPath(path.slice(service.base.length));
      const match = matchRoute(service.routes, method, segments);
      const route = typeof match === "object" ? match.label : `${method} /${segments.join("/")}`;
      entry = { method, route, path, status: 0, sandbox: undefined };
      if (latencyMs > 0) await sleep(latencyMs);
      fault = pickFault(faultRandom, faults, method, route);
      if (fault === "drop") {
        req.socket.destroy();
        return;
      }
      if (fault === "429") {
        const retryAfter = String(faults.retryAfterSeconds ?? 1);
        throw new ApiError(
          429,
          { error_code: "429050", message: "Too many requests" },
          { "retry-after": retryAfter },
        );
      }
      if (fault === "500" || fault === "503") throw service.failure(fault === "500" ? 500 : 503);
      const now = Date.now();
      tokens.checkGateway(req.headers, now);
      // A request without x-sandbox-name lands in prod, as AEP's do (aep-api.md §1.3).
      const sandboxName = headerValue(req, "x-sandbox-name") ?? "prod";
      entry.sandbox = sandboxName;
      const sandbox = store.sandbox(sandboxName);
      if (sandbox === undefined) {
        throw flowError(
          404,
          "2100-404",
          "sandbox not found",
          `The sandbox ${sandboxName} does not exist in this organization`,
        );
      }
      const { body, contentType } = readJsonBody(method, req, raw);
      if (match === undefined) throw service.notFound(path);
      if (match === "method-not-allowed")
        throw new ApiError(405, { error_code: "405000", message: "Method not allowed" });
      const ctx: RequestContext = {
        env,
        method,
        segments,
        query: url.searchParams,
        headers: req.headers,
        body,
        contentType,
        sandbox,
        now,
      };
      const result = match.route.handle(ctx, match.params);
      if (fault === "lost-answer") {
        // The write is done; the answer never arrives (DESIGN.md §5 settles such writes).
        status = result.status;
        req.socket.destroy();
        return;
      }
      status = send(res, result);
    } catch (error) {
      if (fault === "lost-answer") {
        req.socket.destroy();
        return;
      }
      if (error instanceof ApiError) {
        status = send(res, reply(error.status, error.body, error.headers));
      } else {
        log?.(
          `emulator: internal error on ${method} ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        status = send(
          res,
          reply(500, { error: "internal_error", message: "the emulator failed; see its log" }),
        );
      }
    } finally {
      if (entry !== undefined) record({ ...entry, status });
      log?.(`${method} ${path} ${status} ${Date.now() - started}ms`);
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server, options.port ?? 0, host);
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    clientId,
    clientSecret,
    orgId,
    sandboxes,
    setFaults: (next: FaultConfig | undefined) => {
      const problem = next === undefined ? undefined : validateFaults(next);
      if (problem !== undefined) throw new ConfigError(`emulator faults: ${problem}`);
      admin.setFaults(next);
    },
    setLatency: (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new ConfigError(`emulator latency must be 0 or more ms, got ${ms}`);
      admin.setLatency(ms);
    },
    requestCounts: () => Object.fromEntries(counts),
    flush: async () => {
      await stateFile?.flush();
    },
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await closed;
        await stateFile?.flush();
      })();
      return closing;
    },
  };
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigError(`port ${port} on ${host} is already in use; pick another with --port`, {
              cause: error,
            })
          : error,
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address != null ? address.port : port);
    });
  });
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

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === "" ? undefined : text;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, { error_code: "413000", message: "Request body too large" });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
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

/** Body requests need a JSON media type; JSON Patch's own type is accepted on PATCH (aep-api.md §1.3, §5). */
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

function issueToken(tokens: TokenIssuer, method: string, url: URL, req: IncomingMessage, raw: Buffer): Reply {
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
  return tokens.issue(form, Date.now());
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
