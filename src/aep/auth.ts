import { ErrorCodes } from "../errors.ts";
import { AepError, parseErrorBody } from "./errors.ts";
import type { Http } from "./http.ts";
import { NetworkFailure } from "./http.ts";
import { registerSecret } from "./redact.ts";
import { decideRetry, parseRetryAfter } from "./retry.ts";
import type { AttemptOutcome, RetryPolicy } from "./retry.ts";
import type { StatsRecorder } from "./stats.ts";

export const IMS_TOKEN_PATH = "/ims/token/v3";

export interface TokenSourceOptions {
  imsUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  http: Http;
  stats: StatsRecorder;
  policy: RetryPolicy;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/**
 * IMS OAuth server-to-server tokens: cached, renewed early, one request in flight (Adobe's reference:
 * developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/ims).
 */
export interface TokenSource {
  getToken(): Promise<string>;
  /**
   * Starts the token request now, before any call needs it (the first calls then wait on it
   * together). A failure is not retried by the next getToken: that call reports it.
   */
  prefetch(): void;
  /** Drops `token` after the platform refused it (401); a newer token is kept. */
  invalidate(token: string): void;
}

interface CachedToken {
  token: string;
  renewAt: number;
}

const credentialsHint = "check AEP_CLIENT_ID, AEP_CLIENT_SECRET and AEP_SCOPES";

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { http, stats, policy, now, sleep, random } = options;
  const url = `${options.imsUrl.replace(/\/+$/, "")}${IMS_TOKEN_PATH}`;
  let cached: CachedToken | undefined;
  let inflight: Promise<string> | undefined;

  async function requestToken(): Promise<CachedToken> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope: options.scopes,
    }).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
    const started = now();
    for (let attempt = 1; ; attempt += 1) {
      stats.record("POST", IMS_TOKEN_PATH, false);
      let outcome: AttemptOutcome;
      let failure: AepError;
      try {
        const res = await http.send("POST", url, headers, form);
        const body = parseJson(res.text);
        if (res.status === 200) return toCachedToken(body, now());
        const { aepCode, aepMessage } = parseErrorBody(body);
        outcome = { kind: "status", status: res.status, retryAfterMs: retryAfter(res.headers, now()) };
        failure = new AepError({
          code: ErrorCodes.auth,
          method: "POST",
          path: IMS_TOKEN_PATH,
          status: res.status,
          aepCode,
          aepMessage,
          detail: imsHint(res.status),
        });
      } catch (error) {
        if (!(error instanceof NetworkFailure)) throw error;
        outcome = { kind: "network", errorCode: error.errorCode };
        failure = new AepError({
          code: ErrorCodes.auth,
          method: "POST",
          path: IMS_TOKEN_PATH,
          detail: `could not reach IMS at ${options.imsUrl} (${error.errorCode ?? error.message}): check AEP_IMS_URL`,
          cause: error,
        });
      }
      const decision = decideRetry({
        method: "POST",
        idempotent: true,
        attempt,
        elapsedMs: now() - started,
        outcome,
        policy,
        random,
      });
      if (decision.action === "fail") throw failure;
      await sleep(decision.delayMs);
    }
  }

  function fetchToken(): Promise<string> {
    inflight ??= requestToken()
      .then((fresh) => {
        cached = fresh;
        return fresh.token;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  }

  // The prefetched request until a call takes it (a failure is that call's to report).
  let prefetched: Promise<string> | undefined;
  return {
    getToken() {
      const pending = prefetched;
      if (pending !== undefined) {
        prefetched = undefined;
        return pending;
      }
      if (cached !== undefined && now() < cached.renewAt) return Promise.resolve(cached.token);
      return fetchToken();
    },
    prefetch() {
      if (cached !== undefined || inflight !== undefined) return;
      const pending = fetchToken();
      prefetched = pending;
      pending.then(
        () => {
          if (prefetched === pending) prefetched = undefined;
        },
        () => undefined,
      );
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function toCachedToken(body: unknown, at: number): CachedToken {
  const b = (body ?? {}) as { access_token?: unknown; expires_in?: unknown };
  if (typeof b.access_token !== "string" || b.access_token === "") {
    throw new AepError({
      code: ErrorCodes.auth,
      method: "POST",
      path: IMS_TOKEN_PATH,
      status: 200,
      detail: "IMS answered without an access_token: check AEP_IMS_URL",
    });
  }
  registerSecret(b.access_token);
  // expires_in is in seconds for /ims/token/v3 (the old JWT exchange used ms:
  // help/landing/api-authentication.md).
  const ttlMs = (typeof b.expires_in === "number" ? b.expires_in : Number(b.expires_in ?? 86_399)) * 1000;
  // Renew within max(60 s, 10 %) of expiry, but never use less than half of a short-lived token.
  const margin = Math.min(Math.max(60_000, ttlMs * 0.1), ttlMs / 2);
  return { token: b.access_token, renewAt: at + ttlMs - margin };
}

function imsHint(status: number): string {
  if (status === 400 || status === 401 || status === 403)
    return `IMS refused the credentials: ${credentialsHint}`;
  if (status === 404) return "IMS has no token endpoint at this URL: check AEP_IMS_URL";
  return "IMS failed: check AEP_IMS_URL, or retry later";
}

function retryAfter(headers: Record<string, string | string[] | undefined>, now: number): number | undefined {
  const value = headers["retry-after"];
  return parseRetryAfter(Array.isArray(value) ? value[0] : value, now);
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
