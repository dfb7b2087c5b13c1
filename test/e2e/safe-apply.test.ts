import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateManifests } from "../../scripts/generate-pipelines.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { aepEnv, duplicateMarkers, emulatorState, makeWorkspace, repoRoot, runCli } from "../support/cli.ts";
import type { CliResult } from "../support/cli.ts";

// Two applies at once and Ctrl-C, through the CLI as a process, against the emulator (in the
// test process, so its request log can be read at the moment the CLI exits).
let emulator: RunningEmulator | undefined;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function workspace(pipelines?: number): Promise<string> {
  if (pipelines === undefined) {
    const { dir, cleanup } = await makeWorkspace();
    cleanups.push(cleanup);
    return dir;
  }
  const dir = await mkdtemp(join(tmpdir(), "aepsync-safe-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await generateManifests(dir, { pipelines, connections: 3, datasets: 3 });
  return dir;
}

function env(emu: RunningEmulator): Record<string, string> {
  return { ...aepEnv(emu), HUBSPOT_CLIENT_ID: "bench-client" };
}

/** Writes the emulator has answered (IMS excluded). */
function writes(emu: RunningEmulator): number {
  return Object.entries(emu.requestCounts())
    .filter(([route]) => /^(POST|PUT|PATCH|DELETE) /.test(route) && !route.includes("/ims/"))
    .reduce((sum, [, n]) => sum + n, 0);
}

interface Started {
  child: ChildProcess;
  /** Standard error so far. */
  stderr(): string;
  done: Promise<CliResult & { writesAtExit: number }>;
}

/** `node bin/aepsync.js …` with a handle to signal it; the emulator's write count is taken as it exits. */
function start(args: string[], cwd: string, emu: RunningEmulator): Started {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "aepsync.js"), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env(emu) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const done = new Promise<CliResult & { writesAtExit: number }>((resolve, reject) => {
    child.on("error", reject);
    // 'exit', not 'close': the moment the process is gone.
    child.on("exit", (code, signal) => {
      const writesAtExit = writes(emu);
      child.on("close", () => resolve({ code, signal, stdout, stderr, writesAtExit }));
    });
  });
  return { child, done, stderr: () => stderr };
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 5));
  }
}

function count(state: Awaited<ReturnType<typeof emulatorState>>, collection: string): number {
  return state.sandboxes.dev?.[collection]?.length ?? 0;
}

function locks(state: Awaited<ReturnType<typeof emulatorState>>): unknown[] {
  return (state.sandboxes.dev?.connections ?? []).filter((c) => String(c.name).startsWith("aepsync-lock-"));
}

describe("two applies at once", () => {
  it("run one after the other: no duplicates, and the next plan has nothing to do", async () => {
    const emu = (emulator = await startEmulator({ port: 0, latencyMs: 50 }));
    const dir = await workspace();
    // With 50 ms per request an apply of the examples takes seconds: longer than the two
    // processes take to start, so they overlap and one waits.
    const [a, b] = await Promise.all([
      runCli(["apply", "--env", "dev", "--parallelism", "2"], { cwd: dir, env: env(emu) }),
      runCli(["apply", "--env", "dev", "--parallelism", "2"], { cwd: dir, env: env(emu) }),
    ]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    // One applied everything; the other waited for the lock, then planned from the result.
    const both = [a, b];
    expect(both.filter((r) => /Apply: 27 done, 0 failed/.test(r.stdout))).toHaveLength(1);
    expect(both.filter((r) => /No changes\./.test(r.stdout))).toHaveLength(1);
    expect(
      both.filter((r) => /is locked by another apply \(\S+@\S+:\d+, since /.test(r.stderr)),
    ).toHaveLength(1);
    const state = await emulatorState(emu);
    expect(duplicateMarkers(state, "dev")).toEqual([]);
    expect(count(state, "flows")).toBe(4);
    expect(locks(state)).toEqual([]);
    emu.setLatency(0);
    const plan = await runCli(["plan", "--env", "dev", "--format", "json"], { cwd: dir, env: env(emu) });
    expect(plan.code, plan.stderr).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { action: string }[] }).changes;
    expect(changes.filter((c) => c.action !== "noop")).toEqual([]);
  });
});

describe("Ctrl-C", () => {
  it("stops new writes, lets those in flight settle, prints the summary, frees the lock and exits 130", async () => {
    const emu = (emulator = await startEmulator({ port: 0, latencyMs: 30 }));
    const dir = await workspace(60);
    const run = start(["apply", "--env", "bench", "--parallelism", "4"], dir, emu);
    await until(() => writes(emu) >= 25);
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code, result.stdout + result.stderr).toBe(130);
    expect(result.stderr).toContain("Interrupted: no new write starts; waiting for the writes in flight");
    expect(result.stderr).toContain("run apply again to finish");
    const summary = /Apply: (\d+) done, (\d+) failed, \d+ refused \(changed since plan\), (\d+) skipped/.exec(
      result.stdout,
    );
    expect(summary, result.stdout).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThan(0);
    expect(Number(summary![2])).toBe(0);
    expect(Number(summary![3])).toBeGreaterThan(0);
    // Nothing reaches the emulator after the process exited (its latency is 30 ms: wait longer).
    await new Promise((r) => setTimeout(r, 500));
    expect(writes(emu)).toBe(result.writesAtExit);
    let state = await emulatorState(emu);
    expect(locks(state)).toEqual([]);
    expect(count(state, "flows")).toBeLessThan(60);
    // A re-run converges.
    emu.setLatency(0);
    const rerun = await runCli(["apply", "--env", "bench"], { cwd: dir, env: env(emu) });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    const plan = await runCli(["plan", "--env", "bench", "--detailed-exitcode"], { cwd: dir, env: env(emu) });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    state = await emulatorState(emu);
    expect(duplicateMarkers(state, "dev")).toEqual([]);
    expect(count(state, "flows")).toBe(60);
  });

  it("exits at once on a second Ctrl-C; the next apply takes the dead run's lock and converges", async () => {
    const emu = (emulator = await startEmulator({ port: 0, latencyMs: 300 }));
    const dir = await workspace(30);
    const run = start(["apply", "--env", "bench", "--parallelism", "8"], dir, emu);
    await until(() => writes(emu) >= 10);
    run.child.kill("SIGINT");
    // Once the first is handled (two signals sent at once may arrive as one), while the writes in
    // flight (300 ms each) and the lock's release still have to settle.
    await until(() => run.stderr().includes("Interrupted: no new write starts"));
    const second = Date.now();
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(130);
    // At once: the lock was not released, as it would have been after the writes in flight.
    expect(Date.now() - second).toBeLessThan(1_000);
    expect(locks(await emulatorState(emu))).toHaveLength(1);
    // The second Ctrl-C abandons the writes in flight: AEP still completes those it received (here
    // after their 300 ms), and the next plan must see them, so the re-run starts once they landed.
    await new Promise((r) => setTimeout(r, 600));
    emu.setLatency(0);
    const rerun = await runCli(["apply", "--env", "bench", "--lock-timeout", "0"], {
      cwd: dir,
      env: env(emu),
    });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain("its process is gone");
    const plan = await runCli(["plan", "--env", "bench", "--detailed-exitcode"], { cwd: dir, env: env(emu) });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const state = await emulatorState(emu);
    expect(duplicateMarkers(state, "dev")).toEqual([]);
    expect(locks(state)).toEqual([]);
    expect(count(state, "flows")).toBe(30);
  });

  it("stops a plan at once with 130", async () => {
    const emu = (emulator = await startEmulator({ port: 0, latencyMs: 2_000 }));
    const dir = await workspace();
    const run = start(["plan", "--env", "dev"], dir, emu);
    // Once it is waiting on AEP: it has its IMS token (not delayed); its platform calls are.
    await until(() => (emu.requestCounts()["POST /ims/token/v3"] ?? 0) > 0);
    const sent = Date.now();
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(Date.now() - sent).toBeLessThan(1_000);
    expect(result.stdout).toBe("");
  });
});
