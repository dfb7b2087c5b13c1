import type { CliIO } from "../io.ts";

export function runValidate(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("aepsync validate: not implemented yet\n");
  return Promise.resolve(1);
}
