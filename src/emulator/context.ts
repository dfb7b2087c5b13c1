/** What a service handler sees of the request and of the emulator. */
import type { IncomingHttpHeaders } from "node:http";
import type { ViewCache } from "./query.ts";
import type { EmulatorStore, SandboxState } from "./store.ts";

export interface EmulatorEnv {
  readonly store: EmulatorStore;
  readonly views: ViewCache;
  readonly clientId: string;
  readonly orgId: string;
  readonly tenantId: string;
  /** AEP's own behaviours on (EmulatorOptions.realism). */
  readonly realism: boolean;
  /** How long an asynchronous operation runs, in ms (EmulatorOptions.settleMs). */
  readonly settleMs: number;
  /** `http://host:port`, for absolute links. */
  readonly url: () => string;
}

export interface RequestContext {
  readonly env: EmulatorEnv;
  readonly method: string;
  /** Decoded path segments after the service base (`/data/foundation/flowservice`). */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** Media type of the body, lower case, without parameters. */
  readonly contentType: string | undefined;
  readonly sandbox: SandboxState;
  readonly now: number;
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
