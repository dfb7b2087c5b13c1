import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { admin, aepEnv, emulatorState, makeWorkspace } from "../support/cli.ts";

// `aepsync apply` through main() with a fake terminal: it asks before its first write only when
// stdin and stdout are terminals, accepts only "yes", and never reads stdin otherwise.
let emulator: RunningEmulator;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  ({ dir, cleanup } = await makeWorkspace());
});

afterAll(async () => {
  await emulator.close();
  await cleanup();
});

beforeEach(async () => {
  await admin(emulator, "POST", "/reset");
});

interface FakeTerminal extends CliIO {
  out(): string;
  err(): string;
  questions: string[];
  interrupt(): void;
}

function terminal(options: {
  stdinIsTTY: boolean;
  stdoutIsTTY?: boolean;
  answer?: string | undefined;
  /** Ctrl-C at the question: the line is not read and the interrupt fires. */
  ctrlC?: boolean;
}): FakeTerminal {
  let out = "";
  let err = "";
  let interrupt = (): void => undefined;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const questions: string[] = [];
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    env: { ...aepEnv(emulator), NO_COLOR: "1" },
    cwd: dir,
    isTTY: options.stdoutIsTTY ?? true,
    stdinIsTTY: options.stdinIsTTY,
    stderrIsTTY: false,
    ask: (question) => {
      questions.push(question);
      if (!options.stdinIsTTY) throw new Error("stdin was read although it is not a terminal");
      if (options.ctrlC === true) {
        interrupt();
        return Promise.resolve(undefined);
      }
      return Promise.resolve(options.answer);
    },
    interrupted,
    out: () => out,
    err: () => err,
    questions,
    interrupt,
  };
}

async function objects(): Promise<{ flows: number; connections: number; dataSets: number; locks: number }> {
  const dev = (await emulatorState(emulator)).sandboxes.dev ?? {};
  const connections = dev.connections ?? [];
  return {
    flows: (dev.flows ?? []).length,
    connections: connections.length,
    dataSets: (dev.dataSets ?? []).length,
    locks: connections.filter((c) => String(c.name).startsWith("aepsync-lock-")).length,
  };
}

const nothing = { flows: 0, connections: 0, dataSets: 0, locks: 0 };

describe("apply's confirmation", () => {
  it.each([["no"], ["y"], ["YES please"], [""], [undefined]])(
    "cancels on %j: exit 1, nothing written, lock released",
    async (answer) => {
      const io = terminal({ stdinIsTTY: true, answer });
      expect(await main(["apply", "--env", "dev"], io)).toBe(1);
      expect(io.questions).toEqual(["\nApply these changes to sandbox dev? Only 'yes' is accepted: "]);
      expect(io.out()).toContain("+ Pipeline/hubspot-contacts/flow");
      expect(io.err()).toContain("Apply cancelled: nothing was written.");
      expect(await objects()).toEqual(nothing);
    },
  );

  it("applies on 'yes', and does not ask when there is nothing to change", async () => {
    const io = terminal({ stdinIsTTY: true, answer: " yes\n" });
    expect(await main(["apply", "--env", "dev"], io), io.err()).toBe(0);
    expect(io.questions).toHaveLength(1);
    expect(io.out()).toMatch(/Apply: 27 done, 0 failed/);
    expect((await objects()).flows).toBe(4);
    const again = terminal({ stdinIsTTY: true, answer: "no" });
    expect(await main(["apply", "--env", "dev"], again), again.err()).toBe(0);
    expect(again.questions).toEqual([]);
    expect((await objects()).locks).toBe(0);
  });

  it("does not ask with --auto-approve", async () => {
    const io = terminal({ stdinIsTTY: true, answer: "no" });
    expect(await main(["apply", "--env", "dev", "--auto-approve"], io), io.err()).toBe(0);
    expect(io.questions).toEqual([]);
    expect((await objects()).flows).toBe(4);
  });

  it.each([
    ["stdin is not a terminal", { stdinIsTTY: false }],
    ["stdout is not a terminal", { stdinIsTTY: false, stdoutIsTTY: false }],
  ])("never reads stdin when %s", async (_case, options) => {
    const io = terminal(options);
    expect(await main(["apply", "--env", "dev"], io), io.err()).toBe(0);
    expect(io.questions).toEqual([]);
    expect((await objects()).flows).toBe(4);
  });

  it("exits 130 with nothing written on Ctrl-C at the question", async () => {
    const io = terminal({ stdinIsTTY: true, ctrlC: true });
    expect(await main(["apply", "--env", "dev"], io)).toBe(130);
    expect(io.err()).toContain("Interrupted");
    expect(await objects()).toEqual(nothing);
  });

  it("refuses a malformed --lock-timeout before anything else", async () => {
    const io = terminal({ stdinIsTTY: false });
    expect(await main(["apply", "--env", "dev", "--lock-timeout", "5 minutes"], io)).toBe(1);
    expect(io.err()).toContain("--lock-timeout '5 minutes': give a duration such as 90s, 5m or 1h");
    expect(await objects()).toEqual(nothing);
  });
});
