/** The emulator's programmatic API types (re-exported by index.ts; other modules depend on them). */

export interface FaultConfig {
  /** probability (0..1) per platform request of each fault; IMS and /__emulator/ are never faulted */
  rate429?: number;
  /** Retry-After value (integer seconds, 0 allowed) sent with 429; default 1 */
  retryAfterSeconds?: number;
  /** 500 (Flow Service body {errorMessage, errorDetails} / code 1102-500) before doing anything */
  rate500?: number;
  /** 503 before doing anything */
  rate503?: number;
  /** destroy the socket without answering, before doing anything */
  rateDrop?: number;
  /** for writes (POST/PUT/PATCH/DELETE): perform the write, then destroy the socket */
  rateLostAnswer?: number;
  /** only fault requests whose "METHOD /route" matches (e.g. "POST /flows"); default all */
  routes?: string[];
}

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
  setFaults(faults: FaultConfig | undefined): void;
  setLatency(ms: number): void;
  /** "GET /flows" → n (route templates, ids replaced by {id}) */
  requestCounts(): Record<string, number>;
  /** write pending state to the state file now */
  flush(): Promise<void>;
  /** flushes state, closes the server and all open sockets (keep-alive ones too) */
  close(): Promise<void>;
}

export const EMULATOR_DEFAULTS = {
  host: "127.0.0.1",
  cliPort: 4010,
  seed: 1,
  clientId: "aepsync-emulator",
  // The emulator's public development secret (DESIGN.md §6), not a credential.
  clientSecret: "aepsync-emulator-secret",
  orgId: "AEPSYNCEMULATOR@AdobeOrg",
  sandboxes: ["prod", "dev"],
  tenantId: "aepsyncemulator",
  tokenTtlSeconds: 86399,
} as const;
