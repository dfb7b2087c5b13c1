import jsonpatch from "fast-json-patch";
import type { ApplyStore, CreatedObject } from "../../src/apply/index.ts";
import { SyncError } from "../../src/errors.ts";
import { driverOf } from "../../src/kinds/index.ts";
import type { LiveObject, LiveState, ObjectKind, PatchOp } from "../../src/model/index.ts";

type Json = Record<string, unknown>;

/** What a scripted fault does to one write: fail before it, or lose the answer before or after it happened. */
export type Fault = "fail" | "lost-before" | "lost-after";

export interface WriteEvent {
  op: "create" | "patch" | "put" | "remove" | "action";
  kind: ObjectKind;
  id: string;
  /** Order in which the writes completed. */
  seq: number;
}

class Ambiguous extends SyncError {
  readonly ambiguous = true;
  constructor(what: string) {
    super("E_NETWORK", `${what}: the connection was reset before the answer arrived`);
  }
}

/**
 * An in-memory ApplyStore: objects kept in the raw shapes AEP returns (what create bodies
 * become), so that the kind drivers read them back as the AEP store would. Faults are scripted
 * per write; every completed write is logged in order.
 */
export class MemoryStore implements ApplyStore {
  readonly objects = new Map<ObjectKind, Map<string, Json>>();
  readonly writes: WriteEvent[] = [];
  /** Decides a fault for a write about to happen (undefined: none). */
  fault: (op: WriteEvent["op"], kind: ObjectKind, body: Json | undefined) => Fault | undefined = () =>
    undefined;
  /** Delay of every write, so that concurrency shows. */
  latencyMs = 0;
  private next = 1;
  private active = 0;
  maxActive = 0;

  private table(kind: ObjectKind): Map<string, Json> {
    let t = this.objects.get(kind);
    if (t === undefined) this.objects.set(kind, (t = new Map<string, Json>()));
    return t;
  }

  private async write<T>(
    op: WriteEvent["op"],
    kind: ObjectKind,
    body: Json | undefined,
    run: () => T & { id: string },
  ): Promise<T> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      const fault = this.fault(op, kind, body);
      if (fault === "fail") throw new SyncError("E_HTTP", `[${op}] ${kind}: 500 Internal Server Error`);
      if (fault === "lost-before") throw new Ambiguous(`${op} ${kind}`);
      const result = run();
      this.writes.push({ op, kind, id: result.id, seq: this.writes.length + 1 });
      if (fault === "lost-after") throw new Ambiguous(`${op} ${kind}`);
      return result;
    } finally {
      this.active -= 1;
    }
  }

  private etag(): string {
    return `"etag-${this.next++}"`;
  }

  create(kind: ObjectKind, body: Json): Promise<CreatedObject> {
    return this.write("create", kind, body, () => {
      const n = this.next++;
      const id = kind === "schema" || kind === "class" ? `_tenant.${kind}es.${n}` : `${kind}-${n}`;
      const raw: Json = { ...structuredClone(body), id, createdAt: n, etag: this.etag(), state: "enabled" };
      const created: CreatedObject = { id };
      if (kind === "schema" || kind === "class") {
        raw.$id = `https://ns.adobe.com/tenant/${kind}es/${n}`;
        raw["meta:altId"] = id;
        raw["meta:class"] = (body.allOf as Json[] | undefined)?.[0]?.$ref ?? undefined;
        created.schemaId = String(raw.$id);
      }
      if (kind === "mappingSet") raw.version = created.version = 0;
      if (kind === "flow") raw.scheduleParams = stringify(raw.scheduleParams);
      this.table(kind).set(id, raw);
      return { ...created, etag: String(raw.etag) };
    });
  }

  patch(
    kind: ObjectKind,
    id: string,
    ops: readonly PatchOp[],
    etag: string | undefined,
  ): Promise<{ etag?: string }> {
    return this.write("patch", kind, undefined, () => {
      const raw = this.table(kind).get(id);
      if (raw === undefined) throw new SyncError("E_HTTP", `[PATCH] ${kind} ${id}: 404`);
      if (etag !== undefined && raw.etag !== etag)
        throw new SyncError("E_CONFLICT", `[PATCH] ${kind} ${id}: 412 Precondition Failed`);
      const next = jsonpatch.applyPatch(
        structuredClone(raw),
        ops as jsonpatch.Operation[],
        false,
        false,
      ).newDocument;
      next.etag = this.etag();
      this.table(kind).set(id, next);
      return { id, etag: String(next.etag) };
    });
  }

  put(kind: ObjectKind, id: string, body: Json): Promise<{ version?: number }> {
    return this.write("put", kind, body, () => {
      const raw = this.table(kind).get(id);
      if (raw === undefined) throw new SyncError("E_HTTP", `[PUT] ${kind} ${id}: 404`);
      const version = Number(raw.version ?? 0) + 1;
      this.table(kind).set(id, { ...raw, ...structuredClone(body), version });
      return { id, version };
    });
  }

  remove(kind: ObjectKind, id: string): Promise<void> {
    return this.write("remove", kind, undefined, () => {
      this.table(kind).delete(id);
      return { id };
    }).then(() => undefined);
  }

  flowAction(id: string, op: "enable" | "disable"): Promise<void> {
    return this.write("action", "flow", undefined, () => {
      const raw = this.table("flow").get(id);
      if (raw !== undefined) raw.state = op === "enable" ? "enabled" : "disabled";
      return { id };
    }).then(() => undefined);
  }

  read(kind: ObjectKind, id: string): Promise<LiveObject | undefined> {
    const raw = this.table(kind).get(id);
    return Promise.resolve(raw === undefined ? undefined : driverOf(kind).fromRaw(structuredClone(raw)));
  }

  async readMany(kind: "connection" | "flow", ids: readonly string[]): Promise<Map<string, LiveObject>> {
    const found = new Map<string, LiveObject>();
    for (const id of ids) {
      const object = await this.read(kind, id);
      if (object !== undefined) found.set(id, object);
    }
    return found;
  }

  /** Nothing here is asynchronous: an object is settled as soon as it is written. */
  settle(kind: ObjectKind, id: string): Promise<LiveObject | undefined> {
    return this.read(kind, id);
  }

  /** The sandbox as the live reader would see it. */
  live(): LiveState {
    const objects: LiveObject[] = [];
    for (const [kind, table] of this.objects)
      for (const raw of table.values()) objects.push(driverOf(kind).fromRaw(structuredClone(raw)));
    return { sandbox: "dev", objects };
  }
}

/** AEP reads schedule numbers back as strings. */
function stringify(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === "number" ? String(v) : v]),
  );
}
