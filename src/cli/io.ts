/** What a command may touch of the process: passed in, so tests drive commands without spawning. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** True when stdout is a terminal (colour and progress allowed). */
  readonly isTTY: boolean;
  /** True when stdin is a terminal: with isTTY, apply may ask before writing. */
  readonly stdinIsTTY?: boolean;
  /** True when stderr is a terminal: progress is one line that updates in place. */
  readonly stderrIsTTY?: boolean;
  /** Width of the stderr terminal, when known. */
  readonly columns?: number;
  /**
   * Asks a question on the terminal and resolves with the line typed, or undefined when stdin
   * ends or Ctrl-C is pressed (which also counts as the interrupt). Only called when stdin and
   * stdout are terminals.
   */
  readonly ask?: (question: string) => Promise<string | undefined>;
  /**
   * Resolves on the first Ctrl-C (SIGINT or SIGTERM) for the commands that stop cleanly (apply,
   * emulator); any other command, and a second Ctrl-C, exits at once with 130.
   */
  readonly interrupted: Promise<void>;
}

export type CommandFn = (argv: string[], io: CliIO) => Promise<number>;
