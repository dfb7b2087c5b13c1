/**
 * `command: drift` (the scheduled check of drift.yml): plan every environment and keep ONE open issue,
 * labelled `drift-label`, while live state differs from Git; close it once it does not.
 */
import { code, COMMENT_MAX_LENGTH, escapeMarkdown } from "../render/index.ts";
import { planTarget, reportBody, SUMMARY_MAX_LENGTH } from "./plan-mode.ts";
import type { Session, TargetReport } from "./session.ts";
import { resolveTargets, targetLabel, writePlanFiles } from "./session.ts";

export const DRIFT_TITLE = "aepsync: live state has drifted from Git";

export async function runDriftMode(session: Session): Promise<TargetReport[]> {
  const targets = await resolveTargets(session);
  const annotated = { done: false };
  const reports: TargetReport[] = [];
  for (const target of targets) {
    session.log(`checking ${targetLabel(target)} for drift`);
    const report = await planTarget(session, target, annotated);
    if (report.status === "planned") report.status = "drifted";
    else if (report.status === "no-changes") report.status = "in-sync";
    // Without credentials drift cannot be checked: that is a failure here, not a fork's limitation.
    if (report.status === "no-credentials") report.failed = true;
    if (report.message !== undefined) session.io.error(session.scrub(report.message));
    reports.push(report);
  }
  await writePlanFiles(session, reports);

  const commit = session.context.sha;
  const drifted = reports.filter((r) => r.status === "drifted");
  const checked = reports.every((r) => r.status === "drifted" || r.status === "in-sync");
  const share = Math.floor((COMMENT_MAX_LENGTH - 1_000) / Math.max(1, drifted.length));
  const intro =
    `Live state in AEP differs from the manifests at commit ${code(commit)} ` +
    `in ${drifted.map((r) => escapeMarkdown(targetLabel(r.target))).join("; ")}. ` +
    "Apply the manifests (merge, or run the apply workflow) or change them to match; this issue closes itself " +
    "at the first check that finds no drift.";
  const body = [
    intro,
    ...drifted.map((r) => reportBody(session, r, commit, share, "comment")),
    session.runLink === undefined ? "" : `<sub>checked in the ${session.runLink}</sub>`,
  ]
    .filter((block) => block !== "")
    .join("\n\n");

  const github = session.github;
  if (github !== undefined) {
    const open = (await github.listOpenIssues(session.inputs.driftLabel)).filter(
      (issue) => issue.user?.login === session.inputs.commentAuthor,
    );
    if (drifted.length > 0) {
      const existing = open[0];
      if (existing === undefined) {
        const issue = await github.createIssue({
          title: DRIFT_TITLE,
          body: session.scrub(body),
          labels: [session.inputs.driftLabel],
        });
        session.log(`drift: opened issue #${issue.number}`);
      } else {
        await github.updateIssue(existing.number, { body: session.scrub(body) });
        session.log(`drift: updated issue #${existing.number}`);
      }
    } else if (checked) {
      for (const issue of open) {
        await github.createIssueComment(
          issue.number,
          `No drift at commit ${code(commit)}: live state matches Git again. Closing.`,
        );
        await github.updateIssue(issue.number, { state: "closed", state_reason: "completed" });
        session.log(`drift: closed issue #${issue.number}`);
      }
    }
  }

  const summaryShare = Math.floor(SUMMARY_MAX_LENGTH / Math.max(1, reports.length));
  const summary = reports.map((r) => reportBody(session, r, commit, summaryShare, "summary")).join("\n\n");
  try {
    await session.io.writeSummary(session.scrub(summary));
  } catch (error) {
    session.io.warning(
      `could not write the job summary: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return reports;
}
