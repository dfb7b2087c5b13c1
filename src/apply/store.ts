/**
 * The port apply writes through: apply owns it, src/aep/store.ts implements it on the AEP client
 * and test/support/memory-store.ts in memory. Every method throws SyncError subclasses;
 * `ambiguous` marks a write whose answer was lost (it may or may not have happened).
 */
import type { LiveObject, ObjectKind } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";

export interface CreatedObject {
  id: string;
  etag?: string;
  /** Schema Registry `$id` (schemas and classes). */
  schemaId?: string;
  /** Data Prep version (mapping sets). */
  version?: number;
}

export type FlowServiceStateKind = "connection" | "flow";

export interface ApplyStore {
  /** Creates; `marker` is the exact marker text written into the body, used to settle a lost answer. */
  create(kind: ObjectKind, body: Record<string, unknown>, marker: string): Promise<CreatedObject>;
  /** JSON Patch; Flow Service kinds send `etag` as If-Match. Returns the new etag when there is one. */
  patch(
    kind: ObjectKind,
    id: string,
    ops: readonly PatchOp[],
    etag: string | undefined,
  ): Promise<{ etag?: string }>;
  /** A new version of the whole object (Data Prep mapping sets). */
  put(kind: ObjectKind, id: string, body: Record<string, unknown>): Promise<{ version?: number }>;
  remove(kind: ObjectKind, id: string): Promise<void>;
  flowAction(id: string, op: "enable" | "disable"): Promise<void>;
  /** Re-reads one object as the live reader would; undefined when gone. */
  read(kind: ObjectKind, id: string): Promise<LiveObject | undefined>;
  /** Several Flow Service objects at once, in batches; an id that is gone is left out. */
  readMany(kind: FlowServiceStateKind, ids: readonly string[]): Promise<Map<string, LiveObject>>;
  /**
   * Waits, bounded, until AEP has settled one object (its asynchronous operation completed, a
   * new connection left `initializing`, a deleted flow is gone); resolves with it as it then
   * reads, or undefined once it is gone.
   */
  settle(kind: ObjectKind, id: string): Promise<LiveObject | undefined>;
}

/** Whether an error says the write may have happened (answer lost). */
export function isAmbiguous(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { ambiguous?: unknown }).ambiguous === true;
}

/** Whether AEP refused a write because the object is still changing (retry once it settles). */
export function isBusy(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { busy?: unknown }).busy === true;
}

export function isConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "E_CONFLICT";
}
