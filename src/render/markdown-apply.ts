/** An apply's outcome → Markdown, for the comment posted back to a merged pull request. Pure. */
import type { ApplyOutcome, ChangeResult } from "../model/index.ts";
import { code, escapeMarkdown, preformatted } from "./escape.ts";
import { COMMENT_MAX_LENGTH, fitPrefix, join, limit } from "./markdown-layout.ts";
import { actionSymbols } from "./markdown-owner.ts";

export interface ApplyMarkdownOptions {
  /** The commit that was applied. */
  commit?: string;
  maxLength?: number;
  /** Markdown (not escaped) for the run that applied, e.g. a link to its log. */
  runLink?: string;
  /** A line under the title ("applied together with #12"). */
  note?: string;
  /** Placed first and kept whatever is cut (a hidden marker); the caller builds and escapes it. */
  marker?: string;
}

const statusTitles: Record<ChangeResult["status"], string> = {
  done: "done",
  failed: "failed",
  conflict: "changed since plan",
  skipped: "skipped",
  unchanged: "unchanged",
};

/** Past this, an AEP error message is cut (whole, escaped; the full one is in the job's log). */
const MAX_MESSAGE_LENGTH = 500;

function problemLines(outcome: ApplyOutcome): string[] {
  return outcome.results
    .filter((r) => r.status === "failed" || r.status === "conflict" || r.status === "skipped")
    .map((r) => {
      const message =
        r.message === undefined
          ? ""
          : `: ${escapeMarkdown(r.message.length <= MAX_MESSAGE_LENGTH ? r.message : `${r.message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`)}`;
      return `- ${code(r.address)} ${r.action}: **${statusTitles[r.status]}**${message}`;
    });
}

function doneBlock(done: readonly string[], budget: number): string | undefined {
  if (done.length === 0) return undefined;
  const keptDone = fitPrefix(done, budget);
  const lines = done.slice(0, keptDone);
  if (keptDone < done.length) lines.push(`… ${done.length - keptDone} more`);
  const block = `<details><summary>${done.length} change${done.length === 1 ? "" : "s"} applied</summary>\n\n${preformatted(lines.join("\n"))}\n\n</details>`;
  return block.length <= budget + 150 ? block : undefined;
}

/** The comment posted back to a merged pull request once its plan was applied (or failed to). */
export function renderApplyResultMarkdown(outcome: ApplyOutcome, opts: ApplyMarkdownOptions = {}): string {
  const maxLength = opts.maxLength ?? COMMENT_MAX_LENGTH;
  const plan = outcome.plan;
  const marker = opts.marker;
  const env = plan.environment === undefined ? "" : ` ${code(plan.environment)}`;
  const verdict = outcome.ok ? "✅ applied" : "❌ apply failed";
  const title = `### aepsync apply:${env} (sandbox ${code(plan.sandbox)}) ${verdict}`;
  const s = outcome.summary;
  const table = [
    "| done | failed | changed since plan | skipped | unchanged |",
    "|---:|---:|---:|---:|---:|",
    `| ${s.done} | ${s.failed} | ${s.conflict} | ${s.skipped} | ${s.unchanged} |`,
  ].join("\n");
  const problems = problemLines(outcome);
  // Preformatted: addresses and ids shown as they are, escaped.
  const done = outcome.results
    .filter((r) => r.status === "done")
    .map((r) => `${actionSymbols[r.action]} ${r.address}${r.id === undefined ? "" : ` (${r.id})`}`);
  const footerParts = [];
  if (opts.commit !== undefined) footerParts.push(`commit ${code(opts.commit)}`);
  footerParts.push(`plan digest ${code(plan.plan_digest)}`);
  if (opts.runLink !== undefined) footerParts.push(opts.runLink);
  const footer = `<sub>aepsync · ${footerParts.join(" · ")}</sub>`;
  const note = opts.note === undefined ? undefined : escapeMarkdown(opts.note);

  const fixed = join([marker, title, note, table, footer]).length;
  const keptProblems = fitPrefix(problems, Math.max(0, maxLength - fixed - 400));
  const shownProblems = problems.slice(0, keptProblems);
  if (keptProblems < problems.length) shownProblems.push(`- … ${problems.length - keptProblems} more`);
  const problemBlock = shownProblems.length === 0 ? undefined : shownProblems.join("\n");
  const before = join([marker, title, note, table, problemBlock, footer]).length;
  const doneText = doneBlock(done, maxLength - before - 200);
  return limit(join([marker, title, note, table, problemBlock, doneText, footer]), maxLength, marker);
}
