/**
 * Plan → Markdown for pull-request comments, job summaries and drift issues (docs/architecture.md,
 * "The Action"). Pure: the caller passes the commit, the limits and any hidden marker its protocol
 * needs (the Action's is in src/action/pr-marker.ts).
 */
import type { Change, Plan, PlanCounts, PlanNotice } from "../model/index.ts";
import { code, escapeMarkdown } from "./escape.ts";
import { COMMENT_MAX_LENGTH, fitPrefix, fitPrefixLines, join, limit } from "./markdown-layout.ts";
import { ownerSection } from "./markdown-owner.ts";
import { reviewPlan } from "./review.ts";

export interface MarkdownOptions {
  /** The commit the plan was made for, shown in the footer. */
  commit?: string;
  /** Never return more characters than this (default COMMENT_MAX_LENGTH). */
  maxLength?: number;
  /** Markdown (not escaped: the caller builds it) added when sections are cut: where to read the whole plan. */
  summaryPointer?: string;
  /** Placed first and kept whatever is cut (a hidden marker); the caller builds and escapes it. */
  marker?: string;
  title?: string;
  /** A line under the title ("superseded by …"). */
  note?: string;
}

const DEFAULT_POINTER =
  "The plan is too long for a comment: the full plan is in the job summary and in the JSON plan artifact.";

const impactText = {
  reingest: "re-ingests data: a new flow reads the source again from the start",
  "may-skip": "may skip data: the delta watermark is lost or the start time moves",
  stops: "stops ingestion: the flow is disabled or deleted",
  destroys: "destroys data: the dataset is deleted with every batch ingested into it",
} as const;

function countsTable(counts: PlanCounts): string {
  return [
    "| create | update | replace | delete | adopt | unchanged |",
    "|---:|---:|---:|---:|---:|---:|",
    `| ${counts.create} | ${counts.update} | ${counts.replace} | ${counts.delete} | ${counts.adopt} | ${counts.noop} |`,
  ].join("\n");
}

function titleOf(plan: Plan, explicit: string | undefined): string {
  if (explicit !== undefined) return `### ${escapeMarkdown(explicit)}`;
  const env = plan.environment === undefined ? "" : ` ${code(plan.environment)}`;
  return `### aepsync plan:${env} (sandbox ${code(plan.sandbox)})`;
}

function footerOf(plan: Plan, commit: string | undefined): string {
  const parts = [];
  if (commit !== undefined) parts.push(`commit ${code(commit)}`);
  parts.push(`plan digest ${code(plan.plan_digest)}`);
  parts.push(`namespace ${code(plan.namespace)}`);
  return `<sub>aepsync · ${parts.join(" · ")}</sub>`;
}

function dataImpactLines(changes: readonly Change[]): string[] {
  const lines: string[] = [];
  // Data loss first: it is what a reviewer must not miss.
  const ordered = [...changes].sort(
    (a, b) => Number(b.dataImpact === "destroys") - Number(a.dataImpact === "destroys"),
  );
  for (const change of ordered) {
    if (change.action === "noop" || change.dataImpact === "none") continue;
    const blocked =
      change.blocked !== undefined && change.dataImpact === "destroys"
        ? " (blocked: apply leaves it unless allow-data-loss is set)"
        : "";
    lines.push(`> - ${code(change.address)} (${change.action}): ${impactText[change.dataImpact]}${blocked}`);
  }
  return lines;
}

const noticeTitles: Record<PlanNotice["code"], string> = {
  unmanaged: "exists, not managed",
  forbidden: "forbidden change",
  "foreign-namespace": "owned by another namespace",
  orphan: "no longer declared",
  unresolved: "unresolved",
  retired: "retired",
  settling: "AEP is still working on it",
  unchecked: "not checked in this run",
  "data-loss": "data loss blocked",
};

const alertOf = { error: "CAUTION", warning: "WARNING", info: "NOTE" } as const;

function noticeItems(notices: readonly PlanNotice[]): string[] {
  const order = { error: 0, warning: 1, info: 2 } as const;
  return [...notices]
    .sort((a, b) => order[a.severity] - order[b.severity] || a.address.localeCompare(b.address))
    .map(
      (n) =>
        `> [!${alertOf[n.severity]}]\n> **${noticeTitles[n.code]}** ${code(n.address)}: ${escapeMarkdown(n.message)}`,
    );
}

function impactBlock(lines: readonly string[]): string | undefined {
  return lines.length === 0 ? undefined : ["> [!WARNING]", "> **Data impact**", ...lines].join("\n");
}

/**
 * The pull-request comment for a plan: marker, title, counts table, data-impact warnings and notices,
 * one `<details>` per manifest owner, footer. Never longer than `maxLength`: whole sections are cut
 * from the end, then notices, and a pointer line says where the full plan is.
 */
export function renderMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const maxLength = opts.maxLength ?? COMMENT_MAX_LENGTH;
  const marker = opts.marker;
  const title = titleOf(plan, opts.title);
  const note = opts.note === undefined ? undefined : escapeMarkdown(opts.note);
  const footer = footerOf(plan, opts.commit);
  const notices = noticeItems(plan.notices);

  if (!plan.changes.some((c) => c.action !== "noop")) {
    const upToDate = `**No changes.** ${plan.counts.noop} object${plan.counts.noop === 1 ? "" : "s"} up to date.`;
    return limit(join([marker, title, note, upToDate, ...notices, footer]), maxLength, marker);
  }

  const impact = dataImpactLines(plan.changes);
  const sections = reviewPlan(plan, false).map(ownerSection);
  const head = [marker, title, note, countsTable(plan.counts)];

  const full = join([...head, impactBlock(impact), ...notices, ...sections, footer]);
  if (full.length <= maxLength) return full;

  // Too long: warnings keep at most a quarter of the room each, the sections get the rest.
  const pointer = `> [!NOTE]\n> ${opts.summaryPointer ?? DEFAULT_POINTER}`;
  const room = maxLength - join([...head, pointer, footer]).length - 400;
  const keptImpact = fitPrefixLines(impact, room / 4);
  const impactLines = impact.slice(0, keptImpact);
  if (keptImpact < impact.length) {
    impactLines.push(
      `> - … and ${impact.length - keptImpact} more changes that move data (see the JSON plan)`,
    );
  }
  const keptNotices = fitPrefix(notices, room / 4);
  const shownNotices = notices.slice(0, keptNotices);
  if (keptNotices < notices.length) {
    shownNotices.push(`> [!NOTE]\n> ${notices.length - keptNotices} more notices are in the JSON plan.`);
  }
  const top = [...head, impactBlock(impactLines), ...shownNotices];
  const keptSections = fitPrefix(sections, maxLength - join([...top, pointer, footer]).length - 200);
  const cutLine = `_${sections.length - keptSections} of ${sections.length} sections are not shown._`;
  const body = join([...top, ...sections.slice(0, keptSections), cutLine, pointer, footer]);
  return limit(body, maxLength, marker);
}
