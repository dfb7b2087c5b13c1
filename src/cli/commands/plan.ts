import { parseArgs } from "node:util";
import { UsageError } from "../../errors.ts";
import { hasChanges } from "../../model/index.ts";
import { checkCommandLinePath } from "../../manifest/index.ts";
import { renderJson, renderText } from "../../render/text.ts";
import { planRun } from "../../engine/index.ts";
import { ManifestError } from "../../engine/index.ts";
import type { CliIO } from "../io.ts";
import { reportManifestError, runFlags, runSettings, useColor, writePlanFile } from "./_common.ts";

export const planUsage = `Usage: aepsync plan [PATH…] [--env NAME | --sandbox NAME] [--out FILE] [--format text|markdown|json]
                    [--detailed-exitcode] [--prune] [--adopt] [--allow-data-loss] [--emulator]

Shows what apply would change in the sandbox. PATH defaults to pipelines/.
  --env NAME            an environment of aepsync.yaml (its sandbox and variables)
  --sandbox NAME        a sandbox, overriding the environment's
  --out FILE            also write the JSON plan (for 'aepsync apply --plan FILE')
  --format FORMAT       text (default), markdown (the PR comment) or json
  --detailed-exitcode   exit 2 when there are changes (0 none, 1 error)
  --prune               plan deletes of managed objects no longer declared
  --adopt               take over unmanaged objects with the same names
  --allow-data-loss     plan deletes that destroy ingested data (a dataset and its batches);
                        without it they are planned as blocked
  --emulator            run against the bundled AEP emulator (.aepsync/emulator-state.json)
Credentials: AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID, AEPSYNC_FINGERPRINT_KEY (AEP_SANDBOX, AEP_SCOPES,
AEP_PLATFORM_URL, AEP_IMS_URL optional).
`;

export async function runPlan(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...runFlags,
      out: { type: "string" },
      format: { type: "string", default: "text" },
      "detailed-exitcode": { type: "boolean" },
    },
  });
  if (values.help === true) {
    io.stdout(planUsage);
    return 0;
  }
  const format = values.format;
  if (format !== "text" && format !== "markdown" && format !== "json")
    throw new UsageError(`--format must be text, markdown or json, not '${format}'`);
  // Checked before planning, so that a refused --out costs no AEP call.
  if (values.out !== undefined) checkCommandLinePath("--out", values.out, io.cwd);
  const settings = runSettings(values, positionals, io);
  let outcome;
  try {
    outcome = await planRun(settings);
  } catch (error) {
    if (error instanceof ManifestError) return reportManifestError(error, io);
    throw error;
  }
  const { plan } = outcome;
  for (const d of outcome.diagnostics) io.stderr(`${d.file}:${d.line}:${d.column}: warning: ${d.message}\n`);
  if (format === "json") io.stdout(renderJson(plan));
  else if (format === "markdown") {
    const { renderMarkdown } = await import("../../render/markdown.ts");
    io.stdout(`${renderMarkdown(plan, {})}\n`);
  } else io.stdout(renderText(plan, { color: useColor(io) }));
  if (values.out !== undefined) {
    await writePlanFile(io, values.out, renderJson(plan));
    io.stderr(`Saved the plan to ${values.out}; apply it with: aepsync apply --plan ${values.out}\n`);
  }
  const errors = plan.notices.filter((n) => n.severity === "error");
  if (errors.length > 0) {
    io.stderr(
      `error: ${errors.length} change${errors.length === 1 ? "" : "s"} AEP forbids; change the manifests as the notices say\n`,
    );
    return 1;
  }
  return values["detailed-exitcode"] === true && hasChanges(plan) ? 2 : 0;
}
