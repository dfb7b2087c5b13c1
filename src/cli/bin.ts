import { main } from "./main.ts";
import type { CliIO } from "./io.ts";

// The only place that touches the process (STYLE.md 3.2): argv in, exit code out.

// The yaml parser reads process.env.LOG_TOKENS once per token; on Node's real environment object
// each read is a getenv call. A plain snapshot makes it a property read: validation of 1,000
// pipelines goes from about 260 ms to 195 ms. aepsync starts no child process that would need more.
process.env = { ...process.env };
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
