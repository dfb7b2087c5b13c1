/**
 * The composition of a run, shared by the CLI and the GitHub Action: load → validate → resolve →
 * read live → plan (→ apply). I/O lives here and in the adapters; the planner stays pure.
 */
import { createHash, createHmac } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { aepConfigFromEnv, createAepClient, registerSecret } from "../aep/index.ts";
import type { AepClient, AepClientConfig } from "../aep/index.ts";
import { applyPlan } from "../apply/apply.ts";
import {
  findConnector,
  findConnectorBySpecId,
  findFlowSpecByName as catalogFlowSpec,
} from "../data/connectors.ts";
import { ConfigError, SyncError } from "../errors.ts";
import { loadManifests } from "../manifest/index.ts";
import type { LoadResult } from "../manifest/index.ts";
import { canonicalJson } from "../planner/canonical.ts";
import { buildDesired } from "../planner/desired.ts";
import type { FlowSpecChoice, ManifestInput } from "../planner/desired.ts";
import type { DesiredObject, LiveState } from "../planner/desired-model.ts";
import { comparableOf } from "../planner/kinds.ts";
import type { Plan } from "../planner/model.ts";
import { buildResolver, indexLive, planChanges } from "../planner/plan.ts";
import { createAepStore } from "./aep-store.ts";
import { checkDestinations } from "./destinations.ts";
import { readLiveState } from "./live.ts";
import type { ApplyOutcome, ApplySettings, PlanOutcome, RunDiagnostic, RunSettings } from "./types.ts";
import { ManifestError } from "./types.ts";

/** Fingerprint key under --emulator (DESIGN.md §3): fixed, since the emulator holds no real secret. */
export const EMULATOR_FINGERPRINT_KEY = "aepsync-emulator-fingerprint-key";
const EMULATOR_PLACEHOLDER = "aepsync-emulator-placeholder";

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

interface Prepared {
  load: LoadResult;
  sandbox: string;
  environment?: string;
  namespace: string;
  protected: boolean;
  variables: Record<string, string>;
  client: AepClient;
  close: () => Promise<void>;
  fingerprintKey: string;
  emulator: boolean;
}

/** Loads and validates manifests; throws ManifestError (nothing read or written) when invalid. */
async function loadValid(settings: RunSettings): Promise<LoadResult> {
  const paths = settings.paths.length > 0 ? settings.paths : ["pipelines"];
  const load = await loadManifests(paths, { cwd: settings.cwd });
  if (load.errors > 0) throw new ManifestError(load.diagnostics);
  return load;
}

async function prepare(settings: RunSettings): Promise<Prepared> {
  const load = await loadValid(settings);
  const config = load.config.config;
  const namespace = config.namespace ?? "default";
  let environment: string | undefined;
  let envConfig:
    { sandbox: string; protected?: boolean; variables?: Record<string, string | undefined> } | undefined;
  if (settings.environment !== undefined) {
    envConfig = config.environments[settings.environment];
    if (envConfig === undefined) {
      const known = Object.keys(config.environments);
      throw new ConfigError(
        `environment '${settings.environment}' is not in aepsync.yaml${known.length > 0 ? ` (known: ${known.join(", ")})` : ""}`,
      );
    }
    environment = settings.environment;
  }
  const sandbox = settings.sandbox ?? envConfig?.sandbox ?? settings.env.AEP_SANDBOX;
  if (sandbox === undefined || sandbox === "")
    throw new ConfigError("no sandbox: pass --sandbox NAME or --env NAME (aepsync.yaml), or set AEP_SANDBOX");
  // Protection follows the sandbox whatever names it: an environment of aepsync.yaml that is protected.
  const isProtected =
    envConfig?.protected === true ||
    Object.values(config.environments).some((e) => e?.sandbox === sandbox && e.protected === true);
  const variables: Record<string, string> = {};
  for (const [k, v] of Object.entries(envConfig?.variables ?? {})) if (v !== undefined) variables[k] = v;

  let clientConfig: AepClientConfig;
  let closeEmulator = (): Promise<void> => Promise.resolve();
  let fingerprintKey: string;
  if (settings.emulator === true) {
    const { startEmulator } = await import("../emulator/index.ts");
    const dir = join(settings.cwd, ".aepsync");
    await mkdir(dir, { recursive: true });
    const emulator = await startEmulator({
      port: 0,
      statePath: join(dir, "emulator-state.json"),
      sandboxes: [...new Set(["prod", "dev", sandbox])],
    });
    closeEmulator = () => emulator.close();
    clientConfig = {
      platformUrl: emulator.url,
      imsUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      orgId: emulator.orgId,
      sandbox,
    };
    fingerprintKey = EMULATOR_FINGERPRINT_KEY;
  } else {
    clientConfig = aepConfigFromEnv(settings.env, sandbox);
    const key = settings.env.AEPSYNC_FINGERPRINT_KEY;
    if (key === undefined || key === "")
      throw new ConfigError(
        "AEPSYNC_FINGERPRINT_KEY is not set: it keys the fingerprints that detect credential rotation. Set it to a long random value kept with your AEP secrets (e.g. `openssl rand -base64 32`), the same on every run",
      );
    fingerprintKey = key;
    registerSecret(key);
  }
  if (settings.env.AEPSYNC_DEBUG === "1" && settings.log !== undefined) clientConfig.debug = settings.log;
  const client = createAepClient(clientConfig);
  const prepared: Prepared = {
    load,
    sandbox,
    namespace,
    protected: isProtected,
    variables,
    client,
    close: async () => {
      await client.close();
      await closeEmulator();
    },
    fingerprintKey,
    emulator: settings.emulator === true,
  };
  if (environment !== undefined) prepared.environment = environment;
  return prepared;
}

interface Planned {
  plan: Plan;
  desired: Map<string, DesiredObject>;
  live: LiveState;
}

async function makePlan(
  p: Prepared,
  settings: RunSettings,
  options: { prune: boolean; adopt: boolean },
): Promise<Planned> {
  const log = settings.log ?? (() => undefined);
  // Every kind but flows is listed while the flow specs are looked up (the flow listing needs their ids).
  const flowSpecsPending = resolveFlowSpecs(p);
  const livePending = readLiveState(p.client, {
    flowSpecIds: flowSpecsPending.then((specs) => [...new Set([...specs.values()].map((f) => f.id))]),
  });
  // Settle both before anything can throw, so no request is left unobserved.
  const [flowSpecsResult, liveResult] = await Promise.allSettled([flowSpecsPending, livePending]);
  if (flowSpecsResult.status === "rejected") throw flowSpecsResult.reason;
  if (liveResult.status === "rejected") throw liveResult.reason;
  const flowSpecs = flowSpecsResult.value;
  const live = liveResult.value;
  const inputs: ManifestInput[] = p.load.manifests.map((m) => ({
    kind: m.kind,
    name: m.name,
    file: m.file,
    manifest: m.manifest,
    locate: (pointer: string) => m.locate(pointer),
  }));
  const placeholders = new Set<string>();
  const result = buildDesired(inputs, {
    lookup: (scheme, name) => {
      if (scheme === "var") return p.variables[name];
      const value = settings.env[name];
      if (value !== undefined) return value;
      if (p.emulator) {
        placeholders.add(`${scheme}:${name}`);
        return EMULATOR_PLACEHOLDER;
      }
      return undefined;
    },
    fingerprint: (canonical) =>
      createHmac("sha256", p.fingerprintKey).update(canonical).digest("base64url").slice(0, 22),
    flowSpecFor: (id) => flowSpecs.get(id),
  });
  for (const value of result.secretValues) registerSecret(value);
  if (placeholders.size > 0)
    log(
      `warning: ${placeholders.size} referenced variable${placeholders.size === 1 ? " is" : "s are"} not set (${[...placeholders].sort().join(", ")}); under --emulator they get a placeholder value`,
    );
  if (result.problems.length > 0) {
    const lines = result.problems.map((problem) =>
      problem.at !== undefined
        ? `${problem.at.file}:${problem.at.line}:${problem.at.column}: ${problem.message}`
        : problem.message,
    );
    throw new ConfigError(`cannot resolve the manifests:\n  ${lines.join("\n  ")}`);
  }
  const desiredDigest = sha256(
    canonicalJson(result.objects.map((o) => ({ address: o.address, spec: o.spec, dependsOn: o.dependsOn }))),
  );
  const input = {
    desired: result.objects,
    live,
    sandbox: p.sandbox,
    namespace: p.namespace,
    prune: options.prune,
    adopt: options.adopt,
    now: Date.now(),
    inputsDigest: desiredDigest,
    sha256,
  };
  const plan = planChanges(p.environment !== undefined ? { ...input, environment: p.environment } : input);
  plan.notices.push(...(await checkDestinations(p.client, result.objects)));
  return { plan, desired: new Map(result.objects.map((o) => [o.address, o])), live };
}

/** The flow spec of each connection spec in use, looked up live by name (DESIGN.md §2), cached per run. */
async function resolveFlowSpecs(p: Prepared): Promise<Map<string, FlowSpecChoice>> {
  const specIds = new Set<string>();
  for (const m of p.load.manifests) {
    if (m.manifest.kind !== "Connection") continue;
    const spec = m.manifest.spec;
    if ("connectionSpec" in spec) specIds.add(spec.connectionSpec.id);
    else {
      const connector = findConnector(spec.connector);
      if (connector !== undefined) specIds.add(connector.connectionSpec.id);
    }
  }
  const byName = new Map<string, Promise<FlowSpecChoice | undefined>>();
  const choose = (raw: Record<string, unknown> | undefined): FlowSpecChoice | undefined => {
    if (raw === undefined) return undefined;
    const transformations = (raw.transformationSpecs ?? raw.transformationSpec ?? []) as { name?: string }[];
    return {
      id: String(raw.id),
      name: String(raw.name),
      version: typeof raw.version === "string" ? raw.version : "1.0",
      copy: Array.isArray(transformations) && transformations.some((t) => t.name?.toLowerCase() === "copy"),
    };
  };
  const out = new Map<string, FlowSpecChoice>();
  for (const id of specIds) {
    const connector = findConnectorBySpecId(id);
    let choice: FlowSpecChoice | undefined;
    if (connector !== undefined) {
      const name = connector.flowSpecName;
      if (!byName.has(name))
        byName.set(
          name,
          p.client.flowService
            .findFlowSpecByName(name)
            .then((spec) => choose(spec as unknown as Record<string, unknown> | undefined)),
        );
      choice = await byName.get(name);
      if (choice === undefined) {
        const known = catalogFlowSpec(name);
        if (known !== undefined)
          choice = { id: known.id, name: known.name, version: known.version, copy: known.copyTransformation };
      }
    } else {
      const specs = await p.client.flowService.listFlowSpecs({
        property: [`sourceConnectionSpecIds[]==${id}`],
      });
      choice = choose(specs[0]);
    }
    if (choice !== undefined) out.set(id, choice);
  }
  return out;
}

/** `aepsync plan`: what apply would change. */
export async function planRun(settings: RunSettings): Promise<PlanOutcome> {
  const p = await prepare(settings);
  try {
    const { plan } = await makePlan(p, settings, {
      prune: settings.prune ?? false,
      adopt: settings.adopt ?? false,
    });
    return { plan, diagnostics: warningsOf(p.load), requests: p.client.stats() };
  } finally {
    await p.close();
  }
}

/** `aepsync apply`: plans (or takes a saved plan) and applies it. */
export async function applyRun(settings: ApplySettings): Promise<ApplyOutcome> {
  const p = await prepare(settings);
  try {
    if (p.protected && settings.allowProtected !== true)
      throw new SyncError(
        "E_PLAN",
        `sandbox '${p.sandbox}' is protected in aepsync.yaml: apply needs --allow-protected (the allow-protected input in the Action)`,
      );
    const saved = settings.plan;
    const options =
      saved !== undefined
        ? saved.options
        : { prune: settings.prune ?? false, adopt: settings.adopt ?? false };
    if (saved !== undefined) checkSavedPlan(saved, p);
    const fresh = await makePlan(p, settings, options);
    let plan = fresh.plan;
    const refused = new Map<string, string>();
    if (saved !== undefined) {
      if (saved.inputs_digest !== fresh.plan.inputs_digest)
        throw new SyncError(
          "E_PLAN",
          "the manifests (or their variables or secrets) changed since the plan was made: nothing was applied; re-plan",
        );
      const now = new Map(fresh.plan.changes.map((c) => [c.address, c]));
      for (const change of saved.changes) {
        const current = now.get(change.address);
        if (current === undefined || current.digest !== change.digest)
          refused.set(change.address, "changed since plan: re-plan");
      }
      plan = saved;
    }
    settings.onPlan?.(plan);
    const { current } = indexLive(fresh.live, p.namespace);
    const refs = buildResolver(fresh.live, current);
    const applyInput = {
      plan,
      desired: fresh.desired,
      current,
      mappingVersions: fresh.live.mappingVersions,
      store: createAepStore(p.client),
      comparable: (live: Parameters<typeof comparableOf>[0]) => comparableOf(live, refs),
      refused,
      parallelism: settings.parallelism ?? 8,
      ...(settings.log !== undefined ? { log: settings.log } : {}),
    };
    const result = await applyPlan(applyInput);
    // Changes AEP forbids were not attempted: the run did not bring the sandbox to the manifests.
    const forbidden = plan.notices.some((n) => n.severity === "error");
    const ok = result.summary.failed === 0 && result.summary.conflict === 0 && !forbidden;
    return {
      plan,
      results: result.results,
      summary: result.summary,
      ok,
      requests: p.client.stats(),
      notEnabled: result.notEnabled,
    };
  } finally {
    await p.close();
  }
}

function checkSavedPlan(saved: Plan, p: Prepared): void {
  if (saved.format_version !== "1")
    throw new SyncError(
      "E_PLAN",
      `the plan file has format_version ${String(saved.format_version)}; this aepsync reads 1`,
    );
  if (saved.sandbox !== p.sandbox)
    throw new SyncError("E_PLAN", `the plan is for sandbox '${saved.sandbox}', not '${p.sandbox}'`);
  if (saved.namespace !== p.namespace)
    throw new SyncError("E_PLAN", `the plan is for namespace '${saved.namespace}', not '${p.namespace}'`);
}

function warningsOf(load: LoadResult): RunDiagnostic[] {
  return load.diagnostics.filter((d) => d.severity === "warning");
}
