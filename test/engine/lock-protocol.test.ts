import { describe, expect, it } from "vitest";
import { AepError } from "../../src/aep/index.ts";
import type { LockStore, LockUpdate } from "../../src/aep/index.ts";
import { acquireLock, holdLock } from "../../src/engine/index.ts";
import type { LockRequest, LockTiming } from "../../src/engine/index.ts";
import { formatLockDescription, parseLockDescription } from "../../src/model/lock.ts";
import type { LockEntry } from "../../src/model/lock.ts";

// The protocol's rarer paths, against an in-memory lock store whose answers a test can script:
// a race noticed only after planning, lost answers, and refusals of an object in a transitional state.
class MemoryLocks implements LockStore {
  readonly items = new Map<string, LockEntry>();
  readonly calls: string[] = [];
  private next = 0;
  private clock = 1_000;
  /** Runs before each call: a test injects another run's moves or a failure here. */
  before: ((call: string) => void) | undefined;

  private tick(call: string): void {
    this.calls.push(call);
    this.before?.(call);
  }

  put(id: string, description: string, createdAt = (this.clock += 1)): LockEntry {
    const entry: LockEntry = {
      id,
      etag: `"${id}-${(this.next += 1)}"`,
      createdAt,
      info: parseLockDescription(description)!,
    };
    this.items.set(id, entry);
    return entry;
  }

  list(): Promise<LockEntry[]> {
    this.tick("list");
    return Promise.resolve([...this.items.values()].map((e) => ({ ...e })));
  }
  get(id: string): Promise<LockEntry | undefined> {
    this.tick(`get ${id}`);
    const e = this.items.get(id);
    return Promise.resolve(e === undefined ? undefined : { ...e });
  }
  create(_ns: string, description: string): Promise<{ id: string; etag: string }> {
    this.tick("create");
    const e = this.put(`lock-${this.next + 1}`, description);
    return Promise.resolve({ id: e.id, etag: e.etag });
  }
  update(id: string, etag: string, description: string): Promise<LockUpdate> {
    this.tick(`update ${id}`);
    const e = this.items.get(id);
    if (e === undefined) return Promise.resolve({ kind: "gone" });
    if (e.etag !== etag) return Promise.resolve({ kind: "conflict" });
    const updated = this.put(id, description, e.createdAt);
    return Promise.resolve({ kind: "updated", etag: updated.etag });
  }
  remove(id: string): Promise<void> {
    this.tick(`remove ${id}`);
    this.items.delete(id);
    return Promise.resolve();
  }
}

const timing: Partial<LockTiming> = {
  pollMs: 5,
  maxPollMs: 20,
  confirmMs: 10,
  heartbeatMs: 20,
  ttlMs: 60_000,
};

function request(extra: Partial<LockRequest> = {}): LockRequest {
  return { sandbox: "dev", namespace: "default", owner: "me@here:1", timeoutMs: 5_000, timing, ...extra };
}

function other(token: string, expires = Date.now() + 60_000): string {
  return formatLockDescription({
    namespace: "default",
    owner: `${token}@there:2`,
    token,
    since: Date.now(),
    expires,
  });
}

function busy(): AepError {
  return new AepError({
    code: "E_HTTP",
    method: "PATCH",
    path: "/flowservice/connections/x",
    status: 400,
    aepCode: "1421-400",
    aepMessage: "Entity in state updating cannot be transitioned",
  });
}

describe("the lock protocol", () => {
  it("gives the lock up after planning when an older racing lock shows up, then waits for it", async () => {
    const store = new MemoryLocks();
    const held = await acquireLock(store, request({ token: "mine" }));
    // A racing create that the first listings missed, older than ours.
    const theirs = store.put("racer", other("racer"), 0);
    expect(await held.confirmed()).toBe(false);
    expect(store.items.has(held.id)).toBe(false);
    expect(held.lostReason()).toContain("same moment");
    await held.release();
    expect([...store.items.keys()]).toEqual(["racer"]);
    // holdLock waits for the racer, then holds the lock itself.
    setTimeout(() => store.items.delete(theirs.id), 50);
    const next = await holdLock(store, request({ token: "mine-2" }));
    expect([...store.items.values()].map((e) => e.info.token)).toEqual(["mine-2"]);
    await next.release();
    expect(store.items.size).toBe(0);
  });

  it("confirms once, however often it is asked", async () => {
    const store = new MemoryLocks();
    const held = await acquireLock(store, request());
    expect(await Promise.all([held.confirmed(), held.confirmed()])).toEqual([true, true]);
    // Listed, created, listed (held), and listed once more to confirm: not once per question.
    expect(store.calls.filter((c) => !c.startsWith("update"))).toEqual(["list", "create", "list", "list"]);
    await held.release();
  });

  it("re-lists after a takeover that lost the compare-and-swap, and waits for the winner", async () => {
    const store = new MemoryLocks();
    const dead = store.put("dead", other("dead", Date.now() - 1));
    let raced = false;
    store.before = (call) => {
      // Another waiter takes the dead lock over between our listing and our PATCH.
      if (call === "update dead" && !raced) {
        raced = true;
        store.put("dead", other("winner"), dead.createdAt);
      }
    };
    const error = await acquireLock(store, request({ timeoutMs: 50 })).catch((e: unknown) => e);
    expect((error as Error).message).toContain("held by winner@there:2");
    expect(store.calls.filter((c) => c === "create")).toEqual([]);
  });

  it("retries a takeover refused while the lock is in a transitional state", async () => {
    const store = new MemoryLocks();
    store.put("dead", other("dead", Date.now() - 1));
    let refusals = 0;
    const realUpdate = store.update.bind(store);
    store.update = (id, etag, description) => {
      if (refusals < 2) {
        refusals += 1;
        store.calls.push(`refused ${id}`);
        return Promise.reject(busy());
      }
      return realUpdate(id, etag, description);
    };
    const held = await holdLock(store, request({ token: "mine" }));
    expect(refusals).toBe(2);
    expect(held.id).toBe("dead");
    await held.release();
  });

  it("keeps the lock when a renewal's answer is lost but the renewal happened", async () => {
    const store = new MemoryLocks();
    const held = await holdLock(store, request({ token: "mine" }));
    const realUpdate = store.update.bind(store);
    let lostOnce = false;
    store.update = async (id, etag, description) => {
      const result = await realUpdate(id, etag, description);
      if (!lostOnce) {
        lostOnce = true;
        throw new AepError({
          code: "E_NETWORK",
          method: "PATCH",
          path: "/flowservice/connections/x",
          ambiguous: true,
        });
      }
      return result;
    };
    await new Promise((r) => setTimeout(r, 150));
    expect(lostOnce).toBe(true);
    expect(held.lost.aborted).toBe(false);
    // Renewals went on with the etag read back after the lost answer.
    expect(store.calls.filter((c) => c.startsWith("update")).length).toBeGreaterThan(2);
    await held.release();
    expect(store.items.size).toBe(0);
  });

  it("loses the lock when it cannot be renewed before it expires", async () => {
    const store = new MemoryLocks();
    const lines: string[] = [];
    const held = await holdLock(
      store,
      request({ timing: { ...timing, ttlMs: 60 }, log: (l) => lines.push(l) }),
    );
    store.update = () =>
      Promise.reject(new AepError({ code: "E_HTTP", method: "PATCH", path: "/x", status: 500 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(held.lost.aborted).toBe(true);
    expect(held.lostReason()).toContain("could not be renewed before it expired");
    expect(lines.join("\n")).toContain("error: lost the sandbox lock");
    await held.release();
  });

  it("deletes the lock it created when interrupted before holding it", async () => {
    const store = new MemoryLocks();
    const stop = new AbortController();
    store.before = (call) => {
      if (call === "create") stop.abort();
    };
    const error = await acquireLock(store, request({ signal: stop.signal })).catch((e: unknown) => e);
    expect((error as Error).message).toContain("interrupted while waiting for the sandbox lock");
    expect(store.calls).toEqual(["list", "create", "remove lock-1"]);
    expect(store.items.size).toBe(0);
  });

  it("never creates a second lock while its first is not listed yet", async () => {
    const store = new MemoryLocks();
    const realList = store.list.bind(store);
    let lists = 0;
    // AEP's listing lags: the new lock shows only from the fourth listing on.
    store.list = async () => {
      lists += 1;
      const all = await realList();
      return lists < 4 ? [] : all;
    };
    const held = await holdLock(store, request());
    expect(store.calls.filter((c) => c === "create")).toHaveLength(1);
    expect(store.items.size).toBe(1);
    await held.release();
  });

  it("fails at once with --lock-timeout 0 when another run holds it", async () => {
    const store = new MemoryLocks();
    store.put("theirs", other("theirs"));
    const started = Date.now();
    const error = await acquireLock(store, request({ timeoutMs: 0 })).catch((e: unknown) => e);
    expect((error as Error).name).toBe("SandboxLockedError");
    expect(Date.now() - started).toBeLessThan(100);
    expect(store.calls).toEqual(["list"]);
  });
});
