/**
 * The few GitHub REST calls the Action makes, behind a port (STYLE.md E4) so that unit tests pass an
 * in-memory fake; the adapter uses Node's fetch.
 */
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

/** A GitHub REST call failed; the message names the method, the path and GitHub's own message. */
export class GitHubApiError extends SyncError {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The answer's headers (Retry-After, rate-limit counters), when there was an answer. */
  readonly headers: Headers | undefined;
  constructor(method: string, path: string, status: number, detail: string, headers?: Headers) {
    super("E_HTTP", `GitHub [${method}] ${path}: ${status}${detail === "" ? "" : ` ${detail}`}`);
    this.name = "GitHubApiError";
    this.method = method;
    this.path = path;
    this.status = status;
    this.headers = headers;
  }
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
  /** Injectable for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/** Attempts per call: GitHub's 5xx and rate limits are usually gone on a second try. */
const MAX_ATTEMPTS = 3;

/**
 * Whether to try a failed call again, and after how long. Rate limits (429, or 403 with
 * Retry-After or an exhausted quota) retry any method: GitHub did not act. 5xx and network errors
 * retry only GET and PATCH (replacing a comment's body twice is harmless; creating it twice is not).
 */
export function retryDelayMs(
  method: string,
  status: number | undefined,
  headers: Headers | undefined,
  attempt: number,
): number | undefined {
  if (attempt >= MAX_ATTEMPTS) return undefined;
  const retryAfter = Number(headers?.get("retry-after") ?? Number.NaN);
  const exhausted = headers?.get("x-ratelimit-remaining") === "0";
  const rateLimited = status === 429 || (status === 403 && (Number.isFinite(retryAfter) || exhausted));
  if (rateLimited) return Math.min(Number.isFinite(retryAfter) ? retryAfter * 1000 : 60_000, 60_000);
  const transient =
    status === undefined || status === 500 || status === 502 || status === 503 || status === 504;
  if (transient && (method === "GET" || method === "PATCH")) return 1000 * 2 ** (attempt - 1);
  return undefined;
}

interface Response {
  data: unknown;
  next: string | undefined;
}

/** `<https://…?page=2>; rel="next", <…>; rel="last"` → the next URL. */
export function nextLink(header: string | null): string | undefined {
  if (header == null) return undefined;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes("next") === true) return match[1];
  }
  return undefined;
}

export function createGitHubApi(options: GitHubApiOptions): GitHubApi {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const base = options.apiUrl.replace(/\/+$/, "");
  const origin = new URL(base).origin;
  const repo = `/repos/${options.repository}`;
  const maxPages = options.maxPages ?? 50;

  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function call(method: string, pathOrUrl: string, body?: unknown): Promise<Response> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await callOnce(method, pathOrUrl, body);
      } catch (error) {
        const status = error instanceof GitHubApiError ? error.status : undefined;
        const headers = error instanceof GitHubApiError ? error.headers : undefined;
        const network = error instanceof SyncError && error.code === "E_NETWORK";
        if (!(error instanceof GitHubApiError) && !network) throw error;
        const delay = retryDelayMs(method, status, headers, attempt);
        if (delay === undefined) throw error;
        await sleep(delay);
      }
    }
  }

  async function callOnce(method: string, pathOrUrl: string, body?: unknown): Promise<Response> {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${base}${pathOrUrl}`;
    const path = url.startsWith(base) ? url.slice(base.length) : url;
    const headers: Record<string, string> = {
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      "user-agent": "aepsync-action",
    };
    if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: globalThis.Response;
    try {
      response = await fetchFn(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new SyncError("E_NETWORK", `GitHub [${method}] ${path}: ${describe(error)}`, { cause: error });
    }
    const text = await response.text();
    let data: unknown = undefined;
    if (text !== "") {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    if (!response.ok) {
      const message =
        typeof data === "object" && data != null && "message" in data && typeof data.message === "string"
          ? data.message
          : response.statusText;
      throw new GitHubApiError(method, path, response.status, message, response.headers);
    }
    const next = nextLink(response.headers.get("link"));
    // Never send the token to another host, whatever a Link header says.
    return { data, next: next !== undefined && new URL(next).origin === origin ? next : undefined };
  }

  async function list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = path;
    for (let page = 0; url !== undefined && page < maxPages; page += 1) {
      const response: Response = await call("GET", url);
      if (!Array.isArray(response.data)) throw new GitHubApiError("GET", path, 200, "expected a JSON array");
      items.push(...(response.data as T[]));
      url = response.next;
    }
    return items;
  }

  async function one<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await call(method, path, body)).data as T;
  }

  return {
    listIssueComments: (issue) => list<IssueComment>(`${repo}/issues/${issue}/comments?per_page=100`),
    createIssueComment: (issue, body) => one("POST", `${repo}/issues/${issue}/comments`, { body }),
    updateIssueComment: (id, body) => one("PATCH", `${repo}/issues/comments/${id}`, { body }),
    listPullsForCommit: (sha) =>
      list<PullRequest>(`${repo}/commits/${encodeURIComponent(sha)}/pulls?per_page=100`),
    getPull: (pull) => one("GET", `${repo}/pulls/${pull}`),
    listRecentClosedPulls: async (baseRef) =>
      (
        await call(
          "GET",
          `${repo}/pulls?state=closed&base=${encodeURIComponent(baseRef)}&sort=updated&direction=desc&per_page=100`,
        )
      ).data as PullRequest[],
    listOpenIssues: async (label) =>
      (
        await list<Issue>(`${repo}/issues?state=open&labels=${encodeURIComponent(label)}&per_page=100`)
      ).filter((issue) => issue.pull_request === undefined),
    createIssue: (issue) => one("POST", `${repo}/issues`, issue),
    updateIssue: (issue, patch) => one("PATCH", `${repo}/issues/${issue}`, patch),
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
