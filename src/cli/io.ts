/** What a command may touch of the process: passed in, so tests drive commands without spawning. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** True when stdout is a terminal (colour and progress allowed). */
  readonly isTTY: boolean;
  /** Resolves when the user asks to stop (Ctrl-C); long-running commands (emulator) wait on it. */
  readonly interrupted: Promise<void>;
}

export type CommandFn = (argv: string[], io: CliIO) => Promise<number>;
