import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
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
    expect(io.err()).toContain("unknown command 'frobnicate'");
  });
});
