/**
 * The sandbox lock's AEP side: a Flow Service base connection on the Data Lake connection spec,
 * which needs no credentials (help/sources/tutorials/api/create-dataset-base-connection.md), so
 * every runner of the sandbox sees it, and Flow Service's `If-Match` on PATCH
 * (help/sources/tutorials/api/update.md) makes a takeover a compare-and-swap. The protocol itself
 * (who holds it, waiting, renewing) is the engine's; the rules are in src/model/lock.ts.
 */
import { DATA_LAKE_CONNECTION_SPEC } from "../data/connectors.ts";
import { LOCK_NAME_PREFIX, lockName, parseLockDescription } from "../model/lock.ts";
import type { LockEntry } from "../model/lock.ts";
import type { AepClient } from "./client.ts";
import { AepConflictError, AepError } from "./errors.ts";
import type { Connection } from "./types.ts";

export type LockUpdate =
  | { kind: "updated"; etag: string }
  /** 412: the lock changed since it was read (another run renewed or took it). */
  | { kind: "conflict" }
  /** 404: the lock is gone. */
  | { kind: "gone" };

/** The lock objects of a sandbox, through the AEP client. */
export interface LockStore {
  /** The locks of a namespace (normally one; two runs that raced may leave two for a moment). */
  list(namespace: string): Promise<LockEntry[]>;
  get(id: string): Promise<LockEntry | undefined>;
  /** Creates a lock; a create whose answer was lost is settled by finding it by its token, never sent twice. */
  create(namespace: string, description: string, token: string): Promise<{ id: string; etag: string }>;
  /** Replaces the description with `If-Match: etag`. */
  update(id: string, etag: string, description: string): Promise<LockUpdate>;
  /** Deletes; a lock already gone counts as deleted. */
  remove(id: string): Promise<void>;
}

/**
 * Whether a raw Flow Service object is an aepsync lock: a Data Lake base connection named
 * `aepsync-lock-…` whose description carries the lock tag. Plans, the live reader and export skip it.
 */
export function isLockObject(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null) return false;
  const item = raw as Record<string, unknown>;
  const spec = item.connectionSpec as Record<string, unknown> | undefined;
  return (
    typeof item.name === "string" &&
    item.name.startsWith(LOCK_NAME_PREFIX) &&
    spec?.id === DATA_LAKE_CONNECTION_SPEC.id &&
    parseLockDescription(item.description) !== undefined
  );
}

function entryOf(raw: Connection): LockEntry | undefined {
  const info = parseLockDescription(raw.description);
  if (info === undefined || !isLockObject(raw)) return undefined;
  const entry: LockEntry = {
    id: raw.id,
    etag: raw.etag,
    createdAt: typeof raw.createdAt === "number" ? raw.createdAt : Number(raw.createdAt ?? 0),
    info,
  };
  // A deleted connection may still be listed while AEP finalizes the delete; it holds nothing.
  if (typeof raw.state === "string" && /delet/i.test(raw.state)) entry.released = true;
  return entry;
}

export function createLockStore(client: AepClient): LockStore {
  const connections = client.flowService.connections;
  async function list(namespace: string): Promise<LockEntry[]> {
    const name = lockName(namespace);
    const out: LockEntry[] = [];
    for await (const raw of connections.list({ property: [`name==${JSON.stringify(name)}`] })) {
      const entry = raw.name === name ? entryOf(raw) : undefined;
      if (entry !== undefined && entry.info.namespace === namespace) out.push(entry);
    }
    return out;
  }
  return {
    list,
    async get(id) {
      const raw = await connections.get(id);
      return raw === undefined ? undefined : entryOf(raw);
    },
    create(namespace, description, token) {
      const body = {
        name: lockName(namespace),
        description,
        connectionSpec: { ...DATA_LAKE_CONNECTION_SPEC },
      };
      return connections.create(body, async () => {
        const found = (await list(namespace)).find((e) => e.info.token === token);
        return found === undefined ? undefined : { id: found.id, etag: found.etag };
      });
    },
    async update(id, etag, description) {
      try {
        const result = await connections.patch(
          id,
          [{ op: "replace", path: "/description", value: description }],
          etag,
        );
        return { kind: "updated", etag: result.etag };
      } catch (error) {
        if (error instanceof AepConflictError) return { kind: "conflict" };
        if (error instanceof AepError && error.status === 404) return { kind: "gone" };
        throw error;
      }
    },
    remove: (id) => connections.delete(id),
  };
}
