/**
 * A run's session: the manifests loaded and validated once, the target sandbox, and an AEP
 * client (or the bundled emulator in-process with `--emulator`).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { aepConfigFromEnv, createAepClient, registerSecret } from "../aep/index.ts";
import type { AepClient, AepClientConfig } from "../aep/index.ts";
import { ConfigError } from "../errors.ts";
import { checkEmulatorStateDir, loadManifests } from "../manifest/index.ts";
import type { LoadResult } from "../manifest/index.ts";
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
  close(): Promise<void>;
}

/** Loads and validates manifests; throws ManifestError (nothing read or written) when invalid. */
async function loadValid(settings: RunSettings): Promise<LoadResult> {
  const paths = settings.paths.length > 0 ? settings.paths : ["pipelines"];
  const load = await loadManifests(paths, {
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

export async function openSession(settings: RunSettings): Promise<Session> {
  const load = await loadValid(settings);
  const config = load.config.config;
  const request: Parameters<typeof resolveTarget>[1] = { env: settings.env };
  if (settings.environment !== undefined) request.environment = settings.environment;
  if (settings.sandbox !== undefined) request.sandbox = settings.sandbox;
  const target = resolveTarget(config, request);
  const connected =
    settings.emulator === true
      ? await startInProcessEmulator(settings, target.sandbox)
      : connectFromEnv(settings, target.sandbox);
  if (settings.env.AEPSYNC_DEBUG === "1" && settings.log !== undefined) connected.config.debug = settings.log;
  const client = createAepClient(connected.config);
  return {
    load,
    target,
    namespace: config.namespace ?? "default",
    client,
    fingerprintKey: connected.fingerprintKey,
    emulator: settings.emulator === true,
    close: async () => {
      await client.close();
      await connected.close();
    },
  };
}
