import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { AepClientConfig } from "../../src/aep/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";

export const repoRoot = new URL("../../", import.meta.url).pathname;
const bin = join(repoRoot, "bin", "aepsync.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/aepsync.js …` as a user would; `killAfterMs` sends SIGKILL mid-run. */
export function runCli(
  args: string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    killAfterMs?: number;
    /** Polled every few milliseconds: SIGKILL as soon as it returns true (kill at a point of progress). */
    killWhen?: () => boolean;
  },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill("SIGKILL"), options.killAfterMs);
    const killWhen = options.killWhen;
    const poll =
      killWhen === undefined
        ? undefined
        : setInterval(() => {
            if (killWhen()) child.kill("SIGKILL");
          }, 2);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (poll !== undefined) clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A temporary copy of the example pipelines and aepsync.yaml. */
export async function makeWorkspace(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "aepsync-e2e-"));
  await cp(join(repoRoot, "pipelines"), join(dir, "pipelines"), { recursive: true });
  await cp(join(repoRoot, "aepsync.yaml"), join(dir, "aepsync.yaml"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Known fake secrets: tests assert they never appear in any output. */
export const fakeSecrets: Record<string, string> = {
  HUBSPOT_CLIENT_SECRET: "hs-client-secret-3f9a1c",
  HUBSPOT_ACCESS_TOKEN: "hs-access-token-77d2e0",
  HUBSPOT_REFRESH_TOKEN: "hs-refresh-token-a8b4f2",
  SALESFORCE_CLIENT_SECRET: "sf-client-secret-91ce07",
  DYNAMICS_SERVICE_PRINCIPAL_KEY: "dyn-principal-key-4d2b88",
  S3_ACCESS_KEY: "s3-access-key-AKIA5e1f",
  S3_SECRET_KEY: "s3-secret-key-0b7d93",
  ELOQUA_PASSWORD: "eloqua-password-c0ffee",
  MAILCHIMP_PASSWORD: "mailchimp-password-beef01",
};

export function aepEnv(emulator: RunningEmulator, sandbox = "dev"): Record<string, string> {
  return {
    AEP_PLATFORM_URL: emulator.url,
    AEP_IMS_URL: emulator.url,
    AEP_CLIENT_ID: emulator.clientId,
    AEP_CLIENT_SECRET: emulator.clientSecret,
    AEP_ORG_ID: emulator.orgId,
    AEP_SANDBOX: sandbox,
    AEPSYNC_FINGERPRINT_KEY: "e2e-fingerprint-key-5b7c",
    HUBSPOT_CLIENT_ID: "hubspot-client-id",
    SALESFORCE_ENVIRONMENT_URL: "https://example.my.salesforce.com",
    SALESFORCE_CLIENT_ID: "salesforce-client-id",
    SALESFORCE_API_VERSION: "60.0",
    DYNAMICS_SERVICE_URI: "https://example.crm.dynamics.com",
    DYNAMICS_SERVICE_PRINCIPAL_ID: "dynamics-principal-id",
    ELOQUA_ENDPOINT: "https://secure.p01.eloqua.com",
    ELOQUA_USERNAME: "Company\\\\integration",
    MAILCHIMP_AUTHORIZATION_TEST_URL: "https://us1.api.mailchimp.com/3.0/",
    MAILCHIMP_USERNAME: "aepsync",
    ...fakeSecrets,
  };
}

/** The client settings that reach an emulator (the library's form of aepEnv). */
export function aepConfig(emulator: RunningEmulator, sandbox = "dev"): AepClientConfig {
  return {
    platformUrl: emulator.url,
    imsUrl: emulator.url,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    orgId: emulator.orgId,
    sandbox,
  };
}

/** Edits a pipeline file of a workspace; the edit must change something. */
export async function editPipeline(
  dir: string,
  file: string,
  from: string | RegExp,
  to: string,
): Promise<void> {
  const path = join(dir, "pipelines", file);
  const text = await readFile(path, "utf8");
  const next = text.replace(from, to);
  expect(next, `${file}: the edit must change something`).not.toBe(text);
  await writeFile(path, next);
}

export function expectNoSecrets(
  text: string,
  secrets: readonly string[] = Object.values(fakeSecrets),
): string[] {
  return secrets.filter((s) => text.includes(s));
}

export interface EmulatorSnapshot {
  sandboxes: Record<string, Record<string, Record<string, unknown>[]>>;
}

export async function emulatorState(emulator: RunningEmulator): Promise<EmulatorSnapshot> {
  const res = await fetch(`${emulator.url}/__emulator/state`);
  return (await res.json()) as EmulatorSnapshot;
}

/** The objects of one collection ("flows", "dataSets", …) the emulator holds in a sandbox. */
export async function sandboxItems(
  emulator: RunningEmulator,
  collection: string,
  sandbox = "dev",
): Promise<Record<string, unknown>[]> {
  return (await emulatorState(emulator)).sandboxes[sandbox]?.[collection] ?? [];
}

export async function admin(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const init: RequestInit = { method, headers: { "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${emulator.url}/__emulator${path}`, init);
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

/** Markers of every object in a sandbox, to find duplicates (two live objects for one address and generation). */
export function duplicateMarkers(state: EmulatorSnapshot, sandbox: string): string[] {
  const seen = new Map<string, number>();
  const collections = state.sandboxes[sandbox] ?? {};
  for (const [name, items] of Object.entries(collections)) {
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const text = [
        item.description,
        item.name,
        JSON.stringify((item.tags as Record<string, unknown> | undefined)?.aepsync ?? ""),
      ]
        .filter((v): v is string => typeof v === "string")
        .join(" ");
      const m = /\[aepsync:v1 ns=\S+ a=(\S+) g=(\d+)/.exec(text);
      if (m === null) continue;
      const key = `${name}:${m[1]}:${m[2]}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}
