import { basename } from "node:path";
import { SyncError } from "../errors.ts";
import { hasChanges } from "../model/index.ts";
import { code, COMMENT_MAX_LENGTH, renderMarkdown } from "../render/index.ts";
import { errorBody, findPlanComment, invalidBody, noCredentialsBody, upsertPlanComment } from "./comments.ts";
import { buildPlanMarker } from "./pr-marker.ts";
import type { Session, Target, TargetReport } from "./session.ts";
import {
  annotate,
  diagnosticsOf,
  missingCredentials,
  resolveTargets,
  runSettings,
  targetLabel,
  writePlanFiles,
} from "./session.ts";

/** GitHub's limit for a step's job summary is 1 MiB. */
export const SUMMARY_MAX_LENGTH = 1_000_000;

/** Plans one target; never throws for what a person can fix (reported instead). */
export async function planTarget(
  session: Session,
  target: Target,
  annotated: { done: boolean },
): Promise<TargetReport> {
  try {
    // Pull-request plans and drift checks hold read-only credentials and no connector secrets
    // (README, "Security model"): a rotated secret is checked at apply.
    const outcome = await session.deps.planRun({ ...runSettings(session, target), secrets: "optional" });
    if (!annotated.done) annotate(session, outcome.diagnostics);
    annotated.done = true;
    const status = hasChanges(outcome.plan) ? "planned" : "no-changes";
    return { target, status, failed: false, plan: outcome.plan };
  } catch (error) {
    const diagnostics = diagnosticsOf(error);
    if (diagnostics !== undefined) {
      if (!annotated.done) annotate(session, diagnostics);
      annotated.done = true;
      return { target, status: "invalid", failed: true, message: messageOf(error), diagnostics };
    }
    const missing = missingCredentials(session.io.env);
    if (error instanceof SyncError && error.code === "E_CONFIG" && missing.length > 0) {
      return {
        target,
        status: "no-credentials",
        failed: false,
        message: `cannot plan ${targetLabel(target)} without credentials: ${missing.join(", ")} not set`,
      };
    }
    if (error instanceof SyncError && error.code !== "E_INTERNAL") {
      return { target, status: "error", failed: true, message: `${targetLabel(target)}: ${error.message}` };
    }
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function artifactPointer(session: Session, where: "comment" | "summary"): string {
  const artifact = `the JSON plan artifact (${code(basename(session.inputs.planFile))})`;
  if (where === "summary") return `The plan is too long to show whole: the full plan is in ${artifact}.`;
  const summary =
    session.runLink === undefined ? "the job summary" : `the job summary of the ${session.runLink}`;
  return `The plan is too long for a comment: the full plan is in ${summary} and in ${artifact}.`;
}

/** The comment (or summary section) for one report. */
export function reportBody(
  session: Session,
  report: TargetReport,
  head: string,
  maxLength: number,
  where: "comment" | "summary",
  note?: string,
): string {
  const { target } = report;
  if (report.plan !== undefined) {
    const options = {
      commit: head,
      maxLength,
      marker: buildPlanMarker(report.plan, head, maxLength),
      summaryPointer: artifactPointer(session, where),
      ...(note === undefined ? {} : { note }),
    };
    return renderMarkdown(report.plan, options);
  }
  if (report.status === "invalid")
    return invalidBody(target, head, report.diagnostics ?? [], session.runLink);
  if (report.status === "no-credentials") {
    const fromFork = session.context.pullRequest?.fromFork === true;
    return noCredentialsBody(target, head, missingCredentials(session.io.env), fromFork, session.runLink);
  }
  return errorBody(target, head, report.message ?? report.status, session.runLink);
}

async function commentOn(session: Session, pull: number, report: TargetReport, head: string): Promise<void> {
  const existing = await findPlanComment(session, pull, report.target.sandbox);
  let note: string | undefined;
  if (report.status === "no-changes" && existing?.marker.status === "changes") {
    note = `Superseded: an earlier commit of this pull request had changes; ${head.slice(0, 12)} has none.`;
  }
  const body = reportBody(session, report, head, COMMENT_MAX_LENGTH, "comment", note);
  // A pull request that never had a plan with changes gets no comment just to say "no changes".
  const result = await upsertPlanComment(
    session,
    pull,
    report.target.sandbox,
    body,
    report.status !== "no-changes",
  );
  session.log(`comment for ${targetLabel(report.target)} on #${pull}: ${result}`);
}

export async function runPlanMode(session: Session): Promise<TargetReport[]> {
  const targets = await resolveTargets(session);
  const pr = session.context.pullRequest;
  const head = pr?.headSha ?? session.context.sha;
  const annotated = { done: false };
  const reports: TargetReport[] = [];
  for (const target of targets) {
    const previous = reports.find((r) => r.status === "invalid");
    // Manifests are the same for every environment: one ManifestError is enough.
    if (previous !== undefined) {
      reports.push({ ...previous, target });
      continue;
    }
    session.log(`planning ${targetLabel(target)}`);
    const report = await planTarget(session, target, annotated);
    if (report.plan !== undefined) {
      const c = report.plan.counts;
      session.log(
        `${targetLabel(target)}: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete, ${c.adopt} to adopt, ${c.noop} unchanged`,
      );
    } else if (report.message !== undefined) {
      if (report.failed) session.io.error(session.scrub(report.message));
      else session.io.warning(session.scrub(report.message));
    }
    reports.push(report);
  }
  await writePlanFiles(session, reports);

  if (pr !== undefined && session.inputs.comment) {
    for (const report of reports) {
      try {
        await commentOn(session, pr.number, report, head);
      } catch (error) {
        // A fork's token is read-only: say so, but the plan (or the missing credentials) is the result.
        if (report.status === "no-credentials" || pr.fromFork) {
          session.io.warning(session.scrub(`could not comment on #${pr.number}: ${messageOf(error)}`));
        } else {
          throw error;
        }
      }
    }
  }

  const share = Math.floor(SUMMARY_MAX_LENGTH / Math.max(1, reports.length));
  const summary = reports.map((r) => reportBody(session, r, head, share, "summary")).join("\n\n");
  try {
    await session.io.writeSummary(session.scrub(summary));
  } catch (error) {
    session.io.warning(`could not write the job summary: ${messageOf(error)}`);
  }
  return reports;
}
