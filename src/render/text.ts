/**
 * Plan → terminal text, Terraform-like (`+ ~ - -/+`), grouped by manifest: a new object reads as its
 * manifest, a changed one as manifest fields before → after and mapping rows added, removed and
 * changed. Nothing is cut. Pure: colour is an option the CLI sets (a terminal, and NO_COLOR unset).
 */
import type { Action, Change, Plan, PlanNotice } from "../model/index.ts";
import type { ChangeReview, OwnerReview, Row } from "./review.ts";
import { ownerAction, reviewPlan } from "./review.ts";
import type { MappingEdit, MappingRow } from "./values.ts";
import { mappingRowText, mappingSummary } from "./values.ts";

export interface TextOptions {
  color: boolean;
  /** Show unchanged objects too. */
  verbose?: boolean;
}

const symbols: Record<Action, string> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-",
  noop: " ",
  adopt: "<=",
};

const colors: Record<Action, number> = {
  create: 32,
  update: 33,
  replace: 35,
  delete: 31,
  noop: 90,
  adopt: 36,
};

function paint(text: string, code: number, on: boolean): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

const impactText: Record<Change["dataImpact"], string | undefined> = {
  none: undefined,
  reingest: "re-ingests: a new flow runs with backfill from the start time",
  "may-skip": "may skip data: the delta watermark or the start time moves",
  stops: "ingestion stops",
  destroys: "destroys data: the dataset is deleted with every batch ingested into it",
};

function noticeLine(n: PlanNotice, color: boolean): string {
  const mark =
    n.severity === "error" ? paint("✗", 31, color) : n.severity === "warning" ? paint("!", 33, color) : "i";
  const where =
    n.declaredAt !== undefined ? ` (${n.declaredAt.file}:${n.declaredAt.line}:${n.declaredAt.column})` : "";
  return `  ${mark} ${n.address}: ${n.message}${where}`;
}

/** Writes indented lines; every renderer helper below appends to one of these. */
class Out {
  readonly lines: string[] = [];
  readonly color: boolean;
  constructor(color: boolean) {
    this.color = color;
  }
  push(indent: number, text: string): void {
    this.lines.push(`${" ".repeat(indent)}${text}`);
  }
  paint(text: string, code: number): string {
    return paint(text, code, this.color);
  }
}

function rowLine(out: Out, row: Row): string {
  if (row.before !== undefined && row.after !== undefined)
    return `${out.paint("~", 33)} ${row.label}: ${row.before} → ${row.after}`;
  if (row.after !== undefined) return `${out.paint("+", 32)} ${row.label}: ${row.after}`;
  return `${out.paint("-", 31)} ${row.label}: ${row.before ?? "(none)"}`;
}

function mappingEditLines(out: Out, indent: number, edits: readonly MappingEdit[]): void {
  out.push(indent, `mapping: ${mappingSummary(edits)}`);
  for (const edit of edits) {
    if (edit.kind === "added") out.push(indent + 2, `${out.paint("+", 32)} ${mappingRowText(edit.row)}`);
    else if (edit.kind === "removed")
      out.push(indent + 2, `${out.paint("-", 31)} ${mappingRowText(edit.row)}`);
    else {
      out.push(indent + 2, `${out.paint("~", 33)} ${mappingRowText(edit.row)}`);
      if (edit.was !== undefined) out.push(indent + 6, `was ${mappingRowText(edit.was)}`);
    }
  }
}

function manifestLines(
  out: Out,
  indent: number,
  rows: readonly Row[],
  mapping?: readonly MappingRow[],
): void {
  const mappingOrder = 30;
  const emit = (r: Row): void => out.push(indent, `${r.label}: ${r.after ?? "(none)"}`);
  for (const r of rows.filter((x) => x.order < mappingOrder)) emit(r);
  if (mapping !== undefined) {
    out.push(indent, `mapping: ${mapping.length} row${mapping.length === 1 ? "" : "s"}`);
    for (const m of mapping) out.push(indent + 2, mappingRowText(m));
  }
  for (const r of rows.filter((x) => x.order >= mappingOrder)) emit(r);
}

function changeHead(out: Out, change: Change, label: string, symbolWidth: number): string {
  const symbol = out.paint(symbols[change.action].padStart(symbolWidth), colors[change.action]);
  const id = change.id !== undefined ? ` (${change.id})` : "";
  const blocked = change.blocked !== undefined ? out.paint(" [blocked]", 31) : "";
  return `${symbol} ${label}${id}: ${change.action}${blocked}`;
}

/** Why, the data impact and (unless the object is new) what changes, under a change's line. */
function changeDetails(out: Out, indent: number, review: ChangeReview | undefined, change: Change): void {
  if (change.action !== "create") for (const reason of change.reasons) out.push(indent, `# ${reason}`);
  const impact = impactText[change.dataImpact];
  if (impact !== undefined) out.push(indent, out.paint(`data impact: ${impact}`, 33));
  if (change.blocked !== undefined) out.push(indent, out.paint(`blocked: ${change.blocked}`, 31));
  if (review === undefined) return;
  for (const row of review.rows) out.push(indent, rowLine(out, row));
  if (review.mapping !== undefined) mappingEditLines(out, indent, review.mapping);
}

function ownerLines(out: Out, owner: OwnerReview): void {
  const only = owner.changes.length === 1 ? owner.changes[0] : undefined;
  if (only !== undefined && only.address === owner.owner) {
    out.push(0, changeHead(out, only, owner.owner, 3));
    if (owner.created) manifestLines(out, 6, owner.manifest, owner.mapping);
    changeDetails(out, 6, owner.reviews[0], only);
    return;
  }
  const action = ownerAction(owner);
  out.push(0, `${out.paint(symbols[action].padStart(3), colors[action])} ${owner.owner}: ${action}`);
  if (owner.created) manifestLines(out, 6, owner.manifest, owner.mapping);
  owner.changes.forEach((change, i) => {
    out.push(6, changeHead(out, change, change.address, 1));
    changeDetails(out, 10, owner.reviews[i], change);
  });
}

export function renderText(plan: Plan, options: TextOptions): string {
  const out = new Out(options.color);
  const env = plan.environment !== undefined ? ` (environment ${plan.environment})` : "";
  out.push(0, `aepsync plan for sandbox ${plan.sandbox}${env}, namespace ${plan.namespace}`);
  const owners = reviewPlan(plan, options.verbose === true);
  let changedBefore = true;
  for (const owner of owners) {
    // Owners with changes stand apart; unchanged ones (verbose) are listed line after line.
    const changed = owner.changes.some((c) => c.action !== "noop");
    if (changed || changedBefore) out.push(0, "");
    changedBefore = changed;
    ownerLines(out, owner);
  }
  if (!plan.changes.some((c) => c.action !== "noop")) {
    out.push(0, "");
    out.push(0, "No changes. The sandbox matches the manifests.");
  }
  if (plan.notices.length > 0) {
    out.push(0, "");
    out.push(0, "Notices:");
    for (const notice of plan.notices) out.push(0, noticeLine(notice, options.color));
  }
  const c = plan.counts;
  out.push(0, "");
  out.push(
    0,
    `Plan: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete, ${c.adopt} to adopt, ${c.noop} unchanged.`,
  );
  out.push(0, `Plan digest: ${plan.plan_digest}`);
  return `${out.lines.join("\n")}\n`;
}

/**
 * The JSON plan (docs/architecture.md, "Outputs"): the Plan value itself, stable key order from construction.
 */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
