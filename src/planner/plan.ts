/**
 * The planner: (desired, live) → Plan. Pure and deterministic: no I/O, time and hashing are
 * passed in. Live objects are matched by ownership marker, compared as comparable specs (each
 * kind's driver says how), and turned into creates, patches, replaces, deletes and notices.
 */
import { driverOf } from "../kinds/index.ts";
import type { KindDriver, RefResolver } from "../kinds/index.ts";
import { markerFor } from "../model/marker.ts";
import type { DesiredObject, LiveObject, LiveState } from "../model/objects.ts";
import { countChanges, PLAN_FORMAT_VERSION, setLiveFacts } from "../model/plan.ts";
import type { Action, Change, DataImpact, LiveFacts, Plan, PlanNotice } from "../model/plan.ts";
import { ObjectKinds } from "../model/objects.ts";
import { buildDeletions } from "./deletions.ts";
import { changedKeys, fieldDiffs } from "./diff.ts";
import { byAddressAndId, planDigests } from "./digest.ts";
import type { PlanDigests, Sha256, Sha256Pieces } from "./digest.ts";
import { buildResolver, indexLive, lookalikeKey, lookalikesViaParts } from "./live-index.ts";
import type { LiveIndex } from "./live-index.ts";
import { blockDependentsOfForbidden, mappingMoves, propagateReplaces } from "./replace.ts";
import type { Working } from "./replace.ts";

export interface PlanInput {
  desired: readonly DesiredObject[];
  live: LiveState;
  sandbox: string;
  namespace: string;
  environment?: string;
  prune: boolean;
  adopt: boolean;
  /** Epoch milliseconds: decides whether a flow's start time has passed. */
  now: number;
  /** Deletes and replaces that destroy ingested data (a dataset) are planned; without it, blocked. */
  allowDataLoss?: boolean;
  /** The inputs digest (`inputsDigest` of `desired`); computed here when absent, sharing the changes' texts. */
  inputsDigest?: string;
  sha256: Sha256;
  /** Hashes a text given in pieces without joining them (a plan of thousands of changes); default: joined. */
  sha256Pieces?: Sha256Pieces;
}

type Json = Record<string, unknown>;

/**
 * A renamed manifest (`metadata.renamedFrom`) takes over the live objects of its old address when
 * its new address has none yet; planPresent then re-marks them.
 */
function applyRenames(index: LiveIndex, desired: readonly DesiredObject[]): void {
  for (const d of desired) {
    if (d.renamedFrom === undefined || index.current.has(d.address)) continue;
    const old = index.current.get(d.renamedFrom);
    if (old === undefined) continue;
    index.current.set(d.address, old);
    index.current.delete(d.renamedFrom);
  }
}

/** What the run cannot know is what the sandbox holds: it never shows as a change. */
function withKnownKeys(desired: DesiredObject, before: Json): DesiredObject {
  if (desired.unknownKeys === undefined || desired.unknownKeys.length === 0) return desired;
  const spec: Json = { ...desired.spec };
  for (const key of desired.unknownKeys) spec[key] = before[key];
  return { ...desired, spec };
}

function settlingNotice(desired: DesiredObject, live: LiveObject): PlanNotice {
  return {
    severity: "info",
    address: desired.address,
    code: "settling",
    message: `AEP is still working on ${desired.kind} ${live.id} (${live.settling ?? "in progress"}): the plan counts it in its target state; apply waits for it to settle before writing`,
    ...located(desired),
  };
}

function located(desired: DesiredObject): { declaredAt: NonNullable<Change["declaredAt"]> } | object {
  return desired.declaredAt === undefined ? {} : { declaredAt: desired.declaredAt };
}

/** The first action of a desired object that has no live object of its own: create, adopt, or blocked. */
function planAbsent(
  desired: DesiredObject,
  index: LiveIndex,
  refs: RefResolver,
  viaParts: ReadonlyMap<string, LiveObject>,
  input: PlanInput,
  notices: PlanNotice[],
): Working {
  const lookalike =
    viaParts.get(desired.address) ?? index.foreignByName.get(lookalikeKey(desired.kind, desired.name))?.[0];
  if (lookalike !== undefined && input.adopt) {
    return {
      desired,
      action: "adopt",
      current: lookalike,
      before: driverOf(desired.kind).comparable(lookalike, refs, desired.spec),
      reasons: [
        `adopting existing ${desired.kind} '${desired.name}' (${lookalike.id}): its marker will be written`,
      ],
      generation: 1,
    };
  }
  if (lookalike !== undefined) {
    const foreign =
      lookalike.marker !== undefined ? ` (managed by namespace '${lookalike.marker.namespace}')` : "";
    const message = `exists, not managed: ${desired.kind} '${desired.name}' (${lookalike.id})${foreign}; aepsync leaves it untouched. Run with --adopt to take it over, or rename it in the manifest`;
    notices.push({
      severity: "warning",
      address: desired.address,
      code: "unmanaged",
      message,
      ...located(desired),
    });
    return { desired, action: "create", reasons: ["not found"], generation: 1, blocked: message };
  }
  return { desired, action: "create", reasons: ["not found in the sandbox"], generation: 1 };
}

/** The first action of a desired object against its live object: noop, update or replace (and forbidden notices). */
function planPresent(
  declared: DesiredObject,
  live: LiveObject,
  before: Json,
  input: PlanInput,
  notices: PlanNotice[],
): Working {
  const desired = withKnownKeys(declared, before);
  const driver = driverOf(desired.kind);
  const reasons: string[] = [];
  const forbid = (message: string): void => {
    notices.push({
      severity: "error",
      address: desired.address,
      code: "forbidden",
      message,
      ...located(desired),
    });
  };
  let action: Action = "noop";
  const changed = changedKeys(before, desired.spec);
  for (const key of changed) {
    const forbidden = driver.rules.forbidden.get(key);
    if (forbidden !== undefined) forbid(`${key} changed: ${forbidden}`);
    else if (!driver.rules.patchable.has(key)) {
      // Anything AEP does not document as patchable needs a new object.
      action = "replace";
      reasons.push(`${key} changed: AEP cannot update it in place, so it is replaced`);
    } else if (action !== "replace") {
      action = "update";
      reasons.push(`${key} changed`);
    }
  }
  const replaceReasons = driver.replaceReasons?.(desired.spec, before, input.now) ?? [];
  if (replaceReasons.length > 0) {
    action = "replace";
    reasons.push(...replaceReasons);
  }
  for (const message of driver.problems?.(desired.spec, before, live) ?? []) forbid(message);
  const working: Working = {
    desired,
    action,
    current: live,
    before,
    reasons,
    generation: live.marker?.generation ?? 1,
  };
  if (changed.length === 0 && sameMembers(before, desired.spec)) working.identical = true;
  // A renamed manifest's objects are re-marked in place: no new object, no backfill.
  const from = live.marker?.address;
  if (from !== undefined && from !== desired.address) {
    working.remark = true;
    if (working.action === "noop") working.action = "update";
    reasons.push(`renamed from ${from}: re-marked in place, not recreated`);
  }
  if (working.action === "replace" && driver.deleteImpact?.(live) === "destroys" && !input.allowDataLoss)
    working.blocked = dataLossBlocked(desired.address, live, notices, located(desired));
  return working;
}

/** Whether two objects have members with values (not undefined) under the same keys. */
function sameMembers(a: Json, b: Json): boolean {
  let count = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key) || a[key] === undefined) continue;
    if (!Object.hasOwn(b, key) || b[key] === undefined) return false;
    count++;
  }
  for (const key in b) if (Object.hasOwn(b, key) && b[key] !== undefined) count--;
  return count === 0;
}

/** A change that would delete ingested data is blocked unless the run allows data loss. */
function dataLossBlocked(address: string, live: LiveObject, notices: PlanNotice[], where: object): string {
  const message = `${address} would delete ${live.kind} ${live.id} with every batch ingested into it: blocked; run with --allow-data-loss to delete it, or keep declaring it`;
  notices.push({ severity: "error", address, code: "data-loss", message, ...where });
  return message;
}

export function planChanges(input: PlanInput): Plan {
  const { namespace, live } = input;
  const notices: PlanNotice[] = [];
  const digests = planDigests(input.sha256, input.sha256Pieces);
  const inputs = input.inputsDigest ?? digests.inputs(input.desired);
  const index = indexLive(live, namespace);
  applyRenames(index, input.desired);

  // The parts an unmanaged look-alike names are look-alikes too (an exported pipeline is adopted whole).
  const absentLookalikes = new Map<string, LiveObject>();
  for (const desired of input.desired) {
    if (index.current.has(desired.address)) continue;
    const lookalike = index.foreignByName.get(lookalikeKey(desired.kind, desired.name))?.[0];
    if (lookalike !== undefined) absentLookalikes.set(desired.address, lookalike);
  }
  const viaParts = lookalikesViaParts(index, absentLookalikes);
  // What is adopted reads back by its address, as apply will know it once adopted.
  const adopted = input.adopt ? [...absentLookalikes, ...viaParts] : [];
  const refs = buildResolver(new Map([...index.current, ...adopted]));

  const working = new Map<string, Working>();
  for (const desired of input.desired) {
    const current = index.current.get(desired.address);
    if (current?.settling !== undefined) notices.push(settlingNotice(desired, current));
    working.set(
      desired.address,
      current === undefined
        ? planAbsent(desired, index, refs, viaParts, input, notices)
        : planPresent(
            desired,
            current,
            driverOf(desired.kind).comparable(current, refs, desired.spec),
            input,
            notices,
          ),
    );
  }
  propagateReplaces(working, input.desired);
  blockDependentsOfForbidden(working, input.desired, notices);

  const changes: Change[] = [];
  for (const w of working.values()) changes.push(buildChange(w, input, working, digests));

  // Leftovers: superseded generations always go; undeclared objects only with --prune.
  const declared = new Set(input.desired.map((d) => d.address));
  const deletions: LiveObject[] = [...index.superseded];
  for (const [address, object] of index.current) {
    if (declared.has(address)) continue;
    if (input.prune) deletions.push(object);
    else
      notices.push({
        severity: "info",
        address,
        code: "orphan",
        message: `${address} (${object.kind} ${object.id}) is no longer declared; run with --prune to delete it`,
      });
  }
  const deletes = buildDeletions(deletions, input.desired, changes, live.objects, input.sha256, {
    allowDataLoss: input.allowDataLoss === true,
    block: (address, object) => dataLossBlocked(address, object, notices, {}),
  });
  changes.push(...deletes);

  changes.sort(compareChanges);
  notices.sort(
    (a, b) =>
      (a.address < b.address ? -1 : a.address > b.address ? 1 : 0) || (a.message < b.message ? -1 : 1),
  );
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    sandbox: input.sandbox,
    namespace,
    inputs_digest: inputs,
    plan_digest: digests.plan(changes, input.sandbox, namespace),
    counts: countChanges(changes),
    changes,
    notices,
    options: {
      prune: input.prune,
      adopt: input.adopt,
      ...(input.allowDataLoss === true ? { allowDataLoss: true } : {}),
    },
    created_at: new Date(input.now).toISOString(),
  };
  if (input.environment !== undefined) plan.environment = input.environment;
  return plan;
}

function buildChange(
  w: Working,
  input: PlanInput,
  working: ReadonlyMap<string, Working>,
  digests: PlanDigests,
): Change {
  const { desired } = w;
  const driver = driverOf(desired.kind);
  const generation = w.action === "replace" ? w.generation + 1 : w.generation;
  const change: Change = {
    address: desired.address,
    kind: desired.kind,
    action: w.action,
    owner: desired.owner,
    name: desired.name,
    generation,
    diff: w.action === "noop" ? [] : fieldDiffs(w.before, desired.spec),
    dataImpact: dataImpactOf(driver, w),
    reasons: w.reasons,
    dependsOn: [...desired.dependsOn].sort(),
    digest: "",
  };
  if (w.before !== undefined) change.before = w.before;
  change.after = desired.spec;
  if (w.current !== undefined) {
    change.id = w.current.id;
    if (w.current.etag !== undefined) change.etag = w.current.etag;
  }
  if (desired.declaredAt !== undefined) change.declaredAt = desired.declaredAt;
  if (w.blocked !== undefined) change.blocked = w.blocked;
  if ((w.action === "update" || w.action === "adopt") && w.current !== undefined) {
    const adopt = w.action === "adopt";
    const before = w.before ?? {};
    change.ops = driver.patchOps({
      spec: desired.spec,
      before,
      live: w.current,
      changed: new Set(adopt ? Object.keys(desired.spec) : changedKeys(before, desired.spec)),
      adopt,
      writeMarker: adopt || w.remark === true,
      marker: markerFor(input.namespace, desired.address, generation, desired.fingerprint),
      mappingMoves: mappingMoves(desired, working),
    });
  }
  digests.seal(change, w.identical === true);
  const facts = liveFactsOf(w.current);
  if (facts !== undefined) setLiveFacts(change, facts);
  return change;
}

function liveFactsOf(live: LiveObject | undefined): LiveFacts | undefined {
  if (live === undefined || (live.schemaId === undefined && live.version === undefined)) return undefined;
  const facts: LiveFacts = {};
  if (live.schemaId !== undefined) facts.schemaId = live.schemaId;
  if (live.version !== undefined) facts.version = live.version;
  return facts;
}

function dataImpactOf(driver: KindDriver, w: Working): DataImpact {
  if (w.action === "replace" && w.current !== undefined && driver.deleteImpact?.(w.current) === "destroys")
    return "destroys";
  return driver.dataImpact?.(w.action, w.desired.spec, w.before) ?? "none";
}

const kindOrder = (kind: Change["kind"]): number => ObjectKinds.indexOf(kind);

function compareChanges(a: Change, b: Change): number {
  const aDelete = a.action === "delete" ? 1 : 0;
  const bDelete = b.action === "delete" ? 1 : 0;
  if (aDelete !== bDelete) return aDelete - bDelete;
  const order = aDelete === 1 ? kindOrder(b.kind) - kindOrder(a.kind) : kindOrder(a.kind) - kindOrder(b.kind);
  return order || byAddressAndId(a, b);
}
