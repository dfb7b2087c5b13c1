import { createHash } from "node:crypto";
import { countChanges, ownerOf, PLAN_FORMAT_VERSION } from "../../src/model/index.ts";
import type { Action, Change, DataImpact, FieldDiff, Plan, PlanNotice } from "../../src/model/index.ts";

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export interface ChangeSpec {
  action?: Action;
  diff?: FieldDiff[];
  dataImpact?: DataImpact;
  reasons?: string[];
}

/** A hand-made change whose digest depends on what it does, as the planner's does. */
export function makeChange(address: string, spec: ChangeSpec = {}): Change {
  const action = spec.action ?? "update";
  const diff =
    spec.diff ?? (action === "noop" ? [] : [{ path: "/description", before: "old", after: "new" }]);
  return {
    address,
    kind: address.startsWith("Connection/")
      ? "connection"
      : address.endsWith("/flow")
        ? "flow"
        : "sourceConnection",
    action,
    owner: ownerOf(address),
    name: address.replace(/\//g, "-").toLowerCase(),
    generation: 1,
    diff,
    dataImpact: spec.dataImpact ?? "none",
    reasons: spec.reasons ?? [],
    dependsOn: [],
    digest: sha256(JSON.stringify({ address, action, diff })),
  };
}

export interface PlanSpec {
  sandbox?: string;
  environment?: string;
  notices?: PlanNotice[];
}

export function makePlan(changes: Change[], spec: PlanSpec = {}): Plan {
  const sandbox = spec.sandbox ?? "dev";
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    sandbox,
    namespace: "default",
    inputs_digest: sha256("inputs"),
    plan_digest: sha256(JSON.stringify({ sandbox, digests: changes.map((c) => c.digest) })),
    counts: countChanges(changes),
    changes,
    notices: spec.notices ?? [],
    options: { prune: false, adopt: false },
    created_at: "2026-01-01T00:00:00.000Z",
  };
  if (spec.environment !== undefined) plan.environment = spec.environment;
  return plan;
}

/** `count` pipelines with `parts` changed parts each. */
export function makeLargePlan(count: number, parts = ["source", "target", "mapping", "flow"]): Plan {
  const changes: Change[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `generated-pipeline-${String(i).padStart(5, "0")}`;
    for (const part of parts) {
      changes.push(
        makeChange(`Pipeline/${name}/${part}`, {
          action: "create",
          diff: [
            { path: "/name", after: `${name}-${part}` },
            { path: "/description", after: `Pipeline ${name}, part ${part} [aepsync:v1 ns=default]` },
          ],
        }),
      );
    }
  }
  return makePlan(changes, { environment: "dev" });
}
