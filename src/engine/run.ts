/**
 * The composition of a run, shared by the CLI and the GitHub Action: load → validate → resolve →
 * read live → plan (→ apply). I/O lives here and in the adapters; the planner stays pure.
 */
import { createAepStore, createLockStore } from "../aep/index.ts";
import { applyPlan } from "../apply/index.ts";
import { SyncError } from "../errors.ts";
import { PLAN_FORMAT_VERSION } from "../model/plan.ts";
import { hasChanges } from "../model/plan.ts";
import type { Change, Plan } from "../model/plan.ts";
import type { LoadResult } from "../manifest/index.ts";
import { acquireLock, DEFAULT_LOCK_TIMEOUT_MS, describeRunner, holderGoneHere } from "./lock.ts";
import type { HeldLock } from "./lock.ts";
import { credentialsOf, makePlan } from "./plan.ts";
import { openSession } from "./session.ts";
import type { Session } from "./session.ts";
import { ApplyCancelledError } from "./types.ts";
import type { ApplyOutcome, ApplySettings, PlanOutcome, RunDiagnostic, RunSettings } from "./types.ts";

/** Changes applied at once by default (`--parallelism`). */
const DEFAULT_PARALLELISM = 8;

function optionsOf(settings: RunSettings): Plan["options"] {
  const options: Plan["options"] = { prune: settings.prune ?? false, adopt: settings.adopt ?? false };
  if (settings.allowDataLoss === true) options.allowDataLoss = true;
  return options;
}

/** `aepsync plan`: what apply would change. */
export async function planRun(settings: RunSettings): Promise<PlanOutcome> {
  // Reads only: they start while the manifests load.
  const session = await openSession(settings, { readAhead: true });
  try {
    const { plan } = await makePlan(session, settings, optionsOf(settings));
    return { plan, diagnostics: warningsOf(session.load), requests: session.client.stats() };
  } finally {
    await session.close();
  }
}

/**
 * `aepsync apply`: takes the sandbox lock, plans (or takes a saved plan), asks `confirm` when
 * there are changes, and applies; the lock is released in every case.
 */
export async function applyRun(settings: ApplySettings): Promise<ApplyOutcome> {
  const parallelism = settings.parallelism ?? DEFAULT_PARALLELISM;
  const session = await openSession(settings, { concurrency: parallelism });
  try {
    if (session.target.protected && settings.allowProtected !== true)
      throw new SyncError(
        "E_PLAN",
        `sandbox '${session.target.sandbox}' is protected in aepsync.yaml: apply needs --allow-protected (the allow-protected input in the Action)`,
      );
    // Taken before planning: a plan is never made from a sandbox that another apply is changing.
    const locks = createLockStore(session.client);
    const deadline = Date.now() + (settings.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
    for (;;) {
      const lock = await acquireLock(locks, {
        sandbox: session.target.sandbox,
        namespace: session.namespace,
        owner: settings.lockOwner ?? describeRunner(settings.env),
        timeoutMs: Math.max(0, deadline - Date.now()),
        isGone: holderGoneHere(settings.env),
        ...(settings.lockTiming !== undefined ? { timing: settings.lockTiming } : {}),
        ...(settings.signal !== undefined ? { signal: settings.signal } : {}),
        ...(settings.log !== undefined ? { log: settings.log } : {}),
      });
      try {
        const outcome = await applyLocked(session, settings, lock);
        if (outcome !== undefined) return outcome;
      } finally {
        await lock.release();
      }
    }
  } finally {
    await session.close();
  }
}

/** Plans and applies under the lock; undefined when a racing run turned out to hold it (wait, re-plan). */
async function applyLocked(
  session: Session,
  settings: ApplySettings,
  lock: HeldLock,
): Promise<ApplyOutcome | undefined> {
  const saved = settings.plan;
  const options = saved !== undefined ? saved.options : optionsOf(settings);
  if (saved !== undefined) checkSavedPlan(saved, session);
  const fresh = await makePlan(session, settings, options);
  const { plan, refused } =
    saved === undefined ? { plan: fresh.plan, refused: new Map() } : againstSaved(saved, fresh.plan);
  if (!(await lock.confirmed())) return undefined;
  settings.onPlan?.(plan);
  const signal = settings.signal === undefined ? lock.lost : AbortSignal.any([settings.signal, lock.lost]);
  if (
    settings.confirm !== undefined &&
    hasChanges(plan) &&
    !signal.aborted &&
    !(await settings.confirm(plan))
  )
    throw new ApplyCancelledError();
  const result = await applyPlan({
    plan,
    store: createAepStore(session.client),
    credentials: credentialsOf(fresh.desired),
    refused,
    parallelism: settings.parallelism ?? DEFAULT_PARALLELISM,
    ...(settings.log !== undefined ? { log: settings.log } : {}),
    signal,
    ...(settings.onProgress !== undefined ? { onResult: settings.onProgress } : {}),
  });
  // Changes AEP forbids were not attempted: the run did not bring the sandbox to the manifests.
  const forbidden = plan.notices.some((n) => n.severity === "error");
  const ok =
    result.summary.failed === 0 && result.summary.conflict === 0 && !forbidden && !result.interrupted;
  return {
    interrupted: result.interrupted,
    plan,
    results: result.results,
    summary: result.summary,
    ok,
    requests: session.client.stats(),
    notEnabled: result.notEnabled,
  };
}

/**
 * A saved plan is applied through the fresh one: each saved change whose digest the fresh plan
 * still has is applied as the fresh change (same content, with the live facts apply needs);
 * the others are refused as changed since the plan.
 */
function againstSaved(saved: Plan, fresh: Plan): { plan: Plan; refused: Map<string, string> } {
  if (saved.inputs_digest !== fresh.inputs_digest)
    throw new SyncError(
      "E_PLAN",
      "the manifests (or their variables or secrets) changed since the plan was made: nothing was applied; re-plan",
    );
  const now = new Map(fresh.changes.map((c) => [c.address, c]));
  const refused = new Map<string, string>();
  const changes: Change[] = saved.changes.map((change) => {
    const current = now.get(change.address);
    if (current !== undefined && current.digest === change.digest) return current;
    refused.set(change.address, "changed since plan: re-plan");
    return change;
  });
  return { plan: { ...saved, changes }, refused };
}

function checkSavedPlan(saved: Plan, session: Session): void {
  const readable: string = PLAN_FORMAT_VERSION;
  if (saved.format_version !== readable)
    throw new SyncError(
      "E_PLAN",
      `the plan file has format_version ${String(saved.format_version)}; this aepsync reads ${readable}`,
    );
  if (saved.sandbox !== session.target.sandbox)
    throw new SyncError(
      "E_PLAN",
      `the plan is for sandbox '${saved.sandbox}', not '${session.target.sandbox}'`,
    );
  if (saved.namespace !== session.namespace)
    throw new SyncError(
      "E_PLAN",
      `the plan is for namespace '${saved.namespace}', not '${session.namespace}'`,
    );
}

function warningsOf(load: LoadResult): RunDiagnostic[] {
  return load.diagnostics.filter((d) => d.severity === "warning");
}
