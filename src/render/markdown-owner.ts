/**
 * One manifest's section of a Markdown plan: a collapsible `<details>` with what a reviewer checks
 * (the manifest as it reads, or its fields before and after, and the mapping rows), and the AEP-level
 * fields and JSON Patch behind a nested `<details>`. Values are escaped (escape.ts).
 */
import { isRef } from "../model/index.ts";
import type { Action, Change, PatchOp } from "../model/index.ts";
import { code, escapeMarkdown, preformatted } from "./escape.ts";
import type { OwnerReview, Row } from "./review.ts";
import type { MappingEdit, MappingRow } from "./values.ts";
import { isObject, mappingSummary } from "./values.ts";

/** Past this many rows a table points to the JSON plan (whole rows are left out, never part of one). */
export const MAX_TABLE_ROWS = 300;
// A change with a thousand mapping fields would otherwise fill the comment on its own.
const MAX_API_LINES_PER_CHANGE = 60;

export const actionSymbols: Record<Action, string> = {
  create: "+",
  update: "~",
  replace: "±",
  delete: "-",
  adopt: "↺",
  noop: "=",
};

function cell(text: string | undefined, prose: boolean): string {
  if (text === undefined) return "—";
  return prose ? escapeMarkdown(text) : code(text);
}

function table(header: string[], rows: string[][], what: string): string {
  const shown = rows.slice(0, MAX_TABLE_ROWS).map((r) => `| ${r.join(" | ")} |`);
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...shown];
  if (rows.length > MAX_TABLE_ROWS) {
    lines.push("", `_${rows.length - MAX_TABLE_ROWS} more ${what} are in the JSON plan._`);
  }
  return lines.join("\n");
}

function fromCell(row: MappingRow): string {
  return `${code(row.from)}${row.expression ? " (expression)" : ""}`;
}

function mappingTable(rows: readonly MappingRow[]): string {
  const body = rows.map((r) => [fromCell(r), code(r.to)]);
  const title = `**mapping**: ${rows.length} row${rows.length === 1 ? "" : "s"}`;
  return `${title}\n\n${table(["source or expression", "destination"], body, "mapping rows")}`;
}

function mappingEditTable(edits: readonly MappingEdit[]): string {
  const body = edits.map((e) => {
    const from = e.was === undefined ? fromCell(e.row) : `${fromCell(e.row)}<br>was ${fromCell(e.was)}`;
    return [e.kind, from, code(e.row.to)];
  });
  const table_ = table(["", "source or expression", "destination"], body, "mapping rows");
  return `**mapping**: ${mappingSummary(edits)}\n\n${table_}`;
}

function manifestTable(rows: readonly Row[]): string | undefined {
  if (rows.length === 0) return undefined;
  return table(
    ["field", "value"],
    rows.map((r) => [escapeMarkdown(r.label), cell(r.after, r.prose)]),
    "fields",
  );
}

function changesTable(rows: readonly Row[]): string | undefined {
  if (rows.length === 0) return undefined;
  return table(
    ["field", "before", "after"],
    rows.map((r) => [escapeMarkdown(r.label), cell(r.before, r.prose), cell(r.after, r.prose)]),
    "fields",
  );
}

function changeItem(change: Change): string {
  const id = change.id === undefined ? "" : ` (${code(change.id)})`;
  const reasons = change.action === "create" ? [] : change.reasons;
  const why = reasons.length === 0 ? "" : `: ${escapeMarkdown(reasons.join("; "))}`;
  const blocked = change.blocked === undefined ? "" : ` — **blocked**: ${escapeMarkdown(change.blocked)}`;
  return `- **${change.action}** ${code(change.address)}${id}${why}${blocked}`;
}

/** JSON in one line, references as `<address>`. */
function json(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      isRef(v) ? `<${v.$ref}${v.field === "version" ? "#version" : ""}>` : v,
    ) ?? "(absent)"
  );
}

/** `+ /path: value`, a list of objects one entry per line (a mapping row is never split). */
function valueLines(mark: string, path: string, value: unknown): string[] {
  if (Array.isArray(value) && value.some((v) => isObject(v) || Array.isArray(v))) {
    return value.map((v, i) => `${mark} ${path}/${i}: ${json(v)}`);
  }
  return [`${mark} ${path}: ${json(value)}`];
}

function opLines(op: PatchOp): string[] {
  if (Array.isArray(op.value) && op.value.some((v) => isObject(v))) {
    return [`#   ${op.op} ${op.path}:`, ...op.value.map((v, i) => `#     [${i}] ${json(v)}`)];
  }
  return [`#   ${op.op} ${op.path}${op.value === undefined ? "" : ` ${json(op.value)}`}`];
}

/** The API-level view of a change: its comparable fields as AEP names them, and the JSON Patch sent. */
function apiLines(change: Change): string[] {
  const reasons = change.reasons.length > 0 ? ` (${change.reasons.join("; ")})` : "";
  const header = `# ${change.address}: ${change.action}${reasons}`.replace(/\r\n|\r|\n/g, " ");
  const lines: string[] = [];
  for (const field of change.diff) {
    const path = field.path === "" ? "/" : field.path;
    if (field.before !== undefined) lines.push(...valueLines("-", path, field.before));
    if (field.after !== undefined) lines.push(...valueLines("+", path, field.after));
  }
  if (change.ops !== undefined && change.ops.length > 0) {
    lines.push("# JSON Patch:", ...change.ops.flatMap(opLines));
  }
  if (lines.length > MAX_API_LINES_PER_CHANGE) {
    const hidden = lines.length - MAX_API_LINES_PER_CHANGE;
    lines.length = MAX_API_LINES_PER_CHANGE;
    lines.push(`# … ${hidden} more lines in the JSON plan`);
  }
  return [header, ...lines];
}

function tally(changes: readonly Change[]): string {
  const count = (action: Action): number => changes.filter((c) => c.action === action).length;
  const parts = [`+${count("create")}`, `~${count("update")}`, `-${count("delete")}`, `±${count("replace")}`];
  if (count("adopt") > 0) parts.push(`↺${count("adopt")}`);
  const impact = changes.some((c) => c.dataImpact !== "none") ? " ⚠️" : "";
  return `${parts.join(" ")}${impact}`;
}

/** The `<details>` section of one manifest owner (non-noop changes only). */
export function ownerSection(review: OwnerReview): string {
  const changes = review.changes.filter((c) => c.action !== "noop");
  const blocks: (string | undefined)[] = [];
  if (review.created) {
    blocks.push(manifestTable(review.manifest));
    if (review.mapping !== undefined) blocks.push(mappingTable(review.mapping));
    blocks.push(changes.map(changeItem).join("\n"));
  } else {
    blocks.push(changes.map(changeItem).join("\n"));
    blocks.push(changesTable(review.reviews.flatMap((r) => r.rows)));
    for (const r of review.reviews) if (r.mapping !== undefined) blocks.push(mappingEditTable(r.mapping));
  }
  const api = changes.map(apiLines);
  blocks.push(
    [
      "<details><summary>AEP fields and JSON Patch</summary>",
      "",
      preformatted(api.flatMap((lines, i) => (i === 0 ? lines : ["", ...lines])).join("\n")),
      "",
      "</details>",
    ].join("\n"),
  );
  return [
    `<details><summary>${code(review.owner)} ${tally(changes)}</summary>`,
    ...blocks.filter((b): b is string => b !== undefined && b !== "").flatMap((b) => ["", b]),
    "",
    "</details>",
  ].join("\n");
}
