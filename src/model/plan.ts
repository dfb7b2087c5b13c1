/**
 * The plan model: what the planner produces from (desired, live), what apply executes and what
 * every renderer (text, Markdown, JSON) prints. Pure data, no I/O (docs/architecture.md, "Plan").
 */

import type { ObjectKind, SourceLocation } from "./objects.ts";

export const PLAN_FORMAT_VERSION = "1";

export type Action = "create" | "update" | "replace" | "delete" | "noop" | "adopt";

/** What a change does to the data in AEP (docs/architecture.md, "Data impact"). */
export type DataImpact =
  /** Configuration only: no data moves differently. */
  | "none"
  /** A new flow (with backfill) ingests the source again from the start. */
  | "reingest"
  /** Data may be skipped: a delta watermark is lost or the start time moves. */
  | "may-skip"
  /** Ingestion stops (flow disabled or deleted). */
  | "stops"
  /** Ingested data is deleted with the object (a dataset and every batch in it). */
  | "destroys";

/** One JSON Patch operation as sent to AEP. */
export interface PatchOp {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

/** A field-level difference for people: a JSON Pointer into the object, before and after (redacted). */
export interface FieldDiff {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface Change {
  /** `Connection/hubspot-prod`, `Pipeline/hubspot-contacts/flow`, … (docs/architecture.md, "Addresses"). */
  address: string;
  kind: ObjectKind;
  action: Action;
  /** The manifest that declared it: `Pipeline/hubspot-contacts` for its parts. */
  owner: string;
  /** AEP display name. */
  name: string;
  /** Live id and etag when the object exists (the etag is what apply sends as If-Match). */
  id?: string;
  etag?: string;
  /** Marker generation of the live object, and the one apply writes. */
  generation: number;
  /** Patch ops apply sends (update, adopt), restricted to what AEP documents as patchable. */
  ops?: PatchOp[];
  /** Field-level differences, secrets redacted. */
  diff: FieldDiff[];
  /** Redacted comparable state before and after (undefined when absent). */
  before?: unknown;
  after?: unknown;
  dataImpact: DataImpact;
  /** Why this action: "schedule changed", "source connections cannot be patched: replaced", … */
  reasons: string[];
  /** Addresses this change waits for. */
  dependsOn: string[];
  /** sha256 of this change's canonical JSON without etags and timestamps. */
  digest: string;
  declaredAt?: SourceLocation;
  /** Set when apply must not do this change (an unmanaged look-alike holds the name): why, and what to do. */
  blocked?: string;
}

/** Facts of a live object that apply resolves references with: a schema's `$id`, a mapping set's version. */
export interface LiveFacts {
  schemaId?: string;
  version?: number;
}

/** Something the user must know that is not a change: an unmanaged look-alike, a forbidden change, a drift. */
export interface PlanNotice {
  severity: "error" | "warning" | "info";
  address: string;
  code:
    | "unmanaged"
    | "forbidden"
    | "foreign-namespace"
    | "orphan"
    | "unresolved"
    | "retired"
    | "settling"
    | "unchecked"
    | "data-loss";
  message: string;
  declaredAt?: SourceLocation;
}

export interface PlanCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  adopt: number;
  noop: number;
}

export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  sandbox: string;
  namespace: string;
  environment?: string;
  /** sha256 of the resolved desired state (manifests after variables, secrets as fingerprints). */
  inputs_digest: string;
  /** sha256 of RFC 8785 JSON of {format_version, sandbox, namespace, changes} (changes sorted, no etags/timestamps). */
  plan_digest: string;
  counts: PlanCounts;
  /** Every managed address, in apply order; noop changes included so renderers can say "unchanged". */
  changes: Change[];
  notices: PlanNotice[];
  /** Options the plan was made with; apply --plan must use the same. */
  options: { prune: boolean; adopt: boolean; allowDataLoss?: boolean };
  /** ISO time the plan was made (not part of any digest). */
  created_at: string;
}

export function countChanges(changes: readonly Change[]): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, replace: 0, delete: 0, adopt: 0, noop: 0 };
  for (const change of changes) counts[change.action] += 1;
  return counts;
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.some((c) => c.action !== "noop");
}

/**
 * Facts of the live objects a plan's changes were made against, in memory only: they are never
 * rendered, digested or written to a plan file (a saved plan is always applied through a fresh
 * plan whose change digests match, so it never needs them).
 */
const liveFacts = new WeakMap<Change, LiveFacts>();

export function liveFactsOf(change: Change): LiveFacts | undefined {
  return liveFacts.get(change);
}

export function setLiveFacts(change: Change, facts: LiveFacts): void {
  liveFacts.set(change, facts);
}
