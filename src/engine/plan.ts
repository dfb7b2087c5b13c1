/**
 * One plan against the sandbox: read live state (every kind in parallel, started as soon as the
 * sandbox is known: see startLiveReads), build the desired state from the manifests, plan, and
 * check mapping destinations against tenant schemas online.
 */
import { createHash, createHmac, hash } from "node:crypto";
import { readFlows, readLiveState, registerSecret } from "../aep/index.ts";
import type { AepClient } from "../aep/index.ts";
import { flowSpecs as catalogFlowSpecs } from "../data/connectors.ts";
import { ConfigError } from "../errors.ts";
import { UNSET_SECRET } from "../kinds/index.ts";
import type { DesiredObject, LiveState } from "../model/objects.ts";
import type { Plan, PlanNotice } from "../model/plan.ts";
import { buildDesired, planChanges } from "../planner/index.ts";
import type { ManifestInput, PlanInput } from "../planner/index.ts";
import { checkDestinations } from "./destinations.ts";
import { prefetchCatalogFlowSpecs, resolveFlowSpecs } from "./flow-specs.ts";
import type { Session } from "./session.ts";
import type { RunSettings } from "./types.ts";

const EMULATOR_PLACEHOLDER = "aepsync-emulator-placeholder";

export function sha256(text: string): string {
  // The one-shot hash: no Hash object per digest (a plan takes one per change).
  return hash("sha256", text, "hex");
}

/**
 * sha256 of the concatenation of `pieces`, never built as one string: small pieces are hashed in
 * runs of about 64 KiB (one call each), large ones as they are.
 */
export function sha256Pieces(pieces: readonly string[]): string {
  let length = 0;
  for (let i = 0; i < pieces.length && length < 65_536; i++) length += pieces[i]!.length;
  if (length < 65_536) return sha256(pieces.join(""));
  const digest = createHash("sha256");
  let pending = "";
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.length >= 1024) {
      if (pending !== "") digest.update(pending);
      pending = "";
      digest.update(piece);
      continue;
    }
    pending += piece;
    if (pending.length >= 65_536) {
      digest.update(pending);
      pending = "";
    }
  }
  if (pending !== "") digest.update(pending);
  return digest.digest("hex");
}

/**
 * What a plan reads of the sandbox. Nothing of it needs the manifests, so a plan starts it as
 * soon as the sandbox is known and loads the manifests meanwhile (session.ts): every kind (flows
 * of the catalog's flow specs; those of a raw connection spec's flow spec are listed once the
 * manifests name it) and the catalog's flow specs. Reads only: nothing here writes.
 */
export interface LiveReads {
  live: Promise<LiveState>;
  flowSpecs: Promise<readonly Record<string, unknown>[]>;
  /** Stops the reads (their results are not wanted) and waits for the requests in flight. */
  cancel(): Promise<void>;
}

const catalogFlowSpecIds: readonly string[] = catalogFlowSpecs.map((f) => f.id);

export function startLiveReads(client: AepClient): LiveReads {
  const stop = new AbortController();
  const live = readLiveState(client, { flowSpecIds: catalogFlowSpecIds, signal: stop.signal });
  const flowSpecs = prefetchCatalogFlowSpecs(client);
  // Observed at once: a read that fails before the plan takes it is not an unhandled rejection.
  live.catch(() => undefined);
  flowSpecs.catch(() => undefined);
  return {
    live,
    flowSpecs,
    cancel: async () => {
      stop.abort();
      await Promise.allSettled([live, flowSpecs]);
    },
  };
}

/** One notice per connection whose secrets this run was not given: its rotation is checked at apply. */
function uncheckedNotices(objects: readonly DesiredObject[], unset: ReadonlySet<string>): PlanNotice[] {
  if (unset.size === 0) return [];
  const names = [...unset].sort().join(", ");
  return objects
    .filter((d) => d.unknownKeys !== undefined)
    .map((d) => ({
      severity: "info" as const,
      address: d.address,
      code: "unchecked" as const,
      message: `credential rotation not checked in this run: it has no connector secrets (${names}); checked at apply`,
      ...(d.declaredAt !== undefined ? { declaredAt: d.declaredAt } : {}),
    }));
}

export interface Planned {
  plan: Plan;
  desired: DesiredObject[];
}

/** Resolved connection credentials by address: what apply sends, never part of a plan. */
export function credentialsOf(desired: readonly DesiredObject[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const d of desired) if (d.credentials !== undefined) out.set(d.address, d.credentials);
  return out;
}

function manifestInputs(session: Session): ManifestInput[] {
  return session.load.manifests.map((m) => ({
    kind: m.kind,
    name: m.name,
    file: m.file,
    manifest: m.manifest,
    locate: (pointer: string) => m.locate(pointer),
  }));
}

export async function makePlan(
  session: Session,
  settings: RunSettings,
  options: Plan["options"],
): Promise<Planned> {
  const log = settings.log ?? (() => undefined);
  // Read ahead by the session (a plan) or now (an apply, under its lock). Flows are listed for
  // every flow spec of the catalog, not only those of declared connections: a connector whose
  // last manifest is gone still has flows of this namespace to prune.
  const reads = session.takeLiveReads() ?? startLiveReads(session.client);
  const flowSpecsPending = resolveFlowSpecs(session.client, session.load, reads.flowSpecs);
  // Settle both before anything can throw, so no request is left unobserved.
  const [flowSpecsResult, liveResult] = await Promise.allSettled([flowSpecsPending, reads.live]);
  if (flowSpecsResult.status === "rejected") throw flowSpecsResult.reason;
  if (liveResult.status === "rejected") throw liveResult.reason;
  const flowSpecs = flowSpecsResult.value;
  const live = liveResult.value;
  const moreFlowSpecIds = [...new Set([...flowSpecs.values()].map((f) => f.id))].filter(
    (id) => !catalogFlowSpecIds.includes(id),
  );
  if (moreFlowSpecIds.length > 0) live.objects.push(...(await readFlows(session.client, moreFlowSpecIds)));
  const placeholders = new Set<string>();
  const unsetSecrets = new Set<string>();
  const result = buildDesired(manifestInputs(session), {
    lookup: (scheme, name) => {
      if (scheme === "var") return session.target.variables[name];
      const value = settings.env[name];
      if (value !== undefined) return value;
      if (scheme === "secret" && settings.secrets === "optional") {
        unsetSecrets.add(name);
        return UNSET_SECRET;
      }
      if (session.emulator) {
        placeholders.add(`${scheme}:${name}`);
        return EMULATOR_PLACEHOLDER;
      }
      return undefined;
    },
    fingerprint: (canonical) =>
      createHmac("sha256", session.fingerprintKey).update(canonical).digest("base64url").slice(0, 22),
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
  const input: PlanInput = {
    desired: result.objects,
    live,
    sandbox: session.target.sandbox,
    namespace: session.namespace,
    prune: options.prune,
    adopt: options.adopt,
    allowDataLoss: options.allowDataLoss === true,
    now: Date.now(),
    sha256,
    sha256Pieces,
  };
  if (session.target.environment !== undefined) input.environment = session.target.environment;
  // Its lookups (tenant schemas) need only the desired state: in flight while the plan is made.
  const destinations = checkDestinations(session.client, result.objects);
  destinations.catch(() => undefined);
  let plan: Plan;
  try {
    plan = planChanges(input);
  } catch (error) {
    await Promise.allSettled([destinations]);
    throw error;
  }
  plan.notices.push(...uncheckedNotices(result.objects, unsetSecrets));
  plan.notices.push(...(await destinations));
  return { plan, desired: result.objects };
}
