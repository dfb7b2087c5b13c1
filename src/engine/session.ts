/**
 * A run's session: the manifests loaded and validated once, the target sandbox, and an AEP
 * client (or the bundled emulator in-process with `--emulator`).
 *
 * The order of work against AEP: the sandbox comes from aepsync.yaml alone (cheap), so the client
 * is made and the IMS token requested before the manifests are loaded; a plan also starts its live
 * reads then (`readAhead`), and loading yields to them between files. Only reads happen before the
 * manifests are known to be valid; an apply's first write, its lock, comes after (run.ts).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { aepConfigFromEnv, createAepClient, registerSecret } from "../aep/index.ts";
import type { AepClient, AepClientConfig } from "../aep/index.ts";
import { ConfigError } from "../errors.ts";
import { checkEmulatorStateDir, loadConfigOnly, loadManifests } from "../manifest/index.ts";
import type { LoadResult, ResolvedConfig } from "../manifest/index.ts";
import { startLiveReads } from "./plan.ts";
import type { LiveReads } from "./plan.ts";
import { resolveTarget } from "./target.ts";
import type { Target } from "./target.ts";
import type { RunSettings } from "./types.ts";
import { ManifestError } from "./types.ts";

/** Fingerprint key under --emulator: fixed, since the emulator holds no real secret. */
export const EMULATOR_FINGERPRINT_KEY = "aepsync-emulator-fingerprint-key";

export interface Session {
  load: LoadResult;
  target: Target;
  namespace: string;
  client: AepClient;
  fingerprintKey: string;
  emulator: boolean;
  /** The live reads started while the manifests loaded (`readAhead`), handed out once. */
  takeLiveReads(): LiveReads | undefined;
  close(): Promise<void>;
}

export interface SessionOptions {
  /**
   * Start the live reads as soon as the sandbox is known, while the manifests load: for a plan.
   * An apply reads under its sandbox lock, which it takes once the manifests are valid.
   */
  readAhead?: boolean;
  /**
   * Requests the client may have in flight (default 8): an apply's `--parallelism`, so that more
   * concurrent changes are more requests at once and not a longer queue in the client.
   */
  concurrency?: number;
}

function manifestPaths(settings: RunSettings): string[] {
  return settings.paths.length > 0 ? settings.paths : ["pipelines"];
}

/** Loads and validates manifests; throws ManifestError (nothing written) when invalid. */
async function loadValid(settings: RunSettings): Promise<LoadResult> {
  const load = await loadManifests(manifestPaths(settings), {
    cwd: settings.cwd,
    // Resolved secrets are checked for what redaction cannot mask reliably (too short, empty).
    secretValue: (name) => settings.env[name],
  });
  if (load.errors > 0) throw new ManifestError(load.diagnostics);
  return load;
}

export interface Connected {
  config: AepClientConfig;
  fingerprintKey: string;
  close: () => Promise<void>;
}

export async function startInProcessEmulator(
  settings: Pick<RunSettings, "cwd">,
  sandbox: string,
): Promise<Connected> {
  const { startEmulator } = await import("../emulator/index.ts");
  // A symlinked .aepsync/ would move the state anywhere: refused.
  const dir = checkEmulatorStateDir(settings.cwd);
  await mkdir(dir, { recursive: true });
  const emulator = await startEmulator({
    port: 0,
    statePath: join(dir, "emulator-state.json"),
    sandboxes: [...new Set(["prod", "dev", sandbox])],
  });
  return {
    config: {
      platformUrl: emulator.url,
      imsUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      orgId: emulator.orgId,
      sandbox,
    },
    fingerprintKey: EMULATOR_FINGERPRINT_KEY,
    close: () => emulator.close(),
  };
}

function connectFromEnv(settings: RunSettings, sandbox: string): Connected {
  const config = aepConfigFromEnv(settings.env, sandbox);
  const key = settings.env.AEPSYNC_FINGERPRINT_KEY;
  if (key === undefined || key === "")
    throw new ConfigError(
      "AEPSYNC_FINGERPRINT_KEY is not set: it keys the fingerprints that detect credential rotation. Set it to a long random value kept with your AEP secrets (e.g. `openssl rand -base64 32`), the same on every run",
    );
  registerSecret(key);
  return { config, fingerprintKey: key, close: () => Promise.resolve() };
}

function targetOf(config: ResolvedConfig, settings: RunSettings): Target {
  const request: Parameters<typeof resolveTarget>[1] = { env: settings.env };
  if (settings.environment !== undefined) request.environment = settings.environment;
  if (settings.sandbox !== undefined) request.sandbox = settings.sandbox;
  return resolveTarget(config, request);
}

interface Connection {
  target: Target;
  namespace: string;
  connected: Connected;
  client: AepClient;
  reads?: LiveReads;
}

async function connect(
  settings: RunSettings,
  config: ResolvedConfig,
  options: SessionOptions,
): Promise<Connection> {
  const target = targetOf(config, settings);
  const connected =
    settings.emulator === true
      ? await startInProcessEmulator(settings, target.sandbox)
      : connectFromEnv(settings, target.sandbox);
  if (settings.env.AEPSYNC_DEBUG === "1" && settings.log !== undefined) connected.config.debug = settings.log;
  if (options.concurrency !== undefined) connected.config.concurrency = Math.max(1, options.concurrency);
  let client: AepClient;
  try {
    client = createAepClient(connected.config);
  } catch (error) {
    await connected.close();
    throw error;
  }
  return { target, namespace: config.namespace ?? "default", connected, client };
}

/** Stops what a connection started (reads, the in-process emulator); never throws. */
async function disconnect(connection: Connection): Promise<void> {
  await connection.reads?.cancel();
  await connection.client.close().catch(() => undefined);
  await connection.connected.close().catch(() => undefined);
}

/**
 * The connection made from aepsync.yaml alone, before the manifests are loaded; undefined when
 * that cannot be done yet (an invalid aepsync.yaml, a missing setting): the run then connects
 * after loading, as it always did, and reports what is wrong in the same order. Not for the
 * in-process emulator: it would share the one thread with the loading (no time gained) and
 * start, and save its state, for manifests that may turn out invalid.
 */
async function connectAhead(settings: RunSettings, options: SessionOptions): Promise<Connection | undefined> {
  if (settings.emulator === true) return undefined;
  const config = loadConfigOnly(manifestPaths(settings), { cwd: settings.cwd });
  if (config === undefined) return undefined;
  let connection: Connection;
  try {
    connection = await connect(settings, config, options);
  } catch {
    return undefined;
  }
  connection.client.prefetchToken();
  if (options.readAhead === true) connection.reads = startLiveReads(connection.client);
  return connection;
}

export async function openSession(settings: RunSettings, options: SessionOptions = {}): Promise<Session> {
  let ahead = await connectAhead(settings, options);
  let connection: Connection;
  let load: LoadResult;
  try {
    load = await loadValid(settings);
    const config = load.config.config;
    const target = targetOf(config, settings);
    if (ahead !== undefined && ahead.target.sandbox === target.sandbox) {
      // The client and the reads depend on the sandbox alone; the rest is taken as loaded.
      connection = { ...ahead, target, namespace: config.namespace ?? "default" };
    } else {
      // aepsync.yaml changed while the manifests loaded: start over from what was loaded.
      const stale = ahead;
      ahead = undefined;
      if (stale !== undefined) await disconnect(stale);
      connection = await connect(settings, config, options);
    }
  } catch (error) {
    if (ahead !== undefined) await disconnect(ahead);
    throw error;
  }
  const { client, connected } = connection;
  let reads = connection.reads;
  return {
    load,
    target: connection.target,
    namespace: connection.namespace,
    client,
    fingerprintKey: connected.fingerprintKey,
    emulator: settings.emulator === true,
    takeLiveReads: () => {
      const taken = reads;
      reads = undefined;
      return taken;
    },
    close: async () => {
      await reads?.cancel();
      await client.close();
      await connected.close();
    },
  };
}
