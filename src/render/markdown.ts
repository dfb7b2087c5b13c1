/**
 * Plan → Markdown for pull-request comments, job summaries and drift issues (DESIGN.md §7).
 * Pure: the caller passes the commit, the limits and, when it needs another form, the marker.
 */
import type { Action, Change, Plan, PlanCounts, PlanNotice } from "../model/index.ts";
import type { ApplyOutcome, ChangeResult } from "../model/index.ts";

/** GitHub's limit for an issue or pull-request comment body. */
export const COMMENT_MAX_LENGTH = 65_536;

/** Per-change digests in a marker are cut to this many hex characters (64 bits). */
export const MARKER_DIGEST_LENGTH = 16;

export type PlanMarkerStatus = "changes" | "empty" | "invalid" | "unavailable";

/** What the hidden marker of a plan comment carries; `changes` or `owners` when they fit (see formatPlanMarker). */
export interface PlanMarker {
  sandbox: string;
  environment?: string;
  namespace?: string;
  /** The commit the plan was made for (a pull request's head). */
  head?: string;
  /** plan_digest, empty when no plan could be made. */
  digest: string;
  status: PlanMarkerStatus;
  /** address → per-change digest (first MARKER_DIGEST_LENGTH hex characters), non-noop changes only. */
  changes?: Record<string, string>;
  /** owner → a digest over the owner's changes, when the per-change list is too long for a comment. */
  owners?: Record<string, string>;
}

export type ApplyMarkerStatus = "success" | "failed";

export interface ApplyMarker {
  sandbox: string;
  environment?: string;
  /** The commit that was applied. */
  sha?: string;
  digest: string;
  status: ApplyMarkerStatus;
}

export interface MarkdownOptions {
  /** The commit the plan was made for, shown in the footer and kept in the marker. */
  commit?: string;
  /** Never return more characters than this (default COMMENT_MAX_LENGTH). */
  maxLength?: number;
  /** Markdown (not escaped: the caller builds it) added when sections are cut: where to read the whole plan. */
  summaryPointer?: string;
  /** A ready marker (from formatPlanMarker); default: one built from the plan. */
  marker?: string;
  title?: string;
  /** A line under the title ("superseded by …"). */
  note?: string;
}

const PLAN_MARKER = "aepsync:plan";
const APPLY_MARKER = "aepsync:apply";
const DEFAULT_POINTER =
  "The plan is too long for a comment: the full plan is in the job summary and in the JSON plan artifact.";
// A change with a thousand mapping fields would otherwise fill the comment on its own.
const MAX_DIFF_LINES_PER_CHANGE = 60;
const MAX_VALUE_LENGTH = 200;

const actionSymbols: Record<Action, string> = {
  create: "+",
  update: "~",
  replace: "±",
  delete: "-",
  adopt: "↺",
  noop: "=",
};

const impactText = {
  reingest: "re-ingests data: a new flow reads the source again from the start",
  "may-skip": "may skip data: the delta watermark is lost or the start time moves",
  stops: "stops ingestion: the flow is disabled or deleted",
} as const;

// ---------------------------------------------------------------------------------------------
// Markers

/** Percent-encodes a marker value, keeping `/` and `@` readable; `,`, `:`, `=`, `>` and spaces never survive. */
function encodeMarkerValue(value: string): string {
  return encodeURIComponent(value).replace(/%2F/g, "/").replace(/%40/g, "@");
}

function decodeMarkerValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function encodeDigestList(entries: Record<string, string>): string {
  return Object.keys(entries)
    .sort()
    .map((key) => `${encodeMarkerValue(key)}:${encodeMarkerValue(entries[key] ?? "")}`)
    .join(",");
}

function decodeDigestList(text: string): Record<string, string> | undefined {
  const entries: Record<string, string> = Object.create(null) as Record<string, string>;
  if (text === "") return entries;
  for (const item of text.split(",")) {
    const colon = item.lastIndexOf(":");
    if (colon <= 0) return undefined;
    const key = decodeMarkerValue(item.slice(0, colon));
    const digest = decodeMarkerValue(item.slice(colon + 1));
    if (key === undefined || digest === undefined) return undefined;
    entries[key] = digest;
  }
  return entries;
}

/** The address → digest list a marker carries for a plan (non-noop changes). */
export function changeDigestsOf(plan: Plan): Record<string, string> {
  const entries: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const change of plan.changes) {
    if (change.action !== "noop") entries[change.address] = change.digest.slice(0, MARKER_DIGEST_LENGTH);
  }
  return entries;
}

/** `<!-- aepsync:plan sandbox=… head=… digest=… status=… changes=<address>:<digest>,… -->` */
export function formatPlanMarker(marker: PlanMarker): string {
  const fields: [string, string | undefined][] = [
    ["v", "1"],
    ["sandbox", marker.sandbox],
    ["env", marker.environment],
    ["ns", marker.namespace],
    ["head", marker.head],
    ["digest", marker.digest],
    ["status", marker.status],
  ];
  const parts = fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeMarkerValue(value)}`);
  if (marker.changes !== undefined) parts.push(`changes=${encodeDigestList(marker.changes)}`);
  if (marker.owners !== undefined) parts.push(`owners=${encodeDigestList(marker.owners)}`);
  return `<!-- ${PLAN_MARKER} ${parts.join(" ")} -->`;
}

export function formatApplyMarker(marker: ApplyMarker): string {
  const fields: [string, string | undefined][] = [
    ["v", "1"],
    ["sandbox", marker.sandbox],
    ["env", marker.environment],
    ["sha", marker.sha],
    ["digest", marker.digest],
    ["status", marker.status],
  ];
  const parts = fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeMarkerValue(value)}`);
  return `<!-- ${APPLY_MARKER} ${parts.join(" ")} -->`;
}

function readMarkerFields(body: string, name: string): Map<string, string> | undefined {
  const start = body.indexOf(`<!-- ${name} `);
  if (start < 0) return undefined;
  const end = body.indexOf("-->", start);
  if (end < 0) return undefined;
  const fields = new Map<string, string>();
  for (const part of body
    .slice(start + name.length + 6, end)
    .trim()
    .split(/\s+/)) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return fields.get("v") === "1" ? fields : undefined;
}

function readScalar(fields: Map<string, string>, key: string): string | undefined {
  const raw = fields.get(key);
  return raw === undefined ? undefined : decodeMarkerValue(raw);
}

const planStatuses: readonly string[] = [
  "changes",
  "empty",
  "invalid",
  "unavailable",
] satisfies PlanMarkerStatus[];

/** Reads the first plan marker of a comment body; undefined when there is none or it is malformed. */
export function parsePlanMarker(body: string): PlanMarker | undefined {
  const fields = readMarkerFields(body, PLAN_MARKER);
  if (fields === undefined) return undefined;
  const sandbox = readScalar(fields, "sandbox");
  const digest = readScalar(fields, "digest") ?? "";
  const status = readScalar(fields, "status");
  if (sandbox === undefined || sandbox === "" || status === undefined || !planStatuses.includes(status)) {
    return undefined;
  }
  const marker: PlanMarker = { sandbox, digest, status: status as PlanMarkerStatus };
  const environment = readScalar(fields, "env");
  const namespace = readScalar(fields, "ns");
  const head = readScalar(fields, "head");
  if (environment !== undefined) marker.environment = environment;
  if (namespace !== undefined) marker.namespace = namespace;
  if (head !== undefined) marker.head = head;
  for (const key of ["changes", "owners"] as const) {
    const raw = fields.get(key);
    if (raw === undefined) continue;
    const list = decodeDigestList(raw);
    if (list === undefined) return undefined;
    marker[key] = list;
  }
  return marker;
}

export function parseApplyMarker(body: string): ApplyMarker | undefined {
  const fields = readMarkerFields(body, APPLY_MARKER);
  if (fields === undefined) return undefined;
  const sandbox = readScalar(fields, "sandbox");
  const status = readScalar(fields, "status");
  if (sandbox === undefined || sandbox === "" || (status !== "success" && status !== "failed"))
    return undefined;
  const marker: ApplyMarker = { sandbox, digest: readScalar(fields, "digest") ?? "", status };
  const environment = readScalar(fields, "env");
  const sha = readScalar(fields, "sha");
  if (environment !== undefined) marker.environment = environment;
  if (sha !== undefined) marker.sha = sha;
  return marker;
}

/** The marker fields every plan comment carries, without digests of its changes. */
export function planMarkerBase(plan: Plan, head: string | undefined): PlanMarker {
  const base: PlanMarker = {
    sandbox: plan.sandbox,
    namespace: plan.namespace,
    digest: plan.plan_digest,
    status: plan.changes.some((c) => c.action !== "noop") ? "changes" : "empty",
  };
  if (plan.environment !== undefined) base.environment = plan.environment;
  if (head !== undefined) base.head = head;
  return base;
}

/** The marker renderMarkdown uses when none is given: per-change digests when they fit in half the limit. */
export function defaultPlanMarker(plan: Plan, commit: string | undefined, maxLength: number): string {
  const base = planMarkerBase(plan, commit);
  const full = formatPlanMarker({ ...base, changes: changeDigestsOf(plan) });
  return full.length <= maxLength / 2 ? full : formatPlanMarker(base);
}

// ---------------------------------------------------------------------------------------------
// Escaping

/** For text inside HTML elements (`<summary>`, table cells we build as HTML). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * For manifest or AEP values in Markdown text: HTML and Markdown punctuation are escaped, `@` cannot
 * mention anyone (a zero-width space follows it, as Renovate does), and a value stays on one line (a
 * newline would end a table row or a list item).
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .replace(/@/g, "@&#8203;")
    .replace(/\r?\n|\r/g, " ");
}

/** Inline code that shows any text as it is: `<code>` with HTML escaping (backticks cannot break it). */
function code(text: string): string {
  return `<code>${escapeHtml(text)
    .replace(/@/g, "&#64;")
    .replace(/\r?\n|\r/g, " ")}</code>`;
}

/** A fenced block whose fence is longer than any backtick run inside it (CommonMark §4.5). */
function fence(info: string, lines: string[]): string {
  const body = lines.join("\n");
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const marks = "`".repeat(Math.max(3, longest + 1));
  return `${marks}${info}\n${body}\n${marks}`;
}

function shorten(text: string, max = MAX_VALUE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function formatValue(value: unknown): string {
  if (value === undefined) return "(absent)";
  const json = JSON.stringify(value);
  return shorten(json);
}

// ---------------------------------------------------------------------------------------------
// Plan

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
  for (const change of changes) {
    if (change.action === "noop" || change.dataImpact === "none") continue;
    lines.push(`> - ${code(change.address)} (${change.action}): ${impactText[change.dataImpact]}`);
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

interface OwnerSection {
  owner: string;
  text: string;
}

const ownerKindOrder = ["Connection", "Schema", "Dataset", "Pipeline"];

function compareOwners(a: string, b: string): number {
  const rank = (owner: string): number => {
    const index = ownerKindOrder.indexOf(owner.split("/")[0] ?? "");
    return index < 0 ? ownerKindOrder.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function changeLines(change: Change): string[] {
  const header = `# ${change.address}: ${change.action}${change.reasons.length > 0 ? ` (${change.reasons.join("; ")})` : ""}`;
  const lines = [shorten(header.replace(/\r?\n|\r/g, " "), 300)];
  const diffLines: string[] = [];
  for (const field of change.diff) {
    const path = field.path === "" ? "/" : field.path;
    if (field.before !== undefined) diffLines.push(`- ${path}: ${formatValue(field.before)}`);
    if (field.after !== undefined) diffLines.push(`+ ${path}: ${formatValue(field.after)}`);
  }
  if (diffLines.length > MAX_DIFF_LINES_PER_CHANGE) {
    const hidden = diffLines.length - MAX_DIFF_LINES_PER_CHANGE;
    diffLines.length = MAX_DIFF_LINES_PER_CHANGE;
    diffLines.push(`# … ${hidden} more lines in the JSON plan`);
  }
  return [...lines, ...diffLines];
}

function ownerSections(changes: readonly Change[]): OwnerSection[] {
  const byOwner = new Map<string, Change[]>();
  for (const change of changes) {
    if (change.action === "noop") continue;
    const list = byOwner.get(change.owner) ?? [];
    list.push(change);
    byOwner.set(change.owner, list);
  }
  return [...byOwner.keys()].sort(compareOwners).map((owner) => {
    const list = byOwner.get(owner) ?? [];
    const count = (...actions: Action[]): number => list.filter((c) => actions.includes(c.action)).length;
    const tally = [
      `+${count("create")}`,
      `~${count("update")}`,
      `-${count("delete")}`,
      `±${count("replace")}`,
    ];
    const adopts = count("adopt");
    if (adopts > 0) tally.push(`↺${adopts}`);
    const impact = list.some((c) => c.dataImpact !== "none") ? " ⚠️" : "";
    const blocks = list.map((change) => changeLines(change));
    const text = [
      `<details><summary>${code(owner)} ${tally.join(" ")}${impact}</summary>`,
      "",
      fence(
        "diff",
        blocks.flatMap((lines, i) => (i === 0 ? lines : ["", ...lines])),
      ),
      "",
      "</details>",
    ].join("\n");
    return { owner, text };
  });
}

function join(blocks: readonly (string | undefined)[]): string {
  return blocks.filter((b): b is string => b !== undefined && b !== "").join("\n\n");
}

/** Keeps the longest prefix of `items` whose joined length fits `budget`. */
function fitPrefix(items: readonly string[], budget: number): number {
  let used = 0;
  let kept = 0;
  for (const item of items) {
    const cost = item.length + 2;
    if (used + cost > budget) break;
    used += cost;
    kept += 1;
  }
  return kept;
}

/**
 * The pull-request comment for a plan: marker, title, counts table, data-impact warnings and notices,
 * one `<details>` per manifest owner, footer. Never longer than `maxLength`: whole sections are cut
 * from the end, then notices, and a pointer line says where the full plan is.
 */
export function renderMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const maxLength = opts.maxLength ?? COMMENT_MAX_LENGTH;
  const marker = opts.marker ?? defaultPlanMarker(plan, opts.commit, maxLength);
  const title = titleOf(plan, opts.title);
  const note = opts.note === undefined ? undefined : escapeMarkdown(opts.note);
  const footer = footerOf(plan, opts.commit);
  const changed = plan.changes.filter((c) => c.action !== "noop");
  const notices = noticeItems(plan.notices);

  if (changed.length === 0) {
    const upToDate = `**No changes.** ${plan.counts.noop} object${plan.counts.noop === 1 ? "" : "s"} up to date.`;
    return limit(join([marker, title, note, upToDate, ...notices, footer]), maxLength, marker);
  }

  const impact = dataImpactLines(plan.changes);
  const impactBlock = (lines: string[]): string | undefined =>
    lines.length === 0 ? undefined : ["> [!WARNING]", "> **Data impact**", ...lines].join("\n");
  const sections = ownerSections(plan.changes).map((s) => s.text);
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

/** fitPrefix for lines joined by a single newline. */
function fitPrefixLines(lines: readonly string[], budget: number): number {
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    used += line.length + 1;
    kept += 1;
  }
  return kept;
}

/** Last resort when even the fixed parts do not fit: the marker survives, the rest is cut. */
function limit(body: string, maxLength: number, marker: string): string {
  if (body.length <= maxLength) return body;
  const tail = "\n\n_Cut: too long for a comment; see the job summary._";
  if (marker.length + tail.length > maxLength) return marker.slice(0, maxLength);
  return body.slice(0, maxLength - tail.length) + tail;
}

// ---------------------------------------------------------------------------------------------
// Apply result

export interface ApplyMarkdownOptions {
  /** The commit that was applied. */
  commit?: string;
  maxLength?: number;
  /** Markdown (not escaped) for the run that applied, e.g. a link to its log. */
  runLink?: string;
  /** A line under the title ("applied together with #12"). */
  note?: string;
}

const statusTitles: Record<ChangeResult["status"], string> = {
  done: "done",
  failed: "failed",
  conflict: "changed since plan",
  skipped: "skipped",
  unchanged: "unchanged",
};

/** The comment posted back to a merged pull request once its plan was applied (or failed to). */
export function renderApplyResultMarkdown(outcome: ApplyOutcome, opts: ApplyMarkdownOptions = {}): string {
  const maxLength = opts.maxLength ?? COMMENT_MAX_LENGTH;
  const plan = outcome.plan;
  const markerFields: ApplyMarker = {
    sandbox: plan.sandbox,
    digest: plan.plan_digest,
    status: outcome.ok ? "success" : "failed",
  };
  if (plan.environment !== undefined) markerFields.environment = plan.environment;
  if (opts.commit !== undefined) markerFields.sha = opts.commit;
  const marker = formatApplyMarker(markerFields);
  const env = plan.environment === undefined ? "" : ` ${code(plan.environment)}`;
  const verdict = outcome.ok ? "✅ applied" : "❌ apply failed";
  const title = `### aepsync apply:${env} (sandbox ${code(plan.sandbox)}) ${verdict}`;
  const s = outcome.summary;
  const table = [
    "| done | failed | changed since plan | skipped | unchanged |",
    "|---:|---:|---:|---:|---:|",
    `| ${s.done} | ${s.failed} | ${s.conflict} | ${s.skipped} | ${s.unchanged} |`,
  ].join("\n");
  const problems = outcome.results
    .filter((r) => r.status === "failed" || r.status === "conflict" || r.status === "skipped")
    .map(
      (r) =>
        `- ${code(r.address)} ${r.action}: **${statusTitles[r.status]}**${r.message === undefined ? "" : `: ${escapeMarkdown(shorten(r.message, 500))}`}`,
    );
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
  let doneBlock: string | undefined;
  if (done.length > 0) {
    const budget = maxLength - before - 200;
    const keptDone = fitPrefix(done, budget);
    const lines = done.slice(0, keptDone);
    if (keptDone < done.length) lines.push(`… ${done.length - keptDone} more`);
    const candidate = `<details><summary>${done.length} change${done.length === 1 ? "" : "s"} applied</summary>\n\n${fence("diff", lines)}\n\n</details>`;
    if (candidate.length <= budget + 150) doneBlock = candidate;
  }
  return limit(join([marker, title, note, table, problemBlock, doneBlock, footer]), maxLength, marker);
}
