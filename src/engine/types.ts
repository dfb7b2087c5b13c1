/**
 * The entry points the CLI and the GitHub Action share: the Action calls the same functions as
 * the CLI, never a second implementation (docs/architecture.md, "The Action").
 */
import { SyncError } from "../errors.ts";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Plan } from "../model/plan.ts";
import type { ChangeResult } from "../model/result.ts";
import type { LockTiming } from "./lock.ts";

export type {
  ApplyOutcome,
  ApplySummary,
  ChangeResult,
  ChangeStatus,
  PlanOutcome,
  RequestStats,
} from "../model/result.ts";

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
  /** Plan deletes and replaces that destroy ingested data (a dataset); without it they are blocked. */
  allowDataLoss?: boolean;
  /** Run against the bundled emulator in-process (state in .aepsync/emulator-state.json). */
  emulator?: boolean;
  /**
   * `optional`: an unset `${secret:}` does not stop a plan (a pull-request plan job holds no
   * connector secrets); what depends on it, a credential rotation, is not checked and the plan
   * says so. Apply always needs every secret. Default `required`.
   */
  secrets?: "required" | "optional";
  /** Progress and warnings for a person (stderr in the CLI, the log in the Action). Never secrets. */
  log?: (line: string) => void;
}

export interface ApplySettings extends RunSettings {
  /** A saved plan (plan --out) to apply exactly; objects changed since are refused. */
  plan?: Plan;
  parallelism?: number;
  allowProtected?: boolean;
  /** Called with the plan about to be applied, before any write (the CLI prints it). */
  onPlan?: (plan: Plan) => void;
  /** Once aborted, no new write starts (the first Ctrl-C); the writes in flight settle. */
  signal?: AbortSignal;
  /** Progress: called as each change gets its status. */
  onProgress?: (result: ChangeResult, done: number, total: number) => void;
  /**
   * Asked with the plan before the first write, when it has changes (the CLI on a terminal);
   * false cancels: ApplyCancelledError, nothing written. Absent: no question.
   */
  confirm?: (plan: Plan) => Promise<boolean>;
  /** Most time to wait for another apply's lock on the sandbox; default 5 minutes, 0 fails at once. */
  lockTimeoutMs?: number;
  /** Who holds the lock, as other runs see it; default the CI run's URL, else user@host:pid. */
  lockOwner?: string;
  /** Lock timing (tests shorten it). */
  lockTiming?: Partial<LockTiming>;
}

/** The person (or confirm callback) declined the plan: nothing was written. */
export class ApplyCancelledError extends SyncError {
  constructor() {
    super("E_PLAN", "Apply cancelled: nothing was written");
    this.name = "ApplyCancelledError";
  }
}

/** Manifests are invalid: nothing was written to AEP (a plan may have started its reads). */
export class ManifestError extends SyncError {
  readonly diagnostics: RunDiagnostic[];
  constructor(diagnostics: RunDiagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    super("E_MANIFEST", `${errors} manifest error${errors === 1 ? "" : "s"}: nothing was planned or applied`);
    this.name = "ManifestError";
    this.diagnostics = diagnostics;
  }
}
