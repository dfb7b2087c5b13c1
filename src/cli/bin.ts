import { main } from "./main.ts";
import type { CliIO } from "./io.ts";

// The only place that touches the process (STYLE.md 3.2): argv in, exit code out.
const interrupted = new Promise<void>((resolve) => {
  process.once("SIGINT", () => resolve());
  process.once("SIGTERM", () => resolve());
});
const io: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
  interrupted,
};
process.exitCode = await main(process.argv.slice(2), io);
// Signal listeners must not keep a finished command alive.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
