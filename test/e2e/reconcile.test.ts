import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import {
  admin,
  aepEnv,
  duplicateMarkers,
  editPipeline,
  emulatorState,
  expectNoSecrets,
  makeWorkspace,
  runCli,
} from "../support/cli.ts";
import type { CliResult } from "../support/cli.ts";

// The whole workflow through the CLI as a process, against the emulator over loopback.
let emulator: RunningEmulator;
let dir: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;
const outputs: string[] = [];

async function cli(...args: string[]): Promise<CliResult> {
  const result = await runCli(args, { cwd: dir, env });
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** Non-noop changes of a JSON plan, as "action address". */
async function planned(...extra: string[]): Promise<string[]> {
  const result = await cli("plan", "--env", "dev", "--format", "json", ...extra);
  expect(result.code, result.stderr).toBe(0);
  const plan = JSON.parse(result.stdout) as { changes: { action: string; address: string }[] };
  return plan.changes.filter((c) => c.action !== "noop").map((c) => `${c.action} ${c.address}`);
}

async function expectConverged(): Promise<void> {
  const result = await cli("plan", "--env", "dev", "--detailed-exitcode");
  expect(result.stdout).toContain("No changes.");
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  ({ dir, cleanup } = await makeWorkspace());
  env = aepEnv(emulator);
});

afterAll(async () => {
  await emulator.close();
  await cleanup();
});

describe("plan and apply on the emulator", () => {
  it("applies the examples, then plans no changes", async () => {
    const first = await cli("plan", "--env", "dev", "--detailed-exitcode");
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toContain("+ Pipeline/hubspot-contacts/flow");
    const apply = await cli("apply", "--env", "dev");
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply: 27 done, 0 failed/);
    await expectConverged();
  });

  it("plans a mapping edit as a new mapping-set version and a flow patch", async () => {
    await editPipeline(
      dir,
      "hubspot.yaml",
      "destination: homeAddress.city }",
      "destination: homeAddress.postalCode }",
    );
    expect(await planned()).toEqual([
      "update Pipeline/hubspot-contacts/mapping",
      "update Pipeline/hubspot-contacts/flow",
    ]);
    expect((await cli("apply", "--env", "dev")).code).toBe(0);
    await expectConverged();
  });

  it("plans a schedule edit as one flow patch", async () => {
    await editPipeline(
      dir,
      "salesforce.yaml",
      /frequency: hour, interval: 1\b/,
      "frequency: hour, interval: 2",
    );
    expect(await planned()).toEqual(["update Pipeline/salesforce-contacts/flow"]);
    const result = await cli("plan", "--env", "dev");
    expect(result.stdout).toContain(
      "~ schedule: every hour from 2027-01-01 00:00 UTC → every 2 hours from 2027-01-01 00:00 UTC",
    );
    expect((await cli("apply", "--env", "dev")).code).toBe(0);
    await expectConverged();
  });

  it("disables and enables a flow through the action endpoint", async () => {
    await editPipeline(dir, "salesforce.yaml", /^(\s+schedule: .*)$/m, "$1\n  enabled: false");
    expect(await planned()).toEqual(["update Pipeline/salesforce-contacts/flow"]);
    const disabled = await cli("plan", "--env", "dev");
    expect(disabled.stdout).toContain("data impact: ingestion stops");
    expect((await cli("apply", "--env", "dev")).code).toBe(0);
    const state = await emulatorState(emulator);
    expect(state.sandboxes.dev!.flows!.find((f) => f.name === "salesforce-contacts-flow")!.state).toBe(
      "disabled",
    );
    await expectConverged();
    await editPipeline(dir, "salesforce.yaml", /\n {2}enabled: false/, "");
    expect((await cli("apply", "--env", "dev")).code).toBe(0);
    await expectConverged();
  });

  it("detects a rotated secret without printing it", async () => {
    env = { ...env, HUBSPOT_ACCESS_TOKEN: "hs-access-token-rotated-61aa" };
    expect(await planned()).toEqual(["update Connection/hubspot-prod"]);
    const apply = await cli("apply", "--env", "dev");
    expect(apply.code).toBe(0);
    expect(apply.stdout + apply.stderr).not.toContain("hs-access-token-rotated-61aa");
    await expectConverged();
    const state = await emulatorState(emulator);
    const connection = state.sandboxes.dev!.connections!.find((c) => c.name === "hubspot-prod")!;
    expect(JSON.stringify(connection)).not.toContain("hs-access-token-rotated-61aa");
  });

  it("replaces the connections and the flow when the source path changes", async () => {
    await editPipeline(dir, "oracle-eloqua.yaml", /path: \S+/, "path: Eloqua.Accounts");
    expect((await planned()).sort()).toEqual([
      "replace Pipeline/eloqua-contacts/flow",
      "replace Pipeline/eloqua-contacts/source",
      "replace Pipeline/eloqua-contacts/target",
    ]);
    expect((await cli("apply", "--env", "dev")).code).toBe(0);
    await expectConverged();
    const state = await emulatorState(emulator);
    const flows = state.sandboxes.dev!.flows!.filter((f) => String(f.name).startsWith("eloqua-contacts"));
    expect(flows).toHaveLength(1);
    expect(
      state.sandboxes.dev!.sourceConnections!.filter((s) => s.name === "eloqua-contacts-source"),
    ).toHaveLength(1);
  });

  it("keeps a removed pipeline without --prune and deletes it with --prune", async () => {
    const path = join(dir, "pipelines", "mailchimp.yaml");
    const text = await readFile(path, "utf8");
    const docs = text.split(/^---$/m);
    await writeFile(path, docs.filter((d) => !/kind: Pipeline/.test(d)).join("---"));
    expect(await planned()).toEqual([]);
    const notice = await cli("plan", "--env", "dev");
    expect(notice.stdout).toContain("run with --prune to delete it");
    const pruned = await planned("--prune");
    expect(pruned.filter((c) => c.startsWith("delete")).map((c) => c.split(" ")[1]!.split("#")[0])).toEqual([
      "Pipeline/mailchimp-members/flow",
      "Pipeline/mailchimp-members/target",
      "Pipeline/mailchimp-members/source",
    ]);
    expect(pruned.some((c) => c.startsWith("update Pipeline/mailchimp-members/mapping"))).toBe(true);
    expect((await cli("apply", "--env", "dev", "--prune")).code).toBe(0);
    expect(await planned("--prune")).toEqual([]);
    const state = await emulatorState(emulator);
    expect(state.sandboxes.dev!.flows!.some((f) => String(f.name).startsWith("mailchimp"))).toBe(false);
  });

  it("refuses to apply a saved plan over an out-of-band edit, and clobbers nothing", async () => {
    await editPipeline(
      dir,
      "salesforce.yaml",
      /frequency: hour, interval: 2\b/,
      "frequency: hour, interval: 3",
    );
    const plan = await cli("plan", "--env", "dev", "--out", "plan.json");
    expect(plan.code).toBe(0);
    const state = await emulatorState(emulator);
    const flow = state.sandboxes.dev!.flows!.find((f) => f.name === "salesforce-contacts-flow")!;
    await admin(emulator, "PATCH", `/sandboxes/dev/flows/${String(flow.id)}`, { name: "edited in the UI" });
    const apply = await cli("apply", "--env", "dev", "--plan", "plan.json");
    expect(apply.code).toBe(1);
    expect(apply.stdout + apply.stderr).toContain("changed since plan");
    const after = await emulatorState(emulator);
    const same = after.sandboxes.dev!.flows!.find((f) => f.id === flow.id)!;
    expect(same.name).toBe("edited in the UI");
    expect((same.scheduleParams as Record<string, unknown>).interval).toBe(
      (flow.scheduleParams as Record<string, unknown>).interval,
    );
    // A fresh apply takes the manifests as the truth again.
    expect((await cli("apply", "--env", "dev")).code).toBe(0);
    await expectConverged();
  });

  it("leaves an unmanaged look-alike untouched without --adopt", async () => {
    const schemas = (await emulatorState(emulator)).sandboxes.dev!.schemas!;
    const profile = schemas.find((s) => s.title === "Marketing automation profiles")!;
    await admin(emulator, "POST", "/sandboxes/dev/dataSets", {
      name: "Look-alike contacts (dev)",
      schemaRef: { id: profile.$id, contentType: "application/vnd.adobe.xed+json;version=1" },
    });
    const file = join(dir, "pipelines", "lookalike.yaml");
    await writeFile(
      file,
      "apiVersion: aepsync/v1\nkind: Dataset\nmetadata: { name: lookalike }\nspec: { name: Look-alike contacts (dev), schema: marketing-profile }\n",
    );
    const plan = await cli("plan", "--env", "dev");
    expect(plan.stdout).toContain("exists, not managed");
    const apply = await cli("apply", "--env", "dev");
    expect(apply.stdout).toContain("0 failed");
    const state = await emulatorState(emulator);
    const lookalikes = state.sandboxes.dev!.dataSets!.filter((d) => d.name === "Look-alike contacts (dev)");
    expect(lookalikes).toHaveLength(1);
    expect(JSON.stringify(lookalikes[0]!.tags ?? {})).not.toContain("aepsync:v1");
    const adopt = await cli("apply", "--env", "dev", "--adopt");
    expect(adopt.code, adopt.stdout + adopt.stderr).toBe(0);
    const adopted = (await emulatorState(emulator)).sandboxes.dev!.dataSets!.filter(
      (d) => d.name === "Look-alike contacts (dev)",
    );
    expect(adopted).toHaveLength(1);
    expect(JSON.stringify(adopted[0]!.tags)).toContain("a=Dataset/lookalike");
    await expectConverged();
  });

  it("refuses a change AEP forbids, says what to do, and exits 1", async () => {
    await editPipeline(dir, "salesforce.yaml", "schema: marketing-profile", "schema: hubspot-contacts-raw");
    const plan = await cli("plan", "--env", "dev");
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain("declare a new Dataset on the new schema");
    const apply = await cli("apply", "--env", "dev");
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("1 change not attempted");
    await editPipeline(dir, "salesforce.yaml", "schema: hubspot-contacts-raw", "schema: marketing-profile");
    await expectConverged();
  });

  it("left no duplicates and printed no secret anywhere", async () => {
    const state = await emulatorState(emulator);
    expect(duplicateMarkers(state, "dev")).toEqual([]);
    const planFile = await readFile(join(dir, "plan.json"), "utf8");
    expect(expectNoSecrets([...outputs, planFile].join("\n"))).toEqual([]);
  });
});
