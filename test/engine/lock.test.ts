import { spawnSync } from "node:child_process";
import { hostname, userInfo } from "node:os";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAepClient, createLockStore, isLockObject, readLiveState } from "../../src/aep/index.ts";
import type { AepClient, LockStore } from "../../src/aep/index.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { applyRun, holdLock, planRun, SandboxLockedError } from "../../src/engine/index.ts";
import type { ApplySettings, LockTiming } from "../../src/engine/index.ts";
import { holderGoneHere } from "../../src/engine/lock.ts";
import { formatLockDescription } from "../../src/model/lock.ts";
import type { LockInfo } from "../../src/model/lock.ts";
import { admin, aepConfig, aepEnv, emulatorState, makeWorkspace } from "../support/cli.ts";

// The sandbox lock against the emulator over loopback: the lock object, takeovers, waiting,
// races, the heartbeat, and applyRun holding it around planning and applying.
const NAMESPACE = "marketing-pipelines"; // the examples' aepsync.yaml
const fast: Partial<LockTiming> = { pollMs: 50, maxPollMs: 200, confirmMs: 100 };

let emulator: RunningEmulator;
let client: AepClient;
let store: LockStore;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = createAepClient(aepConfig(emulator));
  store = createLockStore(client);
  ({ dir, cleanup } = await makeWorkspace());
});

afterAll(async () => {
  await client.close();
  await emulator.close();
  await cleanup();
});

beforeEach(async () => {
  await admin(emulator, "POST", "/reset");
  emulator.setLatency(0);
});

afterEach(() => {
  emulator.setLatency(0);
});

function settings(extra: Partial<ApplySettings> = {}): ApplySettings {
  return { paths: [], cwd: dir, env: aepEnv(emulator), environment: "dev", lockTiming: fast, ...extra };
}

async function lockObjects(): Promise<Record<string, unknown>[]> {
  const state = await emulatorState(emulator);
  return (state.sandboxes.dev?.connections ?? []).filter((c) => String(c.name).startsWith("aepsync-lock-"));
}

/** Ids of the connections that got a request with this method since the log was last cleared. */
async function connectionIds(method: string): Promise<string[]> {
  const res = await fetch(`${emulator.url}/__emulator/requests`);
  const { log } = (await res.json()) as { log: { method: string; path: string; status: number }[] };
  return log
    .filter((e) => e.method === method && e.status < 300)
    .map((e) => /\/flowservice\/connections\/([^/]+)$/.exec(e.path)?.[1])
    .filter((id): id is string => id !== undefined);
}

/** Plants a lock of another run, as if it were running (or had died) elsewhere. */
async function plant(lock: Partial<LockInfo> & { expires: number }): Promise<string> {
  const info: LockInfo = {
    namespace: NAMESPACE,
    owner: "bob@build-7:4242",
    token: "0123456789abcdef",
    since: Date.now() - 60_000,
    ...lock,
  };
  const { id } = await store.create(NAMESPACE, formatLockDescription(info), info.token);
  await admin(emulator, "DELETE", "/requests");
  return id;
}

describe("the lock object", () => {
  it("is a Data Lake base connection named for the namespace, deleted on release", async () => {
    const held = await holdLock(store, {
      sandbox: "dev",
      namespace: NAMESPACE,
      owner: "alice@laptop:1",
      timeoutMs: 0,
      timing: fast,
    });
    const [raw, ...more] = await lockObjects();
    expect(more).toEqual([]);
    expect(raw).toMatchObject({
      id: held.id,
      name: `aepsync-lock-${NAMESPACE}`,
      connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c" },
    });
    expect(String(raw!.description)).toMatch(
      new RegExp(
        `\\[aepsync-lock v1 ns=${NAMESPACE} owner=alice@laptop:1 token=${held.token} since=\\S+ expires=\\S+\\]$`,
      ),
    );
    expect(isLockObject(raw)).toBe(true);
    // The live reader (plans, the Action's drift check) never sees it.
    const live = await readLiveState(client, { flowSpecIds: [] });
    expect(live.objects.filter((o) => o.name.startsWith("aepsync-lock-"))).toEqual([]);
    await held.release();
    expect(await lockObjects()).toEqual([]);
  });

  it("is not confused with a connection of the same name that is not a lock", () => {
    const raw = {
      name: `aepsync-lock-${NAMESPACE}`,
      connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806" },
    };
    expect(
      isLockObject({
        ...raw,
        description: formatLockDescription({
          namespace: NAMESPACE,
          owner: "a",
          token: "t",
          since: 0,
          expires: 1,
        }),
      }),
    ).toBe(false);
    expect(
      isLockObject({
        ...raw,
        connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c" },
        description: "a user's own",
      }),
    ).toBe(false);
  });
});

describe("taking the lock", () => {
  it("takes over an expired lock by If-Match on the same object, not a second lock", async () => {
    const id = await plant({ expires: Date.now() - 1_000 });
    const lines: string[] = [];
    const outcome = await applyRun(settings({ log: (line) => lines.push(line) }));
    expect(outcome.ok).toBe(true);
    expect(lines.join("\n")).toContain("Took over the sandbox lock of bob@build-7:4242: it expired at");
    // The planted object itself was taken (PATCH with If-Match) and released (DELETE).
    expect(await connectionIds("PATCH")).toContain(id);
    expect(await connectionIds("DELETE")).toEqual([id]);
    // Released at the end.
    expect(await lockObjects()).toEqual([]);
  });

  it("makes a second apply wait, then fail naming the holder, with nothing written", async () => {
    const expires = Date.now() + 600_000;
    const id = await plant({ expires });
    const started = Date.now();
    const lines: string[] = [];
    const error: unknown = await applyRun(
      settings({ lockTimeoutMs: 1_500, log: (l) => lines.push(l) }),
    ).catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(SandboxLockedError);
    const message = (error as Error).message;
    expect(message).toContain("held by bob@build-7:4242 since ");
    expect(message).toContain(`until ${new Date(expires).toISOString()}`);
    expect(message).toContain("--lock-timeout");
    expect(message).toContain(`DELETE /data/foundation/flowservice/connections/${id}`);
    expect(lines.join("\n")).toMatch(
      /is locked by another apply \(bob@build-7:4242, since 20\S+\): waiting up to 1\.5s \(--lock-timeout\)/,
    );
    expect(waited).toBeGreaterThanOrEqual(1_400);
    expect(waited).toBeLessThan(10_000);
    const state = await emulatorState(emulator);
    expect(state.sandboxes.dev?.flows ?? []).toEqual([]);
    expect((await lockObjects()).map((l) => l.id)).toEqual([id]);
  });

  it("takes over at once a lock whose process on this machine is gone", async () => {
    // A pid that existed and exited: no process has it now (pids are not reused that fast).
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    const deadPid = Number(child.stdout.toString());
    const owner = `${userInfo().username}@${hostname()}:${deadPid}`;
    const id = await plant({ owner, expires: Date.now() + 600_000 });
    expect(holderGoneHere({})({ namespace: NAMESPACE, owner, token: "x", since: 0, expires: 0 })).toBe(true);
    expect(
      holderGoneHere({ CI: "true" })({ namespace: NAMESPACE, owner, token: "x", since: 0, expires: 0 }),
    ).toBe(false);
    const alive = `${userInfo().username}@${hostname()}:${process.pid}`;
    expect(holderGoneHere({})({ namespace: NAMESPACE, owner: alive, token: "x", since: 0, expires: 0 })).toBe(
      false,
    );
    const lines: string[] = [];
    const outcome = await applyRun(settings({ lockTimeoutMs: 0, log: (l) => lines.push(l) }));
    expect(outcome.ok).toBe(true);
    expect(lines.join("\n")).toContain(`Took over the sandbox lock of ${owner}: its process is gone`);
    expect(await connectionIds("PATCH")).toContain(id);
    expect(await lockObjects()).toEqual([]);
  });

  it("lets one of several racing runs hold it at a time, and a race leaves one lock", async () => {
    emulator.setLatency(15);
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const locksWhileHeld: number[] = [];
    const run = async (name: string): Promise<void> => {
      const held = await holdLock(store, {
        sandbox: "dev",
        namespace: NAMESPACE,
        owner: `${name}@host:1`,
        timeoutMs: 30_000,
        timing: fast,
      });
      inside += 1;
      most = Math.max(most, inside);
      order.push(name);
      // Long enough for every loser to have listed, seen it lost and deleted its own lock.
      await new Promise((r) => setTimeout(r, 600));
      locksWhileHeld.push((await store.list(NAMESPACE)).length);
      inside -= 1;
      await held.release();
    };
    await Promise.all(["a", "b", "c", "d"].map(run));
    expect(most).toBe(1);
    expect(order.sort()).toEqual(["a", "b", "c", "d"]);
    expect(locksWhileHeld).toEqual([1, 1, 1, 1]);
    expect(await lockObjects()).toEqual([]);
    // They did race: more than one lock was created in all.
    expect(emulator.requestCounts()["POST /connections"] ?? 0).toBeGreaterThan(4);
  });

  it("stops waiting when interrupted", async () => {
    await plant({ expires: Date.now() + 600_000 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const started = Date.now();
    const error = await applyRun(settings({ signal: stop.signal, lockTimeoutMs: 60_000 })).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain("interrupted while waiting for the sandbox lock");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("holding the lock", () => {
  it("renews it while it runs and stops writes when it is lost", async () => {
    const held = await holdLock(store, {
      sandbox: "dev",
      namespace: NAMESPACE,
      owner: "alice@laptop:1",
      timeoutMs: 0,
      timing: { ...fast, ttlMs: 1_000, heartbeatMs: 100 },
    });
    // Well past its first expiry, it is still live: the heartbeat renewed it.
    await new Promise((r) => setTimeout(r, 1_500));
    const [entry] = await store.list(NAMESPACE);
    expect(entry!.info.token).toBe(held.token);
    expect(entry!.info.expires).toBeGreaterThan(Date.now());
    expect(held.lost.aborted).toBe(false);
    // Another run takes it over (as if it had expired): the next renewal gets 412.
    const other = formatLockDescription({
      ...entry!.info,
      owner: "bob@build-7:4242",
      token: "ffffffffffffffff",
    });
    expect((await store.update(entry!.id, entry!.etag, other)).kind).toBe("updated");
    const deadline = Date.now() + 5_000;
    while (!held.lost.aborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(held.lost.aborted).toBe(true);
    expect(held.lostReason()).toContain("taken over");
    await held.release();
    // Not ours any more: release leaves the other run's lock alone.
    expect((await store.list(NAMESPACE)).map((e) => e.info.owner)).toEqual(["bob@build-7:4242"]);
  });

  it("applyRun stops starting writes when the lock is deleted mid-apply", async () => {
    emulator.setLatency(40);
    const lines: string[] = [];
    let deleted = false;
    const outcome = await applyRun(
      settings({
        parallelism: 2,
        lockTiming: { ...fast, heartbeatMs: 50 },
        log: (l) => lines.push(l),
        onProgress: (result) => {
          if (deleted || result.status !== "done") return;
          deleted = true;
          void lockObjects().then(([lock]) =>
            admin(emulator, "DELETE", `/sandboxes/dev/connections/${String(lock!.id)}`),
          );
        },
      }),
    );
    expect(deleted).toBe(true);
    expect(outcome.interrupted).toBe(true);
    expect(outcome.ok).toBe(false);
    expect(outcome.summary.skipped).toBeGreaterThan(0);
    expect(lines.join("\n")).toContain("lost the sandbox lock (it was deleted from the sandbox)");
  });

  it("a plan made while an apply holds the lock does not show it", async () => {
    await plant({ expires: Date.now() + 600_000 });
    const { plan } = await planRun(settings());
    expect(JSON.stringify(plan)).not.toContain("aepsync-lock");
  });
});
