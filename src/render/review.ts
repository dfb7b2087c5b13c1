/**
 * A plan as a reviewer reads it, shared by the text and Markdown renderers: changes grouped by the
 * manifest that declares them; a new manifest object shown as its manifest reads (source, target,
 * mapping rows, schedule in words), a changed one as rows of manifest fields and a mapping table.
 * Built only from what a Change carries (kind, action, before/after comparable specs, diff): the
 * API fields (`/flowSpec/id`, JSON Patch ops) stay in the JSON plan.
 */
import type { Action, Change, FieldDiff, ObjectKind, Plan } from "../model/index.ts";
import type { MappingEdit, MappingRow } from "./values.ts";
import {
  connectorText,
  deltaColumnText,
  isObject,
  mappingEdits,
  mappingRows,
  mappingVersionText,
  plainValue,
  scheduleText,
  stableJson,
} from "./values.ts";

type Json = Record<string, unknown>;

interface FieldRule {
  label: string;
  /** Place in the manifest view and in tables (manifest order). */
  order: number;
  /** Shown for a new object; false for what aepsync derives (AEP names, links between parts). */
  manifest: boolean;
  /** Words rather than an identifier: shown as text, not code. */
  prose?: boolean;
  format?: (value: unknown, iso: boolean) => string;
  /** A map shown one key per row, with this label. */
  entry?: (key: string) => string;
  /** The mapping set's rows: a table of their own. */
  mapping?: boolean;
}

const rule = (label: string, order: number, extra: Partial<FieldRule> = {}): FieldRule => ({
  label,
  order,
  manifest: true,
  ...extra,
});
const derived = (label: string, order: number, extra: Partial<FieldRule> = {}): FieldRule =>
  rule(label, order, { manifest: false, ...extra });

const description = rule("description", 1, { prose: true });

/** Per kind: how each key of its comparable spec reads in manifest terms. */
const fieldRules: Record<ObjectKind, Record<string, FieldRule>> = {
  connection: {
    name: derived("AEP name", 0),
    connectionSpec: rule("connector", 10, { format: connectorText }),
    description: rule("description", 15, { prose: true }),
    specName: rule("auth.specName", 20),
    fingerprint: rule("credentials", 30, { format: (v) => `fingerprint ${plainValue(v)}`, prose: true }),
  },
  class: {
    title: derived("ad-hoc class title", 0),
    description: derived("ad-hoc class description", 1, { prose: true }),
    fields: rule("adhoc.fields", 30, { entry: (k) => `adhoc.fields.${k}` }),
  },
  schema: {
    title: rule("title", 0, { prose: true }),
    description,
    class: rule("class", 10),
    fieldGroups: rule("fieldGroups", 20),
    profile: rule("profile", 30),
  },
  identity: {
    schema: derived("identity schema", 0),
    field: rule("primaryIdentity.field", 10),
    namespace: rule("primaryIdentity.namespace", 11),
  },
  dataset: {
    name: rule("name", 0, { prose: true }),
    description,
    schema: rule("schema", 10),
    tags: rule("tags", 20, { entry: (k) => `tags.${k}` }),
  },
  sourceConnection: {
    name: derived("source connection name", 2),
    description: derived("source connection description", 3, { prose: true }),
    baseConnection: rule("source.connection", 10),
    params: rule("source.params", 11, {
      entry: (k) => (k === "path" ? "source.path" : `source.params.${k}`),
    }),
    format: rule("source.format", 12),
    schema: rule("source.schema", 13),
    connectionSpec: derived("source connector", 14, { format: connectorText }),
  },
  targetConnection: {
    name: derived("target connection name", 4),
    description: derived("target connection description", 5, { prose: true }),
    dataset: rule("target.dataset", 20),
    schema: derived("target schema", 21),
    format: derived("target format", 22),
    connectionSpec: derived("target connection spec", 23, { format: connectorText }),
  },
  mappingSet: {
    name: derived("mapping set name", 6),
    outputSchema: derived("mapping output schema", 31),
    mappings: rule("mapping", 30, { mapping: true }),
  },
  flow: {
    name: derived("flow name", 7),
    description,
    flowSpec: derived("flow spec", 8, { format: (v) => (isObject(v) ? plainValue(v.id) : plainValue(v)) }),
    source: derived("flow source connection", 15),
    target: derived("flow target connection", 24),
    mapping: derived("mapping set version", 32, { format: mappingVersionText, prose: true }),
    copy: rule("deltaColumn", 40, { format: deltaColumnText, prose: true }),
    schedule: rule("schedule", 50, { format: scheduleText, prose: true }),
    enabled: rule("enabled", 60),
  },
};

function ruleOf(kind: ObjectKind, key: string): FieldRule {
  return fieldRules[kind]?.[key] ?? rule(key, 90);
}

/** One manifest field: its value before and after (absent when undefined), as plain text. */
export interface Row {
  label: string;
  order: number;
  prose: boolean;
  before?: string;
  after?: string;
}

export interface ChangeReview {
  change: Change;
  rows: Row[];
  /** Mapping rows added, removed and changed (a mapping set's change only). */
  mapping?: MappingEdit[];
}

export interface OwnerReview {
  /** `Pipeline/hubspot-contacts`, `Connection/hubspot-prod`, … */
  owner: string;
  /** The changes shown, in apply order. */
  changes: Change[];
  /** Every change of the owner creates: the object is new and shown as its manifest reads. */
  created: boolean;
  /** For a new object: its manifest fields, in manifest order. */
  manifest: Row[];
  /** For a new pipeline: its mapping rows. */
  mapping?: MappingRow[];
  /** For the others: what each change does, in manifest terms. */
  reviews: ChangeReview[];
}

function format(r: FieldRule, value: unknown, iso: boolean): string | undefined {
  if (value === undefined) return undefined;
  return r.format === undefined ? plainValue(value) : r.format(value, iso);
}

function row(r: FieldRule, label: string, before: unknown, after: unknown, iso: boolean): Row {
  const out: Row = { label, order: r.order, prose: r.prose === true };
  const b = format(r, before, iso);
  const a = format(r, after, iso);
  if (b !== undefined) out.before = b;
  if (a !== undefined) out.after = a;
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function byOrder(a: Row, b: Row): number {
  return a.order - b.order || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/** Rows for the keys whose values differ; a map key gives one row per entry that differs. */
export function fieldRows(kind: ObjectKind, before: Json | undefined, after: Json | undefined): Row[] {
  const keys = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
  const rows: Row[] = [];
  for (const key of keys) {
    const r = ruleOf(kind, key);
    const b = before?.[key];
    const a = after?.[key];
    if (r.mapping === true || same(b, a)) continue;
    if (r.entry !== undefined && (isObject(b) || b === undefined) && (isObject(a) || a === undefined)) {
      for (const sub of [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])]) {
        if (!same(b?.[sub], a?.[sub])) rows.push(row(r, r.entry(sub), b?.[sub], a?.[sub], false));
      }
      continue;
    }
    // The start time as the manifest writes it matters when it moves, not when the interval does.
    const iso = !isObject(b) || !isObject(a) || b.startTime !== a.startTime;
    rows.push(row(r, r.label, b, a, iso));
  }
  return rows.sort(byOrder);
}

function empty(value: unknown): boolean {
  if (value === undefined || value === "" || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

/** A new object's fields as its manifest declares them (derived fields and empty values left out). */
export function manifestRows(kind: ObjectKind, spec: Json | undefined): Row[] {
  const rows: Row[] = [];
  for (const [key, value] of Object.entries(spec ?? {})) {
    const r = ruleOf(kind, key);
    if (!r.manifest || r.mapping === true || empty(value)) continue;
    if (r.entry !== undefined && isObject(value)) {
      for (const [sub, v] of Object.entries(value)) rows.push(row(r, r.entry(sub), undefined, v, true));
    } else rows.push(row(r, r.label, undefined, value, true));
  }
  return rows;
}

const listKeys = new Set(["mappings", "fieldGroups"]);

function unescapePointer(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** A comparable spec rebuilt from field diffs, for a change that carries none. */
function specFromDiff(diff: readonly FieldDiff[], side: "before" | "after"): Json | undefined {
  const spec: Json = {};
  let found = false;
  for (const d of diff) {
    const value = d[side];
    if (value === undefined) continue;
    found = true;
    const keys = d.path.split("/").slice(1).map(unescapePointer);
    const last = keys.pop();
    if (last === undefined) {
      if (isObject(value)) Object.assign(spec, value);
      continue;
    }
    let node = spec;
    for (const key of keys) {
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as Json;
    }
    // The planner lists a changed list as the entries removed and added, each under the list's path.
    const existing = node[last];
    if (Array.isArray(existing) && !Array.isArray(value)) existing.push(value);
    else node[last] = listKeys.has(last) && keys.length === 0 && !Array.isArray(value) ? [value] : value;
  }
  return found ? spec : undefined;
}

export function specOf(change: Change, side: "before" | "after"): Json | undefined {
  const spec = change[side];
  if (isObject(spec)) return spec;
  if (spec !== undefined) return undefined;
  return specFromDiff(change.diff, side);
}

export function reviewChange(change: Change): ChangeReview {
  if (change.action === "noop" || change.action === "delete") return { change, rows: [] };
  const before = specOf(change, "before");
  const after = specOf(change, "after");
  const review: ChangeReview = { change, rows: fieldRows(change.kind, before, after) };
  const mappingKey = Object.keys(fieldRules[change.kind] ?? {}).find(
    (key) => ruleOf(change.kind, key).mapping === true,
  );
  if (mappingKey !== undefined) {
    const was = mappingRows(before?.[mappingKey]);
    const now = mappingRows(after?.[mappingKey]);
    if (was !== undefined || now !== undefined) {
      const edits = mappingEdits(was ?? [], now ?? []);
      if (edits.length > 0) review.mapping = edits;
    }
  }
  return review;
}

const ownerKindOrder = ["Connection", "Schema", "Dataset", "Pipeline"];

/** Connections, schemas, datasets, then pipelines; by name within a kind. */
export function compareOwners(a: string, b: string): number {
  const rank = (owner: string): number => {
    const index = ownerKindOrder.indexOf(owner.split("/")[0] ?? "");
    return index < 0 ? ownerKindOrder.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function reviewOwner(owner: string, all: readonly Change[], shown: Change[]): OwnerReview {
  const created = all.length > 0 && all.every((c) => c.action === "create");
  const review: OwnerReview = { owner, changes: shown, created, manifest: [], reviews: [] };
  if (!created) {
    review.reviews = shown.map(reviewChange);
    return review;
  }
  for (const change of all) {
    const spec = specOf(change, "after");
    review.manifest.push(...manifestRows(change.kind, spec));
    for (const [key, value] of Object.entries(spec ?? {})) {
      const rows = ruleOf(change.kind, key).mapping === true ? mappingRows(value) : undefined;
      if (rows !== undefined) review.mapping = [...(review.mapping ?? []), ...rows];
    }
  }
  review.manifest.sort(byOrder);
  return review;
}

/** The plan by manifest owner; with `verbose`, owners and changes without changes too. */
export function reviewPlan(plan: Plan, verbose: boolean): OwnerReview[] {
  const byOwner = new Map<string, Change[]>();
  for (const change of plan.changes) {
    const list = byOwner.get(change.owner) ?? [];
    list.push(change);
    byOwner.set(change.owner, list);
  }
  const reviews: OwnerReview[] = [];
  for (const owner of [...byOwner.keys()].sort(compareOwners)) {
    const all = byOwner.get(owner) ?? [];
    const shown = verbose ? all : all.filter((c) => c.action !== "noop");
    if (shown.length > 0) reviews.push(reviewOwner(owner, all, shown));
  }
  return reviews;
}

/** The owner's action when all its changes share one; else `replace` if one replaces, else `update`. */
export function ownerAction(review: OwnerReview): Action {
  const actions = new Set(review.changes.filter((c) => c.action !== "noop").map((c) => c.action));
  if (actions.size === 0) return "noop";
  if (actions.size === 1) return [...actions][0]!;
  return actions.has("replace") ? "replace" : "update";
}
