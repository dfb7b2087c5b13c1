/**
 * Apply: executes a Plan through the ApplyStore port (DESIGN.md §5). Changes run in dependency
 * order with bounded parallelism; ids returned by creates flow into dependents; a failure stops
 * only its dependents; stale writes are refused (If-Match on Flow Service, re-read and compare
 * elsewhere); a write whose answer was lost is settled by reading the object back.
 */
import { canonicalJson } from "../planner/canonical.ts";
import type { DesiredObject, LiveObject, Ref } from "../planner/desired-model.ts";
import { formatMarker } from "../planner/marker.ts";
import type { Change, ObjectKind, PatchOp, Plan } from "../planner/model.ts";
import { markerFor } from "../planner/plan.ts";
import { SyncError } from "../errors.ts";
import type { ApplySummary, ChangeResult, ChangeStatus } from "../reconcile/types.ts";
import { createBody, mappingSetBody, resolveValue } from "./bodies.ts";
import type { KnownIds } from "./bodies.ts";
import type { ApplyStore } from "./store.ts";
import { isAmbiguous, isConflict } from "./store.ts";

type Json = Record<string, unknown>;

export interface ApplyInput {
  plan: Plan;
  desired: ReadonlyMap<string, DesiredObject>;
  /** Address → the live object the plan matched (for ids of unchanged objects, `$id`s, versions). */
  current: ReadonlyMap<string, LiveObject>;
  mappingVersions: Readonly<Record<string, number>>;
  store: ApplyStore;
  /** Reads a live object as the planner's comparable spec (to detect changes since the plan). */
  comparable(live: LiveObject): Json;
  /** Addresses refused before starting (changed since a saved plan), with why. */
  refused?: ReadonlyMap<string, string>;
  parallelism: number;
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** How long to wait for new connections and flows to become enabled. */
  pollTimeoutMs?: number;
}

export interface ApplyResult {
  results: ChangeResult[];
  summary: ApplySummary;
  /** Objects that were still not enabled when polling stopped. */
  notEnabled: string[];
}

interface Known {
  kind: ObjectKind;
  id: string;
  schemaId?: string;
  version?: number;
}

const FLOW_SERVICE: ReadonlySet<ObjectKind> = new Set([
  "connection",
  "sourceConnection",
  "targetConnection",
  "flow",
]);

class Refused extends Error {
  readonly status: ChangeStatus;
  constructor(status: ChangeStatus, message: string) {
    super(message);
    this.name = "Refused";
    this.status = status;
  }
}

export async function applyPlan(input: ApplyInput): Promise<ApplyResult> {
  const { plan, store } = input;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = input.log ?? (() => undefined);
  const known = new Map<string, Known>();
  for (const [address, live] of input.current) {
    const k: Known = { kind: live.kind, id: live.id };
    if (live.schemaId !== undefined) k.schemaId = live.schemaId;
    const version = input.mappingVersions[live.id];
    if (version !== undefined) k.version = version;
    known.set(address, k);
  }
  const ids: KnownIds = {
    resolve(ref: Ref): string | number {
      const k = known.get(ref.$ref);
      if (k === undefined) throw new SyncError("E_INTERNAL", `${ref.$ref} has no id yet (dependency order)`);
      if (ref.field === "version") return k.version ?? 0;
      if (k.kind === "schema" || k.kind === "class") return k.schemaId ?? k.id;
      return k.id;
    },
  };

  const results = new Map<string, ChangeResult>();
  const cleanup: { address: string; owner: string; kind: ObjectKind; id: string }[] = [];
  const toPoll: { address: string; kind: "connection" | "flow"; id: string }[] = [];
  const done = new Map<string, Promise<ChangeStatus>>();
  const byAddress = new Map(plan.changes.map((c) => [c.address, c]));
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (running < Math.max(1, input.parallelism)) {
      running += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next !== undefined) next();
    else running -= 1;
  };

  const record = (change: Change, status: ChangeStatus, message?: string, id?: string): ChangeStatus => {
    const result: ChangeResult = { address: change.address, action: change.action, status };
    if (message !== undefined) result.message = message;
    if (id !== undefined) result.id = id;
    results.set(change.address, result);
    if (status !== "unchanged")
      log(`${symbol(status)} ${change.address}: ${change.action} ${status}${message ? ` (${message})` : ""}`);
    return status;
  };

  const register = (address: string, k: Known): void => {
    known.set(address, k);
  };

  const execute = async (change: Change): Promise<ChangeStatus> => {
    for (const dep of change.dependsOn) {
      const status = await (done.get(dep) ?? Promise.resolve<ChangeStatus>("unchanged"));
      if (status !== "done" && status !== "unchanged")
        return record(change, "skipped", `${dep} ${status === "skipped" ? "was skipped" : status}`);
    }
    const refusal = input.refused?.get(change.address);
    if (refusal !== undefined) return record(change, "conflict", refusal, change.id);
    if (change.blocked !== undefined) return record(change, "skipped", change.blocked);
    const desired = input.desired.get(change.address);
    if (change.action === "noop") {
      const live = input.current.get(change.address);
      return record(change, "unchanged", undefined, live?.id);
    }
    await acquire();
    try {
      const id = await perform(change, desired);
      return record(change, "done", undefined, id);
    } catch (error) {
      if (error instanceof Refused) return record(change, error.status, error.message, change.id);
      if (isConflict(error))
        return record(
          change,
          "conflict",
          "changed since plan: re-plan (AEP refused the stale etag)",
          change.id,
        );
      return record(change, "failed", messageOf(error), change.id);
    } finally {
      release();
    }
  };

  // Old flows disabled for a replace: if the new flow cannot be made, the old one runs again.
  const stoppedFlows = new Map<string, string>();
  const restartStoppedFlow = async (change: Change): Promise<void> => {
    const id = stoppedFlows.get(change.address);
    if (id === undefined) return;
    try {
      await store.flowAction(id, "enable");
      log(`! ${change.address}: the new flow could not be created; the old flow ${id} was enabled again`);
    } catch (error) {
      log(`! ${change.address}: the old flow ${id} stays disabled (${messageOf(error)}); re-run apply`);
    }
  };

  const perform = async (change: Change, desired: DesiredObject | undefined): Promise<string | undefined> => {
    switch (change.action) {
      case "create":
      case "replace": {
        if (desired === undefined) throw new SyncError("E_INTERNAL", `${change.address}: no desired object`);
        if (change.action === "replace" && change.id !== undefined && change.kind === "flow") {
          // Two flows never feed one dataset at once: stop the old flow before the new one exists.
          const old = await store.read("flow", change.id);
          if (old === undefined)
            throw new Refused("conflict", "changed since plan: the flow was deleted; re-plan");
          if (change.etag !== undefined && old.etag !== undefined && old.etag !== change.etag)
            throw new Refused("conflict", "changed since plan: re-plan");
          if (old.raw.state === "enabled") {
            await store.flowAction(change.id, "disable");
            stoppedFlows.set(change.address, change.id);
          }
        }
        const marker = markerFor(plan.namespace, change.address, change.generation, desired.fingerprint);
        const body = createBody(desired, marker, ids);
        let created;
        try {
          created = await store.create(change.kind, body, formatMarker(marker));
        } catch (error) {
          await restartStoppedFlow(change);
          throw error;
        }
        const k: Known = { kind: change.kind, id: created.id };
        if (created.schemaId !== undefined) k.schemaId = created.schemaId;
        if (created.version !== undefined) k.version = created.version;
        register(change.address, k);
        if (change.kind === "flow" && desired.spec.enabled === false)
          await store.flowAction(created.id, "disable");
        if (change.kind === "flow" && desired.spec.enabled !== false)
          toPoll.push({ address: change.address, kind: "flow", id: created.id });
        if (change.kind === "connection")
          toPoll.push({ address: change.address, kind: "connection", id: created.id });
        if (change.action === "replace" && change.id !== undefined) {
          if (change.kind === "flow") await store.remove("flow", change.id);
          else
            cleanup.push({ address: change.address, owner: change.owner, kind: change.kind, id: change.id });
        }
        return created.id;
      }
      case "update":
      case "adopt":
        return await update(change, desired);
      case "delete":
        if (change.id === undefined) return undefined;
        await store.remove(change.kind, change.id);
        return change.id;
      case "noop":
        return change.id;
    }
  };

  const update = async (change: Change, desired: DesiredObject | undefined): Promise<string | undefined> => {
    const id = change.id;
    if (id === undefined) throw new SyncError("E_INTERNAL", `${change.address}: update without an id`);
    const live = input.current.get(change.address);
    const k: Known = { kind: change.kind, id };
    if (live?.schemaId !== undefined) k.schemaId = live.schemaId;
    const ops = (change.ops ?? []).map((op) => resolveOp(op, desired, ids));

    if (FLOW_SERVICE.has(change.kind)) {
      const stateOp = ops.find((op) => op.path === "/state");
      const patchOps = ops.filter((op) => op.path !== "/state");
      let etag = change.etag;
      if (patchOps.length > 0) {
        if (etag === undefined)
          throw new SyncError("E_INTERNAL", `${change.address}: no etag to send as If-Match`);
        etag = await patchSettled(change, patchOps, etag, desired);
      }
      if (stateOp !== undefined && change.kind === "flow")
        await store.flowAction(id, stateOp.value === "enabled" ? "enable" : "disable");
      register(change.address, k);
      return id;
    }

    // Schema Registry, Catalog and Data Prep take no precondition: re-read and compare with the plan.
    const now = await store.read(change.kind, id);
    if (now === undefined)
      throw new Refused("conflict", "changed since plan: the object was deleted; re-plan");
    if (change.before !== undefined && canonicalJson(input.comparable(now)) !== canonicalJson(change.before))
      throw new Refused("conflict", "changed since plan: re-plan");
    if (change.kind === "mappingSet") {
      const body =
        desired !== undefined
          ? mappingSetBody(
              desired,
              markerFor(plan.namespace, change.address, change.generation, desired.fingerprint),
              ids,
            )
          : retiredBody(now, ops);
      const { version } = await store.putMappingSet(id, body);
      k.version = version;
    } else if (ops.length > 0) {
      try {
        await store.patch(change.kind, id, ops, undefined);
      } catch (error) {
        if (!isAmbiguous(error)) throw error;
        // The answer was lost: done if the object now reads as planned.
        const after = await store.read(change.kind, id);
        if (
          after === undefined ||
          canonicalJson(input.comparable(after)) !== canonicalJson(change.after ?? null)
        )
          throw error;
      }
    }
    register(change.address, k);
    return id;
  };

  /** PATCH with If-Match; a lost answer or a 412 after one is settled by reading the object back. */
  const patchSettled = async (
    change: Change,
    ops: readonly PatchOp[],
    etag: string,
    desired: DesiredObject | undefined,
  ): Promise<string | undefined> => {
    try {
      return (await store.patch(change.kind, change.id!, ops, etag)).etag;
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      const now = await store.read(change.kind, change.id!);
      if (now === undefined) throw error;
      const want = desired?.spec ?? change.after;
      if (
        want !== undefined &&
        canonicalJson(withoutState(input.comparable(now))) === canonicalJson(withoutState(want))
      )
        return now.etag;
      if (now.etag === etag) return (await store.patch(change.kind, change.id!, ops, etag)).etag;
      throw new Refused("conflict", "changed since plan: re-plan");
    }
  };

  const ordered = [...plan.changes];
  for (const change of ordered) {
    if (done.has(change.address)) continue;
    let resolveStatus!: (s: ChangeStatus) => void;
    done.set(change.address, new Promise<ChangeStatus>((r) => (resolveStatus = r)));
    queueMicrotask(() => {
      execute(change).then(resolveStatus, (error: unknown) =>
        resolveStatus(record(change, "failed", messageOf(error), change.id)),
      );
    });
  }
  await Promise.all(done.values());

  // Old connections of replaced pipelines go last: source/target before the base connection (1418),
  // and only once their pipeline's new flow exists (the old flow still reads them until then; the
  // next plan deletes what is left as a superseded generation).
  const flowReplaced = (owner: string): boolean => {
    const flow = plan.changes.find((c) => c.owner === owner && c.kind === "flow" && c.action === "replace");
    return flow === undefined || results.get(flow.address)?.status === "done";
  };
  const order: ObjectKind[] = ["sourceConnection", "targetConnection", "connection"];
  for (const kind of order) {
    await Promise.all(
      cleanup
        .filter((c) => c.kind === kind && (kind === "connection" || flowReplaced(c.owner)))
        .map(async (c) => {
          try {
            await store.remove(c.kind, c.id);
          } catch (error) {
            log(
              `! ${c.address}: the replaced ${c.kind} ${c.id} could not be deleted (${messageOf(error)}); the next apply retries`,
            );
          }
        }),
    );
  }

  const notEnabled = await pollEnabled(toPoll, store, sleep, input.pollTimeoutMs ?? 60_000);
  for (const address of notEnabled) log(`! ${address}: not enabled yet; AEP may still be provisioning it`);

  const list = plan.changes.map(
    (c) => results.get(c.address) ?? { address: c.address, action: c.action, status: "skipped" as const },
  );
  void byAddress;
  return { results: list, summary: summarize(list), notEnabled };
}

function resolveOp(op: PatchOp, desired: DesiredObject | undefined, ids: KnownIds): PatchOp {
  const value = op.value;
  if (typeof value === "object" && value !== null && (value as Json).$secret === "auth.params")
    return { ...op, value: desired?.credentials ?? {} };
  if (value === undefined) return op;
  return { ...op, value: resolveValue(value, ids) };
}

function retiredBody(now: LiveObject, ops: readonly PatchOp[]): Json {
  const name = ops.find((o) => o.path === "/name")?.value;
  const raw = now.raw;
  return {
    name,
    outputSchema: raw.outputSchema,
    mappings: Array.isArray(raw.mappings)
      ? (raw.mappings as Json[]).map((m) => ({
          sourceType: m.sourceType,
          source: m.source,
          destination: m.destination,
        }))
      : [],
  };
}

function withoutState(spec: unknown): unknown {
  if (typeof spec !== "object" || spec === null) return spec;
  const copy = { ...(spec as Json) };
  delete copy.enabled;
  return copy;
}

async function pollEnabled(
  items: readonly { address: string; kind: "connection" | "flow"; id: string }[],
  store: ApplyStore,
  sleep: (ms: number) => Promise<void>,
  timeoutMs: number,
): Promise<string[]> {
  let pending = [...items];
  let waited = 0;
  let delay = 250;
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (const kind of ["connection", "flow"] as const) {
      const ofKind = pending.filter((p) => p.kind === kind);
      if (ofKind.length === 0) continue;
      const states = await store.states(
        kind,
        ofKind.map((p) => p.id),
      );
      for (const p of ofKind) if (states.get(p.id) !== "enabled") next.push(p);
    }
    pending = next;
    if (pending.length === 0 || waited >= timeoutMs) break;
    await sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, 5_000);
  }
  return pending.map((p) => p.address);
}

export function summarize(results: readonly ChangeResult[]): ApplySummary {
  const summary: ApplySummary = { done: 0, failed: 0, skipped: 0, conflict: 0, unchanged: 0 };
  for (const r of results) summary[r.status] += 1;
  return summary;
}

function symbol(status: ChangeStatus): string {
  return status === "done" ? "✓" : status === "unchanged" ? "=" : status === "skipped" ? "-" : "✗";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
