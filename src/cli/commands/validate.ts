import { parseArgs } from "node:util";
import { UsageError } from "../../errors.ts";
import { formatDiagnostic, loadManifests } from "../../manifest/index.ts";
import type { CliIO } from "../io.ts";

export const validateUsage = `Usage: aepsync validate [PATH…] [--format text|json]

Checks manifests offline: YAML, the JSON Schema (specs/manifest.schema.json), references,
connector catalog, schedules, mappings and aepsync.yaml. PATH is a file or folder
(default: pipelines/). Exit code 0 when valid (warnings allowed), 1 otherwise.

Options:
  --format text|json   output format (default: text)
  -h, --help           show this help`;

const formats = ["text", "json"] as const;

export async function runValidate(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "text" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(`${validateUsage}\n`);
    return 0;
  }
  const format = values.format;
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be text or json, not '${format}'`);
  }
  const paths = positionals.length > 0 ? positionals : ["pipelines/"];
  // Secret values are only measured (a secret too short to mask is a warning), never printed.
  const result = await loadManifests(paths, { cwd: io.cwd, secretValue: (name) => io.env[name] });
  if (format === "json") {
    const { errors, warnings, diagnostics } = result;
    io.stdout(`${JSON.stringify({ valid: errors === 0, errors, warnings, diagnostics }, null, 2)}\n`);
  } else {
    for (const d of result.diagnostics) io.stdout(`${formatDiagnostic(d)}\n`);
    const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
    const manifests = count(result.manifests.length, "manifest");
    io.stdout(
      `${count(result.errors, "error")}, ${count(result.warnings, "warning")} in ${count(result.files.length, "file")} (${manifests})\n`,
    );
  }
  return result.errors === 0 ? 0 : 1;
}
