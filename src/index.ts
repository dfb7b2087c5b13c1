/**
 * aepsync as a library: the functions the CLI and the GitHub Action call. Named exports only.
 */

/** Loads manifests and aepsync.yaml from files and folders and validates them; never throws on bad input. */
export { loadManifests, validateManifests, formatDiagnostic } from "./manifest/index.ts";
export type { Diagnostic, LoadResult } from "./manifest/index.ts";

/**
 * Plans (`planRun`) or plans and applies (`applyRun`) against a sandbox. Throw ManifestError when the
 * manifests are invalid (nothing written; a plan's reads may have started), ConfigError for missing
 * settings, AepError for AEP.
 */
export { applyRun, planRun, ManifestError } from "./engine/index.ts";
export type { ApplyOutcome, ApplySettings, ChangeResult, PlanOutcome, RunSettings } from "./engine/index.ts";

/**
 * Writes manifests for a sandbox's dataflows that the namespace does not manage yet (`aepsync
 * export`). Throws ConfigError for missing settings or an existing file without `force`, AepError for AEP.
 */
export { exportRun } from "./engine/index.ts";
export type { ExportRunOutcome, ExportSettings } from "./engine/index.ts";

/** The pure planner and the Plan model (docs/architecture.md, "Plan"). */
export { planChanges } from "./planner/index.ts";
export type { Action, Change, DataImpact, Plan, PlanNotice } from "./model/index.ts";

/** Renderers of one Plan value: terminal text, JSON, and the pull-request Markdown. */
export { renderJson, renderText } from "./render/text.ts";
export { renderMarkdown } from "./render/markdown.ts";

/** The AEP client (undici, IMS, retries, paging); throws AepError / AepConflictError. */
export { aepConfigFromEnv, createAepClient, AepConflictError, AepError } from "./aep/index.ts";
export type { AepClient, AepClientConfig } from "./aep/index.ts";

/** The local AEP emulator. */
export { startEmulator } from "./emulator/index.ts";
export type { EmulatorOptions, RunningEmulator } from "./emulator/index.ts";

/** The error family: every thrown error is a SyncError with a stable code. */
export { ConfigError, ErrorCodes, InternalError, SyncError, UsageError } from "./errors.ts";
