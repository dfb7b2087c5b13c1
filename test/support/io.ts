import type { CliIO } from "../../src/cli/io.ts";

export interface CapturedIO extends CliIO {
  out(): string;
  err(): string;
}

/** A CliIO that records output, for driving commands in-process. */
export function captureIO(env: Record<string, string | undefined> = {}, cwd = process.cwd()): CapturedIO {
  let out = "";
  let err = "";
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    env,
    cwd,
    isTTY: false,
    interrupted: new Promise<void>(() => undefined),
    out: () => out,
    err: () => err,
  };
}
