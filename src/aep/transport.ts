import { ConfigError, ErrorCodes } from "../errors.ts";
import type { TokenSource } from "./auth.ts";
import { AepConflictError, AepError, parseErrorBody } from "./errors.ts";
import type { Http, HttpMethod, RawResponse } from "./http.ts";
import { NetworkFailure } from "./http.ts";
import { registerCredentialParams } from "./redact.ts";
import { decideRetry, parseRetryAfter } from "./retry.ts";
import type { AttemptOutcome, RetryDecision, RetryPolicy } from "./retry.ts";
import type { StatsRecorder } from "./stats.ts";

export type AepService = "flowservice" | "schemaregistry" | "catalog" | "conversion";

export type QueryParams = readonly (readonly [string, string | number | boolean | undefined])[];

export interface PlatformRequest {
  method: HttpMethod;
  service: AepService;
  /** Under the service, encoded, starting with `/`: `/flows/abc`. */
  path: string;
  /** The path with ids as `{id}`, for request accounting: `/flows/{id}`. */
  route: string;
  /** Repeatable, in order; undefined values are left out. */
  query?: QueryParams;
  body?: unknown;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  /** Statuses handed to the parser instead of thrown (404 on a lookup or a delete). */
  allowStatus?: readonly number[];
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
  requestId: string | undefined;
}

/** Looks up the object a write was meant to create; undefined when it does not exist. */
export type Settle<T> = () => Promise<T | undefined>;

export interface Transport {
  /**
   * Sends a request with auth, retries and error mapping. `settle` makes an ambiguous write
   * (5xx or dropped connection on POST/PATCH) safe: it is called after the backoff; what it finds
   * is returned, and only when it finds nothing is the request sent again.
   */
  call<T>(request: PlatformRequest, parse: (res: ApiResponse) => T, settle?: Settle<T>): Promise<T>;
}

export interface TransportOptions {
  platformUrl: string;
  clientId: string;
  orgId: string;
  sandbox: string;
  http: Http;
  tokens: TokenSource;
  stats: StatsRecorder;
  policy: RetryPolicy;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export function createTransport(options: TransportOptions): Transport {
  const { http, tokens, stats, policy, now, sleep, random } = options;
  const base = `${options.platformUrl.replace(/\/+$/, "")}/data/foundation`;

  function headersFor(req: PlatformRequest, token: string): Record<string, string> {
    // AEP silently falls back to prod without x-sandbox-name
    // (help/destinations/api/update-destination-dataflows.md): never send one without it.
    if (options.sandbox.trim() === "") {
      throw new ConfigError("no sandbox selected: pass --sandbox or --env, or set AEP_SANDBOX");
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      "x-api-key": options.clientId,
      "x-gw-ims-org-id": options.orgId,
      "x-sandbox-name": options.sandbox,
      accept: req.accept ?? "application/json",
    };
    if (req.body !== undefined) headers["content-type"] = req.contentType ?? "application/json";
    return { ...headers, ...req.headers };
  }

  async function call<T>(
    req: PlatformRequest,
    parse: (res: ApiResponse) => T,
    settle?: Settle<T>,
  ): Promise<T> {
    const url = `${base}/${req.service}${req.path}${queryString(req.query)}`;
    registerCredentialParams(req.body);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const started = now();
    let authReplayed = false;
    for (let attempt = 1; ; attempt += 1) {
      const token = await tokens.getToken();
      const headers = headersFor(req, token);
      stats.record(req.method, `/${req.service}${req.route}`, true);
      let outcome: { res: ApiResponse } | { failure: NetworkFailure };
      try {
        outcome = { res: toApiResponse(await http.send(req.method, url, headers, body)) };
      } catch (error) {
        if (!(error instanceof NetworkFailure)) throw error;
        outcome = { failure: error };
      }
      let attemptOutcome: AttemptOutcome;
      if ("res" in outcome) {
        const { res } = outcome;
        // A 401 means the gateway refused the token before the service acted: renew once, replay.
        if (res.status === 401 && !authReplayed) {
          authReplayed = true;
          tokens.invalidate(token);
          attempt -= 1;
          continue;
        }
        if ((res.status >= 200 && res.status < 300) || req.allowStatus?.includes(res.status) === true) {
          return parseOrThrow(req, res, parse);
        }
        if (res.status === 412) throw errorFor(req, outcome, undefined, attempt);
        attemptOutcome = {
          kind: "status",
          status: res.status,
          retryAfterMs: parseRetryAfter(headerValue(res.headers, "retry-after"), now()),
        };
      } else {
        attemptOutcome = { kind: "network", errorCode: outcome.failure.errorCode };
      }
      const decision = decideRetry({
        method: req.method,
        attempt,
        elapsedMs: now() - started,
        outcome: attemptOutcome,
        policy,
        random,
      });
      if (decision.action === "fail") {
        // Before giving up on a write that may have landed, look once more: it may be there.
        if (decision.ambiguous && settle !== undefined) {
          const found = await settle();
          if (found !== undefined) return found;
        }
        throw errorFor(req, outcome, decision, attempt);
      }
      if (decision.action === "settle" && settle === undefined) {
        throw errorFor(req, outcome, { action: "fail", ambiguous: true, reason: "not-retryable" }, attempt);
      }
      await sleep(decision.delayMs);
      if (decision.action === "settle" && settle !== undefined) {
        const found = await settle();
        if (found !== undefined) return found;
      }
    }
  }

  return { call };
}

function errorFor(
  req: PlatformRequest,
  outcome: { res: ApiResponse } | { failure: NetworkFailure },
  decision: Extract<RetryDecision, { action: "fail" }> | undefined,
  attempts: number,
): AepError {
  const path = `/${req.service}${req.path}`;
  const exhausted =
    decision !== undefined && decision.reason !== "not-retryable" ? `after ${attempts} attempts` : undefined;
  const ambiguous = decision?.ambiguous ?? false;
  if ("failure" in outcome) {
    const { failure } = outcome;
    return new AepError({
      code: ErrorCodes.network,
      method: req.method,
      path,
      detail: [`network error ${failure.errorCode ?? ""}`.trim() + `: ${failure.message}`, exhausted]
        .filter(Boolean)
        .join(" "),
      ambiguous,
      cause: failure,
    });
  }
  const { res } = outcome;
  const { aepCode, aepMessage } = parseErrorBody(res.body);
  const details = {
    method: req.method,
    path,
    status: res.status,
    statusText: statusTexts[res.status],
    aepCode,
    aepMessage,
    requestId: res.requestId,
    ambiguous,
    detail: [exhausted, authHint(res.status, aepCode)].filter(Boolean).join(" ") || undefined,
  };
  if (res.status === 412) return new AepConflictError(details);
  const auth = res.status === 401 || (res.status === 403 && aepCode?.startsWith("403") === true);
  return new AepError({ ...details, code: auth ? ErrorCodes.auth : ErrorCodes.http });
}

/** The error for an answer that is not a success (used by parsers that accept a status first). */
export function responseError(req: PlatformRequest, res: ApiResponse): AepError {
  return errorFor(req, { res }, undefined, 1);
}

/**
 * True for a 404 that means "no such object". A 404 for an unknown sandbox (Flow Service
 * `2100-404`) is thrown instead: it must not read as "absent", or a plan would re-create everything.
 */
export function isObjectNotFound(req: PlatformRequest, res: ApiResponse): boolean {
  if (res.status !== 404) return false;
  const { aepCode, aepMessage } = parseErrorBody(res.body);
  const message = aepMessage ?? "";
  const sandboxMissing =
    aepCode === "2100-404" ||
    /sandbox[^.]{0,40}(not found|does not exist|unknown)/i.test(message) ||
    /(unknown|invalid|no such) sandbox/i.test(message);
  if (sandboxMissing) throw responseError(req, res);
  return true;
}

function parseOrThrow<T>(req: PlatformRequest, res: ApiResponse, parse: (res: ApiResponse) => T): T {
  try {
    return parse(res);
  } catch (error) {
    if (error instanceof AepError) throw error;
    const write = req.method === "POST" || req.method === "PATCH";
    throw new AepError({
      code: ErrorCodes.http,
      method: req.method,
      path: `/${req.service}${req.path}`,
      status: res.status,
      requestId: res.requestId,
      detail: `unexpected response: ${error instanceof Error ? error.message : String(error)}`,
      ambiguous: write,
    });
  }
}

/** Thrown by parsers when AEP's answer does not have the documented shape. */
export function unexpected(message: string): Error {
  return new Error(message);
}

function toApiResponse(raw: RawResponse): ApiResponse {
  return {
    status: raw.status,
    headers: raw.headers,
    body: parseJson(raw.text),
    requestId: headerValue(raw.headers, "x-request-id"),
  };
}

function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `?a=1&property=x==y`: every value percent-encoded, as Python requests (aepp) sends them. */
export function queryString(query: QueryParams | undefined): string {
  if (query === undefined) return "";
  const parts: string[] = [];
  for (const [key, value] of query) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

function authHint(status: number, aepCode: string | undefined): string | undefined {
  if (status === 401) {
    return "the platform refused a fresh access token: check AEP_CLIENT_ID, AEP_CLIENT_SECRET and AEP_SCOPES";
  }
  if (status === 403 && aepCode?.startsWith("403") === true) {
    return "check AEP_ORG_ID, AEP_CLIENT_ID and the credential's product profiles";
  }
  return undefined;
}

const statusTexts: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
