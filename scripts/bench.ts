// `npm run bench`: measures aepsync as users run it and writes bench/results.json.
//
// Every measured run is a cold CLI process (`node bin/aepsync.js …`, the bundle rebuilt first) on
// one YAML file per pipeline (10 connections, 20 datasets shared), against the emulator in a
// process of its own (`aepsync emulator`), seeded by an `aepsync apply`. Each scenario runs several
// times after one warm-up run (which only warms the file cache) and reports min, median and max of
// wall time, CPU time (user + system) and peak RSS of the CLI process, and the requests it made (from
// the emulator's request log). The machine (cores, Node, load average before and after) is
// written next to the numbers: on a shared machine, compare CPU times and re-run when the load is high.
//
// The emulator runs with realism on (AEP's own behaviours: system tags, defaults, asynchronous Flow
// Service operations). Its asynchronous operations complete 300 ms after their write by default,
// and apply waits for what it touched to settle: the apply scenario runs against an emulator with
// --settle-ms 0 (realism still on), which measures aepsync's own work, and once more against the
// default 300 ms, which shows what those waits add.
//
// Usage: npm run bench -- [--quick] [--runs N] [--sizes 1000,5000] [--apply N] [--out FILE] [--cli FILE]
//   --quick  2 runs, 1,000 pipelines only, results printed and not written unless --out is given
//   --cli    measure another build's bin/aepsync.js (another checkout: a before/after pair); the
//            emulator is always this checkout's
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildCli } from "./build.ts";
import { generateManifests } from "./generate-pipelines.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const EMULATOR_CLI = join(root, "bin", "aepsync.js");
const TIME = "/usr/bin/time";
const CONNECTIONS = 10;
const DATASETS = 20;
const LATENCY_MS = 50;

/** How long the emulator's asynchronous operations run (its default), and for the apply target. */
const SETTLE_MS = 300;
const APPLY_SETTLE_MS = 0;
/** The apply measured once more with this many changes at once (the default is 8). */
const WIDE_PARALLELISM = 16;

/** The targets each scenario is held to (README, Performance); medians are compared with them. */
const targets = {
  planNoChange0ms: { 1000: { wallMs: 1200, peakRssMb: 200 }, 5000: { wallMs: 5000, peakRssMb: 400 } },
  planNoChange50ms: { 1000: { wallMs: 1500, requests: 60 } },
  apply50ms: { wallMs: 6000 },
} as const;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    sizes: { type: "string" },
    apply: { type: "string" },
    out: { type: "string" },
    cli: { type: "string" },
  },
});
const CLI = values.cli === undefined ? EMULATOR_CLI : resolvePath(values.cli);
const quick = values.quick === true;
const RUNS = Number(values.runs ?? (quick ? 2 : 5));
const SIZES = (values.sizes ?? (quick ? "1000" : "1000,5000")).split(",").map(Number);
const APPLY_N = Number(values.apply ?? 200);
const OUT = values.out ?? (quick ? undefined : join(root, "bench", "results.json"));
if (![RUNS, APPLY_N, ...SIZES].every((n) => Number.isInteger(n) && n > 0)) {
  throw new Error("--runs, --sizes and --apply take positive whole numbers");
}

interface Emulator {
  url: string;
  setLatency(ms: number): Promise<void>;
  requests(): Promise<{ total: number; counts: Record<string, number> }>;
  resetRequests(): Promise<void>;
  close(): Promise<void>;
}

async function spawnEmulator(sandboxes: string[], settleMs: number): Promise<Emulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      EMULATOR_CLI,
      "emulator",
      "--port",
      "0",
      "--sandboxes",
      sandboxes.join(","),
      "--realism",
      "on",
      "--settle-ms",
      String(settleMs),
    ],
    // The access log (stderr) is not wanted here.
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m !== null) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the emulator exited (${String(code)})`)));
  });
  const admin = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const res = await fetch(`${url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} /__emulator${path}: ${res.status}`);
    return res;
  };
  return {
    url,
    setLatency: async (ms) => void (await admin("PUT", "/faults", { latencyMs: ms })),
    requests: async () =>
      (await (await admin("GET", "/requests")).json()) as Awaited<ReturnType<Emulator["requests"]>>,
    resetRequests: async () => void (await admin("DELETE", "/requests")),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function cliEnv(emulator: Emulator): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    AEP_PLATFORM_URL: emulator.url,
    AEP_IMS_URL: emulator.url,
    AEP_CLIENT_ID: "aepsync-emulator",
    AEP_CLIENT_SECRET: "aepsync-emulator-secret",
    AEP_ORG_ID: "AEPSYNCEMULATOR@AdobeOrg",
    AEPSYNC_FINGERPRINT_KEY: "bench-fingerprint-key",
    HUBSPOT_CLIENT_ID: "bench-client",
    HUBSPOT_CLIENT_SECRET: "bench-secret",
    HUBSPOT_ACCESS_TOKEN: "bench-token",
  };
}

interface Run {
  code: number | null;
  wallMs: number;
  cpuMs?: number;
  peakRssMb?: number;
  stderr: string;
}

/**
 * One cold CLI process. CPU time and peak RSS come from GNU time (the kernel's accounting of the
 * finished child) when /usr/bin/time exists, else peak RSS from sampling /proc/<pid>/status.
 */
async function runCli(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  const timeFile = join(cwd, `.time-${process.pid}`);
  const useTime = existsSync(TIME);
  const [command, argv] = useTime
    ? [TIME, ["-f", "%U %S %M", "-o", timeFile, process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  const start = performance.now();
  const child = spawn(command, argv, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  let sampledKb = 0;
  const sampler = useTime
    ? undefined
    : setInterval(() => {
        readFile(`/proc/${child.pid}/status`, "utf8")
          .then((status) => {
            const m = /VmHWM:\s+(\d+) kB/.exec(status);
            if (m !== null) sampledKb = Math.max(sampledKb, Number(m[1]));
          })
          .catch(() => undefined);
      }, 5);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const wallMs = performance.now() - start;
  if (sampler !== undefined) clearInterval(sampler);
  const run: Run = { code, wallMs, stderr };
  if (useTime) {
    const line = (await readFile(timeFile, "utf8")).trim().split("\n").pop() ?? "";
    const [user, sys, maxKb] = line.split(" ").map(Number);
    if (user !== undefined && sys !== undefined) run.cpuMs = (user + sys) * 1000;
    if (maxKb !== undefined && maxKb > 0) run.peakRssMb = maxKb / 1024;
    await rm(timeFile, { force: true });
  } else if (sampledKb > 0) {
    run.peakRssMb = sampledKb / 1024;
  }
  return run;
}

interface Spread {
  min: number;
  median: number;
  max: number;
}

function spread(values: number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const round = (n: number) => Math.round(n);
  return { min: round(sorted[0]!), median: round(median), max: round(sorted[sorted.length - 1]!) };
}

interface Scenario {
  runs: number;
  wallMs: Spread;
  cpuMs?: Spread;
  peakRssMb?: Spread;
  requests: { total: number; byRoute: Record<string, number> };
}

/** A warm-up run, then RUNS measured ones; every run must exit with `expectCode`. */
async function measure(
  name: string,
  emulator: Emulator,
  run: (i: number) => Promise<Run>,
  expectCode: number,
): Promise<Scenario> {
  const runs: Run[] = [];
  let requests = { total: 0, counts: {} as Record<string, number> };
  for (let i = 0; i <= RUNS; i++) {
    await emulator.resetRequests();
    const result = await run(i);
    if (result.code !== expectCode) {
      throw new Error(`${name}: run ${i} exited ${String(result.code)}, not ${expectCode}\n${result.stderr}`);
    }
    if (i === 0) continue;
    runs.push(result);
    requests = await emulator.requests();
  }
  const scenario: Scenario = {
    runs: runs.length,
    wallMs: spread(runs.map((r) => r.wallMs))!,
    requests: { total: requests.total, byRoute: requests.counts },
  };
  const cpu = spread(runs.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs])));
  const rss = spread(runs.flatMap((r) => (r.peakRssMb === undefined ? [] : [r.peakRssMb])));
  if (cpu !== undefined) scenario.cpuMs = cpu;
  if (rss !== undefined) scenario.peakRssMb = rss;
  const show = (s: Spread | undefined, unit: string) =>
    s === undefined ? "n/a" : `${s.median} ${unit} (${s.min}-${s.max})`;
  process.stdout.write(
    `${name}: wall ${show(scenario.wallMs, "ms")}, cpu ${show(scenario.cpuMs, "ms")}, ` +
      `peak RSS ${show(scenario.peakRssMb, "MB")}, ${requests.total} requests\n`,
  );
  return scenario;
}

function within(scenario: Scenario, target: { wallMs?: number; peakRssMb?: number; requests?: number }) {
  const checks: Record<string, boolean> = {};
  if (target.wallMs !== undefined) checks.wallMs = scenario.wallMs.median <= target.wallMs;
  if (target.peakRssMb !== undefined && scenario.peakRssMb !== undefined)
    checks.peakRssMb = scenario.peakRssMb.median <= target.peakRssMb;
  if (target.requests !== undefined) checks.requests = scenario.requests.total <= target.requests;
  return { target, met: checks };
}

function machine(): Record<string, unknown> {
  const cpu = cpus()[0];
  return {
    cores: availableParallelism(),
    cpu: cpu?.model.trim(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const loadBefore = loadavg().map(round2);
const started = new Date();
await buildCli();
const work = await mkdtemp(join(tmpdir(), "aepsync-bench-"));
const applySandboxes = Array.from({ length: RUNS + 1 }, (_, i) => `apply-${i}`);
const emulator = await spawnEmulator([...SIZES.map((n) => `plan-${n}`), ...applySandboxes], SETTLE_MS);
const wideSandboxes = Array.from({ length: RUNS + 1 }, (_, i) => `wide-${i}`);
const settledEmulator = await spawnEmulator([...applySandboxes, ...wideSandboxes], APPLY_SETTLE_MS);
const scenarios: Record<string, unknown> = {};
try {
  const env = cliEnv(emulator);
  for (const n of SIZES) {
    const dir = join(work, `plan-${n}`);
    await generateManifests(dir, {
      pipelines: n,
      connections: CONNECTIONS,
      datasets: DATASETS,
      sandbox: `plan-${n}`,
      layout: "file-per-pipeline",
    });
    await emulator.setLatency(0);
    process.stdout.write(`seeding plan-${n} with an apply of ${n} pipelines…\n`);
    const seed = await runCli(["apply", "--env", "bench", "--parallelism", "16"], dir, env);
    if (seed.code !== 0) throw new Error(`seeding ${n} pipelines failed:\n${seed.stderr}`);

    const plan = () => runCli(["plan", "--env", "bench", "--detailed-exitcode"], dir, env);
    const noLatency = await measure(`plan, no change, ${n} pipelines, 0 ms`, emulator, plan, 0);
    const target0 = n in targets.planNoChange0ms ? targets.planNoChange0ms[n as 1000 | 5000] : undefined;
    scenarios[`planNoChange${n}At0ms`] = {
      pipelines: n,
      latencyMs: 0,
      ...noLatency,
      ...(target0 === undefined ? {} : within(noLatency, target0)),
    };
    if (n === 1000 || SIZES.length === 1) {
      await emulator.setLatency(LATENCY_MS);
      const latency = await measure(`plan, no change, ${n} pipelines, ${LATENCY_MS} ms`, emulator, plan, 0);
      scenarios[`planNoChange${n}At${LATENCY_MS}ms`] = {
        pipelines: n,
        latencyMs: LATENCY_MS,
        ...latency,
        ...(n === 1000 ? within(latency, targets.planNoChange50ms[1000]) : {}),
      };
    }
  }

  // Each apply run creates APPLY_N new pipelines (and their connections, schema and datasets) in a
  // sandbox of its own, so every run does the same work.
  const applyDir = join(work, "apply");
  await generateManifests(applyDir, {
    pipelines: APPLY_N,
    connections: CONNECTIONS,
    datasets: DATASETS,
    prefix: "n",
    sandbox: "apply-0",
    layout: "file-per-pipeline",
  });
  // Held to the target: aepsync's own work, the emulator's operations completing at once.
  await settledEmulator.setLatency(LATENCY_MS);
  const settledEnv = cliEnv(settledEmulator);
  const apply = await measure(
    `apply, ${APPLY_N} new pipelines, ${LATENCY_MS} ms, settle ${APPLY_SETTLE_MS} ms`,
    settledEmulator,
    (i) => runCli(["apply", "--env", "bench", "--sandbox", `apply-${i}`], applyDir, settledEnv),
    0,
  );
  scenarios[`apply${APPLY_N}At${LATENCY_MS}ms`] = {
    pipelines: APPLY_N,
    latencyMs: LATENCY_MS,
    emulatorSettleMs: APPLY_SETTLE_MS,
    ...apply,
    ...(APPLY_N === 200 ? within(apply, targets.apply50ms) : {}),
  };
  // Writes bound the apply (8 in flight by default): what twice as many at once gives.
  const wide = await measure(
    `apply, ${APPLY_N} new pipelines, ${LATENCY_MS} ms, settle ${APPLY_SETTLE_MS} ms, --parallelism ${WIDE_PARALLELISM}`,
    settledEmulator,
    (i) =>
      runCli(
        ["apply", "--env", "bench", "--sandbox", `wide-${i}`, "--parallelism", String(WIDE_PARALLELISM)],
        applyDir,
        settledEnv,
      ),
    0,
  );
  scenarios[`apply${APPLY_N}At${LATENCY_MS}msParallelism${WIDE_PARALLELISM}`] = {
    pipelines: APPLY_N,
    latencyMs: LATENCY_MS,
    emulatorSettleMs: APPLY_SETTLE_MS,
    parallelism: WIDE_PARALLELISM,
    ...wide,
  };
  // The same against the emulator's default: what waiting for AEP's asynchronous operations adds.
  await emulator.setLatency(LATENCY_MS);
  const applySettling = await measure(
    `apply, ${APPLY_N} new pipelines, ${LATENCY_MS} ms, settle ${SETTLE_MS} ms`,
    emulator,
    (i) => runCli(["apply", "--env", "bench", "--sandbox", `apply-${i}`], applyDir, env),
    0,
  );
  scenarios[`apply${APPLY_N}At${LATENCY_MS}msSettle${SETTLE_MS}ms`] = {
    pipelines: APPLY_N,
    latencyMs: LATENCY_MS,
    emulatorSettleMs: SETTLE_MS,
    ...applySettling,
  };
} finally {
  await emulator.close();
  await settledEmulator.close();
  await rm(work, { recursive: true, force: true });
}

const results = {
  date: started.toISOString(),
  machine: { ...machine(), loadAverage: { before: loadBefore, after: loadavg().map(round2) } },
  settings: {
    quick,
    runs: RUNS,
    connections: CONNECTIONS,
    datasets: DATASETS,
    layout: "one YAML file per pipeline",
    cli: `node ${values.cli ?? "bin/aepsync.js"} (cold process per run, after one warm-up run)`,
    emulator: `aepsync emulator, its own process, realism on: asynchronous operations complete ${SETTLE_MS} ms after their write (plans); the apply target is measured with --settle-ms ${APPLY_SETTLE_MS}, and once more with ${SETTLE_MS} ms`,
  },
  scenarios,
};
if (OUT !== undefined) {
  await mkdir(join(OUT, ".."), { recursive: true });
  await writeFile(OUT, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`written to ${OUT}\n`);
} else {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}
