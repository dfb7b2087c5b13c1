/**
 * The sandbox lock's pure rules (docs/architecture.md, "Apply"): one apply per sandbox and
 * namespace at a time. The lock is an object in the sandbox itself, so every runner sees it: a
 * Flow Service connection named `aepsync-lock-<namespace>` whose description carries
 * `[aepsync-lock v1 ns=… owner=… token=… since=… expires=…]`. Here: its text, who holds it when
 * several exist, when it is free to take, and the `--lock-timeout` durations.
 */

export const LOCK_NAME_PREFIX = "aepsync-lock-";

/** The AEP name of a namespace's lock. */
export function lockName(namespace: string): string {
  return `${LOCK_NAME_PREFIX}${namespace}`;
}

export interface LockInfo {
  namespace: string;
  /** Who holds it, for people: `user@host:pid`, or the CI run's URL. */
  owner: string;
  /** This run's random id: tells apart two runs of one owner and finds a create whose answer was lost. */
  token: string;
  /** Epoch ms when the run took it. */
  since: number;
  /** Epoch ms after which another run may take it over (the holder renews it while it runs). */
  expires: number;
}

/** A lock object as listed: its Flow Service id, etag (for If-Match) and creation time. */
export interface LockEntry {
  id: string;
  etag: string;
  createdAt: number;
  info: LockInfo;
  /** AEP is deleting it (a state such as `deleting`): it no longer holds the sandbox. */
  released?: boolean;
}

const LOCK_RE =
  /\[aepsync-lock v1 ns=([a-z0-9][a-z0-9-]*) owner=([^\s[\]]+) token=([A-Za-z0-9_-]+) since=([0-9TZ:.+-]+) expires=([0-9TZ:.+-]+)\]/;

/** What an owner may contain in the description: no spaces or brackets. */
export function sanitizeOwner(owner: string): string {
  const clean = owner.replace(/[\s[\]]+/g, "_").slice(0, 200);
  return clean === "" ? "unknown" : clean;
}

/** The lock's description: a sentence for whoever finds it in the sandbox, then the tag. */
export function formatLockDescription(info: LockInfo): string {
  return (
    `Held by an aepsync apply while it changes this sandbox; it expires unless renewed. ` +
    `[aepsync-lock v1 ns=${info.namespace} owner=${sanitizeOwner(info.owner)} token=${info.token} ` +
    `since=${new Date(info.since).toISOString()} expires=${new Date(info.expires).toISOString()}]`
  );
}

/** Reads the tag of a lock's description; undefined when there is none or it is malformed. */
export function parseLockDescription(text: unknown): LockInfo | undefined {
  if (typeof text !== "string") return undefined;
  const m = LOCK_RE.exec(text);
  if (m === null) return undefined;
  const since = Date.parse(m[4]!);
  const expires = Date.parse(m[5]!);
  if (Number.isNaN(since) || Number.isNaN(expires)) return undefined;
  return { namespace: m[1]!, owner: m[2]!, token: m[3]!, since, expires };
}

export function isExpired(info: LockInfo, now: number): boolean {
  return now >= info.expires;
}

/** Older first: creation time, then id, so that every runner ranks the same locks the same way. */
export function compareLockAge(a: LockEntry, b: LockEntry): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export type LockDecision =
  /** No lock at all: create one. */
  | { kind: "create" }
  /** Only dead locks (expired, or their process is gone): take the oldest over with If-Match. */
  | { kind: "take-over"; entry: LockEntry; why: "expired" | "gone" }
  /** Ours is the oldest live lock: we hold the sandbox. */
  | { kind: "held"; entry: LockEntry }
  /** Two runs raced and ours is not the oldest: delete ours, then wait for the holder. */
  | { kind: "yield"; mine: LockEntry; holder: LockEntry }
  /** Another run holds it. */
  | { kind: "wait"; holder: LockEntry };

/**
 * Decides the next step from the locks listed for one namespace. `token` is this run's;
 * `isGone` says a holder's process is surely dead (same machine, no such process).
 */
export function decideLock(
  entries: readonly LockEntry[],
  token: string,
  now: number,
  isGone: (info: LockInfo) => boolean = () => false,
): LockDecision {
  const present = entries.filter((e) => e.released !== true);
  const deadWhy = (e: LockEntry): "expired" | "gone" | undefined =>
    isExpired(e.info, now) ? "expired" : e.info.token !== token && isGone(e.info) ? "gone" : undefined;
  const live = present.filter((e) => deadWhy(e) === undefined).sort(compareLockAge);
  const holder = live[0];
  const mine = live.find((e) => e.info.token === token);
  if (mine !== undefined)
    return holder === mine ? { kind: "held", entry: mine } : { kind: "yield", mine, holder: holder! };
  if (holder !== undefined) return { kind: "wait", holder };
  const dead = present.filter((e) => deadWhy(e) !== undefined).sort(compareLockAge)[0];
  if (dead !== undefined) return { kind: "take-over", entry: dead, why: deadWhy(dead)! };
  return { kind: "create" };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const MAX_DURATION_MS = 24 * 3_600_000;

/**
 * A duration as `--lock-timeout` takes it: `90s`, `5m`, `1h`, `1m30s`, or a number of seconds.
 * Returns milliseconds; undefined when malformed or longer than a day.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return bounded(Number(value) * 1_000);
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(amount) * UNIT_MS[unit!]!;
  return bounded(total);
}

function bounded(ms: number): number | undefined {
  return Number.isFinite(ms) && ms <= MAX_DURATION_MS ? Math.round(ms) : undefined;
}

/** `5m`, `90s`, `1h30m`, `750ms`: the way a duration is written back to a person. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000 && ms % 1_000 !== 0) return `${Math.round(ms / 100) / 10}s`;
  let seconds = Math.round(ms / 1_000);
  const h = Math.floor(seconds / 3_600);
  seconds -= h * 3_600;
  const m = Math.floor(seconds / 60);
  seconds -= m * 60;
  return `${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}${seconds > 0 ? `${seconds}s` : ""}` || "0s";
}
