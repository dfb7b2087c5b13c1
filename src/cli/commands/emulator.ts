import type { CliIO } from "../io.ts";

export function runEmulator(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("aepsync emulator: not implemented yet\n");
  return Promise.resolve(1);
}
