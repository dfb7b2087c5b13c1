/**
 * How one object's action spreads to others: a pipeline's source, target and flow are replaced
 * together (Adobe says to create a new pair of connections and a new flow rather than patch them,
 * `help/sources/tutorials/api/update-dataflows.md`), pipelines on a replaced connection follow
 * it, a new mapping-set version moves the flow, and what depends on a forbidden change is blocked.
 */
import type { DesiredObject, LiveObject } from "../model/objects.ts";
import type { Action, PlanNotice } from "../model/plan.ts";
import { isRef } from "../model/ref.ts";

/** One desired object's plan while it is being decided. */
export interface Working {
  desired: DesiredObject;
  action: Action;
  current?: LiveObject;
  before?: Record<string, unknown>;
  reasons: string[];
  generation: number;
  blocked?: string;
  /** The live object carries another address's marker (a renamed manifest): the marker is rewritten. */
  remark?: boolean;
  /** `before` is the same JSON as the desired spec (whatever the action): its digest text is shared. */
  identical?: boolean;
}

const pipelineParts = ["source", "target", "flow"] as const;
const MAPPING_MOVES = "its mapping set gets a new version: the flow moves to it";

/** Whether a flow's mapping set gets a new version in this plan (the flow's Mapping transformation must follow). */
export function mappingMoves(flow: DesiredObject, working: ReadonlyMap<string, Working>): boolean {
  const mapping = (flow.spec.mapping as { mappingSet?: unknown } | undefined)?.mappingSet;
  const w = isRef(mapping) ? working.get(mapping.$ref) : undefined;
  return w !== undefined && w.action !== "noop";
}

export function propagateReplaces(working: Map<string, Working>, desired: readonly DesiredObject[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of desired) {
      if (d.kind !== "sourceConnection") continue;
      const base = d.spec.baseConnection;
      const baseWork = isRef(base) ? working.get(base.$ref) : undefined;
      const parts = pipelineParts.map((p) => working.get(`${d.owner}/${p}`)).filter((w) => w !== undefined);
      const replaceAll =
        parts.some((w) => w.action === "replace") ||
        (baseWork?.action === "replace" && parts.some((w) => w.current !== undefined));
      const flow = working.get(`${d.owner}/flow`);
      const mapping = working.get(`${d.owner}/mapping`);
      const moves = mapping !== undefined && (mapping.action === "update" || mapping.action === "create");
      if (flow !== undefined && moves && (flow.action === "noop" || flow.action === "update")) {
        // A new mapping-set version reaches the flow only by a PATCH of its Mapping transformation.
        if (!flow.reasons.includes(MAPPING_MOVES)) {
          flow.reasons.push(MAPPING_MOVES);
          changed = true;
        }
        if (flow.action === "noop") {
          flow.action = "update";
          changed = true;
        }
      }
      if (!replaceAll) continue;
      for (const w of parts) {
        if (w.current !== undefined && w.action !== "replace" && w.action !== "adopt") {
          w.action = "replace";
          w.reasons.push("replaced with its pipeline: a source or target connection or the flow must change");
          changed = true;
        }
      }
    }
  }
}

/**
 * An object with a change AEP forbids keeps its live form; whatever depends on it (a target
 * connection and mapping set built on the dataset's new schema, say) must not move either.
 */
export function blockDependentsOfForbidden(
  working: Map<string, Working>,
  desired: readonly DesiredObject[],
  notices: readonly PlanNotice[],
): void {
  const forbidden = new Set(notices.filter((n) => n.code === "forbidden").map((n) => n.address));
  if (forbidden.size === 0) return;
  const blockedBy = new Map<string, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of desired) {
      if (blockedBy.has(d.address) || forbidden.has(d.address)) continue;
      const cause = d.dependsOn.find((dep) => forbidden.has(dep) || blockedBy.has(dep));
      if (cause === undefined) continue;
      blockedBy.set(d.address, blockedBy.get(cause) ?? cause);
      grew = true;
    }
  }
  // A pipeline's replace is one move (new source, target and flow together): block it whole.
  for (const [address, cause] of [...blockedBy]) {
    const owner = working.get(address)?.desired.owner;
    if (owner === undefined || !owner.startsWith("Pipeline/")) continue;
    for (const part of pipelineParts) {
      const w = working.get(`${owner}/${part}`);
      if (w?.action === "replace" && !blockedBy.has(w.desired.address))
        blockedBy.set(w.desired.address, cause);
    }
  }
  for (const [address, cause] of blockedBy) {
    const w = working.get(address);
    if (w === undefined || w.action === "noop") continue;
    w.blocked = `${cause} has a change AEP forbids: fix that first (see its notice)`;
  }
}
