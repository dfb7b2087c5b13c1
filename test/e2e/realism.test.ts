import { rm } from "node:fs/promises";
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
  sandboxItems,
} from "../support/cli.ts";
import type { CliResult } from "../support/cli.ts";

// The examples against an emulator that behaves as Adobe documents AEP, by default: it tags new
// datasets for its own services, reads numbers back as strings and fills in `backfill`, runs Flow
// Service operations asynchronously (300 ms here) and refuses writes meanwhile, keeps a deleted
// flow finalizing while it holds its connections, and initializes new connections. Every apply
// must finish in one run, and the next plan must be empty.
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

async function apply(...extra: string[]): Promise<void> {
  const result = await cli("apply", "--env", "dev", ...extra);
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

async function expectConverged(): Promise<void> {
  const result = await cli("plan", "--env", "dev", "--detailed-exitcode");
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain("No changes.");
}

type Item = Record<string, unknown>;

async function flowNamed(name: string): Promise<Item> {
  const flow = (await sandboxItems(emulator, "flows")).find((f) => f.name === name);
  expect(flow, name).toBeDefined();
  return flow!;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  expect(emulator.realism).toBe(true);
  ({ dir, cleanup } = await makeWorkspace());
  env = aepEnv(emulator);
});

afterAll(async () => {
  await emulator.close();
  await cleanup();
});

describe("an AEP that is not an echo", () => {
  it("applies the examples in one run, then plans nothing; AEP's system tags stay", async () => {
    await apply();
    await expectConverged();
    for (const dataset of await sandboxItems(emulator, "dataSets")) {
      expect(Object.keys(dataset.tags as Item)).toContain("adobe/pqs/table");
    }
  });

  it("never touches a tag key set in the UI; declared keys are written one by one", async () => {
    const dataset = (await sandboxItems(emulator, "dataSets")).find((d) =>
      String(d.name).startsWith("HubSpot contacts"),
    )!;
    const tags = { ...(dataset.tags as Item), "owner/team": ["crm-ops"] };
    await admin(emulator, "PATCH", `/sandboxes/dev/dataSets/${String(dataset.id)}`, { tags });
    await expectConverged();
    await editPipeline(dir, "hubspot.yaml", "source: [hubspot]", "source: [hubspot, crm]");
    await apply();
    await expectConverged();
    const after = (await sandboxItems(emulator, "dataSets")).find((d) => d.id === dataset.id)!;
    expect(after.tags).toMatchObject({
      "owner/team": ["crm-ops"],
      source: ["hubspot", "crm"],
      "adobe/pqs/table": (dataset.tags as Item)["adobe/pqs/table"],
    });
    // A declared key removed from the manifest is removed from AEP; the others stay.
    await editPipeline(dir, "hubspot.yaml", "  tags:\n    source: [hubspot, crm]\n", "");
    await apply();
    await expectConverged();
    const pruned = (await sandboxItems(emulator, "dataSets")).find((d) => d.id === dataset.id)!.tags as Item;
    expect(pruned.source).toBeUndefined();
    expect(pruned["owner/team"]).toEqual(["crm-ops"]);
  });

  it("applies a schedule edit, a mapping edit and a disable of one flow in one run", async () => {
    const before = await flowNamed("mailchimp-members-flow");
    await editPipeline(dir, "mailchimp.yaml", "interval: 15", "interval: 30");
    await editPipeline(
      dir,
      "mailchimp.yaml",
      "destination: person.name.lastName }",
      "destination: person.name.middleName }",
    );
    await editPipeline(
      dir,
      "mailchimp.yaml",
      "startTime: 2027-01-01T00:00:00Z }",
      "startTime: 2027-01-01T00:00:00Z }\n  enabled: false",
    );
    await apply();
    await expectConverged();
    const after = await flowNamed("mailchimp-members-flow");
    expect(after.id).toBe(before.id);
    expect(after.state).toBe("disabled");
    expect((after.scheduleParams as Item).interval).toBe("30");
    // The start time that was never edited is never sent again.
    expect((after.scheduleParams as Item).startTime).toBe((before.scheduleParams as Item).startTime);
    await editPipeline(dir, "mailchimp.yaml", "\n  enabled: false", "");
    await apply();
    await expectConverged();
    expect((await flowNamed("mailchimp-members-flow")).state).toBe("enabled");
  });

  it("replaces a pipeline's chain when its source changes, while the old flow finalizes", async () => {
    const old = await flowNamed("eloqua-contacts-flow");
    await editPipeline(dir, "oracle-eloqua.yaml", "path: Contacts", "path: Accounts");
    await apply();
    await expectConverged();
    const flows = (await sandboxItems(emulator, "flows")).filter((f) => f.name === "eloqua-contacts-flow");
    expect(flows.map((f) => f.id)).not.toContain(old.id);
    expect(flows).toHaveLength(1);
    const sources = (await sandboxItems(emulator, "sourceConnections")).filter(
      (s) => s.name === "eloqua-contacts-source",
    );
    expect(sources.map((s) => (s.params as Item).path)).toEqual(["Accounts"]);
  });

  it("adds a field group to a schema a dataset uses", async () => {
    const group = "https://ns.adobe.com/xdm/context/profile-work-details";
    await editPipeline(
      dir,
      "profile-schema.yaml",
      "    - https://ns.adobe.com/xdm/context/profile-personal-details",
      `    - https://ns.adobe.com/xdm/context/profile-personal-details\n    - ${group}`,
    );
    await apply();
    await expectConverged();
    const schema = (await sandboxItems(emulator, "schemas")).find(
      (s) => s.title === "Marketing automation profiles",
    )!;
    expect(JSON.stringify(schema.allOf)).toContain(group);
    expect(schema["meta:extends"]).toContain(group);
  });

  it("prunes a connector's last pipeline: its flow, then its connections once the flow is gone", async () => {
    await rm(join(dir, "pipelines", "mailchimp.yaml"));
    await apply("--prune", "--allow-data-loss");
    await expectConverged();
    expect(
      (await sandboxItems(emulator, "flows")).filter((f) => String(f.name).startsWith("mailchimp")),
    ).toEqual([]);
    expect(
      (await sandboxItems(emulator, "sourceConnections")).filter((f) =>
        String(f.name).startsWith("mailchimp"),
      ),
    ).toEqual([]);
    expect(
      (await sandboxItems(emulator, "connections")).filter((f) => String(f.name).startsWith("mailchimp")),
    ).toEqual([]);
  });

  it("left no duplicates and printed no secret anywhere", async () => {
    expect(duplicateMarkers(await emulatorState(emulator), "dev")).toEqual([]);
    expect(expectNoSecrets(outputs.join("\n"))).toEqual([]);
  });
});
