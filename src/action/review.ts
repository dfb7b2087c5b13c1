/**
 * The reviewed-plan check (docs/architecture.md, "The Action"): every change of the plan made at
 * merge time must appear, with the same per-change digest, in a plan comment that was reviewed.
 */
import type { Change, Plan } from "../model/index.ts";
import { MARKER_DIGEST_LENGTH, ownerDigestsOf } from "./pr-marker.ts";
import type { PlanMarker } from "./pr-marker.ts";

/** A plan comment that counts as reviewed: the merged pull request's own, or an earlier unapplied one's. */
export interface ReviewedPlan {
  pull: number;
  marker: PlanMarker;
}

export interface Mismatch {
  change: Change;
  /** The digest this change has now (as a marker stores it). */
  digest: string;
  /** Where a different version of this change (or of its owner) was reviewed. */
  reviewedIn?: { pull: number; digest: string; scope: "change" | "owner" };
}

export interface ReviewResult {
  ok: boolean;
  mismatches: Mismatch[];
  /** Pull requests whose reviewed changes the plan uses. */
  contributors: number[];
  /** Reviewed changes the plan no longer has (applied by someone else, or undone): reported, not refused. */
  gone: { pull: number; address: string }[];
}

export function checkReviewed(plan: Plan, reviewed: readonly ReviewedPlan[]): ReviewResult {
  const ownerDigests = ownerDigestsOf(plan);
  const mismatches: Mismatch[] = [];
  const contributors = new Set<number>();
  const planned = new Set<string>();
  for (const change of plan.changes) {
    if (change.action === "noop") continue;
    planned.add(change.address);
    const digest = change.digest.slice(0, MARKER_DIGEST_LENGTH);
    const ownerDigest = ownerDigests[change.owner] ?? "";
    const match = reviewed.find(
      ({ marker }) =>
        marker.changes?.[change.address] === digest ||
        marker.owners?.[change.owner] === ownerDigest ||
        (marker.changes === undefined && marker.owners === undefined && marker.digest === plan.plan_digest),
    );
    if (match !== undefined) {
      contributors.add(match.pull);
      continue;
    }
    const mismatch: Mismatch = { change, digest };
    for (const { pull, marker } of reviewed) {
      const byChange = marker.changes?.[change.address];
      const byOwner = marker.owners?.[change.owner];
      if (byChange !== undefined) mismatch.reviewedIn = { pull, digest: byChange, scope: "change" };
      else if (byOwner !== undefined) mismatch.reviewedIn = { pull, digest: byOwner, scope: "owner" };
      if (mismatch.reviewedIn !== undefined) break;
    }
    mismatches.push(mismatch);
  }
  const gone: { pull: number; address: string }[] = [];
  for (const { pull, marker } of reviewed) {
    for (const address of Object.keys(marker.changes ?? {})) {
      if (!planned.has(address)) gone.push({ pull, address });
    }
  }
  return {
    ok: mismatches.length === 0,
    mismatches,
    contributors: [...contributors].sort((a, b) => a - b),
    gone,
  };
}

function shortValue(value: unknown): string {
  const json = value === undefined ? "(absent)" : JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 119)}…` : json;
}

/** A person-readable explanation of a refused apply, address by address (plain text, for the log). */
export function explainMismatches(
  plan: Plan,
  result: ReviewResult,
  reviewedPulls: readonly number[],
): string {
  const where =
    reviewedPulls.length === 0
      ? "no reviewed plan was found"
      : `the plan reviewed in ${reviewedPulls.map((n) => `#${n}`).join(", ")}`;
  const lines = [
    `Refused: the plan for sandbox ${plan.sandbox}${plan.environment === undefined ? "" : ` (environment ${plan.environment})`} differs from ${where}; nothing was applied.`,
  ];
  for (const { change, digest, reviewedIn } of result.mismatches) {
    const what =
      reviewedIn === undefined
        ? "not in any reviewed plan"
        : reviewedIn.scope === "change"
          ? `reviewed in #${reviewedIn.pull} as digest ${reviewedIn.digest}, now ${digest}: it changed after the review`
          : `its pipeline was reviewed in #${reviewedIn.pull} with other changes: it changed after the review`;
    lines.push(`- ${change.address} (${change.action}): ${what}`);
    for (const reason of change.reasons.slice(0, 3)) lines.push(`    why: ${reason}`);
    for (const field of change.diff.slice(0, 5)) {
      lines.push(`    plan: ${field.path || "/"}: ${shortValue(field.before)} → ${shortValue(field.after)}`);
    }
    if (change.diff.length > 5) lines.push(`    … ${change.diff.length - 5} more fields`);
  }
  lines.push(
    "AEP or the branch changed after the review. Push to a pull request to plan and review again, " +
      "or run the apply workflow by hand (workflow_dispatch) to apply without the check.",
  );
  return lines.join("\n");
}
