/**
 * The committed dist/index.js run as the runner runs it (INPUT_*, GITHUB_EVENT_PATH, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_API_URL) against the loopback GitHub and the AEP emulator.
 */
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { parseApplyMarker, parsePlanMarker } from "../../src/action/pr-marker.ts";
import { COMMENT_MAX_LENGTH } from "../../src/render/index.ts";
import type { GitHubServer } from "../support/github-server.ts";
import { startGitHubServer } from "../support/github-server.ts";

const root = join(import.meta.dirname, "..", "..");
const REPO = "acme/pipelines";
const TOKEN = "ghs_e2e_token_5f1c9a7d3b";
const CLIENT_SECRET = "e2e-aep-client-secret-8c2d";
const FINGERPRINT_KEY = "e2e-fingerprint-key-4e7a1b";

/** The manifests' ${env:…} and ${secret:…} values; the secret ones must never be written anywhere. */
const manifestEnv: Record<string, string> = {
  ELOQUA_ENDPOINT: "https://secure.p01.eloqua.com",
  ELOQUA_USERNAME: "eloqua-user",
  HUBSPOT_CLIENT_ID: "hubspot-client-id",
  MAILCHIMP_AUTHORIZATION_TEST_URL: "https://login.mailchimp.com/oauth2/metadata",
  MAILCHIMP_USERNAME: "mailchimp-user",
  SALESFORCE_API_VERSION: "60.0",
  SALESFORCE_CLIENT_ID: "salesforce-client-id",
  SALESFORCE_ENVIRONMENT_URL: "https://login.salesforce.com",
};
const manifestSecrets: Record<string, string> = {
  ELOQUA_PASSWORD: "e2e-secret-eloqua-pw-1",
  HUBSPOT_ACCESS_TOKEN: "e2e-secret-hubspot-at-2",
  HUBSPOT_CLIENT_SECRET: "e2e-secret-hubspot-cs-3",
  HUBSPOT_REFRESH_TOKEN: "e2e-secret-hubspot-rt-4",
  MAILCHIMP_PASSWORD: "e2e-secret-mailchimp-pw-5",
  SALESFORCE_CLIENT_SECRET: "e2e-secret-salesforce-cs-6",
};
const secrets = [TOKEN, CLIENT_SECRET, FINGERPRINT_KEY, ...Object.values(manifestSecrets)];

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

let emulator: RunningEmulator;
let github: GitHubServer;
let workspace: string;
let scratch: string;
const written: string[] = [];

/** Parses GITHUB_OUTPUT as @actions/core writes it: `name<<DELIMITER\nvalue\nDELIMITER`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  return outputs;
}

async function runAction(
  cwd: string,
  event: { name: string; payload: object; sha: string; ref: string },
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  const dir = await mkdtemp(join(scratch, "run-"));
  const files = {
    event: join(dir, "event.json"),
    output: join(dir, "output"),
    summary: join(dir, "summary"),
  };
  await writeFile(files.event, JSON.stringify(event.payload));
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  const action = parse(await readFile(join(root, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    HOME: dir,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_REPOSITORY: REPO,
    GITHUB_SHA: event.sha,
    GITHUB_REF: event.ref,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_RUN_ID: "4242",
    GITHUB_WORKSPACE: cwd,
    AEP_PLATFORM_URL: emulator.url,
    AEP_IMS_URL: emulator.url,
    AEP_CLIENT_ID: emulator.clientId,
    AEP_CLIENT_SECRET: emulator.clientSecret,
    AEP_ORG_ID: emulator.orgId,
    AEPSYNC_FINGERPRINT_KEY: FINGERPRINT_KEY,
    ...manifestEnv,
    ...manifestSecrets,
  };
  // The runner passes every input, defaults filled in, as INPUT_<NAME> (upper case, hyphens kept).
  for (const [name, input] of Object.entries(action.inputs)) {
    const value = name === "github-token" ? TOKEN : (inputs[name] ?? input.default ?? "");
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  const child = spawn(process.execPath, [join(root, "dist", "index.js")], { cwd, env, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const result = {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(files.output, "utf8")),
    summary: await readFile(files.summary, "utf8"),
  };
  written.push(
    stdout.replace(/^::add-mask::.*$/gm, ""),
    stderr,
    JSON.stringify(result.outputs),
    result.summary,
  );
  for (const file of (result.outputs["plan-file"] ?? "").split("\n").filter((f) => f !== "")) {
    written.push(await readFile(join(cwd, file), "utf8"));
  }
  return result;
}

const fixtures = join(root, "test", "fixtures", "github");

/** GitHub's webhook payloads (test/fixtures/github), with this pull request's number and commits. */
async function payload(file: string, number: number, sha: string): Promise<Record<string, unknown>> {
  const text = (await readFile(join(fixtures, file), "utf8"))
    .replace(/(HEAD|MERGE)_SHA/g, sha)
    .replace(/\/(pulls|pull|issues)\/0\b/g, `/$1/${number}`)
    .replace(/\(#0\)/g, `(#${number})`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function pullRequestEvent(number: number, headSha: string) {
  const event = await payload("pull_request.synchronize.json", number, headSha);
  event["number"] = number;
  (event["pull_request"] as { number: number }).number = number;
  return {
    name: "pull_request",
    sha: `merge-ref-${number}-${headSha}`,
    ref: `refs/pull/${number}/merge`,
    payload: event,
  };
}

async function pushEvent(sha: string, pull: number) {
  return { name: "push", sha, ref: "refs/heads/main", payload: await payload("push.main.json", pull, sha) };
}

function planCommentsOf(pull: number) {
  return (github.comments.get(pull) ?? []).filter((c) => parsePlanMarker(c.body) !== undefined);
}

async function editManifest(cwd: string, file: string, edit: (text: string) => string): Promise<void> {
  const path = join(cwd, "pipelines", file);
  const before = await readFile(path, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

async function emulatorWrites(): Promise<number> {
  const log = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
    counts: Record<string, number>;
  };
  return Object.entries(log.counts)
    .filter(([route]) => /^(POST|PUT|PATCH|DELETE) /.test(route) && !route.includes("/ims/"))
    .reduce((sum, [, n]) => sum + n, 0);
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, clientSecret: CLIENT_SECRET });
  github = await startGitHubServer({ repository: REPO, token: TOKEN });
  scratch = await mkdtemp(join(tmpdir(), "aepsync-action-e2e-"));
  workspace = join(scratch, "workspace");
  await cp(join(root, "pipelines"), join(workspace, "pipelines"), { recursive: true });
  await cp(join(root, "aepsync.yaml"), join(workspace, "aepsync.yaml"));
});

afterAll(async () => {
  await github?.close();
  await emulator?.close();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe("the bundled Action, end to end", () => {
  let commentId = 0;

  it("first push of a pull request: one plan comment", async () => {
    github.addPull({ number: 1, headSha: "a1" });
    const run = await runAction(workspace, await pullRequestEvent(1, "a1"), { environment: "dev" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const comments = planCommentsOf(1);
    expect(comments).toHaveLength(1);
    commentId = comments[0]!.id;
    const marker = parsePlanMarker(comments[0]!.body);
    expect(marker).toMatchObject({ sandbox: "dev", environment: "dev", head: "a1", status: "changes" });
    expect(marker?.digest).toBe(run.outputs["plan-digest"]);
    expect(Object.keys(marker?.changes ?? {}).length).toBeGreaterThan(10);
    expect(run.outputs["has-changes"]).toBe("true");
    expect(run.outputs["plan-file"]).toBe("aepsync-plan.json");
    expect(run.summary).toContain("| create | update |");
    expect(await emulatorWrites()).toBe(0);
  });

  it("second push: the same comment, updated in place", async () => {
    await editManifest(workspace, "hubspot.yaml", (t) =>
      t.replace("HubSpot production portal", "HubSpot portal (prod)"),
    );
    github.pulls.find((p) => p.number === 1)!.head.sha = "a2";
    const before = github.requests.length;
    const run = await runAction(workspace, await pullRequestEvent(1, "a2"), { environment: "dev" });
    expect(run.code).toBe(0);
    const comments = planCommentsOf(1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.id).toBe(commentId);
    expect(parsePlanMarker(comments[0]!.body)?.head).toBe("a2");
    expect(comments[0]!.body).toContain("HubSpot portal (prod)");
    const calls = github.requests.slice(before).map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(calls).toContain(`PATCH /repos/${REPO}/issues/comments/${commentId}`);
    expect(calls.filter((c) => c.startsWith("POST"))).toEqual([]);
  });

  it("merge with an unchanged plan: applied, and the result posted to the pull request", async () => {
    github.merge(1, "m1");
    const run = await runAction(workspace, await pushEvent("m1", 1), { environment: "dev" });
    expect(run.stdout).not.toContain("::error::");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs["summary"]!)).toEqual([expect.objectContaining({ status: "applied" })]);
    expect(await emulatorWrites()).toBeGreaterThan(10);
    const results = (github.comments.get(1) ?? [])
      .map((c) => parseApplyMarker(c.body))
      .filter((m) => m !== undefined);
    expect(results).toEqual([expect.objectContaining({ sandbox: "dev", sha: "m1", status: "success" })]);
  });

  it("merge after an out-of-band AEP edit: refused, nothing written", async () => {
    await editManifest(workspace, "hubspot.yaml", (t) =>
      t.replace("HubSpot portal (prod)", "HubSpot portal"),
    );
    github.addPull({ number: 2, headSha: "b1" });
    const planned = await runAction(workspace, await pullRequestEvent(2, "b1"), { environment: "dev" });
    expect(planned.code).toBe(0);
    expect(planCommentsOf(2)).toHaveLength(1);

    // Someone renames a flow in the AEP UI after the review.
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as {
      sandboxes: Record<string, { flows: { id: string; name: string }[] }>;
    };
    const flow = state.sandboxes["dev"]!.flows[0]!;
    const edit = await fetch(`${emulator.url}/__emulator/sandboxes/dev/flows/${flow.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `${flow.name} (renamed in the UI)` }),
    });
    expect(edit.ok).toBe(true);

    await fetch(`${emulator.url}/__emulator/requests`, { method: "DELETE" });
    github.merge(2, "m2");
    const run = await runAction(workspace, await pushEvent("m2", 2), { environment: "dev" });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Refused: the plan for sandbox dev/);
    expect(run.stdout).toMatch(/changed after the review|not in any reviewed plan/);
    expect(await emulatorWrites()).toBe(0);
    const refusal = (github.comments.get(2) ?? [])
      .map((c) => parseApplyMarker(c.body))
      .filter((m) => m !== undefined);
    expect(refusal).toEqual([expect.objectContaining({ status: "failed", sha: "m2" })]);
  });

  it("invalid manifests: file/line annotations, a comment that says so, nothing written", async () => {
    const invalid = join(scratch, "invalid");
    await cp(workspace, invalid, { recursive: true });
    await editManifest(invalid, "hubspot.yaml", (t) =>
      t.replace("frequency: minute, interval: 30", "frequency: minute, interval: 5"),
    );
    const line =
      (await readFile(join(invalid, "pipelines", "hubspot.yaml"), "utf8"))
        .split("\n")
        .findIndex((l) => l.includes("interval: 5")) + 1;
    await fetch(`${emulator.url}/__emulator/requests`, { method: "DELETE" });
    github.addPull({ number: 4, headSha: "d1" });
    const run = await runAction(invalid, await pullRequestEvent(4, "d1"), { environment: "dev" });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`::error [^\n]*file=pipelines/hubspot.yaml,line=${line},col=\\d+::`),
    );
    expect(run.stdout).toMatch(/::error::1 manifest error/);
    const [comment] = planCommentsOf(4);
    expect(parsePlanMarker(comment!.body)).toMatchObject({ status: "invalid", head: "d1" });
    expect(comment!.body).toContain(`pipelines/hubspot.yaml:${line}:`);
    // A plan's live reads start while the manifests load: reads (and the IMS token) may have
    // gone out, a write never.
    const log = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
      counts: Record<string, number>;
    };
    const writes = Object.keys(log.counts).filter(
      (route) => !/^GET /.test(route) && !route.includes("/ims/"),
    );
    expect(writes).toEqual([]);
  });

  it("a plan longer than a comment: cut to 65,536 characters with the marker, footer and pointer", async () => {
    const large = join(scratch, "large");
    await cp(workspace, large, { recursive: true });
    const docs = parseAllDocuments(await readFile(join(large, "pipelines", "hubspot.yaml"), "utf8"));
    const pipeline = docs
      .map((d) => d.toJS() as { kind: string; metadata: { name: string } })
      .find((d) => d.kind === "Pipeline")!;
    const generated = Array.from({ length: 600 }, (_, i) =>
      stringify({
        ...pipeline,
        metadata: { ...pipeline.metadata, name: `generated-${String(i).padStart(3, "0")}` },
      }),
    );
    await writeFile(join(large, "pipelines", "generated.yaml"), generated.join("---\n"));
    expect((await readdir(join(large, "pipelines"))).length).toBeGreaterThan(1);

    github.addPull({ number: 3, headSha: "c1" });
    const run = await runAction(large, await pullRequestEvent(3, "c1"), { environment: "dev" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [comment] = planCommentsOf(3);
    expect(comment).toBeDefined();
    const body = comment!.body;
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(run.summary.length).toBeGreaterThan(COMMENT_MAX_LENGTH);
    expect(parsePlanMarker(body)).toMatchObject({
      sandbox: "dev",
      head: "c1",
      digest: run.outputs["plan-digest"],
    });
    expect(body).toContain("too long for a comment");
    expect(body).toContain("aepsync-plan.json");
    expect(body).toMatch(/_\d+ of \d+ sections are not shown\._/);
    expect(body.trimEnd().endsWith("</sub>")).toBe(true);
    expect(body).toContain(run.outputs["plan-digest"]);
    const plan = JSON.parse(await readFile(join(large, "aepsync-plan.json"), "utf8")) as {
      counts: { create: number };
    };
    expect(plan.counts.create).toBeGreaterThanOrEqual(600 * 4);
  });

  it("never wrote a secret: comments, summaries, outputs, plan files and the log", () => {
    const everything = [
      ...written,
      ...[...github.comments.values()].flat().map((c) => c.body),
      ...github.issues.map((i) => i.body ?? ""),
    ].join("\n");
    expect(everything.length).toBeGreaterThan(COMMENT_MAX_LENGTH);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
