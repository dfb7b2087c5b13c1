import { main } from "./main.ts";
import type { CliIO } from "./io.ts";

// The CLI's only contact with the process (docs/architecture.md, "Layout"): argv in, exit code out.

// The yaml parser reads process.env.LOG_TOKENS once per token; on Node's real environment object
// each read is a getenv call. A plain snapshot makes it a property read: validation of 1,000
// pipelines goes from about 260 ms to 195 ms. aepsync starts no child process that would need more.
process.env = { ...process.env };

const argv = process.argv.slice(2);
// These commands wait on io.interrupted and stop cleanly on the first Ctrl-C: apply lets its
// writes in flight settle, prints the summary and frees the sandbox lock; the emulator saves its
// state. Any other command has nothing to settle and stops at once.
const graceful = argv[0] === "apply" || argv[0] === "emulator";
let signals = 0;
let onInterrupt = (): void => undefined;
const interrupted = new Promise<void>((resolve) => (onInterrupt = resolve));
function onSignal(): void {
  signals += 1;
  // 130 is the shell's code for a command stopped by Ctrl-C (128 + SIGINT).
  if (signals > 1 || !graceful) process.exit(130);
  onInterrupt();
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

async function ask(question: string): Promise<string | undefined> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => {
    // On a terminal readline reads Ctrl-C itself: it declines and counts as the interrupt.
    rl.on("SIGINT", () => {
      process.stdout.write("\n");
      resolve(undefined);
      rl.close();
      onSignal();
    });
    rl.on("close", () => resolve(undefined));
    rl.question(question).then(
      (answer) => {
        resolve(answer);
        rl.close();
      },
      () => resolve(undefined),
    );
  });
}

const io: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  ...(process.stderr.columns !== undefined ? { columns: process.stderr.columns } : {}),
  ask,
  interrupted,
};
process.exitCode = await main(argv, io);
// Signal listeners must not keep a finished command alive.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
