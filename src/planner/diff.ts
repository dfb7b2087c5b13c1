/** Field-level differences for people, and the top-level keys that differ (what decides an action). */
import jsonpatch from "fast-json-patch";
import { canonicalJson, jsonEqual } from "../model/canonical.ts";
import type { FieldDiff } from "../model/plan.ts";
import { escapePointer, valueAt } from "../model/pointer.ts";
import { isRef } from "../model/ref.ts";

type Json = Record<string, unknown>;

export function changedKeys(before: Json, after: Json): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !jsonEqual(before[k] ?? null, after[k] ?? null)).sort();
}

/** Field-level differences between two comparable specs (pointers into the spec). */
export function fieldDiffs(before: unknown, after: unknown): FieldDiff[] {
  if (before === undefined) return leafDiffs(after, "", "after");
  if (after === undefined) return leafDiffs(before, "", "before");
  const ops = jsonpatch.compare(before as object, after as object);
  const seen = new Set<string>();
  const diffs: FieldDiff[] = [];
  for (const op of ops) {
    // Arrays of values compare as wholes: a changed list reads better than index-level noise.
    const path = collapseArrayPath(before, after, op.path);
    if (seen.has(path)) continue;
    seen.add(path);
    const beforeValue = valueAt(before, path);
    const afterValue = valueAt(after, path);
    if (Array.isArray(beforeValue) && Array.isArray(afterValue)) {
      diffs.push(...listDiffs(path, beforeValue, afterValue));
      continue;
    }
    const d: FieldDiff = { path };
    if (beforeValue !== undefined) d.before = beforeValue;
    if (afterValue !== undefined) d.after = afterValue;
    diffs.push(d);
  }
  return diffs.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** A changed list as the entries removed and added (order-insensitive lists read better so). */
function listDiffs(path: string, before: unknown[], after: unknown[]): FieldDiff[] {
  const had = new Set(before.map((v) => canonicalJson(v)));
  const has = new Set(after.map((v) => canonicalJson(v)));
  const out: FieldDiff[] = [];
  for (const v of before) if (!has.has(canonicalJson(v))) out.push({ path, before: v });
  for (const v of after) if (!had.has(canonicalJson(v))) out.push({ path, after: v });
  if (out.length === 0) out.push({ path, before, after });
  return out;
}

function collapseArrayPath(before: unknown, after: unknown, path: string): string {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (Array.isArray(valueAt(before, prefix)) || Array.isArray(valueAt(after, prefix))) return prefix;
  }
  return path;
}

function leafDiffs(value: unknown, prefix: string, side: "before" | "after"): FieldDiff[] {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && !isRef(value)) {
    const entries = Object.entries(value as Json).sort(([a], [b]) => (a < b ? -1 : 1));
    if (entries.length === 0) return [];
    return entries.flatMap(([k, v]) => leafDiffs(v, `${prefix}/${escapePointer(k)}`, side));
  }
  if (value === undefined) return [];
  return [{ path: prefix === "" ? "/" : prefix, [side]: value }];
}
