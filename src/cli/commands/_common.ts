import { readFile, writeFile } from "node:fs/promises";
import { ConfigError } from "../../errors.ts";
import type { Plan } from "../../model/index.ts";
import type { RunSettings } from "../../engine/index.ts";
import type { ManifestError } from "../../engine/index.ts";
import { checkCommandLinePath, escapeUnsafeCharacters } from "../../manifest/index.ts";
import { checkSandboxName } from "../../engine/index.ts";
import type { CliIO } from "../io.ts";

/** Flags plan and apply share (README, "Commands"). */
export const runFlags = {
  env: { type: "string" },
  sandbox: { type: "string" },
  prune: { type: "boolean" },
  adopt: { type: "boolean" },
  "allow-data-loss": { type: "boolean" },
  emulator: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function runSettings(
  values: {
    env?: string | undefined;
    sandbox?: string | undefined;
    prune?: boolean | undefined;
    adopt?: boolean | undefined;
    "allow-data-loss"?: boolean | undefined;
    emulator?: boolean | undefined;
  },
  positionals: string[],
  io: CliIO,
): RunSettings {
  const settings: RunSettings = {
    paths: positionals.length > 0 ? positionals : ["pipelines"],
    cwd: io.cwd,
    env: io.env,
    prune: values.prune === true,
    adopt: values.adopt === true,
    allowDataLoss: values["allow-data-loss"] === true,
    emulator: values.emulator === true,
    log: (line) => io.stderr(`${line}\n`),
  };
  if (values.env !== undefined) settings.environment = values.env;
  if (values.sandbox !== undefined) {
    settings.sandbox = checkSandboxName(values.sandbox, "--sandbox");
  }
  return settings;
}

export function useColor(io: CliIO): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.isTTY;
}

/** Prints manifest diagnostics the way `validate` does; returns exit code 1. */
export function reportManifestError(error: ManifestError, io: CliIO): number {
  for (const d of error.diagnostics) {
    const line = `${d.file}:${d.line}:${d.column} ${d.pointer || "/"}: ${d.severity}: ${d.message} [${d.rule}]`;
    io.stderr(`${escapeUnsafeCharacters(line)}\n`);
  }
  io.stderr(`error: ${error.message}\n`);
  return 1;
}

/** Writes `plan --out FILE`: only inside the working directory or the repository (symlinks followed). */
export async function writePlanFile(io: CliIO, file: string, text: string): Promise<void> {
  await writeFile(checkCommandLinePath("--out", file, io.cwd), text, { mode: 0o644 });
}

/** Reads `apply --plan FILE`, checked like --out before anything is read; never quotes its content. */
export async function readPlanFile(io: CliIO, file: string): Promise<Plan> {
  const path = checkCommandLinePath("--plan", file, io.cwd);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(
      `cannot read the plan file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch {
    throw new ConfigError(
      `${file} is not a plan file (not JSON); make one with 'aepsync plan --out ${file}'`,
    );
  }
  if (
    typeof plan !== "object" ||
    plan === null ||
    !Array.isArray((plan as Plan).changes) ||
    typeof (plan as Plan).plan_digest !== "string"
  )
    throw new ConfigError(`${file} is not an aepsync plan file; make one with 'aepsync plan --out ${file}'`);
  return plan as Plan;
}
