/**
 * One error family for aepsync. Expected, user-fixable problems in manifests are returned as
 * diagnostics (see src/manifest); everything that throws is a SyncError with a stable code.
 */
export const ErrorCodes = {
  /** Manifests failed validation; the diagnostics say where. */
  manifest: "E_MANIFEST",
  /** A required setting (env var, flag, config) is missing or invalid. */
  config: "E_CONFIG",
  /** Command-line usage error. */
  usage: "E_USAGE",
  /** AEP answered with an error status. */
  http: "E_HTTP",
  /** Authentication with IMS failed. */
  auth: "E_AUTH",
  /** An If-Match precondition failed, or the object changed since the plan. */
  conflict: "E_CONFLICT",
  /** The network failed (connection reset, timeout) and retries were exhausted. */
  network: "E_NETWORK",
  /** The plan cannot be applied as asked (forbidden change, protected environment, …). */
  plan: "E_PLAN",
  /** A bug in aepsync. */
  internal: "E_INTERNAL",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class SyncError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SyncError";
    this.code = code;
  }
}

/** A bug: the CLI prints it with a request to report it. */
export class InternalError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCodes.internal, message, options);
    this.name = "InternalError";
  }
}

/** A setting is missing or wrong; the message names what to set. */
export class ConfigError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCodes.config, message, options);
    this.name = "ConfigError";
  }
}

/** Bad command-line usage; the CLI prints the message and the usage line. */
export class UsageError extends SyncError {
  constructor(message: string) {
    super(ErrorCodes.usage, message);
    this.name = "UsageError";
  }
}
