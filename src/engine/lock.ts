/**
 * One apply per sandbox and namespace at a time (docs/architecture.md, "Apply"): the lock is a
 * Flow Service connection in the sandbox itself (src/aep/lock.ts), so every runner, a laptop or
 * CI, sees it. The protocol:
 *
 * - List the namespace's locks by name. None: create one (a create whose answer was lost is
 *   settled by its token, never duplicated). Only dead ones (expired, or held by a process of
 *   this machine and user that no longer exists): take the oldest over by a PATCH with
 *   `If-Match`, a compare-and-swap (412: another run got it first).
 * - List again: of the live locks the oldest (createdAt, then id) holds the sandbox. When two
 *   runs raced, the others delete their own and wait. The holder checks once more after a short
 *   pause (`confirmed()`, which apply calls after planning, so the pause costs nothing), so that
 *   a racing create that was not listed yet cannot make two holders.
 * - Held by another run: wait with backoff up to the timeout, then fail naming the holder.
 * - While the run holds it, a heartbeat moves its expiry forward with `If-Match`; when it cannot
 *   (someone took it over, or deleted it) the run's `lost` signal aborts so no new write starts.
 * - Released (deleted) at the end, after checking it is still ours.
 */
import { randomBytes } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { AepError } from "../aep/index.ts";
import type { LockStore } from "../aep/index.ts";
import { SyncError } from "../errors.ts";
import { decideLock, formatDuration, formatLockDescription, lockName } from "../model/lock.ts";
import type { LockEntry, LockInfo } from "../model/lock.ts";

export interface LockTiming {
  /** How long a lock stays valid without renewal; a killed run frees the sandbox after this. */
  ttlMs: number;
  heartbeatMs: number;
  /** The pause before a holder checks again that no racing run's lock is older. */
  confirmMs: number;
  /** First wait between checks of a held lock; it grows to maxPollMs. */
  pollMs: number;
  maxPollMs: number;
}

export const LOCK_TIMING: LockTiming = {
  ttlMs: 120_000,
  heartbeatMs: 30_000,
  confirmMs: 300,
  pollMs: 500,
  maxPollMs: 5_000,
};

export const DEFAULT_LOCK_TIMEOUT_MS = 5 * 60_000;

/** How long a lock this run created may stay unlisted before apply gives up (AEP's listing lags). */
const LIST_LAG_LIMIT_MS = 30_000;

export interface LockRequest {
  sandbox: string;
  namespace: string;
  /** Who holds it, for people (see describeRunner). */
  owner: string;
  /** Most time to wait for another run's lock; 0 fails at once. */
  timeoutMs: number;
  timing?: Partial<LockTiming>;
  /** Aborted (Ctrl-C): stop waiting. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Whether a holder's process is surely gone (see holderGoneHere); default: never. */
  isGone?: (info: LockInfo) => boolean;
  now?: () => number;
  /** This run's token; random by default. */
  token?: string;
}

export interface HeldLock {
  readonly id: string;
  readonly token: string;
  /**
   * Checks again, at least confirmMs after the lock was first held, that no racing run's lock
   * is older; false when one is (ours is then deleted): wait for the lock again. Call it before
   * the first write; planning may run meanwhile, since it only reads.
   */
  confirmed(): Promise<boolean>;
  /** Aborted when the lock is lost mid-run (taken over or deleted): no new write may start. */
  readonly lost: AbortSignal;
  /** Why the lock was lost, once it was. */
  lostReason(): string | undefined;
  /** Stops the heartbeat and deletes the lock if it is still ours; never throws. */
  release(): Promise<void>;
}

/** Another run holds the sandbox and did not free it within the timeout. */
export class SandboxLockedError extends SyncError {
  readonly holder: LockInfo;
  readonly lockId: string;
  constructor(message: string, holder: LockEntry) {
    super("E_PLAN", message);
    this.name = "SandboxLockedError";
    this.holder = holder.info;
    this.lockId = holder.id;
  }
}

/** Who runs this apply, as other runs see it: the CI run when there is one, else user@host:pid. */
export function describeRunner(env: Readonly<Record<string, string | undefined>>): string {
  const set = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const repo = set("GITHUB_REPOSITORY");
  const run = set("GITHUB_RUN_ID");
  if (set("GITHUB_ACTIONS") === "true" && repo !== undefined && run !== undefined)
    return `${set("GITHUB_SERVER_URL") ?? "https://github.com"}/${repo}/actions/runs/${run}/attempts/${set("GITHUB_RUN_ATTEMPT") ?? "1"}`;
  const job = set("CI_JOB_URL");
  if (job !== undefined) return job;
  return `${currentUser()}@${hostname()}:${process.pid}`;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers).
    return "unknown";
  }
}

/**
 * True when the holder is a process of this machine and user that no longer exists, so its
 * lock can be taken at once instead of after it expires (a local run killed with kill -9).
 * Never in CI: containers on one host may share a host name while their pids are separate.
 */
export function holderGoneHere(
  env: Readonly<Record<string, string | undefined>>,
): (info: LockInfo) => boolean {
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "false";
  const me = `${currentUser()}@${hostname()}`;
  return (info) => {
    if (ci) return false;
    const m = /^(.+):(\d+)$/.exec(info.owner);
    if (m === null || m[1] !== me) return false;
    const pid = Number(m[2]);
    if (pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ESRCH";
    }
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Errors a lock write retries after the next listing: an answer that was lost (the listing shows
 * whether the write happened) and Flow Service's refusals of an object in a transitional state
 * (help/sources/errors/flow-service-errors.md: 1416, 1420, 1421, 1457, 1458).
 */
function retryLater(error: unknown): undefined {
  if (error instanceof AepError && (error.ambiguous || isBusy(error))) return undefined;
  throw error;
}

function isBusy(error: AepError): boolean {
  return (
    error.status === 400 &&
    (/^14(16|20|21|57|58)\b/.test(error.aepCode ?? "") || /\bstate\b/i.test(error.aepMessage ?? ""))
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function lockedMessage(request: LockRequest, holder: LockEntry, waitedMs: number): string {
  const h = holder.info;
  return [
    `sandbox '${request.sandbox}' (namespace ${request.namespace}) is locked by another apply: held by ${h.owner} since ${iso(h.since)}, until ${iso(h.expires)} unless it renews the lock.`,
    `Waited ${formatDuration(waitedMs)} (--lock-timeout). Let that apply finish and run again, or wait longer with --lock-timeout (e.g. --lock-timeout 15m).`,
    `A run that was killed stops renewing its lock, and the next apply takes it over once it has expired.`,
    `To free it sooner, only once that run is surely gone: delete the Flow Service connection ${holder.id} named '${lockName(request.namespace)}' (DELETE /data/foundation/flowservice/connections/${holder.id} in sandbox '${request.sandbox}').`,
  ].join("\n  ");
}

/** Waits for and takes the sandbox lock; throws SandboxLockedError after the timeout. */
export async function acquireLock(store: LockStore, request: LockRequest): Promise<HeldLock> {
  const timing = { ...LOCK_TIMING, ...request.timing };
  const now = request.now ?? Date.now;
  const log = request.log ?? (() => undefined);
  const token = request.token ?? randomBytes(8).toString("hex");
  const started = now();
  const deadline = started + request.timeoutMs;
  let delay = timing.pollMs;
  let announced: string | undefined;
  const fresh = (since = now()): LockInfo => ({
    namespace: request.namespace,
    owner: request.owner,
    token,
    since,
    expires: now() + timing.ttlMs,
  });
  const stopIfInterrupted = (): void => {
    if (request.signal?.aborted === true)
      throw new SyncError("E_PLAN", "interrupted while waiting for the sandbox lock: nothing was written");
  };
  /** Our lock object once created or taken over: deleted again if we stop before holding it. */
  let mine: { id: string; at: number; created: boolean } | undefined;
  try {
    for (;;) {
      stopIfInterrupted();
      const decision = decideLock(await store.list(request.namespace), token, now(), request.isGone);
      switch (decision.kind) {
        case "create":
          if (mine?.created === true) {
            // Created but not listed yet: never create a second one.
            if (now() - mine.at > LIST_LAG_LIMIT_MS)
              throw new SyncError(
                "E_PLAN",
                `the sandbox lock ${mine.id} was created but AEP does not list it; apply stopped before planning`,
              );
            await sleep(timing.pollMs, request.signal);
            continue;
          }
          mine = {
            id: (await store.create(request.namespace, formatLockDescription(fresh()), token)).id,
            at: now(),
            created: true,
          };
          continue;
        case "take-over": {
          const old = decision.entry.info;
          const result = await store
            .update(decision.entry.id, decision.entry.etag, formatLockDescription(fresh()))
            .catch(retryLater);
          if (result === undefined) await sleep(timing.pollMs, request.signal);
          else if (result.kind === "updated") {
            mine = { id: decision.entry.id, at: now(), created: false };
            log(
              `Took over the sandbox lock of ${old.owner}: ${decision.why === "expired" ? `it expired at ${iso(old.expires)}` : "its process is gone"}.`,
            );
          }
          // On a conflict another run took it first: the next listing shows who.
          continue;
        }
        case "held":
          mine = undefined;
          return startHeartbeat(store, decision.entry, timing, {
            now,
            log,
            token,
            namespace: request.namespace,
            heldAt: now(),
            ...(request.isGone !== undefined ? { isGone: request.isGone } : {}),
          });
        case "yield":
          await store.remove(decision.mine.id).catch(retryLater);
          mine = undefined;
          break;
        case "wait":
          break;
      }
      const holder = decision.holder;
      const waited = now() - started;
      if (now() >= deadline) throw new SandboxLockedError(lockedMessage(request, holder, waited), holder);
      if (announced !== holder.info.token) {
        announced = holder.info.token;
        log(
          `Sandbox '${request.sandbox}' is locked by another apply (${holder.info.owner}, since ${iso(holder.info.since)}): waiting up to ${formatDuration(request.timeoutMs)} (--lock-timeout)…`,
        );
      }
      // Jitter keeps runners that wait together from checking in lockstep.
      await sleep(Math.min(delay * (0.75 + Math.random() / 2), deadline - now()), request.signal);
      delay = Math.min(delay * 1.5, timing.maxPollMs);
    }
  } catch (error) {
    // Interrupted, timed out or failed between taking a lock object and holding the sandbox.
    if (mine !== undefined) await store.remove(mine.id).catch(() => undefined);
    throw error;
  }
}

/** Takes the lock and confirms it (for callers with nothing to do meanwhile). */
export async function holdLock(store: LockStore, request: LockRequest): Promise<HeldLock> {
  const deadline = (request.now ?? Date.now)() + request.timeoutMs;
  for (;;) {
    const remaining = Math.max(0, deadline - (request.now ?? Date.now)());
    const held = await acquireLock(store, { ...request, timeoutMs: remaining });
    if (await held.confirmed()) return held;
  }
}

interface HeartbeatContext {
  now: () => number;
  log: (line: string) => void;
  token: string;
  namespace: string;
  heldAt: number;
  isGone?: (info: LockInfo) => boolean;
}

function startHeartbeat(
  store: LockStore,
  entry: LockEntry,
  timing: LockTiming,
  ctx: HeartbeatContext,
): HeldLock {
  const lost = new AbortController();
  const stop = new AbortController();
  let reason: string | undefined;
  let etag = entry.etag;
  let info = entry.info;
  const lose = (why: string): void => {
    if (reason !== undefined) return;
    reason = why;
    ctx.log(`error: lost the sandbox lock (${why}): no new write starts; the writes in flight finish`);
    lost.abort(new SyncError("E_PLAN", `lost the sandbox lock: ${why}`));
  };
  /** One renewal; true when the lock is renewed or lost (nothing to retry), false to retry soon. */
  const renew = async (attempt = 0): Promise<boolean> => {
    const next: LockInfo = { ...info, expires: ctx.now() + timing.ttlMs };
    try {
      const result = await store.update(entry.id, etag, formatLockDescription(next));
      if (result.kind === "updated") {
        etag = result.etag;
        info = next;
        return true;
      }
      if (result.kind === "conflict" && attempt < 3) {
        // AEP moves a connection's etag itself when an operation completes (a new connection
        // leaves `initializing`): the lock is still ours while it carries our token.
        const current = await store.get(entry.id);
        if (current !== undefined && current.info.token === ctx.token) {
          etag = current.etag;
          info = current.info;
          return renew(attempt + 1);
        }
      }
      lose(
        result.kind === "conflict"
          ? "another run changed it: it had expired and was taken over"
          : "it was deleted from the sandbox",
      );
      return true;
    } catch (error) {
      // The answer may be lost: the lock as it is now tells whether the renewal happened.
      const current = await store.get(entry.id).catch(() => undefined);
      if (current !== undefined && current.info.token === ctx.token) {
        etag = current.etag;
        info = current.info;
        if (current.info.expires >= next.expires) return true;
      }
      if (ctx.now() >= info.expires)
        lose(
          `it could not be renewed before it expired: ${error instanceof Error ? error.message : String(error)}`,
        );
      return reason !== undefined;
    }
  };
  const loop = (async () => {
    let wait = timing.heartbeatMs;
    while (!stop.signal.aborted && reason === undefined) {
      await sleep(wait, stop.signal);
      if (stop.signal.aborted) break;
      wait = (await renew()) ? timing.heartbeatMs : Math.min(5_000, timing.heartbeatMs);
    }
  })();
  let confirmation: Promise<boolean> | undefined;
  const confirm = async (): Promise<boolean> => {
    await sleep(ctx.heldAt + timing.confirmMs - ctx.now());
    const decision = decideLock(await store.list(ctx.namespace), ctx.token, ctx.now(), ctx.isGone);
    if (decision.kind === "held") return true;
    // A racing run's lock is older after all: ours goes, and this run waits for the lock again.
    reason = "another run took the lock at the same moment";
    stop.abort();
    await loop;
    if (decision.kind === "yield") await store.remove(decision.mine.id).catch(retryLater);
    return false;
  };
  return {
    id: entry.id,
    token: ctx.token,
    confirmed: () => (confirmation ??= confirm()),
    lost: lost.signal,
    lostReason: () => reason,
    async release() {
      stop.abort();
      await loop;
      if (reason !== undefined) return;
      for (let attempt = 1; ; attempt += 1) {
        try {
          // DELETE has no If-Match in Flow Service. Before its expiry no other run may take the
          // lock, so it is still ours; after it, check first.
          if (ctx.now() < info.expires) await store.remove(entry.id);
          else {
            const current = await store.get(entry.id);
            if (current?.info.token === ctx.token) await store.remove(entry.id);
          }
          return;
        } catch (error) {
          if (attempt < 3 && error instanceof AepError && isBusy(error)) {
            await sleep(1_000);
            continue;
          }
          ctx.log(
            `warning: could not release the sandbox lock (it expires by itself at ${iso(info.expires)}): ${error instanceof Error ? error.message : String(error)}`,
          );
          return;
        }
      }
    },
  };
}
