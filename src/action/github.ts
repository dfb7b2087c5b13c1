/**
 * The few GitHub REST calls the Action makes, behind a port (docs/architecture.md, "The Action") so
 * that unit tests pass an in-memory fake. The adapter is @octokit/rest with @octokit/plugin-retry
 * and @octokit/plugin-paginate-rest; a plugin of ours decides which failures are retried
 * (retryDelayMs).
 */
import type { Octokit as OctokitCore, OctokitOptions } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { Octokit } from "@octokit/rest";
import { SyncError } from "../errors.ts";

export interface GitHubUser {
  login: string;
}

export interface IssueComment {
  id: number;
  body: string;
  user: GitHubUser | null;
  html_url?: string;
}

export interface PullRequest {
  number: number;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { sha: string; ref: string };
  base: { ref: string };
  html_url?: string;
}

export interface Issue {
  number: number;
  state: string;
  title: string;
  body?: string | null;
  user: GitHubUser | null;
  /** Present when the issue is a pull request (the issues API lists both). */
  pull_request?: unknown;
  html_url?: string;
}

export interface IssuePatch {
  title?: string;
  body?: string;
  state?: "open" | "closed";
  state_reason?: "completed" | "not_planned" | "reopened";
}

export interface GitHubApi {
  listIssueComments(issue: number): Promise<IssueComment[]>;
  createIssueComment(issue: number, body: string): Promise<IssueComment>;
  updateIssueComment(commentId: number, body: string): Promise<IssueComment>;
  /** Pull requests associated with a commit (a merge commit finds the pull request it merged). */
  listPullsForCommit(sha: string): Promise<PullRequest[]>;
  getPull(pull: number): Promise<PullRequest>;
  /** The most recently updated closed pull requests into `base` (one page of 100). */
  listRecentClosedPulls(base: string): Promise<PullRequest[]>;
  /** Open issues (not pull requests) carrying `label`. */
  listOpenIssues(label: string): Promise<Issue[]>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<Issue>;
  updateIssue(issue: number, patch: IssuePatch): Promise<Issue>;
}

/** Response headers as Octokit gives them: lower-case names. */
export type ResponseHeaders = Readonly<Record<string, string | number | undefined>>;

/** A GitHub REST call failed; the message names the method, the path and GitHub's own message. */
export class GitHubApiError extends SyncError {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The answer's headers (Retry-After, rate-limit counters), when there was an answer. */
  readonly headers: ResponseHeaders | undefined;
  constructor(
    method: string,
    path: string,
    status: number,
    detail: string,
    headers?: ResponseHeaders,
    options?: ErrorOptions,
  ) {
    super("E_HTTP", `GitHub [${method}] ${path}: ${status}${detail === "" ? "" : ` ${detail}`}`, options);
    this.name = "GitHubApiError";
    this.method = method;
    this.path = path;
    this.status = status;
    this.headers = headers;
  }
}

/** A retry about to happen, for the log. */
export interface RetryNotice {
  method: string;
  path: string;
  /** undefined: no answer (a reset, a timeout). */
  status: number | undefined;
  /** The wait the policy chose (before retryDelayScale). */
  delayMs: number;
}

export interface GitHubApiOptions {
  /** GITHUB_API_URL, e.g. https://api.github.com */
  apiUrl: string;
  token: string | undefined;
  /** owner/name */
  repository: string;
  fetch?: typeof globalThis.fetch;
  /** A bound on pages followed per listing. */
  maxPages?: number;
  /** Multiplies every retry delay: tests pass 0 to retry at once. Default 1. */
  retryDelayScale?: number;
  /** Told before each retry. */
  onRetry?: (notice: RetryNotice) => void;
}

/** Attempts per call: GitHub's 5xx and rate limits are usually gone on a second try. */
const MAX_ATTEMPTS = 3;

function header(headers: ResponseHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return value === undefined ? undefined : String(value);
}

/**
 * Whether to try a failed call again, and after how long. Rate limits (429, or 403 with
 * Retry-After or an exhausted quota) retry any method: GitHub did not act. 5xx and network errors
 * retry only GET and PATCH (replacing a comment's body twice is harmless; creating it twice is not).
 */
export function retryDelayMs(
  method: string,
  status: number | undefined,
  headers: ResponseHeaders | undefined,
  attempt: number,
): number | undefined {
  if (attempt >= MAX_ATTEMPTS) return undefined;
  const retryAfter = Number(header(headers, "retry-after") ?? Number.NaN);
  const exhausted = header(headers, "x-ratelimit-remaining") === "0";
  const rateLimited = status === 429 || (status === 403 && (Number.isFinite(retryAfter) || exhausted));
  if (rateLimited) return Math.min(Number.isFinite(retryAfter) ? retryAfter * 1000 : 60_000, 60_000);
  const transient =
    status === undefined || status === 500 || status === 502 || status === 503 || status === 504;
  if (transient && (method === "GET" || method === "PATCH")) return 1000 * 2 ** (attempt - 1);
  return undefined;
}

/** What Octokit's RequestError carries (duck-typed: @octokit/request-error is not ours to import). */
interface OctokitFailure {
  status: number;
  request?: { method?: string; url?: string };
  response?: { status: number; headers?: ResponseHeaders; data?: unknown };
}

function isOctokitFailure(error: unknown): error is Error & OctokitFailure {
  return error instanceof Error && typeof (error as { status?: unknown }).status === "number";
}

interface PolicyOptions {
  base: string;
  delayScale: number;
  onRetry: ((notice: RetryNotice) => void) | undefined;
}

function pathOf(base: string, url: string | undefined): string {
  if (url === undefined) return "";
  return url.startsWith(base) ? url.slice(base.length) : url;
}

/**
 * Ours, registered before plugin-retry so that its error hook runs first: it marks the failures to
 * retry (octokit.retry.retryRequest, plugin-retry's own API), with our delay. plugin-retry is told
 * never to decide by itself (every status in doNotRetry), so a POST that failed with a 5xx or a reset
 * is not sent again. It also sends GitHub's media type and API version, and drops a `next` link to
 * another host: the token never leaves for wherever a Link header points.
 */
function retryPolicy(octokit: OctokitCore, options: OctokitOptions): void {
  const policy = options["aepsyncPolicy"] as PolicyOptions;
  const origin = new URL(policy.base).origin;
  octokit.hook.before("request", (request) => {
    request.headers["accept"] = "application/vnd.github+json";
    request.headers["x-github-api-version"] = "2022-11-28";
  });
  octokit.hook.error("request", (error, request) => {
    if (!isOctokitFailure(error)) throw error;
    const method = request.method.toUpperCase();
    const answered = error.response !== undefined;
    const status = answered ? error.status : undefined;
    const retryCount = Number((request.request as { retryCount?: unknown }).retryCount ?? 0);
    const delay = retryDelayMs(method, status, error.response?.headers, retryCount + 1);
    if (delay === undefined) throw error;
    policy.onRetry?.({ method, path: pathOf(policy.base, error.request?.url), status, delayMs: delay });
    // plugin-retry waits retryAfter × retryAfterBaseValue (1) ms and retries while retries > retryCount.
    const waitMs = Math.round(delay * policy.delayScale);
    throw (octokit as OctokitCore & { retry: RetryApi }).retry.retryRequest(error, retryCount + 1, waitMs);
  });
  octokit.hook.wrap("request", async (request, options_) => {
    const response = await request(options_);
    const link = header(response.headers, "link");
    const next = link === undefined ? undefined : /<([^<>]+)>;\s*rel="next"/.exec(link)?.[1];
    if (next !== undefined && new URL(next, policy.base).origin !== origin) {
      const { link: _dropped, ...rest } = response.headers;
      response.headers = rest;
    }
    return response;
  });
}

interface RetryApi {
  retryRequest(error: unknown, retries: number, retryAfter: number): Error;
}

const GitHubOctokit = Octokit.plugin(retryPolicy, retry, paginateRest);
type GitHubOctokit = InstanceType<typeof GitHubOctokit>;

/** Octokit's errors → GitHubApiError (an answer) or E_NETWORK (none), naming method and path. */
async function translated<T>(base: string, method: string, path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isOctokitFailure(error)) throw error;
    const where = pathOf(base, error.request?.url) || path;
    const verb = error.request?.method?.toUpperCase() ?? method;
    if (error.response === undefined) {
      throw new SyncError("E_NETWORK", `GitHub [${verb}] ${where}: ${describe(error)}`, { cause: error });
    }
    const data = error.response.data;
    const detail =
      typeof data === "object" && data !== null && "message" in data && typeof data.message === "string"
        ? data.message
        : typeof data === "string"
          ? data
          : error.message;
    throw new GitHubApiError(verb, where, error.status, detail, error.response.headers, { cause: error });
  }
}

function describe(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

function comment(c: {
  id: number;
  body?: string;
  user: { login: string } | null;
  html_url?: string;
}): IssueComment {
  const out: IssueComment = {
    id: c.id,
    body: c.body ?? "",
    user: c.user === null ? null : { login: c.user.login },
  };
  if (c.html_url !== undefined) out.html_url = c.html_url;
  return out;
}

interface OctokitPull {
  number: number;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { sha: string; ref: string };
  base: { ref: string };
  html_url?: string;
}

function pull(p: OctokitPull): PullRequest {
  const out: PullRequest = {
    number: p.number,
    state: p.state,
    merged_at: p.merged_at,
    merge_commit_sha: p.merge_commit_sha,
    head: { sha: p.head.sha, ref: p.head.ref },
    base: { ref: p.base.ref },
  };
  if (p.html_url !== undefined) out.html_url = p.html_url;
  return out;
}

interface OctokitIssue {
  number: number;
  state: string;
  title: string;
  body?: string | null;
  user: { login: string } | null;
  pull_request?: unknown;
  html_url?: string;
}

function issue(i: OctokitIssue): Issue {
  const out: Issue = {
    number: i.number,
    state: i.state,
    title: i.title,
    body: i.body ?? null,
    user: i.user === null ? null : { login: i.user.login },
  };
  if (i.pull_request !== undefined && i.pull_request !== null) out.pull_request = i.pull_request;
  if (i.html_url !== undefined) out.html_url = i.html_url;
  return out;
}

export function createGitHubApi(options: GitHubApiOptions): GitHubApi {
  const base = options.apiUrl.replace(/\/+$/, "");
  const [owner = "", repo = ""] = options.repository.split("/");
  const maxPages = options.maxPages ?? 50;
  const policy: PolicyOptions = {
    base,
    delayScale: options.retryDelayScale ?? 1,
    onRetry: options.onRetry,
  };
  const octokit: GitHubOctokit = new GitHubOctokit({
    baseUrl: base,
    userAgent: "aepsync-action",
    ...(options.token === undefined ? {} : { auth: options.token }),
    ...(options.fetch === undefined ? {} : { request: { fetch: options.fetch } }),
    // Failures are thrown and reported by the Action; Octokit's own request log is not wanted.
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    // Every status: plugin-retry retries only what retryPolicy marked.
    retry: { doNotRetry: Array.from({ length: 200 }, (_, i) => 400 + i), retryAfterBaseValue: 1 },
    aepsyncPolicy: policy,
  });
  const repoPath = `/repos/${options.repository}`;
  const call = <T>(method: string, path: string, fn: () => Promise<T>): Promise<T> =>
    translated(base, method, `${repoPath}${path}`, fn);

  async function pages<T>(path: string, iterator: AsyncIterable<{ data: T[] }>): Promise<T[]> {
    return call("GET", path, async () => {
      const items: T[] = [];
      let page = 0;
      for await (const response of iterator) {
        items.push(...response.data);
        page += 1;
        if (page >= maxPages) break;
      }
      return items;
    });
  }

  return {
    listIssueComments: async (number) =>
      (
        await pages(
          `/issues/${number}/comments`,
          octokit.paginate.iterator(octokit.rest.issues.listComments, {
            owner,
            repo,
            issue_number: number,
            per_page: 100,
          }),
        )
      ).map(comment),
    createIssueComment: (number, body) =>
      call("POST", `/issues/${number}/comments`, async () =>
        comment((await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body })).data),
      ),
    updateIssueComment: (id, body) =>
      call("PATCH", `/issues/comments/${id}`, async () =>
        comment((await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body })).data),
      ),
    listPullsForCommit: async (sha) =>
      (
        await pages(
          `/commits/${sha}/pulls`,
          octokit.paginate.iterator(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
            owner,
            repo,
            commit_sha: sha,
            per_page: 100,
          }),
        )
      ).map(pull),
    getPull: (number) =>
      call("GET", `/pulls/${number}`, async () =>
        pull((await octokit.rest.pulls.get({ owner, repo, pull_number: number })).data),
      ),
    listRecentClosedPulls: (baseRef) =>
      call("GET", "/pulls", async () =>
        (
          await octokit.rest.pulls.list({
            owner,
            repo,
            state: "closed",
            base: baseRef,
            sort: "updated",
            direction: "desc",
            per_page: 100,
          })
        ).data.map(pull),
      ),
    listOpenIssues: async (label) =>
      (
        await pages(
          "/issues",
          octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
            owner,
            repo,
            state: "open",
            labels: label,
            per_page: 100,
          }),
        )
      )
        .map(issue)
        .filter((i) => i.pull_request === undefined),
    createIssue: (created) =>
      call("POST", "/issues", async () =>
        issue((await octokit.rest.issues.create({ owner, repo, ...created })).data),
      ),
    updateIssue: (number, patch) =>
      call("PATCH", `/issues/${number}`, async () =>
        issue((await octokit.rest.issues.update({ owner, repo, issue_number: number, ...patch })).data),
      ),
  };
}
