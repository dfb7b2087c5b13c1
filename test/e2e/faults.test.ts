import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateManifests } from "../../scripts/generate-pipelines.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { aepEnv, duplicateMarkers, emulatorState, runCli } from "../support/cli.ts";

// Under faults an apply converges with zero duplicates, and so does a re-run after the process is
// killed mid-apply (docs/architecture.md, "Lost answers").
let emulator: RunningEmulator;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aepsync-faults-"));
});

afterEach(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function env(): Record<string, string> {
  return {
    ...aepEnv(emulator),
    HUBSPOT_CLIENT_ID: "bench-client",
    HUBSPOT_CLIENT_SECRET: "fault-secret-92f1",
    HUBSPOT_ACCESS_TOKEN: "fault-token-1c7e",
  };
}

function countBy(state: Awaited<ReturnType<typeof emulatorState>>, collection: string): number {
  return state.sandboxes.dev?.[collection]?.length ?? 0;
}

describe("convergence", () => {
  it("applies 50 pipelines through 10 % 5xx, 5 % 429 and 5 % dropped connections, with no duplicate", async () => {
    emulator = await startEmulator({ port: 0, seed: 7 });
    await generateManifests(dir, { pipelines: 50, connections: 5, datasets: 5 });
    emulator.setFaults({ rate500: 0.05, rate503: 0.05, rate429: 0.05, retryAfterSeconds: 1, rateDrop: 0.05 });
    const runs: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = await runCli(["apply", "--env", "bench", "--parallelism", "8"], {
        cwd: dir,
        env: env(),
      });
      runs.push(result.code ?? -1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      if (result.code === 0) break;
    }
    expect(runs.at(-1), `apply exit codes per run: ${runs.join(",")}`).toBe(0);
    const log = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
      log: { status: number }[];
    };
    expect(log.log.filter((entry) => entry.status >= 500).length, "5xx were injected").toBeGreaterThan(0);
    expect(log.log.filter((entry) => entry.status === 429).length, "429s were injected").toBeGreaterThan(0);
    emulator.setFaults(undefined);
    const plan = await runCli(["plan", "--env", "bench", "--detailed-exitcode"], { cwd: dir, env: env() });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const state = await emulatorState(emulator);
    expect(duplicateMarkers(state, "dev")).toEqual([]);
    expect(countBy(state, "flows")).toBe(50);
    expect(countBy(state, "sourceConnections")).toBe(50);
    expect(countBy(state, "targetConnections")).toBe(50);
    expect(countBy(state, "connections")).toBe(5);
    expect(countBy(state, "dataSets")).toBe(5);
  });

  it("converges after answers to writes are lost", async () => {
    emulator = await startEmulator({ port: 0, seed: 11 });
    await generateManifests(dir, { pipelines: 20, connections: 2, datasets: 2 });
    emulator.setFaults({ rateLostAnswer: 0.15 });
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = await runCli(["apply", "--env", "bench"], { cwd: dir, env: env() });
      if (result.code === 0) break;
    }
    emulator.setFaults(undefined);
    const plan = await runCli(["plan", "--env", "bench", "--detailed-exitcode"], { cwd: dir, env: env() });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const state = await emulatorState(emulator);
    expect(duplicateMarkers(state, "dev")).toEqual([]);
    expect(countBy(state, "flows")).toBe(20);
  });

  it("converges with no duplicate when the process is killed mid-apply", async () => {
    emulator = await startEmulator({ port: 0, seed: 3, latencyMs: 15 });
    await generateManifests(dir, { pipelines: 30, connections: 3, datasets: 3 });
    // Killed at points of progress, not of time: after 15, 50 and 90 writes in all (of about 130).
    const writes = (): number =>
      Object.entries(emulator.requestCounts())
        .filter(([route]) => /^(POST|PUT|PATCH|DELETE) /.test(route) && !route.includes("/ims/"))
        .reduce((sum, [, n]) => sum + n, 0);
    let kills = 0;
    for (const threshold of [15, 50, 90]) {
      const killed = await runCli(["apply", "--env", "bench"], {
        cwd: dir,
        env: env(),
        killWhen: () => writes() >= threshold,
      });
      if (killed.signal === "SIGKILL") kills += 1;
      else expect(killed.code).toBe(0);
    }
    expect(kills, "at least one apply was killed mid-way").toBeGreaterThan(0);
    const rerun = await runCli(["apply", "--env", "bench"], { cwd: dir, env: env() });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    emulator.setLatency(0);
    const plan = await runCli(["plan", "--env", "bench", "--detailed-exitcode"], { cwd: dir, env: env() });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const state = await emulatorState(emulator);
    expect(duplicateMarkers(state, "dev")).toEqual([]);
    expect(countBy(state, "flows")).toBe(30);
    expect(countBy(state, "sourceConnections")).toBe(30);
  });

  it("enables the old flow again when its replacement cannot be created", async () => {
    emulator = await startEmulator({ port: 0, seed: 5 });
    await generateManifests(dir, { pipelines: 2, connections: 1, datasets: 1 });
    expect((await runCli(["apply", "--env", "bench"], { cwd: dir, env: env() })).code).toBe(0);
    const file = join(dir, "pipelines", "p.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace("path: Hubspot.Contacts0", "path: Hubspot.Companies0"),
    );
    emulator.setFaults({ rate500: 1, routes: ["POST /flows"] });
    const failed = await runCli(["apply", "--env", "bench"], { cwd: dir, env: env() });
    expect(failed.code).toBe(1);
    expect(failed.stderr, failed.stdout + failed.stderr).toContain("the old flow");
    const flows = (await emulatorState(emulator)).sandboxes.dev!.flows!;
    expect(flows.filter((f) => f.name === "p-0-flow").map((f) => f.state)).toEqual(["enabled"]);
    emulator.setFaults(undefined);
    expect((await runCli(["apply", "--env", "bench"], { cwd: dir, env: env() })).code).toBe(0);
    const plan = await runCli(["plan", "--env", "bench", "--detailed-exitcode"], { cwd: dir, env: env() });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const state = await emulatorState(emulator);
    expect(duplicateMarkers(state, "dev")).toEqual([]);
    expect(countBy(state, "flows")).toBe(2);
    expect(countBy(state, "sourceConnections")).toBe(2);
  });
});
