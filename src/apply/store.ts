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
  /** Current `state` of several Flow Service objects, in batches. */
  states(kind: FlowServiceStateKind, ids: readonly string[]): Promise<Map<string, string>>;
}

/** Whether an error says the write may have happened (answer lost). */
export function isAmbiguous(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { ambiguous?: unknown }).ambiguous === true;
}

export function isConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "E_CONFLICT";
}
