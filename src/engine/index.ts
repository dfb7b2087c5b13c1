/** The engine: environment → sandbox → protection, manifests loaded once, plan and apply runs. */
export { applyRun, planRun } from "./run.ts";
export { EMULATOR_FINGERPRINT_KEY } from "./session.ts";
export { checkSandboxName, isProtectedSandbox, resolveTarget } from "./target.ts";
export type { Target } from "./target.ts";
export { ApplyCancelledError, ManifestError } from "./types.ts";
export {
  acquireLock,
  DEFAULT_LOCK_TIMEOUT_MS,
  describeRunner,
  holdLock,
  SandboxLockedError,
} from "./lock.ts";
export type { HeldLock, LockRequest, LockTiming } from "./lock.ts";
export type {
  ApplyOutcome,
  ApplySettings,
  ApplySummary,
  ChangeResult,
  ChangeStatus,
  PlanOutcome,
  RequestStats,
  RunDiagnostic,
  RunSettings,
} from "./types.ts";
export { DEFAULT_EXPORT_DIR, exportRun } from "./export.ts";
export type { ExportRunOutcome, ExportSettings } from "./export.ts";
