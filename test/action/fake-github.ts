import type { GitHubApi, Issue, IssueComment, IssuePatch, PullRequest } from "../../src/action/github.ts";
import { GitHubApiError } from "../../src/action/github.ts";

export const BOT = "github-actions[bot]";

/** An in-memory GitHub behind the Action's port, for unit tests. */
export class FakeGitHub implements GitHubApi {
  comments = new Map<number, IssueComment[]>();
  pulls: PullRequest[] = [];
  /** merge commit sha → pull request numbers (GET /commits/{sha}/pulls). */
  commitPulls = new Map<string, number[]>();
  issues: (Issue & { labels: string[] })[] = [];
  /** When set, every write answers this status (a fork's read-only token answers 403). */
  rejectWrites: number | undefined;
  writes = 0;
  private nextId = 1000;

  addPull(
    pull: Partial<PullRequest> & { number: number; headSha: string; mergedAt?: string; mergeSha?: string },
  ): void {
    this.pulls.push({
      number: pull.number,
      state: pull.mergedAt === undefined ? "open" : "closed",
      merged_at: pull.mergedAt ?? null,
      merge_commit_sha: pull.mergeSha ?? null,
      head: { sha: pull.headSha, ref: `branch-${pull.number}` },
      base: { ref: "main" },
    });
    if (pull.mergeSha !== undefined) this.commitPulls.set(pull.mergeSha, [pull.number]);
  }

  /** A comment by someone else (`user`) or by the Action (default). */
  addComment(issue: number, body: string, user = BOT): IssueComment {
    const comment = { id: this.nextId++, body, user: { login: user } };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return comment;
  }

  commentsOf(issue: number): IssueComment[] {
    return this.comments.get(issue) ?? [];
  }

  private write(what: string): void {
    if (this.rejectWrites !== undefined) {
      throw new GitHubApiError("POST", what, this.rejectWrites, "Resource not accessible by integration");
    }
    this.writes += 1;
  }

  listIssueComments(issue: number): Promise<IssueComment[]> {
    return Promise.resolve(this.commentsOf(issue).map((c) => ({ ...c })));
  }

  createIssueComment(issue: number, body: string): Promise<IssueComment> {
    this.write(`/issues/${issue}/comments`);
    return Promise.resolve({ ...this.addComment(issue, body) });
  }

  updateIssueComment(commentId: number, body: string): Promise<IssueComment> {
    this.write(`/issues/comments/${commentId}`);
    for (const list of this.comments.values()) {
      const comment = list.find((c) => c.id === commentId);
      if (comment !== undefined) {
        comment.body = body;
        return Promise.resolve({ ...comment });
      }
    }
    throw new GitHubApiError("PATCH", `/issues/comments/${commentId}`, 404, "Not Found");
  }

  listPullsForCommit(sha: string): Promise<PullRequest[]> {
    const numbers = this.commitPulls.get(sha) ?? [];
    return Promise.resolve(this.pulls.filter((p) => numbers.includes(p.number)));
  }

  getPull(pull: number): Promise<PullRequest> {
    const found = this.pulls.find((p) => p.number === pull);
    if (found === undefined) throw new GitHubApiError("GET", `/pulls/${pull}`, 404, "Not Found");
    return Promise.resolve(found);
  }

  listRecentClosedPulls(base: string): Promise<PullRequest[]> {
    return Promise.resolve(this.pulls.filter((p) => p.state === "closed" && p.base.ref === base));
  }

  listOpenIssues(label: string): Promise<Issue[]> {
    return Promise.resolve(this.issues.filter((i) => i.state === "open" && i.labels.includes(label)));
  }

  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<Issue> {
    this.write("/issues");
    const created = { number: this.nextId++, state: "open", user: { login: BOT }, ...issue };
    this.issues.push(created);
    return Promise.resolve(created);
  }

  updateIssue(number: number, patch: IssuePatch): Promise<Issue> {
    this.write(`/issues/${number}`);
    const issue = this.issues.find((i) => i.number === number);
    if (issue === undefined) throw new GitHubApiError("PATCH", `/issues/${number}`, 404, "Not Found");
    Object.assign(issue, patch);
    return Promise.resolve(issue);
  }
}
