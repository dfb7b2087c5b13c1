// `npm run bench`: measures aepsync against the emulator with latency (DESIGN.md §9) and writes
// bench/results.json. Usage: npm run bench -- [--pipelines N] [--latency-ms N] [--apply N]
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";
import { loadManifests } from "../src/manifest/index.ts";
import { applyRun, planRun } from "../src/reconcile/run.ts";
import { generateManifests } from "./generate-pipelines.ts";
import type { RequestStats } from "../src/reconcile/types.ts";

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

function env(emulator: RunningEmulator): Record<string, string> {
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

/** The lower bound of a latency-bound run: the longest chain of sequential pages, times the latency. */
function floorOf(
  requests: RequestStats,
  latency: number,
): { pagesPerKind: Record<string, number>; floorMs: number } {
  const pagesPerKind: Record<string, number> = {};
  for (const [route, count] of Object.entries(requests.byRoute))
    if (route.startsWith("GET ") && !route.includes("{id}")) pagesPerKind[route] = count;
  const longest = Math.max(0, ...Object.values(pagesPerKind));
  // + the flow-spec lookups that precede the listing
  const lookups = requests.byRoute["GET /flowservice/flowSpecs"] ?? 0;
  return { pagesPerKind, floorMs: (longest + lookups) * latency };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - start), value };
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  pipelines: N,
  latencyMs: LATENCY,
  sharedConnections: CONNECTIONS,
  sharedDatasets: DATASETS,
};
const root = await mkdtemp(join(tmpdir(), "aepsync-bench-"));
const emulator = await startEmulator({ port: 0, sandboxes: ["prod", "dev"] });
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
  emulator.setLatency(0);
  const quick = await timed(() => planRun(base));
  results.planCreateNoLatency = {
    ms: quick.ms,
    requests: quick.value.requests.total,
    changes: quick.value.plan.counts,
  };

  // Full-create plan at latency.
  emulator.setLatency(LATENCY);
  const create = await timed(() => planRun(base));
  results.planCreate = {
    ms: create.ms,
    requests: create.value.requests,
    ...floorOf(create.value.requests, LATENCY),
  };

  // Apply everything without latency, then the no-change plan at latency.
  emulator.setLatency(0);
  const seed = await timed(() => applyRun({ ...base, parallelism: 16 }));
  results.seedApplyNoLatency = {
    ms: seed.ms,
    summary: seed.value.summary,
    requests: seed.value.requests.total,
  };
  emulator.setLatency(LATENCY);
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
    `plan (no change, ${LATENCY} ms latency): ${r.planNoChange?.ms} ms (floor ${r.planNoChange?.floorMs} ms), ${r.planNoChange?.requestsPerManagedObject} requests per managed object`,
    `apply ${APPLY_N} new pipelines (${LATENCY} ms latency): ${r.apply?.ms} ms`,
    `peak RSS: ${String(results.peakRssMb)} MB`,
    "written to bench/results.json",
  ].join("\n") + "\n",
);
