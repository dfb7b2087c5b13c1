import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateManifests } from "../../scripts/generate-pipelines.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { aepEnv, runCli } from "../support/cli.ts";

// `apply --parallelism N` is N requests at once at AEP, not N changes queued behind the client's
// default of 8: the emulator counts what it serves at the same time.
let emulator: RunningEmulator | undefined;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aepsync-parallel-"));
  await generateManifests(dir, { pipelines: 30, connections: 2, datasets: 2 });
});

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function applyWith(args: string[]): Promise<number> {
  // Latency keeps requests in flight long enough to overlap; operations complete at once.
  emulator = await startEmulator({ port: 0, latencyMs: 40, settleMs: 0 });
  const result = await runCli(["apply", "--env", "bench", ...args], {
    cwd: dir,
    env: {
      ...aepEnv(emulator),
      HUBSPOT_CLIENT_ID: "bench-client",
      HUBSPOT_CLIENT_SECRET: "s-4f1e9a",
      HUBSPOT_ACCESS_TOKEN: "t-8c2d7b",
    },
  });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain(" 0 failed");
  return emulator.peakInFlight();
}

describe("apply parallelism", () => {
  it("keeps at most 8 requests in flight by default", async () => {
    const peak = await applyWith([]);
    expect(peak).toBeGreaterThanOrEqual(6);
    expect(peak).toBeLessThanOrEqual(8);
  });

  it("has more than 8 in flight with --parallelism 16, and never more than 16", async () => {
    const peak = await applyWith(["--parallelism", "16"]);
    expect(peak).toBeGreaterThan(8);
    expect(peak).toBeLessThanOrEqual(16);
  });
});
