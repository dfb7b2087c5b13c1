import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.ts";

/** The parts of the workflow run the Action uses, from the runner's GITHUB_* variables and event payload. */
export interface ActionContext {
  eventName: string;
  /** The commit the workflow runs on (a pull request's merge ref, a push's head). */
  sha: string;
  ref: string;
  /** owner/name */
  repository: string;
  apiUrl: string;
  serverUrl: string;
  runId: string | undefined;
  defaultBranch: string | undefined;
  pullRequest: PullRequestContext | undefined;
}

export interface PullRequestContext {
  number: number;
  /** The commit the plan is for: the pull request's head, not the runner's merge ref. */
  headSha: string;
  baseRef: string;
  /** Opened from a fork: secrets are not passed and the token is read-only. */
  fromFork: boolean;
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current == null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export async function readContext(env: Readonly<Record<string, string | undefined>>): Promise<ActionContext> {
  const eventName = env["GITHUB_EVENT_NAME"];
  const repository = env["GITHUB_REPOSITORY"];
  if (eventName === undefined || repository === undefined) {
    throw new ConfigError(
      "GITHUB_EVENT_NAME and GITHUB_REPOSITORY are not set: run aepsync's Action in a workflow",
    );
  }
  let payload: unknown = {};
  const eventPath = env["GITHUB_EVENT_PATH"];
  if (eventPath !== undefined && eventPath !== "") {
    try {
      payload = JSON.parse(await readFile(eventPath, "utf8"));
    } catch (error) {
      throw new ConfigError(`cannot read the event payload GITHUB_EVENT_PATH=${eventPath}`, { cause: error });
    }
  }
  const pr = field(payload, "pull_request");
  let pullRequest: PullRequestContext | undefined;
  const number = field(pr, "number");
  const headSha = text(field(pr, "head", "sha"));
  if (typeof number === "number" && headSha !== undefined) {
    const headRepo = text(field(pr, "head", "repo", "full_name"));
    const baseRepo = text(field(pr, "base", "repo", "full_name")) ?? repository;
    pullRequest = {
      number,
      headSha,
      baseRef: text(field(pr, "base", "ref")) ?? "main",
      fromFork: headRepo !== undefined && headRepo !== baseRepo,
    };
  }
  return {
    eventName,
    sha: env["GITHUB_SHA"] ?? text(field(payload, "after")) ?? "",
    ref: env["GITHUB_REF"] ?? text(field(payload, "ref")) ?? "",
    repository,
    apiUrl: env["GITHUB_API_URL"] ?? "https://api.github.com",
    serverUrl: env["GITHUB_SERVER_URL"] ?? "https://github.com",
    runId: env["GITHUB_RUN_ID"],
    defaultBranch: text(field(payload, "repository", "default_branch")),
    pullRequest,
  };
}
