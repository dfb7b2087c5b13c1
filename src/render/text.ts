/**
 * Plan → terminal text, Terraform-like (`+ ~ - -/+`, field-level diffs). Pure: colour is an option
 * the CLI sets (a terminal, and NO_COLOR unset).
 */
import { isRef } from "../model/index.ts";
import type { Action, Change, FieldDiff, Plan, PlanNotice } from "../model/index.ts";

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

/** A value as one short line: references as <address>, long values cut. */
export function formatValue(value: unknown, max = 100): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    isRef(v) ? `<${v.$ref}${v.field === "version" ? "#version" : ""}>` : v,
  );
  if (text === undefined) return "(none)";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function diffLine(diff: FieldDiff, color: boolean): string {
  const path = diff.path;
  if (diff.before === undefined) return `${paint("+", 32, color)} ${path}: ${formatValue(diff.after)}`;
  if (diff.after === undefined) return `${paint("-", 31, color)} ${path}: ${formatValue(diff.before)}`;
  return `${paint("~", 33, color)} ${path}: ${formatValue(diff.before)} → ${formatValue(diff.after)}`;
}

const impactText: Record<Change["dataImpact"], string | undefined> = {
  none: undefined,
  reingest: "re-ingests: a new flow runs with backfill from the start time",
  "may-skip": "may skip data: the delta watermark or the start time moves",
  stops: "ingestion stops",
};

function noticeLine(n: PlanNotice, color: boolean): string {
  const mark =
    n.severity === "error" ? paint("✗", 31, color) : n.severity === "warning" ? paint("!", 33, color) : "i";
  const where =
    n.declaredAt !== undefined ? ` (${n.declaredAt.file}:${n.declaredAt.line}:${n.declaredAt.column})` : "";
  return `  ${mark} ${n.address}: ${n.message}${where}`;
}

export function renderText(plan: Plan, options: TextOptions): string {
  const { color } = options;
  const lines: string[] = [];
  const env = plan.environment !== undefined ? ` (environment ${plan.environment})` : "";
  lines.push(`aepsync plan for sandbox ${plan.sandbox}${env}, namespace ${plan.namespace}`);
  lines.push("");
  const shown = plan.changes.filter((c) => options.verbose === true || c.action !== "noop");
  for (const change of shown) {
    const symbol = paint(symbols[change.action].padStart(3), colors[change.action], color);
    const id = change.id !== undefined ? ` (${change.id})` : "";
    const blocked = change.blocked !== undefined ? paint(" [blocked]", 31, color) : "";
    lines.push(`${symbol} ${change.address}${id}: ${change.action}${blocked}`);
    for (const reason of change.reasons) if (change.action !== "create") lines.push(`      # ${reason}`);
    const impact = impactText[change.dataImpact];
    if (impact !== undefined) lines.push(`      ${paint(`data impact: ${impact}`, 33, color)}`);
    if (change.action !== "delete")
      for (const diff of change.diff) lines.push(`      ${diffLine(diff, color)}`);
  }
  if (shown.length === 0) lines.push("No changes. The sandbox matches the manifests.");
  if (plan.notices.length > 0) {
    lines.push("");
    lines.push("Notices:");
    for (const notice of plan.notices) lines.push(noticeLine(notice, color));
  }
  const c = plan.counts;
  lines.push("");
  lines.push(
    `Plan: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete, ${c.adopt} to adopt, ${c.noop} unchanged.`,
  );
  lines.push(`Plan digest: ${plan.plan_digest}`);
  return `${lines.join("\n")}\n`;
}

/** The JSON plan (DESIGN.md §4): the Plan value itself, stable key order from construction. */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
