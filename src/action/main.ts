import { SyncError } from "../errors.ts";
import type { Plan } from "../model/index.ts";
import { hasChanges } from "../model/index.ts";
import { runApplyMode } from "./apply-mode.ts";
import type { ActionContext } from "./context.ts";
import { readContext } from "./context.ts";
import { runDriftMode } from "./drift-mode.ts";
import type { ActionInputs, Command } from "./inputs.ts";
import { readInputs } from "./inputs.ts";
import type { ActionIO } from "./io.ts";
import { createCoreIO } from "./io.ts";
import { runPlanMode } from "./plan-mode.ts";
import { createScrubber, findSecretReferences, fixedSecretEnv } from "./secrets.ts";
import type { ActionDeps, Session, TargetReport } from "./session.ts";
import { annotate, createSession, diagnosticsOf } from "./session.ts";

export type { ActionDeps } from "./session.ts";
export type { ActionIO } from "./io.ts";

export type Mode = Exclude<Command, "auto">;

/** `command: auto` follows the event: a pull request plans, a push to the default branch or a manual run applies, a schedule checks drift. */
export function modeOf(command: Command, context: ActionContext): Mode {
  if (command !== "auto") return command;
  switch (context.eventName) {
    case "pull_request":
    case "pull_request_target":
      return "plan";
    case "push":
      return context.defaultBranch !== undefined && context.ref === `refs/heads/${context.defaultBranch}`
        ? "apply"
        : "plan";
    case "workflow_dispatch":
      return "apply";
    case "schedule":
      return "drift";
    default:
      return "plan";
  }
}

/**
 * Masks every secret before anything is logged: the AEP client secret, the fingerprint key, the
 * GitHub token, every `${secret:NAME}` of the manifests and the `secret-env` names.
 */
async function registerSecrets(io: ActionIO, inputs: ActionInputs): Promise<(text: string) => string> {
  const names = new Set<string>([...fixedSecretEnv, ...inputs.secretEnv]);
  for (const name of await findSecretReferences(io.cwd, inputs.paths)) names.add(name);
  const values: string[] = [];
  for (const name of names) {
    const value = io.env[name];
    if (value !== undefined && value !== "") values.push(value);
  }
  if (inputs.githubToken !== undefined) values.push(inputs.githubToken);
  for (const value of values) io.setSecret(value);
  return createScrubber(values);
}

interface OutputRecord {
  environment: string | null;
  sandbox: string;
  status: string;
  plan_digest: string | null;
  counts: Plan["counts"] | null;
  apply: TargetReport["apply"] | null;
  plan_file: string | null;
}

function setOutputs(session: Session, reports: readonly TargetReport[]): void {
  const { io, scrub } = session;
  const withPlans = reports.filter((r) => r.plan !== undefined);
  io.setOutput("has-changes", String(withPlans.some((r) => r.plan !== undefined && hasChanges(r.plan))));
  const digests = withPlans.map((r) => [r.target.environment ?? r.target.sandbox, r.plan?.plan_digest ?? ""]);
  io.setOutput(
    "plan-digest",
    digests.length === 1
      ? (digests[0]?.[1] ?? "")
      : digests.length === 0
        ? ""
        : JSON.stringify(Object.fromEntries(digests)),
  );
  io.setOutput(
    "plan-file",
    reports.flatMap((r) => (r.planFile === undefined ? [] : [r.planFile])).join("\n"),
  );
  const records: OutputRecord[] = reports.map((r) => ({
    environment: r.target.environment ?? null,
    sandbox: r.target.sandbox,
    status: r.status,
    plan_digest: r.plan?.plan_digest ?? null,
    counts: r.plan?.counts ?? null,
    apply: r.apply ?? null,
    plan_file: r.planFile ?? null,
  }));
  io.setOutput("summary", scrub(JSON.stringify(records)));
}

/** The Action: inputs → the same plan/apply functions as the CLI → comments, summary, outputs. */
export async function run(io: ActionIO = createCoreIO(), deps?: ActionDeps): Promise<void> {
  let scrub = (text: string): string => text;
  try {
    const inputs = readInputs(io);
    scrub = await registerSecrets(io, inputs);
    const context = await readContext(io.env);
    const session = createSession(
      io,
      deps ?? (await import("./deps.ts")).defaultDeps,
      inputs,
      context,
      scrub,
    );
    const mode = modeOf(inputs.command, context);
    session.log(`aepsync ${mode} (event ${context.eventName}, commit ${context.sha})`);
    const reports =
      mode === "plan"
        ? await runPlanMode(session)
        : mode === "apply"
          ? await runApplyMode(session)
          : await runDriftMode(session);
    setOutputs(session, reports);
    const failed = reports.filter((r) => r.failed);
    if (failed.length > 0) {
      io.setFailed(scrub(failed.map((r) => r.message ?? `${r.target.sandbox}: ${r.status}`).join("\n")));
    }
  } catch (error) {
    const diagnostics = diagnosticsOf(error);
    if (diagnostics !== undefined) {
      annotate({ io, scrub } as Session, diagnostics);
    }
    if (error instanceof SyncError && error.code !== "E_INTERNAL") {
      io.setFailed(scrub(error.message));
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      io.setFailed(scrub(`aepsync: internal error, this is a bug; please report it.\n${detail}`));
    }
  }
}
