/**
 * The composition of a run, shared by the CLI and the GitHub Action: load → validate → resolve →
 * read live → plan (→ apply). I/O lives here and in the adapters; the planner stays pure.
 */
import { createAepStore } from "../aep/index.ts";
import { applyPlan } from "../apply/index.ts";
import { SyncError } from "../errors.ts";
import { PLAN_FORMAT_VERSION } from "../model/plan.ts";
import type { Change, Plan } from "../model/plan.ts";
import type { LoadResult } from "../manifest/index.ts";
import { credentialsOf, makePlan } from "./plan.ts";
import { openSession } from "./session.ts";
import type { Session } from "./session.ts";
import type { ApplyOutcome, ApplySettings, PlanOutcome, RunDiagnostic, RunSettings } from "./types.ts";

/** `aepsync plan`: what apply would change. */
export async function planRun(settings: RunSettings): Promise<PlanOutcome> {
  const session = await openSession(settings);
  try {
    const { plan } = await makePlan(session, settings, {
      prune: settings.prune ?? false,
      adopt: settings.adopt ?? false,
    });
    return { plan, diagnostics: warningsOf(session.load), requests: session.client.stats() };
  } finally {
    await session.close();
  }
}

/** `aepsync apply`: plans (or takes a saved plan) and applies it. */
export async function applyRun(settings: ApplySettings): Promise<ApplyOutcome> {
  const session = await openSession(settings);
  try {
    if (session.target.protected && settings.allowProtected !== true)
      throw new SyncError(
        "E_PLAN",
        `sandbox '${session.target.sandbox}' is protected in aepsync.yaml: apply needs --allow-protected (the allow-protected input in the Action)`,
      );
    const saved = settings.plan;
    const options =
      saved !== undefined
        ? saved.options
        : { prune: settings.prune ?? false, adopt: settings.adopt ?? false };
    if (saved !== undefined) checkSavedPlan(saved, session);
    const fresh = await makePlan(session, settings, options);
    const { plan, refused } =
      saved === undefined ? { plan: fresh.plan, refused: new Map() } : againstSaved(saved, fresh.plan);
    settings.onPlan?.(plan);
    const result = await applyPlan({
      plan,
      store: createAepStore(session.client),
      credentials: credentialsOf(fresh.desired),
      refused,
      parallelism: settings.parallelism ?? 8,
      ...(settings.log !== undefined ? { log: settings.log } : {}),
      ...(settings.signal !== undefined ? { signal: settings.signal } : {}),
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
  } finally {
    await session.close();
  }
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
