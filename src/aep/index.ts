/**
 * The AEP client: the only code that talks to Adobe Experience Platform and IMS.
 *
 * `createAepClient(config)` throws ConfigError when a setting (the sandbox included) is missing.
 * Every call throws AepError (code E_HTTP, E_AUTH, E_NETWORK) or AepConflictError (E_CONFLICT, a
 * 412 on an If-Match write); `ambiguous: true` marks a write that may have been applied.
 */
export {
  aepConfigFromEnv,
  createAepClient,
  DEFAULT_IMS_URL,
  DEFAULT_PLATFORM_URL,
  DEFAULT_SCOPES,
} from "./client.ts";
export type { AepClient, AepClientConfig } from "./client.ts";
export { AepConflictError, AepError } from "./errors.ts";
export type { AepErrorCode } from "./errors.ts";
export type { CatalogApi, DataSetListOptions } from "./catalog.ts";
export type { DataPrepApi } from "./data-prep.ts";
export type {
  FlowAction,
  FlowServiceApi,
  FlowServiceCollection,
  FlowServiceListOptions,
  FlowsApi,
} from "./flow-service.ts";
export type { SchemaGetOptions, SchemaListOptions, SchemaRegistryApi } from "./schema-registry.ts";
export { redact, redactJson, registerSecret, secretForms } from "./redact.ts";
export type { RetryPolicy } from "./retry.ts";
export type { RequestStats } from "./stats.ts";
export { readFlows, readLiveState } from "./live.ts";
export type { LiveReadOptions } from "./live.ts";
export { createAepStore } from "./store.ts";
export { createLockStore, isLockObject } from "./lock.ts";
export type { LockStore, LockUpdate } from "./lock.ts";
export type { Settle } from "./transport.ts";
export type * from "./types.ts";
