/** The emulator's programmatic API types (re-exported by index.ts), their defaults and their validation. */
import { ConfigError } from "../errors.ts";
import { resolveFaults, validateFaults } from "./faults.ts";
import type { FaultConfig } from "./faults.ts";

export type { FaultConfig };

export interface EmulatorOptions {
  /** default 0 (a random free port) when called in-process; the CLI defaults to 4010 */
  port?: number;
  /** default "127.0.0.1" */
  host?: string;
  /** JSON state file; absent = in memory */
  statePath?: string;
  /** added to every platform request (not IMS, not admin) */
  latencyMs?: number;
  /** shorthand: splits evenly into 429/500/503/drop; `faults` fields take precedence */
  faultRate?: number;
  faults?: FaultConfig;
  /** seeds all randomness (faults, ids) so a failing run replays; default 1 */
  seed?: number;
  /** default "aepsync-emulator" */
  clientId?: string;
  /** default "aepsync-emulator-secret" */
  clientSecret?: string;
  /** default "AEPSYNCEMULATOR@AdobeOrg" */
  orgId?: string;
  /** default ["prod", "dev"] */
  sandboxes?: string[];
  /** default "aepsyncemulator" */
  tenantId?: string;
  /** expires_in of issued tokens, default 86399 */
  tokenTtlSeconds?: number;
  /**
   * What real AEP does on its own, each behaviour cited where it is implemented: system tags on
   * new datasets, the default `backfill`, asynchronous Flow Service operations with their
   * refusals, base connections that initialize, auth params AEP adds. Default DEFAULT_REALISM.
   */
  realism?: boolean;
  /** with realism: how long an asynchronous operation runs, in ms; default 300, 0 = completes at once */
  settleMs?: number;
  /** when set, the admin API (`/__emulator/`) requires `Authorization: Bearer <adminToken>` */
  adminToken?: string;
  /** the emulator's clock (ms since the epoch), default Date.now; tests pass one they advance */
  clock?: () => number;
  /** access log lines (method, path, status, ms); never secrets */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** "http://127.0.0.1:PORT": both the platform base and the IMS base */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  orgId: string;
  sandboxes: string[];
  /** whether AEP's own behaviours are on (EmulatorOptions.realism) */
  realism: boolean;
  /** how long an asynchronous operation runs (EmulatorOptions.settleMs) */
  settleMs: number;
  setFaults(faults: FaultConfig | undefined): void;
  setLatency(ms: number): void;
  /** "GET /flows" → n (route templates, ids replaced by {id}) */
  requestCounts(): Record<string, number>;
  /** the most IMS and platform requests served at once since the request log was last reset */
  peakInFlight(): number;
  /** write pending state to the state file now */
  flush(): Promise<void>;
  /** flushes state, closes the server and all open sockets (keep-alive ones too) */
  close(): Promise<void>;
}

/**
 * Whether the emulator behaves as real AEP does on its own when `realism` is not given: on, since
 * aepsync's client handles every such behaviour (asynchronous operations, AEP-owned fields).
 */
export const DEFAULT_REALISM = true;

export const EMULATOR_DEFAULTS = {
  host: "127.0.0.1",
  cliPort: 4010,
  seed: 1,
  clientId: "aepsync-emulator",
  // The emulator's public development secret (docs/architecture.md, "The emulator"), not a credential.
  clientSecret: "aepsync-emulator-secret",
  orgId: "AEPSYNCEMULATOR@AdobeOrg",
  sandboxes: ["prod", "dev"],
  tenantId: "aepsyncemulator",
  tokenTtlSeconds: 86399,
  settleMs: 300,
} as const;

/** The longest operation the emulator simulates (10 minutes): a larger value is a mistake. */
export const MAX_SETTLE_MS = 600_000;

/** Every option with its default applied, checked. */
export interface ResolvedOptions {
  port: number;
  host: string;
  statePath: string | undefined;
  latencyMs: number;
  faults: FaultConfig;
  seed: number;
  clientId: string;
  clientSecret: string;
  orgId: string;
  sandboxes: string[];
  tenantId: string;
  tokenTtlSeconds: number;
  realism: boolean;
  settleMs: number;
  adminToken: string | undefined;
  clock: () => number;
  log: ((line: string) => void) | undefined;
}

/** Applies the defaults and checks the options; throws a ConfigError naming the bad one. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const sandboxes = [...(options.sandboxes ?? EMULATOR_DEFAULTS.sandboxes)];
  if (sandboxes.length === 0) throw new ConfigError("the emulator needs at least one sandbox");
  const faults = resolveFaults(options.faultRate, options.faults);
  const faultProblem = validateFaults(faults);
  if (faultProblem !== undefined) throw new ConfigError(`emulator faults: ${faultProblem}`);
  const latencyMs = options.latencyMs ?? 0;
  checkLatency(latencyMs);
  const settleMs = options.settleMs ?? EMULATOR_DEFAULTS.settleMs;
  if (!Number.isInteger(settleMs) || settleMs < 0 || settleMs > MAX_SETTLE_MS) {
    throw new ConfigError(
      `emulator settleMs must be a whole number from 0 to ${MAX_SETTLE_MS}, got ${settleMs}`,
    );
  }
  if (options.adminToken !== undefined && options.adminToken.trim() === "") {
    throw new ConfigError("the emulator's admin token must not be empty");
  }
  return {
    port: options.port ?? 0,
    host: options.host ?? EMULATOR_DEFAULTS.host,
    statePath: options.statePath,
    latencyMs,
    faults,
    seed: options.seed ?? EMULATOR_DEFAULTS.seed,
    clientId: options.clientId ?? EMULATOR_DEFAULTS.clientId,
    clientSecret: options.clientSecret ?? EMULATOR_DEFAULTS.clientSecret,
    orgId: options.orgId ?? EMULATOR_DEFAULTS.orgId,
    sandboxes,
    tenantId: options.tenantId ?? EMULATOR_DEFAULTS.tenantId,
    tokenTtlSeconds: options.tokenTtlSeconds ?? EMULATOR_DEFAULTS.tokenTtlSeconds,
    realism: options.realism ?? DEFAULT_REALISM,
    settleMs,
    adminToken: options.adminToken,
    clock: options.clock ?? Date.now,
    log: options.log,
  };
}

export function checkLatency(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0)
    throw new ConfigError(`emulator latency must be 0 or more ms, got ${ms}`);
}
