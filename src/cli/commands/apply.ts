import { parseArgs } from "node:util";
import { UsageError } from "../../errors.ts";
import { hasChanges } from "../../model/index.ts";
import { renderText } from "../../render/text.ts";
import { applyRun } from "../../engine/index.ts";
import type { ApplySettings } from "../../engine/index.ts";
import { ManifestError } from "../../engine/index.ts";
import type { CliIO } from "../io.ts";
import { readPlanFile, reportManifestError, runFlags, runSettings, useColor } from "./_common.ts";

export const applyUsage = `Usage: aepsync apply [PATH…] [--env NAME | --sandbox NAME] [--plan FILE] [--prune] [--adopt]
                     [--parallelism N] [--allow-protected] [--emulator]

Changes the sandbox to match the manifests. PATH defaults to pipelines/.
  --plan FILE           apply a saved plan (aepsync plan --out FILE); objects changed since are refused
  --parallelism N       concurrent changes (default 8)
  --allow-protected     required to apply to a protected environment's sandbox
  --env, --sandbox, --prune, --adopt, --emulator: as for plan
`;

export async function runApply(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...runFlags,
      plan: { type: "string" },
      parallelism: { type: "string" },
      "allow-protected": { type: "boolean" },
    },
  });
  if (values.help === true) {
    io.stdout(applyUsage);
    return 0;
  }
  const settings: ApplySettings = runSettings(values, positionals, io);
  if (values.parallelism !== undefined) {
    const n = Number(values.parallelism);
    if (!Number.isInteger(n) || n < 1 || n > 64)
      throw new UsageError("--parallelism must be an integer from 1 to 64");
    settings.parallelism = n;
  }
  if (values["allow-protected"] === true) settings.allowProtected = true;
  if (values.plan !== undefined) settings.plan = await readPlanFile(io, values.plan);
  const color = useColor(io);
  // The plan is shown before the first write, as Terraform does; progress follows on stderr.
  settings.onPlan = (plan) => io.stdout(renderText(plan, { color }));
  let outcome;
  try {
    outcome = await applyRun(settings);
  } catch (error) {
    if (error instanceof ManifestError) return reportManifestError(error, io);
    throw error;
  }
  if (!hasChanges(outcome.plan) && outcome.ok) return 0;
  const s = outcome.summary;
  io.stdout(
    `\nApply: ${s.done} done, ${s.failed} failed, ${s.conflict} refused (changed since plan), ${s.skipped} skipped, ${s.unchanged} unchanged.\n`,
  );
  for (const r of outcome.results)
    if (r.status === "failed" || r.status === "conflict")
      io.stderr(`✗ ${r.address}: ${r.message ?? r.status}\n`);
  const errors = outcome.plan.notices.filter((n) => n.severity === "error");
  if (errors.length > 0)
    io.stderr(
      `error: ${errors.length} change${errors.length === 1 ? "" : "s"} not attempted (see the notices above)\n`,
    );
  return outcome.ok ? 0 : 1;
}
