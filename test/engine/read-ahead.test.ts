import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { applyRun, ManifestError, planRun } from "../../src/engine/index.ts";
import { makePlan } from "../../src/engine/plan.ts";
import { openSession } from "../../src/engine/session.ts";
import type { RunSettings } from "../../src/engine/index.ts";
import { generateManifests } from "../../scripts/generate-pipelines.ts";
import { aepEnv, makeWorkspace } from "../support/cli.ts";

// A plan starts its live reads as soon as aepsync.yaml names the sandbox and loads the manifests
// meanwhile; an apply only asks IMS for its token ahead. Nothing but reads reaches AEP before the
// manifests are valid.

let emulator: RunningEmulator;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settleMs: 0, sandboxes: ["prod", "dev", "bench"] });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function workspace(): Promise<string> {
  const { dir, cleanup } = await makeWorkspace();
  cleanups.push(cleanup);
  return dir;
}

let mark: Record<string, number> = {};

/** Starts counting requests from now. */
function resetRequestLog(): void {
  mark = emulator.requestCounts();
}

/** Platform requests the emulator has answered since resetRequestLog, by "METHOD /route" (IMS left out). */
function platformRequests(): Record<string, number> {
  return Object.fromEntries(
    Object.entries(emulator.requestCounts())
      .map(([route, n]) => [route, n - (mark[route] ?? 0)] as const)
      .filter(([route, n]) => n > 0 && !route.includes("/ims/")),
  );
}

function settings(dir: string, extra: Partial<RunSettings> = {}): RunSettings {
  return { paths: [], cwd: dir, env: aepEnv(emulator), environment: "dev", ...extra };
}

describe("read-ahead", () => {
  it("has the live reads under way before the manifests are loaded (a plan), and none for an apply", async () => {
    // Enough files that loading takes many slices: the emulator (in this process) answers between them.
    const dir = await mkdtemp(join(tmpdir(), "aepsync-read-ahead-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await generateManifests(dir, {
      pipelines: 600,
      connections: 3,
      datasets: 3,
      sandbox: "dev",
      layout: "file-per-pipeline",
    });
    const env = {
      ...aepEnv(emulator),
      HUBSPOT_CLIENT_ID: "c",
      HUBSPOT_CLIENT_SECRET: "s",
      HUBSPOT_ACCESS_TOKEN: "t",
    };
    const base: RunSettings = { paths: [], cwd: dir, env, environment: "bench" };

    resetRequestLog();
    const reading = await openSession(base, { readAhead: true });
    const seenWhileLoading = platformRequests();
    await reading.close();
    expect(Object.keys(seenWhileLoading).length).toBeGreaterThan(0);
    for (const route of Object.keys(seenWhileLoading)) expect(route).toMatch(/^GET /);

    resetRequestLog();
    const applying = await openSession(base);
    expect(platformRequests()).toEqual({});
    expect(applying.takeLiveReads()).toBeUndefined();
    await applying.close();
  });

  it("plans the same with and without reading ahead", async () => {
    const dir = await workspace();
    const applied = await applyRun({ ...settings(dir), parallelism: 8 });
    expect(applied.ok).toBe(true);
    const file = join(dir, "pipelines", "hubspot.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("interval: 30", "interval: 45"));
    resetRequestLog();
    const ahead = (await planRun(settings(dir))).plan;
    // The catalog's flow specs in one request, whichever connectors the manifests use.
    expect(platformRequests()["GET /flowSpecs"]).toBe(1);
    const session = await openSession(settings(dir));
    let after;
    try {
      after = (await makePlan(session, settings(dir), { prune: false, adopt: false })).plan;
    } finally {
      await session.close();
    }
    const strip = (p: typeof ahead) => ({ ...p, created_at: "" });
    expect(strip(ahead)).toEqual(strip(after));
    expect(ahead.changes.length).toBeGreaterThan(0);
  });

  it("sends only reads when the manifests turn out invalid (a plan), nothing at all (an apply)", async () => {
    const dir = await workspace();
    await writeFile(
      join(dir, "pipelines", "broken.yaml"),
      "apiVersion: aepsync/v1\nkind: Pipeline\nmetadata: { name: Bad_Name }\n",
    );
    resetRequestLog();
    await expect(planRun(settings(dir))).rejects.toBeInstanceOf(ManifestError);
    for (const route of Object.keys(platformRequests())) expect(route).toMatch(/^GET /);

    resetRequestLog();
    await expect(applyRun(settings(dir))).rejects.toBeInstanceOf(ManifestError);
    expect(platformRequests()).toEqual({});
  });

  it("reports the manifests' errors first when the AEP settings are missing too", async () => {
    const dir = await workspace();
    await writeFile(
      join(dir, "pipelines", "broken.yaml"),
      "apiVersion: aepsync/v1\nkind: Pipeline\nmetadata: { name: Bad_Name }\n",
    );
    const noCredentials = { HUBSPOT_CLIENT_ID: "x" };
    await expect(planRun(settings(dir, { env: noCredentials }))).rejects.toBeInstanceOf(ManifestError);
    await rm(join(dir, "pipelines", "broken.yaml"));
    await expect(planRun(settings(dir, { env: noCredentials }))).rejects.toThrow(/missing AEP settings/);
  });
});
