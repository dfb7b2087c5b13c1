import { describe, expect, it } from "vitest";
import {
  decideLock,
  formatDuration,
  formatLockDescription,
  isExpired,
  lockName,
  parseDuration,
  parseLockDescription,
} from "../../src/model/lock.ts";
import type { LockEntry, LockInfo } from "../../src/model/lock.ts";

const T0 = Date.parse("2026-05-01T10:00:00.000Z");

function info(token: string, expires = T0 + 120_000, owner = `alice@laptop:${token.length}`): LockInfo {
  return { namespace: "default", owner, token, since: T0, expires };
}

function entry(id: string, createdAt: number, lock: LockInfo, released = false): LockEntry {
  const e: LockEntry = { id, etag: `"${id}-etag"`, createdAt, info: lock };
  if (released) e.released = true;
  return e;
}

describe("the lock's description", () => {
  it("round-trips through format and parse", () => {
    const lock = info("a1b2c3d4e5f60718");
    const text = formatLockDescription(lock);
    expect(text).toContain(
      "[aepsync-lock v1 ns=default owner=alice@laptop:16 token=a1b2c3d4e5f60718 since=2026-05-01T10:00:00.000Z expires=2026-05-01T10:02:00.000Z]",
    );
    expect(parseLockDescription(text)).toEqual(lock);
  });

  it("keeps an owner one word: spaces and brackets become _", () => {
    const text = formatLockDescription({ ...info("t1"), owner: "Jane Doe [ci] @ box:1" });
    expect(parseLockDescription(text)?.owner).toBe("Jane_Doe_ci_@_box:1");
  });

  it("keeps a CI run's URL as the owner", () => {
    const owner = "https://github.com/acme/pipelines/actions/runs/42/attempts/1";
    expect(parseLockDescription(formatLockDescription({ ...info("t1"), owner }))?.owner).toBe(owner);
  });

  it.each([
    ["no tag", "just a connection"],
    ["an ownership marker", "[aepsync:v1 ns=default a=Connection/x g=1]"],
    [
      "a bad date",
      "[aepsync-lock v1 ns=default owner=a token=t since=yesterday expires=2026-05-01T10:00:00Z]",
    ],
    [
      "no token",
      "[aepsync-lock v1 ns=default owner=a since=2026-05-01T10:00:00Z expires=2026-05-01T10:00:00Z]",
    ],
    ["not text", 42],
  ])("is not read from %s", (_case, text) => {
    expect(parseLockDescription(text)).toBeUndefined();
  });

  it("is named per namespace", () => {
    expect(lockName("team-a")).toBe("aepsync-lock-team-a");
  });

  it("expires at its expiry time", () => {
    expect(isExpired(info("t", T0), T0 - 1)).toBe(false);
    expect(isExpired(info("t", T0), T0)).toBe(true);
  });
});

describe("who holds the sandbox", () => {
  const now = T0 + 10_000;

  it("creates a lock when there is none", () => {
    expect(decideLock([], "mine", now)).toEqual({ kind: "create" });
  });

  it("holds it when its lock is the only one", () => {
    const mine = entry("m", T0, info("mine"));
    expect(decideLock([mine], "mine", now)).toEqual({ kind: "held", entry: mine });
  });

  it("waits for another run's live lock", () => {
    const other = entry("o", T0, info("other"));
    expect(decideLock([other], "mine", now)).toEqual({ kind: "wait", holder: other });
  });

  it("lets the oldest live lock win a race (createdAt, then id), and the others yield", () => {
    const a = entry("b-id", T0 + 5, info("a"));
    const b = entry("a-id", T0 + 7, info("b"));
    expect(decideLock([b, a], "a", now).kind).toBe("held");
    expect(decideLock([a, b], "b", now)).toEqual({ kind: "yield", mine: b, holder: a });
    // Same creation time: the smaller id wins, on every runner alike.
    const c = entry("a0-id", T0 + 5, info("c"));
    expect(decideLock([a, c], "c", now)).toEqual({ kind: "held", entry: c });
    expect(decideLock([c, a], "a", now)).toEqual({ kind: "yield", mine: a, holder: c });
  });

  it("takes over the oldest expired lock instead of creating another", () => {
    const old = entry("old", T0 - 60_000, info("x", now - 1));
    const older = entry("older", T0 - 90_000, info("y", now - 5));
    expect(decideLock([old, older], "mine", now)).toEqual({
      kind: "take-over",
      entry: older,
      why: "expired",
    });
  });

  it("ignores expired locks when a live one holds the sandbox", () => {
    const expired = entry("e", T0 - 90_000, info("x", now - 1));
    const live = entry("l", T0, info("y"));
    expect(decideLock([expired, live], "mine", now)).toEqual({ kind: "wait", holder: live });
  });

  it("takes over a live lock whose process is gone, never its own", () => {
    const dead = entry("d", T0, info("dead"));
    const gone = (lock: LockInfo): boolean => lock.token === "dead";
    expect(decideLock([dead], "mine", now, gone)).toEqual({ kind: "take-over", entry: dead, why: "gone" });
    expect(decideLock([dead], "dead", now, () => true)).toEqual({ kind: "held", entry: dead });
  });

  it("treats its own expired lock like anyone's", () => {
    const stale = entry("s", T0, info("mine", now - 1));
    expect(decideLock([stale], "mine", now)).toEqual({ kind: "take-over", entry: stale, why: "expired" });
  });

  it("does not count a lock AEP is deleting", () => {
    const deleting = entry("d", T0, info("other"), true);
    expect(decideLock([deleting], "mine", now)).toEqual({ kind: "create" });
  });
});

describe("--lock-timeout durations", () => {
  it.each([
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["1m30s", 90_000],
    ["250ms", 250],
    ["0", 0],
    ["45", 45_000],
    ["1.5", 1_500],
    [" 2m ", 120_000],
    ["24h", 86_400_000],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "5 m", "5x", "-1", "m", "1d", "25h", "5m-1s", "Infinity"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    [300_000, "5m"],
    [90_000, "1m30s"],
    [3_600_000, "1h"],
    [250, "250ms"],
    [0, "0ms"],
    [3_661_000, "1h1m1s"],
    [1_500, "1.5s"],
  ])("writes %d ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
