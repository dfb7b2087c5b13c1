/**
 * Apply: executes a Plan through the ApplyStore port (docs/architecture.md, "Apply"). Changes
 * run in dependency order with bounded parallelism; ids returned by creates flow into dependents;
 * a failure stops only its dependents; stale writes are refused (If-Match on Flow Service, re-read
 * and compare elsewhere); a write whose answer was lost is settled by reading the object back.
 * The Plan carries everything: bodies are built from each change's desired spec by its kind driver.
 */
import { driverOf, isSecretParams, retiredMappingSetBody } from "../kinds/index.ts";
import { InternalError } from "../errors.ts";
import { canonicalJson } from "../model/canonical.ts";
import { formatMarker, markerFor } from "../model/marker.ts";
import type { Marker } from "../model/marker.ts";
import type { LiveObject, ObjectKind } from "../model/objects.ts";
import type { Change, PatchOp, Plan } from "../model/plan.ts";
import { summarize } from "../model/result.ts";
import type { ApplySummary, ChangeResult, ChangeStatus } from "../model/result.ts";
import { createSemaphore } from "../semaphore.ts";
import type { Semaphore } from "../semaphore.ts";
import { knownFromPlan } from "./known.ts";
import type { Known, KnownObjects } from "./known.ts";
import { blocksDependents, runInDependencyOrder } from "./schedule.ts";
import { pollSettled, retryWhileBusy } from "./settle.ts";
import type { PollItem, Waits } from "./settle.ts";
import type { ApplyStore } from "./store.ts";
import { isAmbiguous, isBusy, isConflict } from "./store.ts";

type Json = Record<string, unknown>;

export interface ApplyInput {
  plan: Plan;
  store: ApplyStore;
  /** Resolved credential params of connections, by address (never part of a plan). */
  credentials?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Addresses refused before starting (changed since a saved plan), with why. */
  refused?: ReadonlyMap<string, string>;
  parallelism: number;
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** How long to wait for what apply touched to settle (new connections and flows enabled). */
  pollTimeoutMs?: number;
  /** How long a write refused as busy is retried while its object settles. */
  busyTimeoutMs?: number;
  /**
   * Once aborted (Ctrl-C), no new write starts: the writes in flight finish or settle, the
   * changes not started are skipped as interrupted, and nothing else is written.
   */
  signal?: AbortSignal;
  /** Called as each change gets its status (progress: `done` of `total`). */
  onResult?: (result: ChangeResult, done: number, total: number) => void;
}

export interface ApplyResult {
  results: ChangeResult[];
  summary: ApplySummary;
  /** Objects that were still not enabled when polling stopped. */
  notEnabled: string[];
  /** Whether the run stopped early because its signal was aborted. */
  interrupted: boolean;
}

const INTERRUPTED = "interrupted before it started: re-run apply";

/** A change apply refuses to make, with the status it gets. */
class Refused extends Error {
  readonly status: ChangeStatus;
  constructor(status: ChangeStatus, message: string) {
    super(message);
    this.name = "Refused";
    this.status = status;
  }
}

interface Cleanup {
  address: string;
  owner: string;
  kind: ObjectKind;
  id: string;
}

export async function applyPlan(input: ApplyInput): Promise<ApplyResult> {
  const run = new ApplyRun(input);
  await runInDependencyOrder(input.plan.changes, (change, statusOf) => run.execute(change, statusOf));
  const interrupted = input.signal?.aborted === true;
  let notEnabled: string[] = [];
  if (!interrupted) {
    await run.deleteReplaced();
    notEnabled = await pollSettled(run.toPoll, input.store, run.sleep, input.pollTimeoutMs ?? 60_000);
    for (const address of notEnabled)
      run.log(`! ${address}: not enabled yet; AEP may still be provisioning it`);
  }
  const results = input.plan.changes.map(
    (c) => run.results.get(c.address) ?? { address: c.address, action: c.action, status: "skipped" as const },
  );
  return { results, summary: summarize(results), notEnabled, interrupted };
}

/** The state of one apply: what is known, what was done, what is left to clean up and poll. */
class ApplyRun {
  readonly results = new Map<string, ChangeResult>();
  readonly toPoll: PollItem[] = [];
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
  private readonly known: KnownObjects;
  private readonly cleanup: Cleanup[] = [];
  /** Old flows disabled for a replace: if the new flow cannot be made, the old one runs again. */
  private readonly stoppedFlows = new Map<string, string>();
  private readonly writes: Semaphore;
  private readonly store: ApplyStore;
  private readonly input: ApplyInput;
  private readonly waits: Waits;

  constructor(input: ApplyInput) {
    this.input = input;
    this.store = input.store;
    this.known = knownFromPlan(input.plan);
    this.writes = createSemaphore(Math.max(1, input.parallelism));
    this.sleep = input.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.log = input.log ?? (() => undefined);
    this.waits = { sleep: this.sleep, busyTimeoutMs: input.busyTimeoutMs ?? 180_000 };
  }

  async execute(change: Change, statusOf: (address: string) => Promise<ChangeStatus>): Promise<ChangeStatus> {
    try {
      for (const dep of change.dependsOn) {
        const status = await statusOf(dep);
        if (blocksDependents(status))
          return this.record(change, "skipped", `${dep} ${status === "skipped" ? "was skipped" : status}`);
      }
      const refusal = this.input.refused?.get(change.address);
      if (refusal !== undefined) return this.record(change, "conflict", refusal, change.id);
      if (change.blocked !== undefined) return this.record(change, "skipped", change.blocked);
      if (change.action === "noop") return this.record(change, "unchanged", undefined, change.id);
      if (this.aborted()) return this.record(change, "skipped", INTERRUPTED);
      await this.writes.acquire();
      try {
        // Aborted while it waited for a write slot.
        if (this.aborted()) return this.record(change, "skipped", INTERRUPTED);
        return this.record(change, "done", undefined, await this.perform(change));
      } finally {
        this.writes.release();
      }
    } catch (error) {
      if (error instanceof Refused) return this.record(change, error.status, error.message, change.id);
      if (isConflict(error))
        return this.record(
          change,
          "conflict",
          "changed since plan: re-plan (AEP refused the stale etag)",
          change.id,
        );
      return this.record(change, "failed", messageOf(error), change.id);
    }
  }

  private aborted(): boolean {
    return this.input.signal?.aborted === true;
  }

  private record(change: Change, status: ChangeStatus, message?: string, id?: string): ChangeStatus {
    const result: ChangeResult = { address: change.address, action: change.action, status };
    if (message !== undefined) result.message = message;
    if (id !== undefined) result.id = id;
    this.results.set(change.address, result);
    this.input.onResult?.(result, this.results.size, this.input.plan.changes.length);
    // A caller with a progress hook shows results its own way (the CLI's [n/N] lines).
    if (status !== "unchanged" && this.input.onResult === undefined)
      this.log(
        `${symbol(status)} ${change.address}: ${change.action} ${status}${message ? ` (${message})` : ""}`,
      );
    return status;
  }

  private async perform(change: Change): Promise<string | undefined> {
    switch (change.action) {
      case "create":
      case "replace":
        return this.create(change);
      case "update":
      case "adopt":
        return this.update(change);
      case "delete":
        if (change.id !== undefined) await this.remove(change.kind, change.id);
        return change.id;
      case "noop":
        return change.id;
    }
  }

  private markerOf(change: Change): Marker {
    const fingerprint = (change.after as Json | undefined)?.fingerprint;
    return markerFor(
      this.input.plan.namespace,
      change.address,
      change.generation,
      typeof fingerprint === "string" ? fingerprint : undefined,
    );
  }

  private bodyOf(change: Change, marker: Marker): Json {
    if (change.after === undefined)
      throw new InternalError(`${change.address}: no desired spec to build a body from`);
    const credentials = this.input.credentials?.get(change.address);
    return driverOf(change.kind).body({
      spec: change.after as Json,
      marker,
      ids: this.known,
      ...(credentials !== undefined ? { credentials } : {}),
    });
  }

  private async create(change: Change): Promise<string> {
    if (change.action === "replace" && change.id !== undefined && change.kind === "flow")
      await this.stopOldFlow(change, change.id);
    const marker = this.markerOf(change);
    const body = this.bodyOf(change, marker);
    let created;
    try {
      // A refusal as busy (a connection built on one still initializing) was not a write: retried.
      created = await retryWhileBusy(
        () => this.store.create(change.kind, body, formatMarker(marker)),
        () => Promise.resolve(),
        this.waits,
      );
    } catch (error) {
      await this.restartStoppedFlow(change);
      throw error;
    }
    const known: Known = { kind: change.kind, id: created.id };
    if (created.schemaId !== undefined) known.schemaId = created.schemaId;
    if (created.version !== undefined) known.version = created.version;
    this.known.set(change.address, known);
    if (change.kind === "flow") {
      const enabled = (change.after as Json | undefined)?.enabled !== false;
      if (!enabled) await this.flowAction(created.id, "disable");
      this.toPoll.push({ address: change.address, kind: "flow", id: created.id, expectEnabled: enabled });
    }
    // What is built on a connection needs it out of `initializing` first.
    if (change.kind === "connection") await this.settleConnection(change, created.id);
    if (change.action === "replace" && change.id !== undefined) {
      if (change.kind === "flow") await this.remove("flow", change.id);
      else
        this.cleanup.push({ address: change.address, owner: change.owner, kind: change.kind, id: change.id });
    }
    return created.id;
  }

  private async settleConnection(change: Change, id: string): Promise<void> {
    await this.store.settle("connection", id);
    this.toPoll.push({ address: change.address, kind: "connection", id, expectEnabled: true });
  }

  /** Deletes, retrying while AEP is busy; a flow is deleted once it is gone (its connections are held till then). */
  private async remove(kind: ObjectKind, id: string): Promise<void> {
    await retryWhileBusy(
      () => this.store.remove(kind, id),
      () => this.store.settle(kind, id),
      this.waits,
    );
    if (kind === "flow") await this.store.settle("flow", id);
  }

  private flowAction(id: string, op: "enable" | "disable"): Promise<void> {
    return retryWhileBusy(
      () => this.store.flowAction(id, op),
      () => this.store.settle("flow", id),
      this.waits,
    );
  }

  /** Two flows never feed one dataset at once: the old flow stops before the new one exists. */
  private async stopOldFlow(change: Change, id: string): Promise<void> {
    // Settled first: an operation AEP was still running at plan time moves the etag, not the flow.
    const old = await this.store.settle("flow", id);
    if (old === undefined) throw new Refused("conflict", "changed since plan: the flow was deleted; re-plan");
    const changed =
      change.etag !== undefined &&
      old.etag !== change.etag &&
      (change.before === undefined ||
        !sameSpec(withoutState(this.comparable(old, change.before)), withoutState(change.before)));
    if (changed) throw new Refused("conflict", "changed since plan: re-plan");
    if (old.raw.state === "enabled" || old.raw.state === "enabling") {
      await this.flowAction(id, "disable");
      this.stoppedFlows.set(change.address, id);
    }
  }

  private async restartStoppedFlow(change: Change): Promise<void> {
    const id = this.stoppedFlows.get(change.address);
    if (id === undefined) return;
    try {
      await this.flowAction(id, "enable");
      this.toPoll.push({ address: change.address, kind: "flow", id, expectEnabled: true });
      this.log(
        `! ${change.address}: the new flow could not be created; the old flow ${id} was enabled again`,
      );
    } catch (error) {
      this.log(`! ${change.address}: the old flow ${id} stays disabled (${messageOf(error)}); re-run apply`);
    }
  }

  private resolveOp(change: Change, op: PatchOp): PatchOp {
    if (isSecretParams(op.value)) return { ...op, value: this.input.credentials?.get(change.address) ?? {} };
    if (op.value === undefined) return op;
    return { ...op, value: this.known.resolveDeep(op.value) };
  }

  private async update(change: Change): Promise<string> {
    const id = change.id;
    if (id === undefined) throw new InternalError(`${change.address}: update without an id`);
    const driver = driverOf(change.kind);
    const ops = (change.ops ?? []).map((op) => this.resolveOp(change, op));
    if (driver.precondition === "etag") await this.updateWithEtag(change, id, ops);
    else await this.updateAfterReread(change, id, ops);
    return id;
  }

  /** Flow Service: a PATCH with the planned etag as If-Match, and the state change as an action. */
  private async updateWithEtag(change: Change, id: string, ops: readonly PatchOp[]): Promise<void> {
    const stateOp = ops.find((op) => op.path === "/state");
    const patchOps = ops.filter((op) => op.path !== "/state");
    if (patchOps.length > 0) {
      if (change.etag === undefined)
        throw new InternalError(`${change.address}: no etag to send as If-Match`);
      await this.patchSettled(change, id, patchOps, change.etag);
    }
    if (stateOp !== undefined && change.kind === "flow")
      await this.flowAction(id, stateOp.value === "enabled" ? "enable" : "disable");
    if (change.kind === "flow") {
      const enabled = (change.after as Json | undefined)?.enabled !== false;
      this.toPoll.push({ address: change.address, kind: "flow", id, expectEnabled: enabled });
    }
    // A new secret sends a connection back to `initializing`: what follows waits for it.
    if (change.kind === "connection" && patchOps.length > 0) await this.settleConnection(change, id);
  }

  /**
   * PATCH with If-Match. A lost answer is settled by reading the object back. A refusal as busy,
   * or a 412, after which the object reads as the plan saw it (what aepsync owns unchanged: only
   * AEP's own operation moved the etag) is retried with the new etag; anything else is a conflict.
   */
  private async patchSettled(
    change: Change,
    id: string,
    ops: readonly PatchOp[],
    firstEtag: string,
  ): Promise<void> {
    let etag = firstEtag;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.patch(change.kind, id, ops, etag);
        return;
      } catch (error) {
        const ambiguous = isAmbiguous(error);
        if (!ambiguous && !isBusy(error) && !isConflict(error)) throw error;
        const now = await this.store.settle(change.kind, id);
        if (now === undefined)
          throw new Refused("conflict", "changed since plan: the object was deleted; re-plan");
        const owned = withoutState(this.comparable(now, change.after));
        if (change.after !== undefined && sameSpec(owned, withoutState(change.after))) return;
        const unchanged = change.before !== undefined && sameSpec(owned, withoutState(change.before));
        if (ambiguous && now.etag !== etag && !unchanged)
          throw new Refused("conflict", "changed since plan: re-plan");
        if (!unchanged && !ambiguous)
          throw isConflict(error) ? error : new Refused("conflict", "changed since plan: re-plan");
        if (attempt >= 5 || now.etag === undefined) throw error;
        etag = now.etag;
      }
    }
  }

  /** Schema Registry, Catalog and Data Prep take no precondition: re-read and compare with the plan, then write. */
  private async updateAfterReread(change: Change, id: string, ops: readonly PatchOp[]): Promise<void> {
    const now = await this.store.read(change.kind, id);
    if (now === undefined)
      throw new Refused("conflict", "changed since plan: the object was deleted; re-plan");
    if (change.before !== undefined && !sameSpec(this.comparable(now, change.after), change.before))
      throw new Refused("conflict", "changed since plan: re-plan");
    const known: Known = { kind: change.kind, id };
    if (now.schemaId !== undefined) known.schemaId = now.schemaId;
    if (driverOf(change.kind).update === "put") {
      const body =
        change.after !== undefined
          ? this.bodyOf(change, this.markerOf(change))
          : retiredMappingSetBody(now, ops.find((o) => o.path === "/name")?.value);
      const { version } = await this.store.put(change.kind, id, body);
      if (version !== undefined) known.version = version;
    } else if (ops.length > 0) {
      try {
        await this.store.patch(change.kind, id, ops, undefined);
      } catch (error) {
        if (!isAmbiguous(error)) throw error;
        // The answer was lost: done if the object now reads as planned.
        const after = await this.store.read(change.kind, id);
        if (after === undefined || !sameSpec(this.comparable(after, change.after), change.after ?? null))
          throw error;
      }
    }
    this.known.set(change.address, { ...this.known.get(change.address), ...known });
  }

  private comparable(live: LiveObject, want?: unknown): Json {
    return driverOf(live.kind).comparable(live, this.known.resolver, want as Json | undefined);
  }

  /**
   * Old connections of replaced pipelines go last: source/target before the base connection
   * (1418), and only once their pipeline's new flow exists (the old flow still reads them until
   * then; the next plan deletes what is left as a superseded generation).
   */
  async deleteReplaced(): Promise<void> {
    const flowReplaced = (owner: string): boolean => {
      const flow = this.input.plan.changes.find(
        (c) => c.owner === owner && c.kind === "flow" && c.action === "replace",
      );
      return flow === undefined || this.results.get(flow.address)?.status === "done";
    };
    for (const kind of ["sourceConnection", "targetConnection", "connection"] as const) {
      const due = this.cleanup.filter(
        (c) => c.kind === kind && (kind === "connection" || flowReplaced(c.owner)),
      );
      await Promise.all(
        due.map(async (c) => {
          try {
            await this.remove(c.kind, c.id);
          } catch (error) {
            this.log(
              `! ${c.address}: the replaced ${c.kind} ${c.id} could not be deleted (${messageOf(error)}); the next apply retries`,
            );
          }
        }),
      );
    }
  }
}

function sameSpec(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function withoutState(spec: unknown): unknown {
  if (typeof spec !== "object" || spec === null) return spec;
  const copy = { ...(spec as Json) };
  delete copy.enabled;
  return copy;
}

function symbol(status: ChangeStatus): string {
  return status === "done" ? "✓" : status === "unchanged" ? "=" : status === "skipped" ? "-" : "✗";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
