import { SyncError } from "../errors.ts";
import { hasChanges } from "../model/index.ts";
import type { Plan } from "../model/index.ts";
import type { ApplyOutcome, ApplySettings } from "../engine/index.ts";
import { COMMENT_MAX_LENGTH, escapeMarkdown, renderApplyResultMarkdown } from "../render/index.ts";
import { findApplyMarkers, findPlanComment, postComment, refusalBody } from "./comments.ts";
import type { PullRequest } from "./github.ts";
import { reportBody, SUMMARY_MAX_LENGTH } from "./plan-mode.ts";
import { formatApplyMarker } from "./pr-marker.ts";
import type { ApplyMarker } from "./pr-marker.ts";
import { checkReviewed, explainMismatches } from "./review.ts";
import type { ReviewedPlan } from "./review.ts";
import type { Session, Target, TargetReport } from "./session.ts";
import {
  annotate,
  diagnosticsOf,
  resolveTargets,
  runSettings,
  targetLabel,
  writePlanFiles,
} from "./session.ts";

/** How far back the check looks for merged pull requests whose apply has not succeeded yet. */
const MAX_EARLIER_PULLS = 20;

/** The pull request a pushed commit merged, when there is one. */
async function findMergedPull(session: Session): Promise<PullRequest | undefined> {
  const github = session.github;
  if (github === undefined || session.context.sha === "") return undefined;
  const pulls = (await github.listPullsForCommit(session.context.sha)).filter((p) => p.merged_at != null);
  const pick = pulls.find((p) => p.merge_commit_sha === session.context.sha) ?? pulls[0];
  // The listing can lag behind the merge; the pull request itself is authoritative.
  return pick === undefined ? undefined : github.getPull(pick.number);
}

interface Reviewed {
  reviewed: ReviewedPlan[];
  /** Why the merged pull request's own plan cannot be used. */
  problem?: string;
}

async function reviewedPlans(session: Session, merged: PullRequest, sandbox: string): Promise<Reviewed> {
  const own = await findPlanComment(session, merged.number, sandbox);
  if (own === undefined) {
    return { reviewed: [], problem: `#${merged.number} has no aepsync plan comment for sandbox ${sandbox}` };
  }
  if (own.marker.head !== merged.head.sha) {
    return {
      reviewed: [],
      problem:
        `the plan comment on #${merged.number} was made for commit ${own.marker.head ?? "(unknown)"}, but the pull ` +
        `request's final head is ${merged.head.sha}: its last push was never planned (wait for the plan before merging)`,
    };
  }
  if (own.marker.status === "invalid" || own.marker.status === "unavailable") {
    return {
      reviewed: [],
      problem: `the last plan of #${merged.number} could not be made (${own.marker.status})`,
    };
  }
  const reviewed: ReviewedPlan[] = [{ pull: merged.number, marker: own.marker }];
  const mergedAt = merged.merged_at ?? "";
  const earlier = (await session.github!.listRecentClosedPulls(merged.base.ref))
    .filter((p) => p.merged_at != null && p.number !== merged.number && p.merged_at < mergedAt)
    .sort((a, b) => ((a.merged_at ?? "") < (b.merged_at ?? "") ? 1 : -1))
    .slice(0, MAX_EARLIER_PULLS);
  for (const pull of earlier) {
    const applied = await findApplyMarkers(session, pull.number, sandbox);
    if (applied.some((m) => m.status === "success")) break;
    const plan = await findPlanComment(session, pull.number, sandbox);
    if (plan !== undefined && plan.marker.status === "changes" && plan.marker.head === pull.head.sha) {
      reviewed.push({ pull: pull.number, marker: plan.marker });
    }
  }
  return { reviewed };
}

function applySettings(session: Session, target: Target, plan?: Plan): ApplySettings {
  const settings: ApplySettings = {
    ...runSettings(session, target),
    parallelism: session.inputs.parallelism,
    allowProtected: session.inputs.allowProtected,
  };
  if (plan !== undefined) settings.plan = plan;
  return settings;
}

function applied(target: Target, outcome: ApplyOutcome): TargetReport {
  const s = outcome.summary;
  const message = `${targetLabel(target)}: ${s.done} done, ${s.failed} failed, ${s.conflict} changed since plan, ${s.skipped} skipped`;
  return {
    target,
    status: outcome.ok ? "applied" : "apply-failed",
    failed: !outcome.ok,
    message,
    plan: outcome.plan,
    apply: outcome.summary,
  };
}

async function applyTarget(
  session: Session,
  target: Target,
  merged: PullRequest | undefined,
  review: boolean,
): Promise<{ report: TargetReport; outcome?: ApplyOutcome; contributors: number[] }> {
  if (target.protected && !session.inputs.allowProtected) {
    const message = `${targetLabel(target)} is protected: set the input allow-protected: true to apply it`;
    return { report: { target, status: "skipped", failed: target.explicit, message }, contributors: [] };
  }
  if (!review) {
    const outcome = await session.deps.applyRun(applySettings(session, target));
    return {
      report: applied(target, outcome),
      outcome,
      contributors: merged === undefined ? [] : [merged.number],
    };
  }
  if (merged === undefined) {
    const message =
      `Refused: commit ${session.context.sha} is not the merge of a pull request, so there is no reviewed plan for ` +
      `${targetLabel(target)}; nothing was applied. Run the apply workflow by hand (workflow_dispatch) to apply without the check.`;
    return { report: { target, status: "refused", failed: true, message }, contributors: [] };
  }
  const { plan } = await session.deps.planRun(runSettings(session, target));
  if (!hasChanges(plan)) {
    return {
      report: {
        target,
        status: "no-changes",
        failed: false,
        plan,
        message: `${targetLabel(target)}: no changes`,
      },
      contributors: [],
    };
  }
  const { reviewed, problem } = await reviewedPlans(session, merged, target.sandbox);
  if (problem !== undefined) {
    const message = `Refused: ${problem}; nothing was applied to ${targetLabel(target)}. Run the apply workflow by hand (workflow_dispatch) to apply without the check.`;
    return { report: { target, status: "refused", failed: true, message, plan }, contributors: [] };
  }
  const check = checkReviewed(plan, reviewed);
  if (!check.ok) {
    const message = explainMismatches(
      plan,
      check,
      reviewed.map((r) => r.pull),
    );
    return { report: { target, status: "refused", failed: true, message, plan }, contributors: [] };
  }
  for (const { pull, address } of check.gone) {
    session.log(`${address} (reviewed in #${pull}) is no longer planned: already applied or undone`);
  }
  session.log(
    `${targetLabel(target)}: every change was reviewed (${check.contributors.map((n) => `#${n}`).join(", ")}); applying`,
  );
  // The checked plan object itself is applied: nothing that was not compared can slip in.
  const outcome = await session.deps.applyRun(applySettings(session, target, plan));
  return { report: applied(target, outcome), outcome, contributors: check.contributors };
}

function applyMarkerOf(outcome: ApplyOutcome, commit: string): ApplyMarker {
  const plan = outcome.plan;
  const marker: ApplyMarker = {
    sandbox: plan.sandbox,
    digest: plan.plan_digest,
    status: outcome.ok ? "success" : "failed",
    sha: commit,
  };
  if (plan.environment !== undefined) marker.environment = plan.environment;
  return marker;
}

export async function runApplyMode(session: Session): Promise<TargetReport[]> {
  const targets = await resolveTargets(session);
  const review = session.inputs.requireReviewedPlan && session.context.eventName !== "workflow_dispatch";
  if (review && session.github === undefined) {
    throw new SyncError("E_CONFIG", "require-reviewed-plan needs a GitHub token: set the github-token input");
  }
  const merged =
    session.context.eventName === "workflow_dispatch" ? undefined : await findMergedPull(session);
  if (merged !== undefined) session.log(`commit ${session.context.sha} merged #${merged.number}`);
  const reports: TargetReport[] = [];
  const summaries: string[] = [];
  for (const target of targets) {
    let result: Awaited<ReturnType<typeof applyTarget>>;
    try {
      result = await applyTarget(session, target, merged, review);
    } catch (error) {
      const diagnostics = diagnosticsOf(error);
      if (diagnostics !== undefined) {
        annotate(session, diagnostics);
        throw error;
      }
      if (!(error instanceof SyncError) || error.code === "E_INTERNAL") throw error;
      result = {
        report: {
          target,
          status: "error",
          failed: true,
          message: `${targetLabel(target)}: ${error.message}`,
        },
        contributors: [],
      };
    }
    const { report, outcome, contributors } = result;
    reports.push(report);
    if (report.message !== undefined) {
      if (report.failed) session.io.error(session.scrub(report.message));
      else if (report.status === "skipped") session.io.warning(session.scrub(report.message));
      else session.log(report.message);
    }

    const commit = session.context.sha;
    let body: string | undefined;
    if (outcome !== undefined) {
      body = renderApplyResultMarkdown(outcome, {
        commit,
        marker: formatApplyMarker(applyMarkerOf(outcome, commit)),
        // Room for the "applied together with" note.
        maxLength: COMMENT_MAX_LENGTH - 200,
        ...(session.runLink === undefined ? {} : { runLink: session.runLink }),
      });
    } else if (report.status === "refused" && report.message !== undefined) {
      body = refusalBody(target, commit, report.plan?.plan_digest ?? "", report.message, session.runLink);
    }
    summaries.push(
      body ??
        (report.plan !== undefined
          ? reportBody(session, report, commit, SUMMARY_MAX_LENGTH / targets.length, "summary")
          : `**${escapeMarkdown(targetLabel(target))}**: ${escapeMarkdown(report.message ?? report.status)}`),
    );
    if (body !== undefined && merged !== undefined && session.inputs.comment) {
      const pulls = new Set([merged.number, ...contributors]);
      for (const pull of pulls) {
        const note =
          pull === merged.number
            ? ""
            : `\n\n_Applied together with #${merged.number}, which merged after this one._`;
        await postComment(session, pull, body + note);
      }
    }
  }
  await writePlanFiles(session, reports);
  try {
    await session.io.writeSummary(session.scrub(summaries.join("\n\n")));
  } catch (error) {
    session.io.warning(
      `could not write the job summary: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return reports;
}
