import { parseArgs } from "node:util";
import packageJson from "../../package.json" with { type: "json" };
import { SyncError } from "../errors.ts";
// suggest.ts directly, not schema/index.ts: that would load ajv and the compiled schemas for every command.
import { findClosest } from "../schema/suggest.ts";
import type { CliIO, CommandFn } from "./io.ts";

export const usage = `Usage: aepsync <command> [options]

Commands:
  init               write aepsync.yaml, an example pipeline and the GitHub workflows
  validate [PATH…]   check manifests (default PATH: pipelines/)
  plan [PATH…]       show what apply would change in a sandbox
  apply [PATH…]      change the sandbox to match the manifests
  export             write manifests for a sandbox's dataflows not managed yet
  emulator           run a local AEP emulator

Run 'aepsync <command> --help' for a command's options.`;

/** The version of package.json (bundled in at build time). */
export const version: string = packageJson.version;

interface Command {
  run: CommandFn;
  /** The command's --help text, also printed after a usage error; its flags are the "did you mean" candidates. */
  help: string;
}

// Commands are loaded on demand (each in its own chunk of the bundle, see scripts/build.ts) so that
// `aepsync --version` loads no command and `aepsync validate` never pays for the HTTP client.
const commands: Record<string, () => Promise<Command>> = {
  init: async () => {
    const m = await import("./commands/init.ts");
    return { run: m.runInit, help: m.initUsage };
  },
  validate: async () => {
    const m = await import("./commands/validate.ts");
    return { run: m.runValidate, help: m.validateUsage };
  },
  plan: async () => {
    const m = await import("./commands/plan.ts");
    return { run: m.runPlan, help: m.planUsage };
  },
  apply: async () => {
    const m = await import("./commands/apply.ts");
    return { run: m.runApply, help: m.applyUsage };
  },
  export: async () => {
    const m = await import("./commands/export.ts");
    return { run: m.runExport, help: m.exportUsage };
  },
  emulator: async () => {
    const m = await import("./commands/emulator.ts");
    return { run: m.runEmulator, help: m.emulatorUsage };
  },
};

/** Runs one command line; returns the exit code (0 ok, 1 error, 2 changes present with --detailed-exitcode). */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    io.stdout(`${usage}\n`);
    return name === undefined ? 1 : 0;
  }
  if (name === "help") return printHelp(rest[0], io);
  if (name === "--version" || name === "-v") {
    io.stdout(`aepsync ${version}\n`);
    return 0;
  }
  const load = commands[name];
  if (load === undefined) {
    const hint = suggest(name, Object.keys(commands));
    io.stderr(`aepsync: unknown command '${name}'${hint}\n\n${usage}\n`);
    return 1;
  }
  let command: Command | undefined;
  try {
    command = await load();
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io, command?.help);
  }
}

async function printHelp(name: string | undefined, io: CliIO): Promise<number> {
  const load = name === undefined ? undefined : commands[name];
  if (name === undefined) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if (load === undefined) {
    io.stderr(`aepsync: unknown command '${name}'${suggest(name, Object.keys(commands))}\n\n${usage}\n`);
    return 1;
  }
  io.stdout(withNewline((await load()).help));
  return 0;
}

/**
 * Maps a thrown error to output and exit code once, at the top. A usage error (a bad
 * flag or value) is followed by the help of the command it was given to, when known.
 */
export function reportError(error: unknown, io: CliIO, help?: string): number {
  const usageMessage = isParseArgsError(error)
    ? describeParseArgsError(error, help)
    : error instanceof SyncError && error.code === "E_USAGE"
      ? error.message
      : undefined;
  if (usageMessage !== undefined) {
    io.stderr(`error: ${usageMessage}\n`);
    io.stderr(help === undefined ? "Run 'aepsync --help' for usage.\n" : `\n${withNewline(help)}`);
    return 1;
  }
  if (error instanceof SyncError && error.code !== "E_INTERNAL") {
    io.stderr(`error: ${error.message}\n`);
    return 1;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`aepsync: internal error, this is a bug; please report it with the details below.\n${detail}\n`);
  return 1;
}

/** Node's parseArgs messages, said the way the rest of aepsync says things, with the likely flag meant. */
export function describeParseArgsError(error: Error & { code: string }, help = ""): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const option = quoted ?? error.message;
      return `unknown option '${option}'${suggest(option, flagsOf(help))}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const option = quoted?.split(" ")[0];
      if (option === undefined) return error.message;
      return /does not take an argument/.test(error.message)
        ? `${option} takes no value`
        : `${option} needs a value`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument '${quoted ?? ""}': this command takes no paths or other arguments`;
    default:
      return error.message;
  }
}

/** Every `--flag` that a help text documents. */
function flagsOf(help: string): string[] {
  return [...new Set(help.match(/(?<![\w-])--[a-z][a-z0-9-]*/g) ?? [])];
}

function suggest(word: string, candidates: readonly string[]): string {
  const closest = findClosest(word, candidates);
  return closest === undefined ? "" : ` (did you mean '${closest}'?)`;
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof TypeError)) return false;
  const code: unknown = (error as unknown as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

export { parseArgs };
