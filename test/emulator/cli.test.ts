import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runEmulator } from "../../src/cli/commands/emulator.ts";
import type { CliIO } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { captureIO } from "../support/io.ts";

interface RunningCli {
  io: CliIO;
  out: () => string;
  stop: () => void;
  done: Promise<number>;
}

function startCli(argv: string[]): RunningCli {
  let out = "";
  let stop: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => (stop = resolve));
  const io: CliIO = {
    stdout: (text) => void (out += text),
    stderr: (text) => void (out += text),
    env: {},
    cwd: process.cwd(),
    isTTY: false,
    interrupted,
  };
  return { io, out: () => out, stop, done: runEmulator(argv, io) };
}

async function waitFor(read: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 200; i++) {
    const match = pattern.exec(read());
    if (match !== null) return match;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never printed ${String(pattern)}: ${read()}`);
}

describe("aepsync emulator", () => {
  it("prints usage for --help and exits 0", async () => {
    const io = captureIO();
    expect(await runEmulator(["--help"], io)).toBe(0);
    expect(io.out()).toContain("Usage: aepsync emulator");
    expect(io.out()).toContain("--fault-rate P");
    for (const flag of ["--realism on|off", "--settle-ms N", "--admin-token T"])
      expect(io.out()).toContain(flag);
  });

  it.each([
    [["--bogus"], /bogus/],
    [["--port", "abc"], /--port must be a whole number/],
    [["--port", "70000"], /--port/],
    [["--fault-rate", "2"], /--fault-rate/],
    [["--latency-ms", "-1"], /--latency-ms/],
    [["--sandboxes", "Prod,dev"], /--sandboxes/],
    [["--client-id", ""], /--client-id must not be empty/],
    [["--settle-ms=-1"], /--settle-ms must be a whole number/],
    [["--settle-ms", "1.5"], /--settle-ms/],
    [["--realism", "yes"], /--realism takes on or off/],
    [["--admin-token", " "], /--admin-token must not be empty/],
  ])("exits 1 on bad flags: %j", async (flags, message) => {
    const io = captureIO();
    expect(await main(["emulator", ...flags], io)).toBe(1);
    expect(io.err()).toMatch(message);
  });

  it("serves, prints the URL, the env to export and the sandboxes, and stops when interrupted", async () => {
    const cli = startCli(["--port", "0", "--sandboxes", "prod,qa", "--seed", "3"]);
    const [, url] = await waitFor(cli.out, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const out = cli.out();
    for (const line of [
      `export AEP_PLATFORM_URL='${url}'`,
      `export AEP_IMS_URL='${url}'`,
      "export AEP_CLIENT_ID='aepsync-emulator'",
      "export AEP_CLIENT_SECRET='aepsync-emulator-secret'",
      "export AEP_ORG_ID='AEPSYNCEMULATOR@AdobeOrg'",
      "export AEP_SANDBOX='qa'",
      "sandboxes: prod, qa",
    ]) {
      expect(out).toContain(line);
    }
    const res = await fetch(`${url}/ims/token/v3`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "aepsync-emulator",
        client_secret: "aepsync-emulator-secret",
      }),
    });
    expect(res.status).toBe(200);
    await waitFor(cli.out, /POST \/ims\/token\/v3 200/);
    cli.stop();
    expect(await cli.done).toBe(0);
    expect(cli.out()).toContain("AEP emulator stopped.");
    await expect(fetch(`${url}/ims/token/v3`, { method: "POST" })).rejects.toThrow();
  });

  it("says whether realism is on and the admin API needs a token, never printing the token", async () => {
    const cli = startCli([
      "--port",
      "0",
      "--realism",
      "on",
      "--settle-ms",
      "250",
      "--admin-token",
      "tok-do-not-print",
    ]);
    const [, url] = await waitFor(cli.out, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await waitFor(cli.out, /Press Ctrl-C/);
    expect(cli.out()).toContain("realism: on (operations settle in 250 ms)");
    expect(cli.out()).toContain("(loopback only, token required)");
    expect(cli.out()).not.toContain("tok-do-not-print");
    expect((await fetch(`${url}/__emulator/requests`)).status).toBe(401);
    const allowed = await fetch(`${url}/__emulator/requests`, {
      headers: { authorization: "Bearer tok-do-not-print" },
    });
    expect(allowed.status).toBe(200);
    cli.stop();
    expect(await cli.done).toBe(0);
  });

  it("never prints a client secret that was passed in", async () => {
    const cli = startCli(["--port", "0", "--client-secret", "hunter2-do-not-print"]);
    await waitFor(cli.out, /Press Ctrl-C/);
    cli.stop();
    expect(await cli.done).toBe(0);
    expect(cli.out()).not.toContain("export AEP_CLIENT_SECRET");
    expect(cli.out()).toContain("AEP_CLIENT_SECRET: the --client-secret given to the emulator (not printed)");
    expect(cli.out()).not.toContain("hunter2-do-not-print");
  });

  it("runs from the built binary and exits 0 on SIGINT", async () => {
    const bin = fileURLToPath(new URL("../../bin/aepsync.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "emulator", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const [, url] = await waitFor(() => out, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const res = await fetch(`${url}/data/foundation/flowservice/flows`);
      expect(res.status).toBe(403);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(out).toContain("AEP emulator stopped.");
  });
});
