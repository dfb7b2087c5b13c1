/**
 * Asynchronous Flow Service operations (with realism). Real AEP answers a write at once and works
 * on it afterwards: the flow shows the operation in `lastOperation` and a transitional `state`
 * until it completes, and refuses other writes meanwhile (help/sources/tutorials/api/update-dataflows.md
 * shows `lastOperation {started, updated, percentCompleted, status {value, errors}, ops,
 * operation}`; help/sources/errors/flow-service-errors.md lists the refusals 1416, 1420, 1421,
 * 1422, 1457 and 1458; vendor/openapi/flow-service.yaml lists the states inProgress, updating,
 * enabling, disabling, enabled and disabled). Base connections initialize before they are enabled
 * (help/sources/tutorials/api/create/crm/salesforce.md, "Verify your connection status").
 *
 * The state machine, `settleMs` after the write that started it:
 *
 * | write                   | state meanwhile     | lastOperation.operation | then              |
 * |-------------------------|---------------------|-------------------------|-------------------|
 * | POST /flows             | inProgress          | create                  | enabled           |
 * | PATCH /flows/{id}       | updating            | update                  | the state before  |
 * | action op=enable        | enabling            | enable                  | enabled           |
 * | action op=disable       | disabling           | disable                 | disabled          |
 * | DELETE /flows/{id}      | delete-finalizing   | delete                  | gone (404)        |
 * | POST /connections       | initializing        | (none)                  | enabled           |
 * | PATCH /connections/{id} of /auth | initializing | (none)                | enabled           |
 *
 * Completion is itself a write: it issues a new etag and `updatedAt` (the Salesforce guide shows
 * `updatedAt` moving between the two reads; Adobe is silent on the etag, so it changes, which is
 * harder on a client that keeps the etag of its own write). Operations complete lazily: every
 * platform request first completes those whose time has come in its sandbox.
 */
import type { EmulatorEnv } from "./context.ts";
import { type ApiError, flowError } from "./http.ts";
import { asObj, type Obj, type PatchOperation } from "./json.ts";
import { PENDING_FIELD, pendingKey, type SandboxState } from "./store.ts";

/** The states a flow or connection accepts updates and deletes in (1416's list). */
const WRITABLE_STATES = new Set(["enabled", "disabled", "initializing"]);
export const DELETE_FINALIZING = "delete-finalizing";

/** The Salesforce connection spec: AEP adds the Salesforce `orgId` to its auth params once enabled. */
const SALESFORCE_SPEC = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5";

export type Settled = "enabled" | "disabled" | "deleted";
export type OperationCollection = "flows" | "connections";

export interface OperationSpec {
  /** `lastOperation.operation` (flows). */
  operation: string;
  /** The state shown while it runs. */
  transitional: string;
  /** The state it ends in, or "deleted". */
  then: Settled;
  /** `lastOperation.ops`: the patch operations, credentials masked. */
  ops: readonly PatchOperation[];
}

interface Pending {
  settleAt: number;
  then: Settled;
}

export function newEtag(env: EmulatorEnv): string {
  const ids = env.store.ids;
  return `"${ids.hex(8)}-0000-0200-0000-${ids.hex(12)}"`;
}

/**
 * Starts an operation on `item` (not stored yet; the caller stores it). Without realism, or with
 * `settleMs` 0, it completes at once and "done" is returned: the caller leaves the item in its
 * final state. Otherwise the item shows the transitional state until `settleDue` completes it.
 */
export function beginOperation(
  env: EmulatorEnv,
  sandbox: SandboxState,
  collection: OperationCollection,
  item: Obj,
  now: number,
  spec: OperationSpec,
): "pending" | "done" {
  if (!env.realism) return "done";
  if (env.settleMs === 0) {
    if (collection === "connections") addAepAuthParams(env, item);
    else item.lastOperation = lastOperation(now, now, spec, "completed");
    return "done";
  }
  item.state = spec.transitional;
  if (collection === "flows") item.lastOperation = lastOperation(now, now, spec, "inProgress");
  const pending: Pending = { settleAt: now + env.settleMs, then: spec.then };
  item[PENDING_FIELD] = pending;
  sandbox.pending.add(pendingKey(collection, String(item.id)));
  return "pending";
}

function lastOperation(started: number, updated: number, spec: OperationSpec, status: string): Obj {
  return {
    started,
    updated,
    // Adobe shows 100.0 once completed; the emulator reports no progress until then.
    percentCompleted: status === "completed" ? 100 : 0,
    status: { value: status, errors: [] },
    ops: spec.ops,
    operation: spec.operation,
  };
}

/** Completes, in one sandbox, every operation whose time has come. */
export function settleDue(env: EmulatorEnv, sandbox: SandboxState, now: number): void {
  if (sandbox.pending.size === 0) return;
  for (const key of [...sandbox.pending]) {
    const slash = key.indexOf("/");
    const collection = key.slice(0, slash) as OperationCollection;
    const id = key.slice(slash + 1);
    const item = sandbox.collections[collection].items.get(id);
    const pending = asObj(item?.[PENDING_FIELD]);
    if (item === undefined || pending === undefined) {
      sandbox.pending.delete(key);
      continue;
    }
    const settleAt = typeof pending.settleAt === "number" ? pending.settleAt : 0;
    if (settleAt > now) continue;
    sandbox.pending.delete(key);
    complete(env, sandbox, collection, item, settleAt, pending.then as Settled);
  }
}

function complete(
  env: EmulatorEnv,
  sandbox: SandboxState,
  collection: OperationCollection,
  item: Obj,
  settleAt: number,
  then: Settled,
): void {
  const id = String(item.id);
  if (then === "deleted") {
    env.store.remove(sandbox, collection, id);
    const runs = sandbox.collections.runs;
    for (const runId of [...runs.referrers("flowId", id)]) env.store.remove(sandbox, "runs", runId);
    return;
  }
  const etag = newEtag(env);
  const done: Obj = { ...item, state: then, updatedAt: settleAt, version: etag, etag };
  delete done[PENDING_FIELD];
  const operation = asObj(item.lastOperation);
  if (collection === "flows" && operation !== undefined) {
    done.lastOperation = {
      ...operation,
      updated: settleAt,
      percentCompleted: 100,
      status: { value: "completed", errors: [] },
    };
  }
  if (collection === "connections") addAepAuthParams(env, done);
  env.store.put(sandbox, collection, id, done);
}

/**
 * Auth params AEP adds on its own: an enabled Salesforce connection reads back with the Salesforce
 * `orgId` nobody sent, unmasked (help/sources/tutorials/api/create/crm/salesforce.md, the
 * "Enabled" response). The guide shows it for `OAuth2 JWT Token Credential`; Adobe is silent on
 * the other auth specs, so the emulator adds it to every Salesforce connection.
 */
function addAepAuthParams(env: EmulatorEnv, item: Obj): void {
  if (asObj(item.connectionSpec)?.id !== SALESFORCE_SPEC) return;
  const auth = asObj(item.auth);
  const params = asObj(auth?.params);
  if (auth === undefined || params === undefined || params.orgId !== undefined) return;
  // A Salesforce organization id: 18 characters starting with 00D.
  item.auth = { ...auth, params: { ...params, orgId: `00D${env.store.ids.hex(12).toUpperCase()}UAM` } };
}

/**
 * Refuses an update or a delete while an operation runs (with realism), with the codes and
 * messages of help/sources/errors/flow-service-errors.md.
 */
export function assertWritable(env: EmulatorEnv, item: Obj, write: "update" | "delete"): void {
  if (!env.realism) return;
  const state = String(item.state);
  if (WRITABLE_STATES.has(state)) return;
  if (state === DELETE_FINALIZING) {
    throw write === "update"
      ? flowError(400, "1457-400", "Operation update cannot be applied in state delete-finalizing.")
      : flowError(400, "1458-400", "Operation delete cannot be applied in state delete-finalizing.");
  }
  if (write === "update" && state === "disabling") {
    throw flowError(400, "1420-400", "The current state disabling cannot be updated.");
  }
  throw flowError(
    400,
    "1416-400",
    "Delete or Update can only be applied on connection with enabled, disabled or initializing state.",
  );
}

/**
 * Refuses an enable or disable while an operation runs (with realism): 1421 while updating, 1422
 * in any other transitional state (help/sources/errors/flow-service-errors.md).
 */
export function assertNotBusy(env: EmulatorEnv, item: Obj, op: string): void {
  if (!env.realism) return;
  const state = String(item.state);
  if (state === "updating") {
    throw flowError(400, "1421-400", "The current state updating cannot be transitioned.");
  }
  if (state !== "enabled" && state !== "disabled") throw cannotApply(op, state);
}

/** Refuses an action that is not enable or disable, or that the flow's state makes a no-op (1422). */
export function assertTransition(item: Obj, op: string, target: string | undefined): void {
  const state = String(item.state);
  if (target === undefined || state === target) throw cannotApply(op, state);
}

function cannotApply(op: string, state: string): ApiError {
  return flowError(
    400,
    "1422-400",
    `The action ${op} cannot be applied on the current state ${state}. Please update the action and try again.`,
  );
}
