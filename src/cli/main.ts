import { parseArgs } from "node:util";
import packageJson from "../../package.json" with { type: "json" };
import { SyncError } from "../errors.ts";
import type { CliIO, CommandFn } from "./io.ts";

export const usage = `Usage: aepsync <command> [options]

Commands:
  validate [PATH…]   check manifests (default PATH: pipelines/)
  plan [PATH…]       show what apply would change in a sandbox
  apply [PATH…]      change the sandbox to match the manifests
  emulator           run a local AEP emulator

Run 'aepsync <command> --help' for a command's options.`;

/** The version of package.json (bundled in at build time). */
export const version: string = packageJson.version;

// Commands are loaded on demand (each in its own chunk of the bundle, see scripts/build.ts) so that
// `aepsync --version` loads no command and `aepsync validate` never pays for the HTTP client.
const commands: Record<string, () => Promise<CommandFn>> = {
  validate: async () => (await import("./commands/validate.ts")).runValidate,
  plan: async () => (await import("./commands/plan.ts")).runPlan,
  apply: async () => (await import("./commands/apply.ts")).runApply,
  emulator: async () => (await import("./commands/emulator.ts")).runEmulator,
};

/** Runs one command line; returns the exit code (0 ok, 1 error, 2 changes present with --detailed-exitcode). */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout(`${usage}\n`);
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`aepsync ${version}\n`);
    return 0;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr(`aepsync: unknown command '${name}'\n\n${usage}\n`);
    return 1;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** Maps a thrown error to output and exit code once, at the top (STYLE.md 3.3). */
export function reportError(error: unknown, io: CliIO): number {
  if (error instanceof SyncError && error.code !== "E_INTERNAL") {
    io.stderr(`error: ${error.message}\n`);
    if (error.code === "E_USAGE") io.stderr(`Run 'aepsync --help' for usage.\n`);
    return 1;
  }
  if (isParseArgsError(error)) {
    io.stderr(`error: ${error.message}\nRun 'aepsync --help' for usage.\n`);
    return 1;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`aepsync: internal error, this is a bug; please report it with the details below.\n${detail}\n`);
  return 1;
}

function isParseArgsError(error: unknown): error is Error {
  if (!(error instanceof TypeError)) return false;
  const code: unknown = (error as unknown as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

export { parseArgs };
