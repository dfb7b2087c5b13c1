import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runValidate } from "../../src/cli/commands/validate.ts";
import { main } from "../../src/cli/main.ts";
import { captureIO } from "../support/io.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const invalid = "test/fixtures/manifest/invalid";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI (bin/aepsync.js → lib/aepsync.js, built by the global setup). */
function spawnCli(args: string[], cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, "bin/aepsync.js"), ...args], { cwd }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

const stackTrace = /\n\s+at /;

describe("aepsync validate (spawned)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "aepsync-cli-"));
    await writeFile(join(dir, "binary.yaml"), Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    await writeFile(join(dir, "deep.yaml"), "[".repeat(200_000));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("accepts pipelines/ (the default PATH) with exit 0", async () => {
    const run = await spawnCli(["validate"]);
    expect(run.stderr).toBe("");
    // The one warning of the examples: Adobe deprecates the Oracle Eloqua source.
    expect(run.stdout).toMatch(
      /^pipelines\/oracle-eloqua\.yaml:8:3 .*\[connector-deprecated\]\n0 errors, 1 warning in \d+ files \(\d+ manifests\)\n$/,
    );
    expect(run.code).toBe(0);
  });

  it.each([
    ["the whole invalid corpus", [invalid]],
    ["a YAML syntax error", [`${invalid}/yaml-unclosed-quote.yaml`]],
    ["an alias bomb", [`${invalid}/alias-bomb.yaml`]],
    ["a path that does not exist", ["no/such/dir"]],
    ["a config error", [`${invalid}/config-invalid`]],
  ])("fails on %s with exit 1 and no stack trace", async (_, args) => {
    const run = await spawnCli(["validate", ...args]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\d+ errors?, \d+ warnings? in \d+ files?/);
    expect(run.stdout + run.stderr).not.toMatch(stackTrace);
  });

  it("fails on binary and bomb files outside the repository with exit 1", async () => {
    const run = await spawnCli(["validate", "binary.yaml", "deep.yaml"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("binary.yaml:1:1: byte 0 is not valid UTF-8");
    expect(run.stdout).toContain("deep.yaml:1:64: YAML nested more than 64 levels deep");
    expect(run.stdout + run.stderr).not.toMatch(stackTrace);
  });

  it("prints JSON with --format json", async () => {
    const run = await spawnCli([
      "validate",
      "--format",
      "json",
      `${invalid}/schedule-minute-interval.yaml`,
      "test/fixtures/manifest/base",
    ]);
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as {
      valid: boolean;
      errors: number;
      warnings: number;
      diagnostics: unknown[];
    };
    expect(body).toEqual({
      valid: false,
      errors: 1,
      warnings: 0,
      diagnostics: [
        {
          file: `${invalid}/schedule-minute-interval.yaml`,
          line: 10,
          column: 34,
          pointer: "/spec/schedule/interval",
          message: "a 'minute' schedule needs an interval of at least 15 (AEP's flow spec), got 5",
          severity: "error",
          rule: "schedule",
        },
      ],
    });
  });

  it("rejects a bad --format and an unknown option with exit 1", async () => {
    for (const args of [["--format", "yaml"], ["--frobnicate"]]) {
      const run = await spawnCli(["validate", ...args]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).not.toMatch(stackTrace);
    }
  });
});

describe("runValidate (in-process)", () => {
  it("prints help with exit 0", async () => {
    const io = captureIO({}, root);
    expect(await runValidate(["--help"], io)).toBe(0);
    expect(io.out()).toContain("Usage: aepsync validate [PATH…]");
  });

  it("passes warnings with exit 0 and prints one line per diagnostic", async () => {
    const io = captureIO({}, join(root, "test/fixtures/manifest"));
    const code = await main(["validate", "base", "invalid/connector-deprecated.yaml"], io);
    expect(io.out()).toBe(
      "invalid/connector-deprecated.yaml:6:3 /spec/connector: warning: Adobe deprecates the Salesforce Marketing Cloud source from January 2026 and announces a new source to replace it: plan new account connections and dataflows on that source [connector-deprecated]\n" +
        "0 errors, 1 warning in 3 files (7 manifests)\n",
    );
    expect(code).toBe(0);
  });

  it("refuses a credential param given as ${env:} (an error since secrets are never printed)", async () => {
    const io = captureIO({}, join(root, "test/fixtures/manifest"));
    const code = await main(["validate", "base", "invalid/secret-param.yaml"], io);
    expect(io.out()).toContain("[secret-param]");
    expect(io.out()).toContain("1 error, 0 warnings");
    expect(code).toBe(1);
  });

  it("warns about a secret in the environment too short to mask, without printing it", async () => {
    const io = captureIO(
      { HUBSPOT_ACCESS_TOKEN: "q7Z!k", MAILCHIMP_PASSWORD: "long-enough-password" },
      join(root, "test/fixtures/manifest"),
    );
    const code = await main(["validate", "base"], io);
    expect(io.out()).toBe(
      "base/base.yaml:11:7 /spec/auth/params/accessToken: warning: secret HUBSPOT_ACCESS_TOKEN is shorter than 8 characters: aepsync masks it only where it appears verbatim, not in the encoded forms AEP may echo; use a longer credential [short-secret]\n" +
        "0 errors, 1 warning in 2 files (6 manifests)\n",
    );
    expect(io.out() + io.err()).not.toContain("q7Z!k");
    expect(code).toBe(0);
  });
});
