import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { emulatorExports, runEmulator, shellQuote } from "../../src/cli/commands/emulator.ts";
import type { CliIO } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { EMULATOR_FINGERPRINT_KEY } from "../../src/engine/index.ts";
import { captureIO } from "../support/io.ts";

const run = promisify(execFile);

/** Evaluates a script in a real POSIX shell and returns the environment it leaves. */
async function evalInShell(script: string, cwd = tmpdir()): Promise<Record<string, string>> {
  const { stdout } = await run("sh", ["-c", 'eval "$1" && env -0', "sh", script], {
    cwd,
    env: { PATH: process.env.PATH ?? "" },
  });
  return Object.fromEntries(
    stdout
      .split("\0")
      .filter((entry) => entry.includes("="))
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "aepsync-exports-"));
  dirs.push(dir);
  return dir;
}

const emulator = {
  url: "http://127.0.0.1:4010",
  clientId: "aepsync-emulator",
  clientSecret: "aepsync-emulator-secret",
  orgId: "AEPSYNCEMULATOR@AdobeOrg",
  sandboxes: ["prod", "dev"],
};

describe("shellQuote", () => {
  it.each([
    "plain",
    "it's",
    "''",
    "$(touch pwned) `touch pwned` ${HOME}",
    'a "double" \\ back',
    "line\nbreak",
    "",
  ])("%j survives eval unchanged and runs nothing", async (value) => {
    const dir = await tempDir();
    const env = await evalInShell(`export V=${shellQuote(value)}`, dir);
    expect(env.V).toBe(value);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("aepsync emulator's output", () => {
  it("is comments and export lines only, with every variable the next command needs", async () => {
    const text = emulatorExports(emulator, {
      statePath: undefined,
      clientSecretGiven: false,
      sandbox: "dev",
    });
    for (const line of text.trimEnd().split("\n")) expect(line).toMatch(/^(# .*|export [A-Z_]+='[^']*')$/);
    expect(await evalInShell(text)).toMatchObject({
      AEP_PLATFORM_URL: emulator.url,
      AEP_IMS_URL: emulator.url,
      AEP_CLIENT_ID: emulator.clientId,
      AEP_CLIENT_SECRET: emulator.clientSecret,
      AEP_ORG_ID: emulator.orgId,
      AEP_SANDBOX: "dev",
      AEPSYNC_FINGERPRINT_KEY: EMULATOR_FINGERPRINT_KEY,
    });
  });

  it("keeps a hostile --state path inside its comment", async () => {
    const dir = await tempDir();
    const text = emulatorExports(emulator, {
      statePath: "state.json\ntouch pwned\r\u001b[2K",
      clientSecretGiven: false,
      sandbox: "dev",
    });
    for (const line of text.trimEnd().split("\n")) expect(line).toMatch(/^(# .*|export [A-Z_]+='[^']*')$/);
    await evalInShell(text, dir);
    expect(await readdir(dir)).toEqual([]);
  });

  it("prints no secret it was given, and says so", () => {
    const text = emulatorExports(
      { ...emulator, clientSecret: "given-secret-5c1f" },
      { statePath: undefined, clientSecretGiven: true, sandbox: "dev" },
    );
    expect(text).not.toContain("given-secret-5c1f");
    expect(text).not.toContain("export AEP_CLIENT_SECRET");
    expect(text).toContain(
      "# and AEP_CLIENT_SECRET: the --client-secret given to the emulator (not printed)",
    );
  });

  it("is enough, eval'ed, for `aepsync plan` of a fresh `aepsync init` to run against the emulator", async () => {
    let out = "";
    let stop: () => void = () => undefined;
    const io: CliIO = {
      stdout: (text) => void (out += text),
      stderr: () => undefined,
      env: {},
      cwd: process.cwd(),
      isTTY: false,
      interrupted: new Promise<void>((resolve) => (stop = resolve)),
    };
    const done = runEmulator(["--port", "0"], io);
    try {
      for (let i = 0; i < 400 && !out.includes("Press Ctrl-C"); i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      const env = await evalInShell(out);
      const dir = await tempDir();
      expect(await main(["init"], captureIO({}, dir))).toBe(0);
      // No --emulator: only the printed variables point it at the emulator (the unset ${env:}/${secret:}
      // of the scaffold are refused, so give them).
      const withReferences: Record<string, string> = {
        ...env,
        HUBSPOT_CLIENT_ID: "id",
        HUBSPOT_CLIENT_SECRET: "client-secret-3b9e",
        HUBSPOT_ACCESS_TOKEN: "access-token-71d0",
      };
      const planned = captureIO(withReferences, dir);
      expect(await main(["plan", "--env", "dev"], planned), planned.err()).toBe(0);
      expect(planned.out()).toContain("Plan: 7 to create");
      // Without the fingerprint key that the emulator printed, the same plan is refused.
      const { AEPSYNC_FINGERPRINT_KEY: _key, ...withoutKey } = withReferences;
      const refused = captureIO(withoutKey, dir);
      expect(await main(["plan", "--env", "dev"], refused)).toBe(1);
      expect(refused.err()).toContain("AEPSYNC_FINGERPRINT_KEY is not set");
    } finally {
      stop();
      expect(await done).toBe(0);
    }
  });
});
