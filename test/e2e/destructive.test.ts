import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import {
  aepEnv,
  duplicateMarkers,
  emulatorState,
  makeWorkspace,
  runCli,
  sandboxItems,
} from "../support/cli.ts";
import type { CliResult } from "../support/cli.ts";

// The changes that lose data or would start a second flow: a renamed pipeline keeps its flow, and
// a dataset (every batch ingested into it) is deleted only with --allow-data-loss.
let emulator: RunningEmulator;
let dir: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;

async function cli(...args: string[]): Promise<CliResult> {
  return runCli(args, { cwd: dir, env });
}

async function planned(
  ...extra: string[]
): Promise<{ action: string; address: string; blocked?: string; dataImpact: string }[]> {
  const result = await cli("plan", "--env", "dev", "--format", "json", ...extra);
  const plan = JSON.parse(result.stdout) as {
    changes: { action: string; address: string; blocked?: string; dataImpact: string }[];
  };
  return plan.changes.filter((c) => c.action !== "noop");
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  ({ dir, cleanup } = await makeWorkspace());
  env = aepEnv(emulator);
  const applied = await cli("apply", "--env", "dev");
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
});

afterAll(async () => {
  await emulator.close();
  await cleanup();
});

describe("renames and data loss", () => {
  it("renames a pipeline in place: the same flow, re-marked, no backfill", async () => {
    const before = (await sandboxItems(emulator, "flows")).find((f) => f.name === "hubspot-contacts-flow")!;
    const file = join(dir, "pipelines", "hubspot.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("  name: hubspot-contacts\n", "  name: crm-contacts\n  renamedFrom: hubspot-contacts\n"),
    );
    const changes = await planned();
    expect(changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual([
      "update Pipeline/crm-contacts/flow",
      "update Pipeline/crm-contacts/mapping",
      "update Pipeline/crm-contacts/source",
      "update Pipeline/crm-contacts/target",
    ]);
    expect(changes.every((c) => c.dataImpact === "none")).toBe(true);
    const applied = await cli("apply", "--env", "dev");
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const flows = (await sandboxItems(emulator, "flows")).filter((f) =>
      String(f.name).endsWith("contacts-flow"),
    );
    const renamed = flows.find((f) => f.name === "crm-contacts-flow")!;
    expect(renamed.id).toBe(before.id);
    expect(flows.find((f) => f.name === "hubspot-contacts-flow")).toBeUndefined();
    expect(String(renamed.description)).toContain("a=Pipeline/crm-contacts/flow");
    expect(await planned("--prune")).toEqual([]);
  });

  it("blocks a dataset delete without --allow-data-loss, and deletes it with it", async () => {
    await rm(join(dir, "pipelines", "mailchimp.yaml"));
    const changes = await planned("--prune");
    const dataset = changes.find((c) => c.address.startsWith("Dataset/mailchimp-members#"))!;
    expect(dataset.action).toBe("delete");
    expect(dataset.dataImpact).toBe("destroys");
    expect(dataset.blocked).toContain("--allow-data-loss");
    const text = await cli("plan", "--env", "dev", "--prune");
    expect(text.stdout).toContain("destroys data");

    const blocked = await cli("apply", "--env", "dev", "--prune");
    expect(blocked.code, blocked.stdout + blocked.stderr).toBe(1);
    const datasets = await sandboxItems(emulator, "dataSets");
    expect(datasets.filter((d) => String(d.name).startsWith("Mailchimp members"))).toHaveLength(1);
    // Everything else of the connector is gone: its flow first, then its connections.
    expect(
      (await sandboxItems(emulator, "flows")).filter((f) => String(f.name).startsWith("mailchimp")),
    ).toEqual([]);
    expect(
      (await sandboxItems(emulator, "connections")).filter((c) => String(c.name).startsWith("mailchimp")),
    ).toEqual([]);

    const allowed = await cli("apply", "--env", "dev", "--prune", "--allow-data-loss");
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    expect(
      (await sandboxItems(emulator, "dataSets")).filter((d) =>
        String(d.name).startsWith("Mailchimp members"),
      ),
    ).toEqual([]);
    expect(await planned("--prune", "--allow-data-loss")).toEqual([]);
    expect(duplicateMarkers(await emulatorState(emulator), "dev")).toEqual([]);
  });
});
