/** The emulator's data: isolated sandboxes of collections, and their persisted form. */
import { ConfigError } from "../errors.ts";
import { isObj, type Obj } from "./json.ts";
import { Random } from "./random.ts";

export const collectionNames = [
  "connections",
  "sourceConnections",
  "targetConnections",
  "flows",
  "runs",
  "schemas",
  "classes",
  "fieldgroups",
  "datatypes",
  "dataSets",
  "mappingSets",
  "descriptors",
] as const;

export type CollectionName = (typeof collectionNames)[number];

export function isCollectionName(name: string): name is CollectionName {
  return (collectionNames as readonly string[]).includes(name);
}

/** Reference fields indexed per collection, so that "who uses X" is a lookup, not a scan. */
const REFERENCE_FIELDS: Partial<Record<CollectionName, readonly string[]>> = {
  descriptors: ["xdm:sourceSchema"],
  flows: ["sourceConnectionIds", "targetConnectionIds"],
  runs: ["flowId"],
  sourceConnections: ["baseConnectionId"],
  targetConnections: ["baseConnectionId"],
};

export class Collection {
  readonly items = new Map<string, Obj>();
  /** Bumped on every change: list views cached for an older revision are rebuilt. */
  revision = 0;
  /** field → referenced id → keys of the items that reference it. */
  readonly references = new Map<string, Map<string, Set<string>>>();
  readonly #fields: readonly string[];
  /** Insertion order, the last tie-breaker of every list order (same-millisecond creates stay in order). */
  readonly #positions = new Map<string, number>();
  #nextPosition = 0;

  constructor(fields: readonly string[] = []) {
    this.#fields = fields;
    for (const field of fields) this.references.set(field, new Map());
  }

  set(key: string, item: Obj): void {
    this.#unindex(key);
    this.items.set(key, item);
    if (!this.#positions.has(key)) this.#positions.set(key, this.#nextPosition++);
    for (const field of this.#fields) {
      const index = this.references.get(field);
      for (const value of referencedIds(item[field])) {
        const keys = index?.get(value) ?? new Set<string>();
        keys.add(key);
        index?.set(value, keys);
      }
    }
  }

  delete(key: string): boolean {
    this.#unindex(key);
    this.#positions.delete(key);
    return this.items.delete(key);
  }

  position(key: string): number {
    return this.#positions.get(key) ?? Number.MAX_SAFE_INTEGER;
  }

  clear(): void {
    this.items.clear();
    this.#positions.clear();
    for (const index of this.references.values()) index.clear();
  }

  /** Keys of the items whose `field` names `id`. */
  referrers(field: string, id: string): ReadonlySet<string> {
    return this.references.get(field)?.get(id) ?? new Set();
  }

  #unindex(key: string): void {
    const previous = this.items.get(key);
    if (previous === undefined) return;
    for (const field of this.#fields) {
      const index = this.references.get(field);
      for (const value of referencedIds(previous[field])) {
        const keys = index?.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index?.delete(value);
      }
    }
  }
}

function referencedIds(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export interface SandboxState {
  readonly name: string;
  readonly id: string;
  readonly collections: Record<CollectionName, Collection>;
  /** Every version of each mapping set, oldest first; `collections.mappingSets` holds the latest. */
  readonly mappingHistory: Map<string, Obj[]>;
  /** `collection/id` of the items with an asynchronous operation under way (PENDING_FIELD). */
  readonly pending: Set<string>;
}

/**
 * The field of a stored item that holds its operation under way (`{settleAt, then}`): persisted so
 * that a restart finishes it, never shown by a GET.
 */
export const PENDING_FIELD = "__pendingOperation";

export function pendingKey(collection: CollectionName, id: string): string {
  return `${collection}/${id}`;
}

const STATE_FORMAT = "aepsync-emulator-state/1";

interface PersistedSandbox {
  id: string;
  collections: Partial<Record<CollectionName, Obj[]>>;
  mappingHistory?: Record<string, Obj[]>;
}

export interface PersistedState {
  format: typeof STATE_FORMAT;
  idState: number;
  sandboxes: Record<string, PersistedSandbox>;
}

export class EmulatorStore {
  readonly sandboxes = new Map<string, SandboxState>();
  #ids: Random;
  /** Sandboxes found in the state file but not served this time: kept so that a write does not lose them. */
  #dormant: Record<string, PersistedSandbox> = {};
  onChange: () => void = () => undefined;

  constructor(sandboxNames: readonly string[], ids: Random) {
    this.#ids = ids;
    for (const name of sandboxNames) this.sandboxes.set(name, this.#createSandbox(name, this.#ids.uuid()));
  }

  get ids(): Random {
    return this.#ids;
  }

  sandbox(name: string): SandboxState | undefined {
    return this.sandboxes.get(name);
  }

  put(sandbox: SandboxState, collection: CollectionName, key: string, value: Obj): void {
    const c = sandbox.collections[collection];
    c.set(key, value);
    c.revision++;
    this.onChange();
  }

  remove(sandbox: SandboxState, collection: CollectionName, key: string): boolean {
    const c = sandbox.collections[collection];
    const removed = c.delete(key);
    if (collection === "mappingSets") sandbox.mappingHistory.delete(key);
    if (removed) {
      c.revision++;
      this.onChange();
    }
    return removed;
  }

  /** A fresh uuid that no object of the collection has (the stream may replay after a state reset). */
  newUuid(sandbox: SandboxState, collection: CollectionName): string {
    for (;;) {
      const id = this.#ids.uuid();
      if (!sandbox.collections[collection].items.has(id)) return id;
    }
  }

  newHex(length: number, taken: (id: string) => boolean = () => false): string {
    for (;;) {
      const id = this.#ids.hex(length);
      if (!taken(id)) return id;
    }
  }

  /** Empties every sandbox; seeded specs and the global XDM container are not stored here and stay. */
  reset(): void {
    for (const sandbox of this.sandboxes.values()) {
      for (const name of collectionNames) {
        const c = sandbox.collections[name];
        c.clear();
        c.revision++;
      }
      sandbox.mappingHistory.clear();
      sandbox.pending.clear();
    }
    this.onChange();
  }

  /** The persisted form; `present` maps each item to what is written (credentials masked). */
  toPersisted(present: (collection: CollectionName, item: Obj) => Obj = (_c, item) => item): PersistedState {
    const sandboxes: Record<string, PersistedSandbox> = { ...this.#dormant };
    for (const sandbox of this.sandboxes.values()) {
      const collections: Partial<Record<CollectionName, Obj[]>> = {};
      for (const name of collectionNames) {
        collections[name] = [...sandbox.collections[name].items.values()].map((item) => present(name, item));
      }
      sandboxes[sandbox.name] = {
        id: sandbox.id,
        collections,
        mappingHistory: Object.fromEntries(sandbox.mappingHistory),
      };
    }
    return { format: STATE_FORMAT, idState: this.#ids.state, sandboxes };
  }

  load(data: unknown, source: string): void {
    if (!isObj(data) || data.format !== STATE_FORMAT || !isObj(data.sandboxes)) {
      throw new ConfigError(`${source} is not an aepsync emulator state file (format ${STATE_FORMAT})`);
    }
    if (typeof data.idState === "number") this.#ids = new Random(data.idState);
    for (const [name, raw] of Object.entries(data.sandboxes)) {
      if (!isObj(raw) || typeof raw.id !== "string" || !isObj(raw.collections)) {
        throw new ConfigError(`${source}: sandbox '${name}' is malformed`);
      }
      const persisted = raw as unknown as PersistedSandbox;
      if (!this.sandboxes.has(name)) {
        this.#dormant[name] = persisted;
        continue;
      }
      const sandbox = this.#createSandbox(name, persisted.id);
      for (const collection of collectionNames) {
        for (const item of persisted.collections[collection] ?? []) {
          const key = keyOf(collection, item);
          if (key === undefined) continue;
          sandbox.collections[collection].set(key, item);
          if (isObj(item[PENDING_FIELD])) sandbox.pending.add(pendingKey(collection, key));
        }
      }
      for (const [id, versions] of Object.entries(persisted.mappingHistory ?? {})) {
        sandbox.mappingHistory.set(id, versions);
      }
      this.sandboxes.set(name, sandbox);
    }
  }

  #createSandbox(name: string, id: string): SandboxState {
    const collections = Object.fromEntries(
      collectionNames.map((n) => [n, new Collection(REFERENCE_FIELDS[n])]),
    ) as Record<CollectionName, Collection>;
    return { name, id, collections, mappingHistory: new Map(), pending: new Set() };
  }
}

/** The key an object is stored under: `$id` for Schema Registry resources, `@id` for descriptors, `id` otherwise. */
export function keyOf(collection: CollectionName, item: Obj): string | undefined {
  const key = isRegistryCollection(collection)
    ? item.$id
    : collection === "descriptors"
      ? item["@id"]
      : item.id;
  return typeof key === "string" ? key : undefined;
}

export function isRegistryCollection(collection: CollectionName): boolean {
  return (
    collection === "schemas" ||
    collection === "classes" ||
    collection === "fieldgroups" ||
    collection === "datatypes"
  );
}
