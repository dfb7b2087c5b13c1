/** What apply did, change by change, and the outcomes the CLI and the Action report. */
import type { Diagnostic } from "./diagnostic.ts";
import type { Action, Plan } from "./plan.ts";

export type ChangeStatus = "done" | "failed" | "skipped" | "unchanged" | "conflict";

export interface ChangeResult {
  address: string;
  action: Action;
  status: ChangeStatus;
  /** Why it failed, was skipped or refused ("changed since plan: re-plan"). */
  message?: string;
  id?: string;
}

export interface ApplySummary {
  done: number;
  failed: number;
  skipped: number;
  conflict: number;
  unchanged: number;
}

export function summarize(results: readonly ChangeResult[]): ApplySummary {
  const summary: ApplySummary = { done: 0, failed: 0, skipped: 0, conflict: 0, unchanged: 0 };
  for (const r of results) summary[r.status] += 1;
  return summary;
}

export interface RequestStats {
  /** HTTP requests sent to the platform, retries included, IMS excluded. */
  total: number;
  /** Per `"<METHOD> <route>"`, ids as `{id}`; IMS appears as `"POST /ims/token/v3"`. */
  byRoute: Record<string, number>;
}

export interface PlanOutcome {
  plan: Plan;
  /** Manifest warnings (errors throw ManifestError). */
  diagnostics: Diagnostic[];
  requests: RequestStats;
}

export interface ApplyOutcome {
  plan: Plan;
  results: ChangeResult[];
  summary: ApplySummary;
  /** New connections and flows still not `enabled` when polling stopped (AEP may still be provisioning). */
  notEnabled?: string[];
  /** True when nothing failed or conflicted and the plan had no error notices (forbidden changes). */
  ok: boolean;
  /** The run was interrupted (Ctrl-C): changes not started were skipped; re-running converges. */
  interrupted?: boolean;
  requests: RequestStats;
}
