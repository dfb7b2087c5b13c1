import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { applyRun, planRun } from "../../src/engine/index.ts";
import { aepEnv, fakeSecrets, makeWorkspace } from "../support/cli.ts";

// A pull request's plan job holds read-only AEP credentials and no connector secrets: its plan
// still runs, shows no credential change, and says rotation is checked at apply.
let emulator: RunningEmulator;
let dir: string;
let cleanup: () => Promise<void>;
let withSecrets: Record<string, string>;
let withoutSecrets: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settleMs: 0 });
  ({ dir, cleanup } = await makeWorkspace());
  withSecrets = aepEnv(emulator);
  withoutSecrets = Object.fromEntries(Object.entries(withSecrets).filter(([name]) => !(name in fakeSecrets)));
  const applied = await applyRun({ paths: [], cwd: dir, env: withSecrets, environment: "dev" });
  expect(applied.ok).toBe(true);
});

afterAll(async () => {
  await emulator.close();
  await cleanup();
});

describe("a plan without connector secrets", () => {
  it("is refused unless secrets are optional", async () => {
    await expect(planRun({ paths: [], cwd: dir, env: withoutSecrets, environment: "dev" })).rejects.toThrow(
      /HUBSPOT_CLIENT_SECRET is not set/,
    );
  });

  it("plans no credential change and says rotation is checked at apply", async () => {
    const { plan } = await planRun({
      paths: [],
      cwd: dir,
      env: withoutSecrets,
      environment: "dev",
      secrets: "optional",
    });
    expect(plan.changes.filter((c) => c.action !== "noop")).toEqual([]);
    const unchecked = plan.notices.filter((n) => n.code === "unchecked");
    expect(unchecked.map((n) => n.address).sort()).toEqual([
      "Connection/eloqua-prod",
      "Connection/hubspot-prod",
      "Connection/mailchimp-prod",
      "Connection/salesforce-prod",
    ]);
    expect(unchecked[0]!.message).toContain("checked at apply");
    expect(JSON.stringify(plan)).not.toContain("aepsync-unset-secret");
  });

  it("still plans what the manifests change", async () => {
    const file = join(dir, "pipelines", "hubspot.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("interval: 30", "interval: 45"));
    const { plan } = await planRun({
      paths: [],
      cwd: dir,
      env: withoutSecrets,
      environment: "dev",
      secrets: "optional",
    });
    expect(plan.changes.filter((c) => c.action !== "noop").map((c) => c.address)).toEqual([
      "Pipeline/hubspot-contacts/flow",
    ]);
  });
});
