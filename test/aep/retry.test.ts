import { describe, expect, it } from "vitest";
import { backoffDelayMs, decideRetry, parseRetryAfter } from "../../src/aep/retry.ts";
import type { AttemptOutcome, RetryPolicy } from "../../src/aep/retry.ts";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 10_000 };
const half = () => 0.5;

function decide(method: string, outcome: AttemptOutcome, attempt = 1, elapsedMs = 0) {
  return decideRetry({ method, attempt, elapsedMs, outcome, policy, random: half });
}

const status = (s: number, retryAfterMs?: number): AttemptOutcome => ({
  kind: "status",
  status: s,
  retryAfterMs,
});
const network = (errorCode: string | undefined): AttemptOutcome => ({ kind: "network", errorCode });

describe("decideRetry", () => {
  it.each([
    ["GET", status(500), "retry"],
    ["GET", status(502), "retry"],
    ["GET", status(503), "retry"],
    ["GET", status(504), "retry"],
    ["PUT", status(503), "retry"],
    ["DELETE", status(500), "retry"],
    ["GET", network("ECONNRESET"), "retry"],
    ["GET", network("UND_ERR_SOCKET"), "retry"],
    ["GET", network("UND_ERR_HEADERS_TIMEOUT"), "retry"],
    ["POST", status(429), "retry"],
    ["PATCH", status(429), "retry"],
    ["POST", network("ECONNREFUSED"), "retry"],
    ["POST", network("UND_ERR_CONNECT_TIMEOUT"), "retry"],
    ["POST", status(500), "settle"],
    ["POST", status(503), "settle"],
    ["PATCH", status(502), "settle"],
    ["POST", network("UND_ERR_SOCKET"), "settle"],
    ["POST", network("ECONNRESET"), "settle"],
    ["PATCH", network("UND_ERR_HEADERS_TIMEOUT"), "settle"],
  ] as const)("%s after %j → %s", (method, outcome, action) => {
    expect(decide(method, outcome).action).toBe(action);
  });

  it.each([400, 401, 403, 404, 409, 412, 422])("never retries a %i", (s) => {
    expect(decide("GET", status(s))).toEqual({ action: "fail", ambiguous: false, reason: "not-retryable" });
    expect(decide("POST", status(s))).toEqual({ action: "fail", ambiguous: false, reason: "not-retryable" });
  });

  it("stops after maxAttempts, marking a write ambiguous", () => {
    expect(decide("GET", status(503), 4)).toEqual({ action: "fail", ambiguous: false, reason: "attempts" });
    expect(decide("POST", status(503), 4)).toEqual({ action: "fail", ambiguous: true, reason: "attempts" });
    expect(decide("POST", status(429), 4)).toEqual({ action: "fail", ambiguous: false, reason: "attempts" });
  });

  it("stops when the next delay would pass maxTotalMs", () => {
    expect(decide("GET", status(503), 1, 9_990)).toEqual({
      action: "fail",
      ambiguous: false,
      reason: "time",
    });
    expect(decide("GET", status(429, 5_000), 1, 6_000).action).toBe("retry"); // capped to maxDelayMs
    expect(decide("GET", status(429, 5_000), 1, 9_500)).toMatchObject({ action: "fail", reason: "time" });
  });

  it("honours Retry-After, capped at maxDelayMs", () => {
    expect(decide("GET", status(429, 700))).toEqual({ action: "retry", delayMs: 700 });
    expect(decide("POST", status(429, 60_000))).toEqual({ action: "retry", delayMs: 1000 });
    expect(decide("GET", status(503, 0))).toEqual({ action: "retry", delayMs: 0 });
  });

  it("treats a token request as safe to re-send", () => {
    const d = decideRetry({
      method: "POST",
      idempotent: true,
      attempt: 1,
      elapsedMs: 0,
      outcome: status(500),
      policy,
      random: half,
    });
    expect(d.action).toBe("retry");
  });
});

describe("backoffDelayMs", () => {
  it("grows exponentially with full jitter and a cap", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelayMs(a, policy, top))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, half)).toBe(200);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    ["3", 3000],
    [" 0 ", 0],
    ["1.5", 1500],
    ["Thu, 01 Jan 2026 00:00:10 GMT", 10_000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
  ])("%j → %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it.each([undefined, "", "soon", "-5"])("%j → undefined", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
