// `npm run bench`: measures aepsync against the emulator with latency (DESIGN.md §9) and writes
// bench/results.json. Usage: npm run bench -- [--pipelines N] [--latency-ms N] [--apply N]
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { loadManifests } from "../src/manifest/index.ts";
import { applyRun, planRun } from "../src/engine/index.ts";
import { generateManifests } from "./generate-pipelines.ts";
import type { RequestStats } from "../src/engine/index.ts";

const { values } = parseArgs({
  options: {
    pipelines: { type: "string", default: "1000" },
    "latency-ms": { type: "string", default: "50" },
    apply: { type: "string", default: "200" },
    connections: { type: "string", default: "20" },
    datasets: { type: "string", default: "20" },
  },
});
const N = Number(values.pipelines);
const LATENCY = Number(values["latency-ms"]);
const APPLY_N = Number(values.apply);
const CONNECTIONS = Number(values.connections);
const DATASETS = Number(values.datasets);

/** The emulator as its own process (`aepsync emulator`), so its work is not counted as aepsync's. */
interface EmulatorProcess {
  url: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

async function spawnEmulator(): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, ["bin/aepsync.js", "emulator", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m !== null) resolve(m[1]!);
    });
    child.on("exit", (code) =>
      reject(new Error(`the emulator exited (${String(code)}); run npm run build first`)),
    );
  });
  return {
    url,
    clientId: "aepsync-emulator",
    clientSecret: "aepsync-emulator-secret",
    orgId: "AEPSYNCEMULATOR@AdobeOrg",
    async setLatency(ms) {
      const res = await fetch(`${url}/__emulator/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ latencyMs: ms }),
      });
      if (!res.ok) throw new Error(`setting the latency failed: ${res.status}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function env(emulator: EmulatorProcess): Record<string, string> {
  return {
    AEP_PLATFORM_URL: emulator.url,
    AEP_IMS_URL: emulator.url,
    AEP_CLIENT_ID: emulator.clientId,
    AEP_CLIENT_SECRET: emulator.clientSecret,
    AEP_ORG_ID: emulator.orgId,
    AEPSYNC_FINGERPRINT_KEY: "bench-fingerprint-key",
    HUBSPOT_CLIENT_ID: "bench-client",
    HUBSPOT_CLIENT_SECRET: "bench-secret",
    HUBSPOT_ACCESS_TOKEN: "bench-token",
  };
}

/** Offset-paged lists (Catalog, Data Prep) after their first page go out this many pages at a time. */
const OFFSET_WINDOW = 4;
const OFFSET_PAGED = new Set(["GET /catalog/dataSets", "GET /conversion/mappingSets"]);

/**
 * The lower bound of a latency-bound run: the longest chain of sequential round trips, times the
 * latency. Flow Service pages follow continuation tokens (one after the other); offset pages after
 * the first go out in batches.
 */
function floorOf(
  requests: RequestStats,
  latency: number,
): { pagesPerKind: Record<string, number>; floorMs: number } {
  const pagesPerKind: Record<string, number> = {};
  let longest = 0;
  for (const [route, count] of Object.entries(requests.byRoute)) {
    if (!route.startsWith("GET ") || route.includes("{id}") || route.endsWith("/flowSpecs")) continue;
    pagesPerKind[route] = count;
    const chain = OFFSET_PAGED.has(route) ? 1 + Math.ceil((count - 1) / OFFSET_WINDOW) : count;
    longest = Math.max(longest, chain);
  }
  // + the flow-spec lookup that the flow listing waits for
  const lookups = requests.byRoute["GET /flowservice/flowSpecs"] ?? 0;
  return { pagesPerKind, floorMs: (longest + lookups) * latency };
}

/** Runs the CLI as its own process and samples its peak RSS (Linux VmHWM, a high-water mark). */
async function cliPeakRss(
  args: string[],
  cwd: string,
  childEnv: Record<string, string>,
): Promise<{ ms: number; peakRssMb?: number; code: number | null }> {
  const start = performance.now();
  const child = spawn(process.execPath, [new URL("../bin/aepsync.js", import.meta.url).pathname, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...childEnv },
    stdio: "ignore",
  });
  let peakKb: number | undefined;
  const sample = async (): Promise<void> => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8");
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m !== null) peakKb = Math.max(peakKb ?? 0, Number(m[1]));
    } catch {
      // the process has exited, or this is not Linux
    }
  };
  const timer = setInterval(() => void sample(), 10);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  const ms = Math.round(performance.now() - start);
  return peakKb === undefined ? { ms, code } : { ms, code, peakRssMb: Math.round(peakKb / 1024) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - start), value };
}

// As the CLI does (src/cli/bin.ts): a plain environment object keeps yaml's per-token env read cheap.
process.env = { ...process.env };

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  pipelines: N,
  latencyMs: LATENCY,
  sharedConnections: CONNECTIONS,
  sharedDatasets: DATASETS,
};
const root = await mkdtemp(join(tmpdir(), "aepsync-bench-"));
const emulator = await spawnEmulator();
try {
  const dir = join(root, "big");
  await generateManifests(dir, { pipelines: N, connections: CONNECTIONS, datasets: DATASETS });
  const base = { paths: ["pipelines"], cwd: dir, env: env(emulator), environment: "bench" };

  // Validate alone.
  const validate = await timed(() => loadManifests(["pipelines"], { cwd: dir }));
  results.validate = {
    ms: validate.ms,
    documents: validate.value.manifests.length,
    errors: validate.value.errors,
  };

  // validate + plan with no latency (full-create plan on an empty sandbox).
  await emulator.setLatency(0);
  const quick = await timed(() => planRun(base));
  results.planCreateNoLatency = {
    ms: quick.ms,
    requests: quick.value.requests.total,
    changes: quick.value.plan.counts,
  };

  // Full-create plan at latency.
  await emulator.setLatency(LATENCY);
  const create = await timed(() => planRun(base));
  results.planCreate = {
    ms: create.ms,
    requests: create.value.requests,
    ...floorOf(create.value.requests, LATENCY),
  };

  // Apply everything without latency, then the no-change plan at latency.
  await emulator.setLatency(0);
  const seed = await timed(() => applyRun({ ...base, parallelism: 16 }));
  results.seedApplyNoLatency = {
    ms: seed.ms,
    summary: seed.value.summary,
    requests: seed.value.requests.total,
  };
  const noChangeQuick = await timed(() => planRun(base));
  results.planNoChangeNoLatency = { ms: noChangeQuick.ms, requests: noChangeQuick.value.requests.total };
  // validate + plan of 1,000 pipelines as a user runs it: one CLI process, its wall time and peak RSS.
  results.cliPlanNoChangeNoLatency = await cliPeakRss(["plan", "--env", "bench"], dir, env(emulator));
  await emulator.setLatency(LATENCY);
  const noChange = await timed(() => planRun(base));
  const managed = noChange.value.plan.counts.noop;
  results.planNoChange = {
    ms: noChange.ms,
    managedObjects: managed,
    changes: noChange.value.plan.counts,
    requests: noChange.value.requests,
    requestsPerManagedObject: Number((noChange.value.requests.total / Math.max(1, managed)).toFixed(4)),
    ...floorOf(noChange.value.requests, LATENCY),
  };

  // Apply of APPLY_N new pipelines at latency, in another sandbox.
  const small = join(root, "small");
  await generateManifests(small, {
    pipelines: APPLY_N,
    connections: CONNECTIONS,
    datasets: DATASETS,
    prefix: "n",
    sandbox: "prod",
  });
  const apply = await timed(() =>
    applyRun({ paths: ["pipelines"], cwd: small, env: env(emulator), environment: "bench", parallelism: 8 }),
  );
  results.apply = {
    pipelines: APPLY_N,
    ms: apply.ms,
    summary: apply.value.summary,
    requests: apply.value.requests,
    requestsPerChange: Number(
      (apply.value.requests.total / Math.max(1, apply.value.summary.done)).toFixed(2),
    ),
  };
  results.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
} finally {
  await emulator.close();
  await rm(root, { recursive: true, force: true });
}
await mkdir("bench", { recursive: true });
await writeFile("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
const r = results as Record<string, { ms?: number; floorMs?: number; requestsPerManagedObject?: number }>;
process.stdout.write(
  [
    `validate ${N} pipelines: ${r.validate?.ms} ms`,
    `plan (create, no latency): ${r.planCreateNoLatency?.ms} ms`,
    `plan (create, ${LATENCY} ms latency): ${r.planCreate?.ms} ms (floor ${r.planCreate?.floorMs} ms)`,
    `plan (no change, no latency): ${(results.planNoChangeNoLatency as { ms: number }).ms} ms`,
    `plan (no change, ${LATENCY} ms latency): ${r.planNoChange?.ms} ms (floor ${r.planNoChange?.floorMs} ms), ${r.planNoChange?.requestsPerManagedObject} requests per managed object`,
    `apply ${APPLY_N} new pipelines (${LATENCY} ms latency): ${r.apply?.ms} ms`,
    `CLI plan (no change, no latency), one process: ${JSON.stringify(results.cliPlanNoChangeNoLatency)}`,
    `peak RSS of the bench process (all scenarios): ${String(results.peakRssMb)} MB`,
    "written to bench/results.json",
  ].join("\n") + "\n",
);
