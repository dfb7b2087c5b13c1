import { parseArgs } from "node:util";
import { UsageError } from "../../errors.ts";
import { hasChanges } from "../../model/index.ts";
import { formatDuration, parseDuration } from "../../model/lock.ts";
import { renderText } from "../../render/text.ts";
import { ApplyCancelledError, applyRun, DEFAULT_LOCK_TIMEOUT_MS } from "../../engine/index.ts";
import type { ApplyOutcome, ApplySettings } from "../../engine/index.ts";
import { ManifestError } from "../../engine/index.ts";
import type { CliIO } from "../io.ts";
import { createProgress } from "../progress.ts";
import { readPlanFile, reportManifestError, runFlags, runSettings, useColor } from "./_common.ts";

export const applyUsage = `Usage: aepsync apply [PATH…] [--env NAME | --sandbox NAME] [--plan FILE] [--prune] [--adopt] [--allow-data-loss]
                     [--parallelism N] [--allow-protected] [--auto-approve] [--lock-timeout DURATION]
                     [--emulator]

Changes the sandbox to match the manifests. PATH defaults to pipelines/.
  --plan FILE           apply a saved plan (aepsync plan --out FILE); objects changed since are refused
  --parallelism N       concurrent changes (default 8)
  --allow-protected     required to apply to a protected environment's sandbox
  --auto-approve        do not ask before writing (apply asks only when stdin and stdout are terminals)
  --lock-timeout D      how long to wait while another apply holds the sandbox: 90s, 5m, 1h or seconds
                        (default ${formatDuration(DEFAULT_LOCK_TIMEOUT_MS)}; 0 fails at once)
  --env, --sandbox, --prune, --adopt, --allow-data-loss, --emulator: as for plan
Ctrl-C stops starting new writes, lets those in flight finish, prints the summary and exits 130;
a second Ctrl-C exits at once. Re-running apply finishes the job.
`;

/** The exit code of a command stopped by Ctrl-C. */
const INTERRUPTED_EXIT = 130;

export async function runApply(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...runFlags,
      plan: { type: "string" },
      parallelism: { type: "string" },
      "allow-protected": { type: "boolean" },
      "auto-approve": { type: "boolean" },
      "lock-timeout": { type: "string" },
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
  if (values["lock-timeout"] !== undefined) {
    const ms = parseDuration(values["lock-timeout"]);
    if (ms === undefined)
      throw new UsageError(
        `--lock-timeout '${values["lock-timeout"]}': give a duration such as 90s, 5m or 1h, or a number of seconds (at most 24h)`,
      );
    settings.lockTimeoutMs = ms;
  }
  if (values["allow-protected"] === true) settings.allowProtected = true;
  if (values.plan !== undefined) settings.plan = await readPlanFile(io, values.plan);

  const progress = createProgress({
    write: io.stderr,
    tty: io.stderrIsTTY === true,
    ...(io.columns !== undefined ? { columns: io.columns } : {}),
  });
  // The first Ctrl-C stops new writes; bin.ts exits at once on the second.
  const stop = new AbortController();
  let stopped = false;
  void io.interrupted.then(() => {
    stopped = true;
    progress.interrupted();
    progress.log(
      "Interrupted: no new write starts; waiting for the writes in flight (Ctrl-C again exits at once).",
    );
    stop.abort();
  });
  settings.signal = stop.signal;

  settings.log = (line) => progress.log(line);
  settings.onProgress = (result, done, total) => progress.onResult(result, done, total);
  const color = useColor(io);
  // The plan is shown before the first write, as Terraform does; progress follows on stderr.
  settings.onPlan = (plan) => {
    io.stdout(renderText(plan, { color }));
    progress.start();
  };
  // Asked only of a person at a terminal; a saved plan was the approval (as `terraform apply FILE`).
  const ask = io.ask;
  if (
    ask !== undefined &&
    io.stdinIsTTY === true &&
    io.isTTY &&
    values["auto-approve"] !== true &&
    values.plan === undefined
  )
    settings.confirm = async (plan) => {
      const answer = await ask(`\nApply these changes to sandbox ${plan.sandbox}? Only 'yes' is accepted: `);
      progress.start();
      return answer?.trim() === "yes";
    };

  let outcome: ApplyOutcome;
  try {
    outcome = await applyRun(settings);
  } catch (error) {
    progress.finish();
    if (stopped) {
      io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
      return INTERRUPTED_EXIT;
    }
    if (error instanceof ApplyCancelledError) {
      io.stderr("Apply cancelled: nothing was written.\n");
      return 1;
    }
    if (error instanceof ManifestError) return reportManifestError(error, io);
    throw error;
  }
  progress.finish();
  if (!hasChanges(outcome.plan) && outcome.ok && !stopped) return 0;
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
  if (stopped) {
    io.stderr("Interrupted: the changes not started were skipped; run apply again to finish.\n");
    return INTERRUPTED_EXIT;
  }
  if (outcome.interrupted === true)
    io.stderr(
      "error: the sandbox lock was lost mid-apply, so no new write started; run apply again to finish.\n",
    );
  return outcome.ok ? 0 : 1;
}
