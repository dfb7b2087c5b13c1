/**
 * A loopback GitHub REST API with the few endpoints the Action uses, shaped after GitHub's REST
 * reference (version 2022-11-28): issue comments, pull requests of a commit, pull requests, issues.
 * Pages with `per_page`/`page` and a Link header, as GitHub does.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const BOT_LOGIN = "github-actions[bot]";
const MAX_BODY = 65_536;

export interface GhUser {
  login: string;
  id: number;
  type: "Bot" | "User";
}

export interface GhComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: GhUser;
  created_at: string;
  updated_at: string;
  author_association: string;
}

export interface GhPull {
  id: number;
  number: number;
  state: "open" | "closed";
  title: string;
  user: GhUser;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { ref: string; sha: string; repo: { full_name: string } };
  base: { ref: string; sha: string; repo: { full_name: string } };
  html_url: string;
  updated_at: string;
}

export interface GhIssue {
  id: number;
  number: number;
  state: "open" | "closed";
  state_reason: string | null;
  title: string;
  body: string | null;
  user: GhUser;
  labels: { name: string }[];
  html_url: string;
  pull_request?: { url: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

export interface GitHubServer {
  url: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  comments: Map<number, GhComment[]>;
  pulls: GhPull[];
  issues: GhIssue[];
  /** Adds a pull request (open, or merged when `mergeSha` is given) into `main`. */
  addPull(pull: {
    number: number;
    headSha: string;
    mergeSha?: string;
    mergedAt?: string;
    fromFork?: boolean;
  }): GhPull;
  /** Marks a pull request merged by `mergeSha`. */
  merge(number: number, mergeSha: string, mergedAt?: string): void;
  close(): Promise<void>;
}

export interface GitHubServerOptions {
  repository: string;
  token: string;
  /** The login that comments made with the token get. */
  login?: string;
}

function now(): string {
  return new Date().toISOString();
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

export async function startGitHubServer(options: GitHubServerOptions): Promise<GitHubServer> {
  const bot: GhUser = { login: options.login ?? BOT_LOGIN, id: 41898282, type: "Bot" };
  const comments = new Map<number, GhComment[]>();
  const pulls: GhPull[] = [];
  const issues: GhIssue[] = [];
  const requests: RecordedRequest[] = [];
  let nextId = 1_000;
  let base = "";
  const repoPath = `/repos/${options.repository}`;

  function send(
    res: ServerResponse,
    status: number,
    data: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(data === undefined ? "" : JSON.stringify(data));
  }

  function fail(res: ServerResponse, status: number, message: string): void {
    send(res, status, { message, documentation_url: "https://docs.github.com/rest", status: String(status) });
  }

  /** GitHub's paging: per_page (default 30, max 100), page (from 1), Link with next/last/prev/first. */
  function page<T>(res: ServerResponse, url: URL, items: T[]): void {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? "30") || 30));
    const pageNo = Math.max(1, Number(url.searchParams.get("page") ?? "1") || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => {
      const next = new URL(url.toString());
      next.searchParams.set("page", String(n));
      return `<${base}${next.pathname}${next.search}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (pageNo > 1) links.push(link(pageNo - 1, "prev"), link(1, "first"));
    if (pageNo < last) links.push(link(pageNo + 1, "next"), link(last, "last"));
    send(
      res,
      200,
      items.slice((pageNo - 1) * perPage, pageNo * perPage),
      links.length > 0 ? { link: links.join(", ") } : {},
    );
  }

  function commentOf(issue: number, body: string): GhComment {
    const id = nextId++;
    const time = now();
    return {
      id,
      node_id: `IC_${id}`,
      url: `${base}${repoPath}/issues/comments/${id}`,
      html_url: `https://github.example/${options.repository}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${base}${repoPath}/issues/${issue}`,
      body,
      user: bot,
      created_at: time,
      updated_at: time,
      author_association: "NONE",
    };
  }

  function validBody(res: ServerResponse, body: unknown, resource: string): string | undefined {
    const text = (body as { body?: unknown } | undefined)?.body;
    if (typeof text !== "string") {
      send(res, 422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: "" });
      return undefined;
    }
    if (text.length > MAX_BODY) {
      send(res, 422, {
        message: "Validation Failed",
        errors: [
          {
            resource,
            code: "custom",
            field: "body",
            message: `body is too long (maximum is ${MAX_BODY} characters)`,
          },
        ],
      });
      return undefined;
    }
    return text;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    const auth = req.headers.authorization ?? "";
    if (auth !== `Bearer ${options.token}` && auth !== `token ${options.token}`)
      return fail(res, 401, "Bad credentials");
    const version = req.headers["x-github-api-version"];
    if (version !== undefined && version !== "2022-11-28") {
      return fail(res, 400, `API version ${String(version)} is not supported.`);
    }
    if (!url.pathname.startsWith(`${repoPath}/`)) return fail(res, 404, "Not Found");
    const rest = url.pathname.slice(repoPath.length);
    let m: RegExpExecArray | null;

    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest)) != null) {
      const issue = Number(m[1]);
      if (!pulls.some((p) => p.number === issue) && !issues.some((i) => i.number === issue)) {
        return fail(res, 404, "Not Found");
      }
      if (method === "GET") return page(res, url, comments.get(issue) ?? []);
      if (method === "POST") {
        const text = validBody(res, await readBody(req), "IssueComment");
        if (text === undefined) return;
        const comment = commentOf(issue, text);
        comments.set(issue, [...(comments.get(issue) ?? []), comment]);
        return send(res, 201, comment, { location: comment.url });
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest)) != null && method === "PATCH") {
      const id = Number(m[1]);
      const comment = [...comments.values()].flat().find((c) => c.id === id);
      if (comment === undefined) return fail(res, 404, "Not Found");
      const text = validBody(res, await readBody(req), "IssueComment");
      if (text === undefined) return;
      comment.body = text;
      comment.updated_at = now();
      return send(res, 200, comment);
    }
    if ((m = /^\/commits\/([^/]+)\/pulls$/.exec(rest)) != null && method === "GET") {
      const sha = decodeURIComponent(m[1] ?? "");
      return page(
        res,
        url,
        pulls.filter((p) => p.merge_commit_sha === sha || p.head.sha === sha),
      );
    }
    if ((m = /^\/pulls\/(\d+)$/.exec(rest)) != null && method === "GET") {
      const pull = pulls.find((p) => p.number === Number(m![1]));
      return pull === undefined ? fail(res, 404, "Not Found") : send(res, 200, pull);
    }
    if (rest === "/pulls" && method === "GET") {
      const state = url.searchParams.get("state") ?? "open";
      const baseRef = url.searchParams.get("base");
      const direction = url.searchParams.get("direction") ?? "desc";
      const listed = pulls
        .filter((p) => state === "all" || p.state === state)
        .filter((p) => baseRef == null || p.base.ref === baseRef)
        .sort((a, b) => (a.updated_at < b.updated_at ? -1 : 1) * (direction === "asc" ? 1 : -1));
      return page(res, url, listed);
    }
    if (rest === "/issues" && method === "GET") {
      const state = url.searchParams.get("state") ?? "open";
      const labels = (url.searchParams.get("labels") ?? "").split(",").filter((l) => l !== "");
      const listed: GhIssue[] = [
        ...issues,
        ...pulls.map((p): GhIssue => ({
          id: p.id,
          number: p.number,
          state: p.state,
          state_reason: null,
          title: p.title,
          body: null,
          user: p.user,
          labels: [],
          html_url: p.html_url,
          pull_request: { url: `${base}${repoPath}/pulls/${p.number}` },
        })),
      ]
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => labels.every((l) => i.labels.some((x) => x.name === l)))
        .sort((a, b) => b.number - a.number);
      return page(res, url, listed);
    }
    if (rest === "/issues" && method === "POST") {
      const body = (await readBody(req)) as { title?: unknown; body?: unknown; labels?: unknown };
      if (typeof body.title !== "string") return fail(res, 422, "Validation Failed");
      const text = validBody(res, body, "Issue");
      if (text === undefined) return;
      const number = Math.max(0, ...pulls.map((p) => p.number), ...issues.map((i) => i.number)) + 1;
      const labels = Array.isArray(body.labels) ? body.labels.map((l) => ({ name: String(l) })) : [];
      const issue: GhIssue = {
        id: nextId++,
        number,
        state: "open",
        state_reason: null,
        title: body.title,
        body: text,
        user: bot,
        labels,
        html_url: `https://github.example/${options.repository}/issues/${number}`,
      };
      issues.push(issue);
      return send(res, 201, issue);
    }
    if ((m = /^\/issues\/(\d+)$/.exec(rest)) != null && method === "PATCH") {
      const issue = issues.find((i) => i.number === Number(m![1]));
      if (issue === undefined) return fail(res, 404, "Not Found");
      const patch = (await readBody(req)) as Partial<GhIssue>;
      if (patch.body !== undefined && validBody(res, patch, "Issue") === undefined) return;
      if (patch.title !== undefined) issue.title = patch.title;
      if (patch.body !== undefined) issue.body = patch.body;
      if (patch.state !== undefined) issue.state = patch.state;
      if (patch.state_reason !== undefined) issue.state_reason = patch.state_reason;
      return send(res, 200, issue);
    }
    return fail(res, 404, "Not Found");
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .catch((error: unknown) => {
        if (!res.headersSent) fail(res, 500, error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        requests.push({ method: req.method ?? "", path: req.url ?? "", status: res.statusCode });
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function addPull(pull: {
    number: number;
    headSha: string;
    mergeSha?: string;
    mergedAt?: string;
    fromFork?: boolean;
  }): GhPull {
    const created: GhPull = {
      id: 5_000 + pull.number,
      number: pull.number,
      state: "open",
      title: `Pull request ${pull.number}`,
      user: { login: "octocat", id: 1, type: "User" },
      merged_at: null,
      merge_commit_sha: null,
      head: {
        ref: `branch-${pull.number}`,
        sha: pull.headSha,
        repo: { full_name: pull.fromFork === true ? "someone/fork" : options.repository },
      },
      base: { ref: "main", sha: "base-sha", repo: { full_name: options.repository } },
      html_url: `https://github.example/${options.repository}/pull/${pull.number}`,
      updated_at: now(),
    };
    pulls.push(created);
    if (pull.mergeSha !== undefined) merge(pull.number, pull.mergeSha, pull.mergedAt);
    return created;
  }

  function merge(number: number, mergeSha: string, mergedAt = now()): void {
    const pull = pulls.find((p) => p.number === number);
    if (pull === undefined) throw new Error(`no pull request #${number}`);
    pull.state = "closed";
    pull.merged_at = mergedAt;
    pull.merge_commit_sha = mergeSha;
    pull.updated_at = mergedAt;
  }

  return {
    url: base,
    requests,
    comments,
    pulls,
    issues,
    addPull,
    merge,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
