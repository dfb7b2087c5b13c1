/**
 * The retry policy as a pure function (docs/architecture.md, "Retries"): what to do after one attempt failed.
 * The executor in transport.ts applies it; tests drive it with tables.
 */

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry is scheduled that would end after this much time since the first attempt. */
  maxTotalMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  maxTotalMs: 90_000,
};

export const transientStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

const idempotentMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

// Errors raised before a single byte of the request reached the server: safe to re-send any method.
const notSentCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

// Errors where the request may have been processed: the answer was lost on the way back.
const droppedCodes: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_ABORTED",
]);

export type AttemptOutcome =
  | { kind: "status"; status: number; retryAfterMs?: number | undefined }
  | { kind: "network"; errorCode: string | undefined };

export type RetryDecision =
  /** Send the same request again after `delayMs`. */
  | { action: "retry"; delayMs: number }
  /** A write that may have been applied: settle it (look it up) after `delayMs`, re-send only if absent. */
  | { action: "settle"; delayMs: number }
  /** Give up; `ambiguous` when the write may have been applied. */
  | { action: "fail"; ambiguous: boolean; reason: "not-retryable" | "attempts" | "time" };

export interface RetryInput {
  method: string;
  /** Overrides the method's default: a token request is safe to re-send although it is a POST. */
  idempotent?: boolean | undefined;
  /** 1 for the first attempt. */
  attempt: number;
  elapsedMs: number;
  outcome: AttemptOutcome;
  policy: RetryPolicy;
  /** Uniform in [0, 1); injected so that tests are deterministic. */
  random: () => number;
}

export function isNetworkErrorRetryable(errorCode: string | undefined): boolean {
  return errorCode === undefined || notSentCodes.has(errorCode) || droppedCodes.has(errorCode);
}

export function decideRetry(input: RetryInput): RetryDecision {
  const { method, attempt, elapsedMs, outcome, policy } = input;
  const idempotent = input.idempotent ?? idempotentMethods.has(method.toUpperCase());
  let mode: "retry" | "settle";
  if (outcome.kind === "status") {
    if (!transientStatuses.has(outcome.status))
      return { action: "fail", ambiguous: false, reason: "not-retryable" };
    // 429: the gateway refused the call, the service did not act; any method may be re-sent.
    mode = idempotent || outcome.status === 429 ? "retry" : "settle";
  } else {
    const code = outcome.errorCode;
    if (code !== undefined && notSentCodes.has(code)) mode = "retry";
    else if (isNetworkErrorRetryable(code)) mode = idempotent ? "retry" : "settle";
    else return { action: "fail", ambiguous: !idempotent, reason: "not-retryable" };
  }
  const ambiguous = mode === "settle";
  if (attempt >= policy.maxAttempts) return { action: "fail", ambiguous, reason: "attempts" };
  const retryAfter = outcome.kind === "status" ? outcome.retryAfterMs : undefined;
  const delayMs =
    retryAfter !== undefined
      ? Math.min(retryAfter, policy.maxDelayMs)
      : backoffDelayMs(attempt, policy, input.random);
  if (elapsedMs + delayMs > policy.maxTotalMs) return { action: "fail", ambiguous, reason: "time" };
  return { action: mode, delayMs };
}

/** Capped exponential backoff with full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * random());
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent or bad. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its month; a bare "-5" would otherwise parse as some year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
