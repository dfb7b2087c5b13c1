import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionDeps, ActionIO } from "../../src/action/main.ts";
import { run } from "../../src/action/main.ts";
import type { AnnotationProperties } from "../../src/action/io.ts";
import type { Plan } from "../../src/model/index.ts";
import type { ApplyOutcome, ApplySettings, RunSettings } from "../../src/engine/index.ts";
import { FakeGitHub } from "./fake-github.ts";

export const REPO = "acme/pipelines";
export const TOKEN = "ghs_fake_token_0123456789";
export const CLIENT_SECRET = "aep-client-secret-value-xyz";
export const HUBSPOT_TOKEN = "hubspot-access-token-abc";

export interface Recorded {
  outputs: Record<string, string>;
  secrets: string[];
  errors: { message: string; properties?: AnnotationProperties }[];
  warnings: string[];
  infos: string[];
  summary: string;
  failed: string | undefined;
}

export interface Harness {
  dir: string;
  github: FakeGitHub;
  inputs: Record<string, string>;
  env: Record<string, string | undefined>;
  rec: Recorded;
  /** What planRun returns (or throws) for each call. */
  plan: (settings: RunSettings) => Plan;
  planCalls: RunSettings[];
  applyCalls: ApplySettings[];
  applyResult: (settings: ApplySettings, plan: Plan) => ApplyOutcome;
  config: { environments: Record<string, { sandbox: string; protected?: boolean }> };
  pullRequestEvent(number: number, headSha: string, options?: { fork?: boolean }): Promise<void>;
  pushEvent(sha: string): Promise<void>;
  event(name: string, payload: object, sha: string): Promise<void>;
  run(): Promise<Recorded>;
  /** Everything the Action wrote anywhere: log, summary, outputs, comments, issues, plan files. */
  everything(): string;
  cleanup(): Promise<void>;
}

export function successOutcome(plan: Plan): ApplyOutcome {
  const changed = plan.changes.filter((c) => c.action !== "noop");
  return {
    plan,
    ok: true,
    results: changed.map((c) => ({ address: c.address, action: c.action, status: "done" as const })),
    summary: {
      done: changed.length,
      failed: 0,
      skipped: 0,
      conflict: 0,
      unchanged: plan.changes.length - changed.length,
    },
    requests: { total: 1, byRoute: {} },
  };
}

export async function createHarness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "aepsync-action-"));
  await mkdir(join(dir, "pipelines"), { recursive: true });
  await writeFile(
    join(dir, "pipelines", "hubspot.yaml"),
    "kind: Connection\nspec:\n  auth:\n    params:\n      accessToken: ${secret:HUBSPOT_ACCESS_TOKEN}\n",
  );
  const github = new FakeGitHub();
  let fileText = "";
  const h: Harness = {
    dir,
    github,
    inputs: { "github-token": TOKEN },
    env: {
      GITHUB_REPOSITORY: REPO,
      GITHUB_RUN_ID: "42",
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_API_URL: "https://api.github.example",
      AEP_CLIENT_ID: "client-id",
      AEP_CLIENT_SECRET: CLIENT_SECRET,
      AEP_ORG_ID: "ORG@AdobeOrg",
      AEPSYNC_FINGERPRINT_KEY: "fingerprint-key-value-123",
      HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN,
    },
    rec: emptyRecord(),
    plan: () => {
      throw new Error("no plan configured");
    },
    planCalls: [],
    applyCalls: [],
    applyResult: (_settings, plan) => successOutcome(plan),
    config: { environments: { dev: { sandbox: "dev" } } },
    async event(name, payload, sha) {
      const path = join(dir, `event-${name}.json`);
      await writeFile(path, JSON.stringify(payload));
      Object.assign(h.env, { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: path, GITHUB_SHA: sha });
      const ref = (payload as { ref?: string }).ref;
      h.env["GITHUB_REF"] = ref ?? "refs/pull/1/merge";
    },
    async pullRequestEvent(number, headSha, options = {}) {
      const headRepo = options.fork === true ? "someone/pipelines" : REPO;
      await h.event(
        "pull_request",
        {
          action: "synchronize",
          number,
          pull_request: {
            number,
            head: { sha: headSha, ref: `branch-${number}`, repo: { full_name: headRepo } },
            base: { ref: "main", repo: { full_name: REPO } },
          },
          repository: { full_name: REPO, default_branch: "main" },
        },
        `merge-ref-of-${headSha}`,
      );
    },
    async pushEvent(sha) {
      await h.event(
        "push",
        { ref: "refs/heads/main", after: sha, repository: { default_branch: "main" } },
        sha,
      );
    },
    async run() {
      h.rec = emptyRecord();
      const rec = h.rec;
      const io: ActionIO = {
        getInput: (name) => h.inputs[name] ?? "",
        setOutput: (name, value) => void (rec.outputs[name] = value),
        setSecret: (value) => void rec.secrets.push(value),
        info: (message) => void rec.infos.push(message),
        warning: (message) => void rec.warnings.push(message),
        error: (message, properties) =>
          void rec.errors.push(properties === undefined ? { message } : { message, properties }),
        writeSummary: (markdown) => {
          rec.summary += markdown;
          return Promise.resolve();
        },
        setFailed: (message) => void (rec.failed = message),
        env: h.env,
        cwd: dir,
      };
      const deps: ActionDeps = {
        planRun: (settings) => {
          h.planCalls.push(settings);
          return Promise.resolve().then(() => ({
            plan: h.plan(settings),
            diagnostics: [],
            requests: { total: 0, byRoute: {} },
          }));
        },
        applyRun: (settings) => {
          h.applyCalls.push(settings);
          return Promise.resolve().then(() => h.applyResult(settings, settings.plan ?? h.plan(settings)));
        },
        loadConfig: () => h.config,
        createGitHub: () => github,
      };
      await run(io, deps);
      const { readFile } = await import("node:fs/promises");
      const planFile = rec.outputs["plan-file"];
      fileText = "";
      for (const file of planFile === undefined || planFile === "" ? [] : planFile.split("\n")) {
        fileText += await readFile(join(dir, file), "utf8");
      }
      return rec;
    },
    everything() {
      const r = h.rec;
      return [
        ...r.infos,
        ...r.warnings,
        ...r.errors.map((e) => e.message),
        r.summary,
        JSON.stringify(r.outputs),
        r.failed ?? "",
        ...[...github.comments.values()].flat().map((c) => c.body),
        ...github.issues.map((i) => `${i.title}\n${i.body ?? ""}`),
        fileText,
      ].join("\n");
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  return h;
}

function emptyRecord(): Recorded {
  return { outputs: {}, secrets: [], errors: [], warnings: [], infos: [], summary: "", failed: undefined };
}
