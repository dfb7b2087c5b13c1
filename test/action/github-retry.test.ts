import { describe, expect, it } from "vitest";
import { createGitHubApi, GitHubApiError, retryDelayMs } from "../../src/action/github.ts";

function scripted(statuses: (number | "reset")[], headers: Record<string, string> = {}) {
  const calls: string[] = [];
  const fetch = ((url: string | URL | Request, init?: RequestInit) => {
    const href = typeof url === "string" ? url : url instanceof URL ? url.href : url.url;
    calls.push(`${init?.method ?? "GET"} ${href}`);
    const next = statuses.shift() ?? 200;
    if (next === "reset")
      return Promise.reject(new TypeError("fetch failed", { cause: new Error("ECONNRESET") }));
    const body = next === 200 ? (init?.method === "GET" ? "[]" : '{"id":1}') : '{"message":"boom"}';
    return Promise.resolve(new Response(body, { status: next, headers: next === 200 ? {} : headers }));
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function api(fetch: typeof globalThis.fetch, sleeps: number[]) {
  return createGitHubApi({
    apiUrl: "http://127.0.0.1:9",
    token: "t",
    repository: "o/r",
    fetch,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
}

describe("GitHub REST retries", () => {
  it("retries reads through 5xx and connection resets with backoff", async () => {
    const { fetch, calls } = scripted([502, "reset", 200]);
    const sleeps: number[] = [];
    await expect(api(fetch, sleeps).listIssueComments(7)).resolves.toEqual([]);
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it("never re-sends a comment create after a 5xx, but waits out a rate limit", async () => {
    const failing = scripted([503]);
    await expect(api(failing.fetch, []).createIssueComment(7, "x")).rejects.toBeInstanceOf(GitHubApiError);
    expect(failing.calls).toHaveLength(1);
    const limited = scripted([403, 200], { "retry-after": "3" });
    const sleeps: number[] = [];
    await expect(api(limited.fetch, sleeps).createIssueComment(7, "x")).resolves.toEqual({ id: 1 });
    expect(sleeps).toEqual([3000]);
  });

  it("gives up after three attempts and does not retry a 404", () => {
    expect(retryDelayMs("GET", 500, undefined, 3)).toBeUndefined();
    expect(retryDelayMs("GET", 404, undefined, 1)).toBeUndefined();
    expect(retryDelayMs("POST", 429, new Headers(), 1)).toBe(60_000);
  });
});
