/**
 * The entry points the CLI and the GitHub Action share (DESIGN.md §7: the Action calls the same
 * functions as the CLI, never a second implementation). Implemented in src/reconcile/run.ts.
 */
import { SyncError } from "../errors.ts";
import type { Diagnostic } from "../manifest/index.ts";
import type { Plan } from "../planner/model.ts";

/** A located manifest problem (src/manifest's Diagnostic). */
export type RunDiagnostic = Diagnostic;

export interface RunSettings {
  /** Manifest files or folders; default ["pipelines"]. Relative to cwd. */
  paths: string[];
  cwd: string;
  /** Where AEP_*, ${env:} and ${secret:} values come from. */
  env: Readonly<Record<string, string | undefined>>;
  /** An environment of aepsync.yaml (its sandbox, variables, protection). */
  environment?: string;
  /** A sandbox given directly (overrides the environment's). */
  sandbox?: string;
  prune?: boolean;
  adopt?: boolean;
  /** Run against the bundled emulator in-process (state in .aepsync/emulator-state.json). */
  emulator?: boolean;
  /** Progress and warnings for a person (stderr in the CLI, the log in the Action). Never secrets. */
  log?: (line: string) => void;
}

export interface RequestStats {
  total: number;
  byRoute: Record<string, number>;
}

export interface PlanOutcome {
  plan: Plan;
  /** Manifest warnings (errors throw ManifestError). */
  diagnostics: RunDiagnostic[];
  requests: RequestStats;
}

export interface ApplySettings extends RunSettings {
  /** A saved plan (plan --out) to apply exactly; objects changed since are refused. */
  plan?: Plan;
  parallelism?: number;
  allowProtected?: boolean;
  /** Called with the plan about to be applied, before any write (the CLI prints it). */
  onPlan?: (plan: Plan) => void;
}

export type ChangeStatus = "done" | "failed" | "skipped" | "unchanged" | "conflict";

export interface ChangeResult {
  address: string;
  action: Plan["changes"][number]["action"];
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

export interface ApplyOutcome {
  plan: Plan;
  results: ChangeResult[];
  summary: ApplySummary;
  /** New connections and flows still not `enabled` when polling stopped (AEP may still be provisioning). */
  notEnabled?: string[];
  /** True when nothing failed or conflicted and the plan had no error notices (forbidden changes). */
  ok: boolean;
  requests: RequestStats;
}

/** Manifests are invalid: nothing was read from or written to AEP. */
export class ManifestError extends SyncError {
  readonly diagnostics: RunDiagnostic[];
  constructor(diagnostics: RunDiagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    super("E_MANIFEST", `${errors} manifest error${errors === 1 ? "" : "s"}: nothing was planned or applied`);
    this.name = "ManifestError";
    this.diagnostics = diagnostics;
  }
}
