import type { CliIO } from "../io.ts";

export function runPlan(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("aepsync plan: not implemented yet\n");
  return Promise.resolve(1);
}
