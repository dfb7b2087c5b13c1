import { Agent, request } from "undici";
import { redact, redactBody, redactHeaders } from "./redact.ts";
import { createSemaphore } from "../semaphore.ts";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpTimeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One attempt that failed below HTTP: the connection, a timeout, a lost answer. */
export class NetworkFailure extends Error {
  readonly errorCode: string | undefined;
  constructor(errorCode: string | undefined, message: string) {
    super(message);
    this.name = "NetworkFailure";
    this.errorCode = errorCode;
  }
}

export interface HttpOptions {
  timeouts: HttpTimeouts;
  concurrency: number;
  now: () => number;
  debug: ((line: string) => void) | undefined;
}

/** The only code that touches undici: one pooled keep-alive Agent, one attempt per call. */
export interface Http {
  send(method: HttpMethod, url: string, headers: Record<string, string>, body?: string): Promise<RawResponse>;
  close(): Promise<void>;
}

const DEBUG_BODY_LIMIT = 2000;

export function createHttp(options: HttpOptions): Http {
  const agent = new Agent({
    keepAliveTimeout: 10_000,
    connect: { timeout: options.timeouts.connectMs },
    headersTimeout: options.timeouts.headersMs,
    bodyTimeout: options.timeouts.bodyMs,
  });
  // Across every call of the client, retries included; IMS requests take a slot too.
  const slots = createSemaphore(Math.max(1, options.concurrency));
  const { now, debug } = options;

  async function sendOnce(
    method: HttpMethod,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<RawResponse> {
    try {
      const res = await request(url, {
        method,
        headers,
        body: body ?? null,
        dispatcher: agent,
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, text };
    } catch (error) {
      throw toNetworkFailure(error);
    }
  }

  return {
    async send(method, url, headers, body) {
      await slots.acquire();
      const started = now();
      let outcome: RawResponse | NetworkFailure | undefined;
      try {
        outcome = await sendOnce(method, url, headers, body);
        return outcome;
      } catch (error) {
        outcome = error instanceof NetworkFailure ? error : toNetworkFailure(error);
        throw outcome;
      } finally {
        slots.release();
        if (debug !== undefined) debug(debugLine(method, url, headers, body, outcome, now() - started));
      }
    },
    close: () => agent.close(),
  };
}

function errorCodeOf(error: unknown): string | undefined {
  if (error == null || typeof error !== "object") return undefined;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string") return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = errorCodeOf(inner);
      if (code !== undefined) return code;
    }
  }
  return e.cause === undefined ? undefined : errorCodeOf(e.cause);
}

function toNetworkFailure(error: unknown): NetworkFailure {
  const code = errorCodeOf(error);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new NetworkFailure(code, redact(message));
}

function debugLine(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  outcome: RawResponse | NetworkFailure | undefined,
  ms: number,
): string {
  const parts = [`aepsync:http ${method} ${redact(url)}`];
  if (outcome instanceof NetworkFailure) parts.push(`ERR ${outcome.errorCode ?? "unknown"}`);
  else if (outcome !== undefined) parts.push(String(outcome.status));
  parts.push(`${Math.round(ms)}ms`);
  parts.push(`req-headers=${JSON.stringify(redactHeaders(headers))}`);
  if (body !== undefined) parts.push(`req-body=${truncate(redactBody(body, contentTypeOf(headers)))}`);
  if (outcome instanceof NetworkFailure) parts.push(`error=${JSON.stringify(outcome.message)}`);
  else if (outcome !== undefined) {
    parts.push(`res-headers=${JSON.stringify(redactHeaders(outcome.headers))}`);
    if (outcome.text !== "") {
      parts.push(`res-body=${truncate(redactBody(outcome.text, contentTypeOf(outcome.headers)))}`);
    }
  }
  // Last pass over the whole line: a secret registered anywhere is masked wherever it ended up.
  return redact(parts.join(" "));
}

function contentTypeOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === "content-type") return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function truncate(text: string): string {
  return text.length <= DEBUG_BODY_LIMIT ? text : `${text.slice(0, DEBUG_BODY_LIMIT)}…(${text.length} chars)`;
}
