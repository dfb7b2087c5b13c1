import { parseArgs } from "node:util";
import { UsageError } from "../../errors.ts";
import { DEFAULT_EXPORT_DIR, exportRun, ManifestError } from "../../engine/index.ts";
import type { ExportRunOutcome, ExportSettings } from "../../engine/index.ts";
import { checkSandboxName } from "../../engine/index.ts";
import type { CliIO } from "../io.ts";
import { reportManifestError } from "./_common.ts";

export const exportUsage = `Usage: aepsync export [--env NAME | --sandbox NAME] [--out DIR] [--flow ID…] [--force] [--emulator]

Writes manifests for the dataflows of a sandbox that this repository does not manage yet (built in
the AEP UI or with Adobe's API), so that 'aepsync plan --adopt' and 'apply --adopt' bring them under Git.
  --env NAME       an environment of aepsync.yaml (its sandbox)
  --sandbox NAME   a sandbox, overriding the environment's
  --out DIR        the folder to write (default ${DEFAULT_EXPORT_DIR}/)
  --flow ID        only this flow; repeat it, or give ids separated by commas
  --force          overwrite files that exist (otherwise nothing is written)
  --emulator       read the bundled AEP emulator (.aepsync/emulator-state.json)
Credentials: AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID (AEP_SANDBOX, AEP_SCOPES, AEP_PLATFORM_URL,
AEP_IMS_URL optional). Connection credentials are never read back: the command lists the variables to set.
`;

export async function runExport(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      env: { type: "string" },
      sandbox: { type: "string" },
      out: { type: "string" },
      flow: { type: "string", multiple: true },
      force: { type: "boolean" },
      emulator: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) {
    io.stdout(exportUsage);
    return 0;
  }
  const settings: ExportSettings = {
    cwd: io.cwd,
    env: io.env,
    emulator: values.emulator === true,
    force: values.force === true,
    log: (line) => io.stderr(`${line}\n`),
  };
  if (values.env !== undefined) settings.environment = values.env;
  if (values.sandbox !== undefined) {
    settings.sandbox = checkSandboxName(values.sandbox, "--sandbox");
  }
  if (values.out !== undefined) {
    if (values.out.trim() === "") throw new UsageError("--out needs a folder");
    settings.out = values.out;
  }
  if (values.flow !== undefined) {
    const ids = values.flow.flatMap((v) => v.split(",")).map((v) => v.trim());
    if (ids.some((id) => id === "")) throw new UsageError("--flow needs a flow id");
    settings.flows = ids;
  }
  let outcome: ExportRunOutcome;
  try {
    outcome = await exportRun(settings);
  } catch (error) {
    if (error instanceof ManifestError) return reportManifestError(error, io);
    throw error;
  }
  report(outcome, values, io);
  return 0;
}

function report(outcome: ExportRunOutcome, values: { env?: string | undefined }, io: CliIO): void {
  const { result } = outcome;
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  const managed =
    result.managedFlows > 0
      ? ` (${result.managedFlows} flow${result.managedFlows === 1 ? " is" : "s are"} managed by namespace '${outcome.namespace}' already)`
      : "";
  const count = result.pipelines.length;
  if (count === 0) {
    io.stdout(`No dataflow to export from sandbox '${outcome.sandbox}'${managed}.\n`);
    return;
  }
  const lines = [
    `Exported ${count} pipeline${count === 1 ? "" : "s"} from sandbox '${outcome.sandbox}' into ${outcome.outDir}/${managed}:`,
    ...outcome.written.map((file) => `  ${file}`),
  ];
  if (result.variables.length > 0) {
    const width = Math.max(...result.variables.map((v) => v.name.length));
    lines.push(
      "",
      "Set these variables before plan and apply: AEP never returns credentials, so adopting a connection sends them again.",
      ...result.variables.map((v) => {
        const shown = v.shown === undefined ? "" : `  AEP shows: ${v.shown}`;
        return `  ${v.name.padEnd(width)}  ${v.scheme.padEnd(6)}  Connection/${v.connection} ${v.param}${shown}`;
      }),
    );
  }
  const target = values.env !== undefined ? `--env ${values.env}` : `--sandbox ${outcome.sandbox}`;
  // plan and apply read pipelines/ by default; another folder is named.
  const paths = /^pipelines(\/|$)/.test(outcome.outDir) ? "" : ` ${outcome.outDir}`;
  lines.push(
    "",
    "Next:",
    `  aepsync validate ${outcome.outDir}`,
    `  aepsync plan${paths} ${target} --adopt     (only adoptions: markers written, credentials sent again)`,
    `  aepsync apply${paths} ${target} --adopt`,
  );
  io.stdout(`${lines.join("\n")}\n`);
}
