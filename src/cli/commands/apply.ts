import type { CliIO } from "../io.ts";

export function runApply(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("aepsync apply: not implemented yet\n");
  return Promise.resolve(1);
}
