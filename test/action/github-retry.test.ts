import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RetryNotice } from "../../src/action/github.ts";
import { createGitHubApi, GitHubApiError, retryDelayMs } from "../../src/action/github.ts";
import { SyncError } from "../../src/errors.ts";
import type { GitHubServer } from "../support/github-server.ts";
import { startGitHubServer } from "../support/github-server.ts";
import type { FaultProxy } from "./fault-proxy.ts";
import { startFaultProxy } from "./fault-proxy.ts";

const REPO = "acme/pipelines";
const TOKEN = "ghs_retry_token";

let github: GitHubServer;
let proxy: FaultProxy;
let notices: RetryNotice[];

beforeEach(async () => {
  github = await startGitHubServer({ repository: REPO, token: TOKEN });
  proxy = await startFaultProxy(github.url);
  github.addPull({ number: 7, headSha: "h" });
  notices = [];
});
afterEach(async () => {
  await proxy.close();
  await github.close();
});

/** The real client through the proxy; waits scaled to nothing, the chosen delays recorded. */
function api() {
  return createGitHubApi({
    apiUrl: proxy.url,
    token: TOKEN,
    repository: REPO,
    retryDelayScale: 0,
    onRetry: (notice) => notices.push(notice),
  });
}

const comments = /^\/repos\/acme\/pipelines\/issues\/7\/comments/;

function requestsTo(method: string, path: RegExp): number {
  return github.requests.filter((r) => r.method === method && path.test(r.path)).length;
}

describe("GitHub REST retries (plugin-retry, our policy)", () => {
  it("retries reads through 5xx and connection resets with backoff", async () => {
    await api().createIssueComment(7, "hello");
    proxy.faults.push(
      { method: "GET", path: comments, fault: { status: 502 } },
      { method: "GET", path: comments, fault: { reset: "before" } },
    );
    const listed = await api().listIssueComments(7);
    expect(listed.map((c) => c.body)).toEqual(["hello"]);
    expect(proxy.seen.filter((s) => s.method === "GET").map((s) => s.outcome)).toEqual([
      "502",
      "reset before",
      "forwarded",
    ]);
    expect(notices.map((n) => [n.method, n.status, n.delayMs])).toEqual([
      ["GET", 502, 1000],
      ["GET", undefined, 2000],
    ]);
  });

  it("never sends a comment twice: a create is not retried after a 5xx, a reset or a lost answer", async () => {
    proxy.faults.push({ method: "POST", path: comments, fault: { status: 503 } });
    const failed = await api()
      .createIssueComment(7, "first")
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(GitHubApiError);
    expect((failed as GitHubApiError).message).toBe(
      "GitHub [POST] /repos/acme/pipelines/issues/7/comments: 503 scripted 503",
    );
    expect(requestsTo("POST", comments)).toBe(0);

    proxy.faults.push({ method: "POST", path: comments, fault: { reset: "after" } });
    const lost = await api()
      .createIssueComment(7, "second")
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(SyncError);
    expect((lost as SyncError).code).toBe("E_NETWORK");
    expect((lost as SyncError).message).toMatch(
      /^GitHub \[POST\] \/repos\/acme\/pipelines\/issues\/7\/comments: /,
    );
    // GitHub created it once; the client, whose answer was lost, did not send it again.
    expect(github.comments.get(7)?.map((c) => c.body)).toEqual(["second"]);
    expect(proxy.seen.filter((s) => s.method === "POST")).toHaveLength(2);
    expect(notices).toEqual([]);
  });

  it("waits out a rate limit for any method, as long as GitHub asks", async () => {
    proxy.faults.push(
      { method: "POST", path: comments, fault: { status: 403, headers: { "retry-after": "3" } } },
      { method: "POST", path: comments, fault: { status: 429 } },
    );
    const created = await api().createIssueComment(7, "once");
    expect(created.body).toBe("once");
    expect(github.comments.get(7)).toHaveLength(1);
    expect(notices.map((n) => [n.method, n.status, n.delayMs])).toEqual([
      ["POST", 403, 3000],
      ["POST", 429, 60_000],
    ]);

    proxy.faults.push({
      method: "GET",
      path: /^\/repos\/acme\/pipelines\/pulls\/7$/,
      fault: { status: 403, headers: { "x-ratelimit-remaining": "0" } },
    });
    expect((await api().getPull(7)).number).toBe(7);
  });

  it("retries a PATCH of a comment (the same body twice is harmless)", async () => {
    const created = await api().createIssueComment(7, "v1");
    const path = new RegExp(`^/repos/acme/pipelines/issues/comments/${created.id}$`);
    proxy.faults.push({ method: "PATCH", path, fault: { status: 502 } });
    proxy.faults.push({ method: "PATCH", path, fault: { reset: "after" } });
    expect((await api().updateIssueComment(created.id, "v2")).body).toBe("v2");
    expect(github.comments.get(7)?.map((c) => c.body)).toEqual(["v2"]);
    expect(notices.map((n) => n.status)).toEqual([502, undefined]);
  });

  it("gives up after three attempts, and does not retry a 404 or a 403 that is no rate limit", async () => {
    for (let i = 0; i < 3; i += 1)
      proxy.faults.push({ method: "GET", path: comments, fault: { status: 500 } });
    await expect(api().listIssueComments(7)).rejects.toThrow(/: 500 scripted 500$/);
    expect(proxy.seen).toHaveLength(3);

    await expect(api().getPull(404)).rejects.toThrow(
      "GitHub [GET] /repos/acme/pipelines/pulls/404: 404 Not Found",
    );
    proxy.faults.push({ method: "POST", path: comments, fault: { status: 403 } });
    await expect(api().createIssueComment(7, "x")).rejects.toThrow(/403 scripted 403/);
    expect(proxy.seen.map((s) => s.outcome)).toEqual(["500", "500", "500", "forwarded", "403"]);
    expect(notices).toHaveLength(2);
  });
});

describe("retryDelayMs", () => {
  it.each([
    ["GET", 502, {}, 1, 1000],
    ["GET", 503, {}, 2, 2000],
    ["GET", 500, {}, 3, undefined],
    ["PATCH", undefined, {}, 1, 1000],
    ["POST", 502, {}, 1, undefined],
    ["POST", undefined, {}, 1, undefined],
    ["DELETE", 504, {}, 1, undefined],
    ["POST", 429, {}, 1, 60_000],
    ["POST", 403, { "retry-after": "7" }, 1, 7000],
    ["POST", 403, { "retry-after": "3600" }, 1, 60_000],
    ["GET", 403, { "x-ratelimit-remaining": "0" }, 1, 60_000],
    ["GET", 403, {}, 1, undefined],
    ["GET", 404, {}, 1, undefined],
  ] as const)("%s after %s (%j), attempt %i → %s", (method, status, headers, attempt, delay) => {
    expect(retryDelayMs(method, status, headers, attempt)).toBe(delay);
  });
});
