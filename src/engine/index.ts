/** The engine: environment → sandbox → protection, manifests loaded once, plan and apply runs. */
export { applyRun, planRun } from "./run.ts";
export { EMULATOR_FINGERPRINT_KEY } from "./session.ts";
export { checkSandboxName, isProtectedSandbox, resolveTarget } from "./target.ts";
export type { Target } from "./target.ts";
export { ManifestError } from "./types.ts";
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
