import { describe, expect, it } from "vitest";
import { main, usage } from "../../src/cli/main.ts";
import { captureIO } from "../support/io.ts";

describe("main", () => {
  it("prints usage and fails without a command", async () => {
    const io = captureIO();
    expect(await main([], io)).toBe(1);
    expect(io.out()).toContain("Usage: aepsync");
  });

  it("rejects an unknown command with exit 1", async () => {
    const io = captureIO();
    expect(await main(["frobnicate"], io)).toBe(1);
    expect(io.err()).toContain("unknown command 'frobnicate'\n");
    expect(io.err()).toContain(usage);
  });

  it.each([
    ["plna", "plan"],
    ["aply", "apply"],
    ["valdiate", "validate"],
    ["emualtor", "emulator"],
    ["int", "init"],
  ])("suggests the command meant for %s", async (typo, meant) => {
    const io = captureIO();
    expect(await main([typo], io)).toBe(1);
    expect(io.err()).toContain(`unknown command '${typo}' (did you mean '${meant}'?)`);
  });

  it("prints a command's help with `help COMMAND`", async () => {
    const io = captureIO();
    expect(await main(["help", "plan"], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: aepsync plan /);
    const bad = captureIO();
    expect(await main(["help", "plna"], bad)).toBe(1);
    expect(bad.err()).toContain("(did you mean 'plan'?)");
  });

  it("lists init among the commands", () => {
    expect(usage).toMatch(/^ {2}init {2}/m);
  });
});

describe("usage errors print the command's help, not the top-level one", () => {
  it.each([
    [["plan", "--sandbx", "dev"], "unknown option '--sandbx' (did you mean '--sandbox'?)", "plan"],
    [["plan", "--emulater"], "unknown option '--emulater' (did you mean '--emulator'?)", "plan"],
    [["plan", "--detailed-exit-code"], "(did you mean '--detailed-exitcode'?)", "plan"],
    [["apply", "--alow-protected"], "(did you mean '--allow-protected'?)", "apply"],
    [["apply", "--paralelism", "4"], "(did you mean '--parallelism'?)", "apply"],
    [["validate", "--fromat", "json"], "(did you mean '--format'?)", "validate"],
    [["emulator", "--prot", "4010"], "(did you mean '--port'?)", "emulator"],
    [["emulator", "--sandbox", "dev"], "(did you mean '--sandboxes'?)", "emulator"],
    [["init", "--conector", "salesforce"], "(did you mean '--connector'?)", "init"],
  ])("%j", async (argv, message, command) => {
    const io = captureIO();
    expect(await main(argv, io)).toBe(1);
    const err = io.err();
    expect(err).toMatch(/^error: unknown option '--/);
    expect(err).toContain(message);
    expect(err).toContain(`\nUsage: aepsync ${command} `);
    expect(err).not.toContain("Commands:");
    expect(err).not.toMatch(/To specify a positional argument/);
    expect(io.out()).toBe("");
  });

  it("suggests nothing when no flag is close", async () => {
    const io = captureIO();
    expect(await main(["plan", "--zzzzzzzzzz"], io)).toBe(1);
    expect(io.err()).toMatch(/^error: unknown option '--zzzzzzzzzz'\n/);
  });

  it("says a flag needs a value, or takes none", async () => {
    const missing = captureIO();
    expect(await main(["plan", "--env"], missing)).toBe(1);
    expect(missing.err()).toMatch(/^error: --env needs a value\n\nUsage: aepsync plan /);
    const extra = captureIO();
    expect(await main(["plan", "--emulator=yes"], extra)).toBe(1);
    expect(extra.err()).toMatch(/^error: --emulator takes no value\n\nUsage: aepsync plan /);
  });

  it("says a command takes no arguments", async () => {
    const io = captureIO();
    expect(await main(["init", "here"], io)).toBe(1);
    expect(io.err()).toMatch(/^error: unexpected argument 'here': this command takes no paths/);
    expect(io.err()).toContain("Usage: aepsync init");
  });

  it("follows a bad value with the help of its command", async () => {
    const io = captureIO();
    expect(await main(["plan", "--format", "yaml"], io)).toBe(1);
    expect(io.err()).toMatch(
      /^error: --format must be text, markdown or json, not 'yaml'\n\nUsage: aepsync plan /,
    );
  });

  it("prints no help after an error that is not about usage", async () => {
    const io = captureIO({}, "/");
    expect(await main(["plan", "--env", "dev", "--emulator", "/nonexistent-aepsync-dir"], io)).toBe(1);
    expect(io.err()).toMatch(/^error: /m);
    expect(io.err()).not.toContain("Usage:");
  });
});
