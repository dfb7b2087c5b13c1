import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubApi, GitHubApiError } from "../../src/action/github.ts";
import type { GitHubServer } from "../support/github-server.ts";
import { BOT_LOGIN, startGitHubServer } from "../support/github-server.ts";

const REPO = "acme/pipelines";
const TOKEN = "ghs_test_token";

let server: GitHubServer;
beforeEach(async () => {
  server = await startGitHubServer({ repository: REPO, token: TOKEN });
});
afterEach(async () => {
  await server.close();
});

describe("createGitHubApi against the loopback GitHub", () => {
  it("lists every comment across pages by following Link headers", async () => {
    server.addPull({ number: 1, headSha: "h" });
    const api = createGitHubApi({ apiUrl: server.url, token: TOKEN, repository: REPO });
    for (let i = 0; i < 230; i += 1) await api.createIssueComment(1, `comment ${i}`);
    server.requests.length = 0;
    const comments = await api.listIssueComments(1);
    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 230 }, (_, i) => `comment ${i}`));
    expect(comments[0]?.user?.login).toBe(BOT_LOGIN);
    expect(server.requests.map((r) => r.path)).toEqual([
      "/repos/acme/pipelines/issues/1/comments?per_page=100",
      "/repos/acme/pipelines/issues/1/comments?per_page=100&page=2",
      "/repos/acme/pipelines/issues/1/comments?per_page=100&page=3",
    ]);
  });

  it("updates a comment in place and finds merged pull requests of a commit", async () => {
    server.addPull({ number: 2, headSha: "head-2", mergeSha: "merge-2" });
    const api = createGitHubApi({ apiUrl: `${server.url}/`, token: TOKEN, repository: REPO });
    const created = await api.createIssueComment(2, "first");
    const updated = await api.updateIssueComment(created.id, "second");
    expect(updated).toMatchObject({ id: created.id, body: "second" });
    const pulls = await api.listPullsForCommit("merge-2");
    expect(pulls.map((p) => [p.number, p.merge_commit_sha, p.head.sha])).toEqual([[2, "merge-2", "head-2"]]);
    expect((await api.getPull(2)).merged_at).not.toBeNull();
    expect((await api.listRecentClosedPulls("main")).map((p) => p.number)).toEqual([2]);
  });

  it("keeps pull requests out of the issue list", async () => {
    server.addPull({ number: 3, headSha: "h" });
    const api = createGitHubApi({ apiUrl: server.url, token: TOKEN, repository: REPO });
    const issue = await api.createIssue({ title: "drift", body: "b", labels: ["aepsync-drift"] });
    expect((await api.listOpenIssues("aepsync-drift")).map((i) => i.number)).toEqual([issue.number]);
    await api.updateIssue(issue.number, { state: "closed", state_reason: "completed" });
    expect(await api.listOpenIssues("aepsync-drift")).toEqual([]);
  });

  it("names the method, path and GitHub's message when a call fails, without the token", async () => {
    const api = createGitHubApi({ apiUrl: server.url, token: "wrong-token", repository: REPO });
    const error = await api.listIssueComments(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).message).toBe(
      "GitHub [GET] /repos/acme/pipelines/issues/1/comments?per_page=100: 401 Bad credentials",
    );
    expect((error as GitHubApiError).code).toBe("E_HTTP");
    const tooLong = createGitHubApi({ apiUrl: server.url, token: TOKEN, repository: REPO });
    server.addPull({ number: 4, headSha: "h" });
    await expect(tooLong.createIssueComment(4, "x".repeat(65_537))).rejects.toThrow(/422 Validation Failed/);
  });

  it("sends GitHub's media type and API version", async () => {
    const seen: Record<string, string>[] = [];
    const api = createGitHubApi({
      apiUrl: server.url,
      token: TOKEN,
      repository: REPO,
      fetch: (input, init) => {
        seen.push(init?.headers as Record<string, string>);
        return fetch(input, init);
      },
    });
    server.addPull({ number: 5, headSha: "h" });
    await api.listIssueComments(5);
    expect(seen[0]).toMatchObject({
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      authorization: `token ${TOKEN}`,
    });
    expect(seen[0]?.["user-agent"]).toMatch(/^aepsync-action /);
  });
});

describe("pagination", () => {
  it("never follows a next link to another host", async () => {
    const urls: string[] = [];
    const api = createGitHubApi({
      apiUrl: server.url,
      token: TOKEN,
      repository: REPO,
      fetch: (input) => {
        urls.push(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
        return Promise.resolve(
          new Response("[]", {
            status: 200,
            headers: {
              "content-type": "application/json; charset=utf-8",
              link: '<https://evil.example/steal>; rel="next"',
            },
          }),
        );
      },
    });
    expect(await api.listIssueComments(6)).toEqual([]);
    expect(urls).toEqual([`${server.url}/repos/acme/pipelines/issues/6/comments?per_page=100`]);
  });
});
