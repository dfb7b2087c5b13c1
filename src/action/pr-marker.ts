/**
 * The hidden markers of the Action's comments: a plan comment says which plan (sandbox, head commit,
 * plan digest, per-change digests) was shown for review; an apply comment says what was applied.
 * A marker is trusted only as the very first characters of a comment the bot wrote (the caller checks
 * the author): text further down can hold values from AEP or a manifest, so it never counts.
 */
import { createHash } from "node:crypto";
import type { Plan } from "../model/index.ts";

/** Per-change digests in a marker are cut to this many hex characters (64 bits). */
export const MARKER_DIGEST_LENGTH = 16;

export type PlanMarkerStatus = "changes" | "empty" | "invalid" | "unavailable";

/** What the hidden marker of a plan comment carries; `changes` or `owners` when they fit (see buildPlanMarker). */
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

const PLAN_MARKER = "aepsync:plan";
const APPLY_MARKER = "aepsync:apply";

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

/** owner → sha256 over its non-noop changes' `address:digest` lines, cut like per-change digests. */
export function ownerDigestsOf(plan: Plan): Record<string, string> {
  const lines = new Map<string, string[]>();
  for (const change of plan.changes) {
    if (change.action === "noop") continue;
    const list = lines.get(change.owner) ?? [];
    list.push(`${change.address}:${change.digest}`);
    lines.set(change.owner, list);
  }
  const digests: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [owner, list] of lines) {
    digests[owner] = createHash("sha256")
      .update(list.sort().join("\n"))
      .digest("hex")
      .slice(0, MARKER_DIGEST_LENGTH);
  }
  return digests;
}

function formatFields(name: string, fields: [string, string | undefined][], lists: string[]): string {
  const parts = fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeMarkerValue(value)}`);
  return `<!-- ${name} ${[...parts, ...lists].join(" ")} -->`;
}

/** `<!-- aepsync:plan v=1 sandbox=… head=… digest=… status=… changes=<address>:<digest>,… -->` */
export function formatPlanMarker(marker: PlanMarker): string {
  const lists: string[] = [];
  if (marker.changes !== undefined) lists.push(`changes=${encodeDigestList(marker.changes)}`);
  if (marker.owners !== undefined) lists.push(`owners=${encodeDigestList(marker.owners)}`);
  return formatFields(
    PLAN_MARKER,
    [
      ["v", "1"],
      ["sandbox", marker.sandbox],
      ["env", marker.environment],
      ["ns", marker.namespace],
      ["head", marker.head],
      ["digest", marker.digest],
      ["status", marker.status],
    ],
    lists,
  );
}

export function formatApplyMarker(marker: ApplyMarker): string {
  return formatFields(
    APPLY_MARKER,
    [
      ["v", "1"],
      ["sandbox", marker.sandbox],
      ["env", marker.environment],
      ["sha", marker.sha],
      ["digest", marker.digest],
      ["status", marker.status],
    ],
    [],
  );
}

/**
 * The fields of a marker that opens the body: `<!-- name ` as the first characters (no whitespace
 * before it), `-->` on the same line, then the end of the body or a line break. Anything else, a
 * marker further down included, is not a marker.
 */
function readMarkerFields(body: string, name: string): Map<string, string> | undefined {
  const open = `<!-- ${name} `;
  if (!body.startsWith(open)) return undefined;
  const end = body.indexOf("-->", open.length);
  if (end < 0) return undefined;
  const inner = body.slice(open.length, end);
  const rest = body.slice(end + 3);
  if (/[\r\n]/.test(inner) || !(rest === "" || rest.startsWith("\n") || rest.startsWith("\r\n"))) {
    return undefined;
  }
  const fields = new Map<string, string>();
  for (const part of inner.trim().split(/\s+/)) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq);
    if (fields.has(key)) return undefined;
    fields.set(key, part.slice(eq + 1));
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

/** The plan marker that opens a comment body; undefined when there is none or it is malformed. */
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

/** The apply marker that opens a comment body; undefined when there is none or it is malformed. */
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

/**
 * The marker for a plan comment, in the most precise form that takes at most half of the comment:
 * per-change digests, else one digest per manifest owner, else the plan digest alone.
 */
export function buildPlanMarker(plan: Plan, head: string | undefined, maxLength: number): string {
  const base = planMarkerBase(plan, head);
  const budget = maxLength / 2;
  const perChange = formatPlanMarker({ ...base, changes: changeDigestsOf(plan) });
  if (perChange.length <= budget) return perChange;
  const perOwner = formatPlanMarker({ ...base, owners: ownerDigestsOf(plan) });
  if (perOwner.length <= budget) return perOwner;
  return formatPlanMarker(base);
}
