/**
 * The AEP emulator (docs/architecture.md, "The emulator"): a local HTTP server that behaves like the
 * IMS token endpoint and the Flow Service, Schema Registry, Catalog and Data Prep APIs aepsync uses,
 * on one port.
 *
 * `startEmulator(options)` resolves once it listens; it throws a ConfigError when the port is taken,
 * the state file is unreadable or an option is invalid.
 */
export { startEmulator } from "./server.ts";
export { DEFAULT_REALISM, EMULATOR_DEFAULTS } from "./options.ts";
export type { EmulatorOptions, FaultConfig, RunningEmulator } from "./options.ts";
