/**
 * Flow Service (`/data/foundation/flowservice`): vendor/openapi/flow-service.yaml,
 * help/sources/tutorials/api/.
 */
import { header, type EmulatorEnv, type RequestContext } from "./context.ts";
import { getSpec, listInstances, listSpecs } from "./flow-list.ts";
import {
  assertNotBusy,
  assertTransition,
  assertWritable,
  beginOperation,
  DELETE_FINALIZING,
  newEtag,
  type OperationSpec,
} from "./flow-operations.ts";
import {
  ALL_CHECKS,
  integerText,
  invalidRequest,
  isUnder,
  missingReference,
  notFound,
  requireBody,
  validateConnection,
  validateFlow,
  validatePatched,
  validateSourceConnection,
  validateTargetConnection,
  withoutServerFields,
  type InstanceCollection,
} from "./flow-validation.ts";
import { flowError, reply, type Reply, type Route } from "./http.ts";
import {
  applyPatch,
  asArray,
  asObj,
  asString,
  PatchError,
  readPatchOperations,
  type Obj,
  type PatchOperation,
} from "./json.ts";
import { connectionSpecItems, flowSpecItems, isSecretParam } from "./specs.ts";
import { PENDING_FIELD, type SandboxState } from "./store.ts";

export { flowServiceNotFound } from "./flow-validation.ts";
export type { InstanceCollection } from "./flow-validation.ts";

export const FLOW_SERVICE_BASE = "/data/foundation/flowservice";

export const instanceCollections: readonly InstanceCollection[] = [
  "connections",
  "sourceConnections",
  "targetConnections",
  "flows",
  "runs",
];

/**
 * UNCONFIRMED masking format: AEP shows "a partial view" of credentials (vendor/openapi/flow-service.yaml).
 */
export const MASKED = "**********";

/**
 * Fills what AEP fills on create (vendor/openapi/flow-service.yaml components,
 * help/sources/tutorials/api/update-dataflows.md), in the order AEP shows it.
 */
export function materializeInstance(
  env: EmulatorEnv,
  sandbox: SandboxState,
  collection: InstanceCollection,
  input: Obj,
  now: number,
): Obj {
  const etag = newEtag(env);
  const id = typeof input.id === "string" ? input.id : env.store.newUuid(sandbox, collection);
  const item: Obj = {
    id,
    createdAt: typeof input.createdAt === "number" ? input.createdAt : now,
    updatedAt: typeof input.updatedAt === "number" ? input.updatedAt : now,
    createdBy: env.clientId,
    updatedBy: env.clientId,
    createdClient: env.clientId,
    updatedClient: env.clientId,
    sandboxId: sandbox.id,
    sandboxName: sandbox.name,
    imsOrgId: env.orgId,
    ...withoutServerFields(input),
  };
  if (collection !== "runs") item.state = typeof input.state === "string" ? input.state : "enabled";
  item.version = etag;
  item.etag = etag;
  const inherited = inheritedAttributes(sandbox, collection, item);
  if (inherited !== undefined) item.inheritedAttributes = inherited;
  if (collection === "flows") {
    item.runs = `/runs?property=flowId==${id}`;
    item.lastOperation = lastOperation(now, "create", []);
  }
  return item;
}

function lastOperation(now: number, operation: string, ops: readonly PatchOperation[]): Obj {
  return {
    started: now,
    updated: now,
    percentCompleted: 100,
    status: { value: "completed" },
    ops,
    operation,
  };
}

function inheritedAttributes(
  sandbox: SandboxState,
  collection: InstanceCollection,
  item: Obj,
): Obj | undefined {
  const { connections, sourceConnections, targetConnections } = sandbox.collections;
  const baseOf = (id: unknown): Obj | undefined => {
    const base = typeof id === "string" ? connections.items.get(id) : undefined;
    return base === undefined ? undefined : { id: base.id, connectionSpec: base.connectionSpec };
  };
  if (collection === "sourceConnections" || collection === "targetConnections") {
    const base = baseOf(item.baseConnectionId);
    return base === undefined ? undefined : { baseConnection: base };
  }
  if (collection !== "flows") return undefined;
  const sources = (asArray(item.sourceConnectionIds) ?? []).map((id) => {
    const source = typeof id === "string" ? sourceConnections.items.get(id) : undefined;
    const entry: Obj = { id, connectionSpec: source?.connectionSpec };
    const base = baseOf(source?.baseConnectionId);
    if (base !== undefined) entry.baseConnection = base;
    return entry;
  });
  const targets = (asArray(item.targetConnectionIds) ?? []).map((id) => {
    const target = typeof id === "string" ? targetConnections.items.get(id) : undefined;
    return { id, connectionSpec: target?.connectionSpec };
  });
  return { sourceConnections: sources, targetConnections: targets, properties: { isSourceFlow: true } };
}

/**
 * The object as a GET shows it: credentials masked ("a partial view of the credentials",
 * vendor/openapi/flow-service.yaml), no operation bookkeeping.
 */
export function presentInstance(collection: string, item: Obj): Obj {
  const shown = persistInstance(collection, item);
  if (!(PENDING_FIELD in shown)) return shown;
  const { [PENDING_FIELD]: _pending, ...rest } = shown;
  return rest;
}

/** The object as the state file keeps it: credentials masked, an operation under way kept. */
export function persistInstance(collection: string, item: Obj): Obj {
  if (collection !== "connections") return item;
  const auth = asObj(item.auth);
  const params = asObj(auth?.params);
  if (auth === undefined || params === undefined) return item;
  const specId = asString(asObj(item.connectionSpec)?.id);
  const specName = asString(auth.specName);
  const masked: Obj = {};
  for (const [name, value] of Object.entries(params)) {
    masked[name] = isSecretParam(specId, specName, name) && value !== undefined ? MASKED : value;
  }
  return { ...item, auth: { ...auth, params: masked } };
}

function validateCreate(
  ctx: RequestContext,
  collection: Exclude<InstanceCollection, "runs">,
  body: Obj,
): Obj {
  switch (collection) {
    case "connections":
      return validateConnection(body);
    case "sourceConnections":
      return validateSourceConnection(ctx, body);
    case "targetConnections":
      return validateTargetConnection(ctx, body);
    case "flows":
      return validateFlow(ctx, withoutServerFields(body), undefined, ALL_CHECKS);
  }
}

function createInstance(ctx: RequestContext, collection: InstanceCollection): Reply {
  const body = requireBody(ctx);
  if (collection === "runs") return createRun(ctx, body);
  const item = materializeInstance(
    ctx.env,
    ctx.sandbox,
    collection,
    validateCreate(ctx, collection, body),
    ctx.now,
  );
  if (collection === "flows") {
    beginOperation(ctx.env, ctx.sandbox, "flows", item, ctx.now, {
      operation: "create",
      transitional: "inProgress",
      then: "enabled",
      ops: [],
    });
  } else if (collection === "connections") {
    beginOperation(ctx.env, ctx.sandbox, "connections", item, ctx.now, INITIALIZE);
  }
  ctx.env.store.put(ctx.sandbox, collection, item.id as string, item);
  if (collection === "flows") addScheduledRun(ctx.env, ctx.sandbox, item, ctx.now);
  return reply(
    201,
    { id: item.id, etag: item.etag },
    { location: `${FLOW_SERVICE_BASE}/${collection}/${String(item.id)}` },
  );
}

/**
 * A base connection verifies its credentials before it is enabled: `initializing` first
 * (help/sources/tutorials/api/create/crm/salesforce.md). Adobe shows it after a create; a change of
 * credentials is verified the same way (Adobe silent: the harder choice).
 */
const INITIALIZE: OperationSpec = {
  operation: "initialize",
  transitional: "initializing",
  then: "enabled",
  ops: [],
};

/** Enabling a flow schedules its next run; a run record is enough for the sync engine (issue 3). */
export function addScheduledRun(env: EmulatorEnv, sandbox: SandboxState, flow: Obj, now: number): void {
  const schedule = asObj(flow.scheduleParams);
  const startSeconds = Number(integerText(schedule?.startTime) ?? Math.floor(now / 1000));
  const copy = (asArray(flow.transformations) ?? []).map(asObj).find((t) => t?.name === "Copy");
  const params: Obj = { startTime: startSeconds * 1000, windowStartTime: startSeconds * 1000 };
  const delta = asObj(asObj(copy?.params)?.deltaColumn);
  if (delta !== undefined) params.deltaColumn = { name: delta.name };
  const run = materializeInstance(
    env,
    sandbox,
    "runs",
    {
      flowId: flow.id,
      flowSpec: flow.flowSpec,
      metrics: { statusSummary: { status: "scheduled" } },
      activities: [],
      params,
    },
    now,
  );
  env.store.put(sandbox, "runs", run.id as string, run);
}

/** Ad-hoc run: the flow must be scheduled `once` (help/sources/tutorials/api/create-flow-runs.md). */
function createRun(ctx: RequestContext, body: Obj): Reply {
  const flowId = asString(body.flowId) ?? "";
  const flow = ctx.sandbox.collections.flows.items.get(flowId);
  if (flow === undefined) throw missingReference("flows", flowId);
  if (asObj(flow.scheduleParams)?.frequency !== "once") {
    throw invalidRequest("ad-hoc runs need a flow scheduled 'once'");
  }
  const run = materializeInstance(
    ctx.env,
    ctx.sandbox,
    "runs",
    {
      ...withoutServerFields(body),
      flowSpec: flow.flowSpec,
      metrics: { statusSummary: { status: "inProgress" } },
    },
    ctx.now,
  );
  ctx.env.store.put(ctx.sandbox, "runs", run.id as string, run);
  return reply(201, run, { location: `${FLOW_SERVICE_BASE}/runs/${String(run.id)}` });
}

/**
 * A flow being deleted is still found, in state `delete-finalizing`, until the delete completes:
 * 1457 and 1458 (help/sources/errors/flow-service-errors.md) answer writes to such a flow, so it
 * can be looked up. Lists show it too.
 */
function getInstance(ctx: RequestContext, collection: InstanceCollection, id: string): Reply {
  const item = ctx.sandbox.collections[collection].items.get(id);
  if (item === undefined) throw notFound(collection, id);
  return reply(200, { items: [presentInstance(collection, item)] });
}

/**
 * Paths AEP documents as patchable (help/sources/tutorials/api/update.md,
 * help/sources/tutorials/api/update-dataflows.md); the rest of source/target is UNCONFIRMED.
 */
const PATCHABLE: Record<InstanceCollection, readonly string[]> = {
  connections: ["/name", "/description", "/auth"],
  sourceConnections: ["/name", "/description", "/params"],
  targetConnections: ["/name", "/description", "/params"],
  flows: [
    "/name",
    "/description",
    "/scheduleParams",
    "/transformations",
    "/sourceConnectionIds",
    "/targetConnectionIds",
  ],
  runs: [],
};

function requireIfMatch(ctx: RequestContext): void {
  if (header(ctx, "if-match") === undefined) {
    throw flowError(
      400,
      "1403-400",
      "Header is missing",
      "The header 'If-Match' is missing in the request. Please provide the header and try again.",
    );
  }
}

/** A stale `If-Match` (when one is sent) is refused with 412. */
function checkIfMatch(ctx: RequestContext, current: Obj): void {
  const ifMatch = header(ctx, "if-match");
  if (ifMatch === undefined) return;
  // Compared exactly as sent: the etag value carries its own double quotes (help/landing/troubleshooting.md).
  if (ifMatch !== current.etag) {
    throw flowError(
      412,
      "1404-412",
      `Supplied version=[${ifMatch}] does not match the current version on entity=[${String(current.etag)}]`,
    );
  }
}

function readPatch(ctx: RequestContext, collection: InstanceCollection): PatchOperation[] {
  if (ctx.body === undefined || (Array.isArray(ctx.body) && ctx.body.length === 0)) {
    throw flowError(400, "1405-400", "Invalid request: the request body is empty");
  }
  const ops = readPatchOperations(ctx.body);
  if (ops === undefined) throw invalidRequest("the body must be a JSON Patch array of {op, path, value}");
  for (const op of ops) {
    if (!["add", "remove", "replace"].includes(op.op.toLowerCase())) {
      throw flowError(400, "1434-400", `Unsupported operation '${op.op}'`);
    }
    if (isUnder(op.path, "/connectionSpec")) {
      throw flowError(400, "1414-400", "The connection spec of an entity cannot be changed");
    }
    if (!PATCHABLE[collection].some((p) => isUnder(op.path, p))) {
      throw invalidRequest(`the path ${op.path} cannot be patched`);
    }
  }
  return ops;
}

function patchInstance(ctx: RequestContext, collection: InstanceCollection, id: string): Reply {
  requireIfMatch(ctx);
  const current = ctx.sandbox.collections[collection].items.get(id);
  if (current === undefined) throw notFound(collection, id);
  assertWritable(ctx.env, current, "update");
  checkIfMatch(ctx, current);
  const ops = readPatch(ctx, collection);
  let patched: Obj;
  try {
    patched = applyPatch(current, ops, ["add", "remove", "replace"]);
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    if (error.failure === "missing-path") {
      throw flowError(
        400,
        "1455-400",
        `Error while validating patch instructions: Missing field "${error.path}"`,
      );
    }
    throw invalidRequest(error.message);
  }
  validatePatched(ctx, collection, patched, current, ops);
  const normalizedOps = ops.map((op) => ({ ...op, op: op.op.toLowerCase() }));
  const operation = patchOperation(collection, current, normalizedOps);
  const updated = touchInstance(
    ctx.env,
    ctx.sandbox,
    collection,
    patched,
    ctx.now,
    maskOps(normalizedOps),
    operation,
  );
  return reply(200, { id: updated.id, etag: updated.etag });
}

/** The asynchronous operation a PATCH starts: every flow update, a base connection's new credentials. */
function patchOperation(
  collection: InstanceCollection,
  current: Obj,
  ops: readonly PatchOperation[],
): OperationSpec | undefined {
  const then = current.state === "disabled" ? "disabled" : "enabled";
  if (collection === "flows")
    return { operation: "update", transitional: "updating", then, ops: maskOps([...ops]) };
  if (collection === "connections" && ops.some((op) => isUnder(op.path, "/auth"))) return INITIALIZE;
  return undefined;
}

/** Operations on `/auth` carry credentials: lastOperation keeps their shape, never their values. */
function maskOps(ops: PatchOperation[]): PatchOperation[] {
  return ops.map((op) =>
    isUnder(op.path, "/auth") && op.value !== undefined ? { ...op, value: MASKED } : op,
  );
}

/**
 * Records a change: new etag, updatedAt and lastOperation (also used by out-of-band admin edits,
 * which complete at once). `operation`, with realism, starts it as an asynchronous operation.
 */
export function touchInstance(
  env: EmulatorEnv,
  sandbox: SandboxState,
  collection: InstanceCollection,
  item: Obj,
  now: number,
  ops: PatchOperation[],
  operation?: OperationSpec,
): Obj {
  const etag = newEtag(env);
  const updated: Obj = { ...item, updatedAt: now, updatedBy: env.clientId, updatedClient: env.clientId };
  updated.version = etag;
  updated.etag = etag;
  const inherited = inheritedAttributes(sandbox, collection, updated);
  if (inherited !== undefined) updated.inheritedAttributes = inherited;
  if (collection === "flows") updated.lastOperation = lastOperation(now, "update", ops);
  if (operation !== undefined && (collection === "flows" || collection === "connections")) {
    beginOperation(env, sandbox, collection, updated, now, operation);
  }
  env.store.put(sandbox, collection, updated.id as string, updated);
  return updated;
}

function deleteInstance(ctx: RequestContext, collection: InstanceCollection, id: string): Reply {
  const current = ctx.sandbox.collections[collection].items.get(id);
  if (current === undefined) throw notFound(collection, id);
  assertWritable(ctx.env, current, "delete");
  assertNotInUse(ctx.sandbox, collection, id);
  if (collection === "flows") {
    // The flow stays, finalizing, and keeps its connections in use until the delete completes.
    const finalizing: OperationSpec = {
      operation: "delete",
      transitional: DELETE_FINALIZING,
      then: "deleted",
      ops: [],
    };
    const item = { ...current };
    if (beginOperation(ctx.env, ctx.sandbox, "flows", item, ctx.now, finalizing) === "pending") {
      const etag = newEtag(ctx.env);
      ctx.env.store.put(ctx.sandbox, "flows", id, { ...item, etag, version: etag, updatedAt: ctx.now });
      return reply(204);
    }
  }
  ctx.env.store.remove(ctx.sandbox, collection, id);
  if (collection === "flows") {
    const { runs } = ctx.sandbox.collections;
    for (const runId of [...runs.referrers("flowId", id)]) ctx.env.store.remove(ctx.sandbox, "runs", runId);
  }
  return reply(204);
}

function assertNotInUse(sandbox: SandboxState, collection: InstanceCollection, id: string): void {
  const { flows, sourceConnections, targetConnections } = sandbox.collections;
  // Stricter than the message suggests: any source or target connection on it blocks the delete,
  // so that a client pruning in the wrong order (base before its children) is caught
  // (help/sources/errors/flow-service-errors.md).
  if (
    collection === "connections" &&
    (sourceConnections.referrers("baseConnectionId", id).size > 0 ||
      targetConnections.referrers("baseConnectionId", id).size > 0)
  ) {
    throw flowError(
      400,
      "1418-400",
      `The connection ${id} cannot be deleted because the base connection is being used in one or more flows`,
    );
  }
  if (collection === "sourceConnections" || collection === "targetConnections") {
    const field = collection === "sourceConnections" ? "sourceConnectionIds" : "targetConnectionIds";
    // A flow still finalizing its delete counts: help/sources/errors/flow-service-errors.md's
    // 1447 "Found active flows containing id".
    if (flows.referrers(field, id).size > 0)
      throw flowError(400, "1447-400", `Found active flows containing id ${id}`);
  }
}

function flowAction(ctx: RequestContext, id: string): Reply {
  const flow = ctx.sandbox.collections.flows.items.get(id);
  if (flow === undefined) throw notFound("flows", id);
  const op = (ctx.query.get("op") ?? "").toLowerCase();
  const target = op === "enable" ? "enabled" : op === "disable" ? "disabled" : undefined;
  assertNotBusy(ctx.env, flow, op);
  checkIfMatch(ctx, flow);
  assertTransition(flow, op, target);
  const operation: OperationSpec = {
    operation: op,
    transitional: op === "enable" ? "enabling" : "disabling",
    then: target === "enabled" ? "enabled" : "disabled",
    ops: [],
  };
  const updated = touchInstance(
    ctx.env,
    ctx.sandbox,
    "flows",
    { ...flow, state: target },
    ctx.now,
    [{ op: "replace", path: "/state", value: target }],
    operation,
  );
  if (target === "enabled") addScheduledRun(ctx.env, ctx.sandbox, updated, ctx.now);
  return reply(200, { id: updated.id, etag: updated.etag });
}

/** Connection actions (publish/finalize) only apply to drafts, which the emulator does not create. */
function connectionAction(ctx: RequestContext, collection: InstanceCollection, id: string): Reply {
  const item = ctx.sandbox.collections[collection].items.get(id);
  if (item === undefined) throw notFound(collection, id);
  const op = (ctx.query.get("op") ?? "").toLowerCase();
  throw flowError(
    400,
    "1422-400",
    `The action ${op} cannot be applied on the current state ${String(item.state)}`,
  );
}

function instanceRoutes(collection: InstanceCollection): Route[] {
  const routes: Route[] = [
    {
      method: "GET",
      path: `/${collection}`,
      handle: (ctx) => listInstances(ctx, collection, presentInstance),
    },
    { method: "POST", path: `/${collection}`, handle: (ctx) => createInstance(ctx, collection) },
    {
      method: "GET",
      path: `/${collection}/{id}`,
      handle: (ctx, p) => getInstance(ctx, collection, p.id ?? ""),
    },
  ];
  if (collection !== "runs") {
    routes.push(
      {
        method: "PATCH",
        path: `/${collection}/{id}`,
        handle: (ctx, p) => patchInstance(ctx, collection, p.id ?? ""),
      },
      {
        method: "DELETE",
        path: `/${collection}/{id}`,
        handle: (ctx, p) => deleteInstance(ctx, collection, p.id ?? ""),
      },
      {
        method: "POST",
        path: `/${collection}/{id}/action`,
        handle: (ctx, p) =>
          collection === "flows"
            ? flowAction(ctx, p.id ?? "")
            : connectionAction(ctx, collection, p.id ?? ""),
      },
    );
  }
  return routes;
}

export const flowServiceRoutes: readonly Route[] = [
  { method: "GET", path: "/connectionSpecs", handle: (ctx) => listSpecs(ctx, connectionSpecItems) },
  {
    method: "GET",
    path: "/connectionSpecs/{id}",
    handle: (_ctx, p) => getSpec(connectionSpecItems, "connectionSpecs", p.id ?? ""),
  },
  { method: "GET", path: "/flowSpecs", handle: (ctx) => listSpecs(ctx, flowSpecItems) },
  {
    method: "GET",
    path: "/flowSpecs/{id}",
    handle: (_ctx, p) => getSpec(flowSpecItems, "flowSpecs", p.id ?? ""),
  },
  ...instanceCollections.flatMap(instanceRoutes),
];
