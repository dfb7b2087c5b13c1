import { ConfigError } from "../errors.ts";
import { createTokenSource } from "./auth.ts";
import { createCatalog } from "./catalog.ts";
import type { CatalogApi } from "./catalog.ts";
import { createDataPrep } from "./data-prep.ts";
import type { DataPrepApi } from "./data-prep.ts";
import { createFlowService } from "./flow-service.ts";
import type { FlowServiceApi } from "./flow-service.ts";
import { createHttp } from "./http.ts";
import { registerSecret } from "./redact.ts";
import { defaultRetryPolicy } from "./retry.ts";
import type { RetryPolicy } from "./retry.ts";
import { createSchemaRegistry } from "./schema-registry.ts";
import type { SchemaRegistryApi } from "./schema-registry.ts";
import { createStatsRecorder } from "./stats.ts";
import type { RequestStats } from "./stats.ts";
import { createTransport } from "./transport.ts";

/**
 * The scope list of the Experience Platform API credential (the Developer Console's credential page,
 * src/pages/credential/ of AdobeDocs/experience-platform-apis).
 */
export const DEFAULT_SCOPES =
  "openid,session,AdobeID,read_organizations,additional_info.projectedProductContext";
export const DEFAULT_PLATFORM_URL = "https://platform.adobe.io";
export const DEFAULT_IMS_URL = "https://ims-na1.adobelogin.com";

export interface AepClientConfig {
  platformUrl: string;
  imsUrl: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  /** Required and non-empty: AEP's own default (prod) is never relied on. */
  sandbox: string;
  scopes?: string;
  /** Requests in flight at once, across all calls; default 8. */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** One line per HTTP attempt, fully redacted (the CLI wires AEPSYNC_DEBUG=1 to stderr). */
  debug?: (line: string) => void;
}

export interface AepClient {
  readonly sandbox: string;
  readonly flowService: FlowServiceApi;
  readonly schemaRegistry: SchemaRegistryApi;
  readonly catalog: CatalogApi;
  readonly dataPrep: DataPrepApi;
  /** Starts the IMS token request now, so that the first calls do not wait for it one after another. */
  prefetchToken(): void;
  /** Requests sent so far, retries included; IMS counted apart as `"POST /ims/token/v3"`. */
  stats(): RequestStats;
  close(): Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createAepClient(config: AepClientConfig): AepClient {
  const missing = (["platformUrl", "imsUrl", "clientId", "clientSecret", "orgId", "sandbox"] as const).filter(
    (key) => typeof config[key] !== "string" || config[key].trim() === "",
  );
  if (missing.length > 0) {
    throw new ConfigError(`AEP client settings missing: ${missing.join(", ")}`);
  }
  registerSecret(config.clientSecret);
  const now = config.now ?? Date.now;
  const sleep = config.sleep ?? defaultSleep;
  const random = config.random ?? Math.random;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...definedOnly(config.retry ?? {}) };
  const stats = createStatsRecorder();
  const http = createHttp({
    concurrency: config.concurrency ?? 8,
    timeouts: {
      connectMs: config.timeouts?.connectMs ?? 10_000,
      // adobe.io times a request out after 60 s; wait a little longer for its answer.
      headersMs: config.timeouts?.headersMs ?? 65_000,
      bodyMs: config.timeouts?.bodyMs ?? 65_000,
    },
    now,
    debug: config.debug,
  });
  const tokens = createTokenSource({
    imsUrl: config.imsUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scopes: config.scopes ?? DEFAULT_SCOPES,
    http,
    stats,
    policy,
    now,
    sleep,
    random,
  });
  const transport = createTransport({
    platformUrl: config.platformUrl,
    clientId: config.clientId,
    orgId: config.orgId,
    sandbox: config.sandbox,
    http,
    tokens,
    stats,
    policy,
    now,
    sleep,
    random,
  });
  return {
    sandbox: config.sandbox,
    flowService: createFlowService(transport),
    schemaRegistry: createSchemaRegistry(transport),
    catalog: createCatalog(transport),
    dataPrep: createDataPrep(transport),
    prefetchToken: () => tokens.prefetch(),
    stats: () => stats.snapshot(),
    close: () => http.close(),
  };
}

/**
 * Client settings from `AEP_*` variables (README, "Commands"). `sandbox` is what the CLI resolved from
 * --sandbox or --env; `AEP_SANDBOX` is the fallback. Every missing setting is named at once.
 */
export function aepConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  sandbox: string | undefined,
): AepClientConfig {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const required = ["AEP_CLIENT_ID", "AEP_CLIENT_SECRET", "AEP_ORG_ID"] as const;
  const missing: string[] = required.filter((name) => value(name) === undefined);
  const chosenSandbox = sandbox?.trim() || value("AEP_SANDBOX");
  if (chosenSandbox === undefined) missing.push("AEP_SANDBOX (or --sandbox / --env)");
  if (missing.length > 0) {
    throw new ConfigError(`missing AEP settings: set ${missing.join(", ")}`);
  }
  const scopes = value("AEP_SCOPES");
  return {
    platformUrl: value("AEP_PLATFORM_URL") ?? DEFAULT_PLATFORM_URL,
    imsUrl: value("AEP_IMS_URL") ?? DEFAULT_IMS_URL,
    clientId: value("AEP_CLIENT_ID") ?? "",
    clientSecret: value("AEP_CLIENT_SECRET") ?? "",
    orgId: value("AEP_ORG_ID") ?? "",
    sandbox: chosenSandbox ?? "",
    ...(scopes === undefined ? {} : { scopes }),
  };
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
