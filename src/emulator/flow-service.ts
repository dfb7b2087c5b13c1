/** Flow Service (`/data/foundation/flowservice`), aep-api.md §2 and §3. */
import { scheduleProblems, type FlowSpecInfo } from "../data/connectors.ts";
import { header, type EmulatorEnv, type RequestContext } from "./context.ts";
import { type ApiError, flowError, reply, type Reply, type Route } from "./http.ts";
import {
  applyPatch,
  asArray,
  asObj,
  asString,
  clone,
  isObj,
  PatchError,
  readPatchOperations,
  type Obj,
  type PatchOperation,
} from "./json.ts";
import {
  buildView,
  decodeToken,
  encodeToken,
  indexAfter,
  matchesFilter,
  parsePropertyFilter,
  sortValue,
  type KeyPart,
  type PropertyFilter,
} from "./query.ts";
import { canonicalSchemaId } from "./schema-registry.ts";
import {
  connectionSpecItems,
  findConnectionSpec,
  findFlowSpecInfo,
  flowSpecItems,
  isSecretParam,
  sourceParamsProblem,
} from "./specs.ts";
import type { SandboxState } from "./store.ts";

export const FLOW_SERVICE_BASE = "/data/foundation/flowservice";

export type InstanceCollection = "connections" | "sourceConnections" | "targetConnections" | "flows" | "runs";
export const instanceCollections: readonly InstanceCollection[] = [
  "connections",
  "sourceConnections",
  "targetConnections",
  "flows",
  "runs",
];

/** UNCONFIRMED (aep-api.md §2.3, §11): AEP publishes neither; a larger `limit` is clamped, not refused. */
export const FLOW_LIST_DEFAULT_LIMIT = 100;
export const FLOW_LIST_MAX_LIMIT = 100;

/** UNCONFIRMED masking format: AEP documents "a partial view of the credentials" (aep-api.md §2.2). */
export const MASKED = "**********";

const SERVER_FIELDS = [
  "id",
  "createdAt",
  "updatedAt",
  "createdBy",
  "updatedBy",
  "createdClient",
  "updatedClient",
  "sandboxId",
  "sandboxName",
  "imsOrgId",
  "version",
  "etag",
  "state",
  "inheritedAttributes",
  "lastOperation",
  "runs",
] as const;

const NOT_FOUND_DETAILS =
  "The requested resource is not found. Error from flow provider: Resource with given id does not exist.";

function notFound(collection: string, id: string): ApiError {
  return flowError(404, "1101-404", `${collection} not found with id = [${id}]`, NOT_FOUND_DETAILS);
}

function invalidRequest(message: string): ApiError {
  return flowError(400, "1100-400", `Invalid request: ${message}`);
}

/** A referenced object is missing: AEP reports some not-found cases as 400 (1439-400, aep-api.md §2.8). */
function missingReference(collection: string, id: string): ApiError {
  return flowError(400, "1439-400", `The requested ${collection} resource ${id} is not found`);
}

export function newEtag(env: EmulatorEnv): string {
  const ids = env.store.ids;
  return `"${ids.hex(8)}-0000-0200-0000-${ids.hex(12)}"`;
}

function withoutServerFields(body: Obj): Obj {
  const out = clone(body);
  for (const field of SERVER_FIELDS) delete out[field];
  return out;
}

/** Fills what AEP fills on create (aep-api.md §2.2), in the order AEP shows it. */
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

/** The object as a GET shows it: credentials masked (aep-api.md §2.2). */
export function presentInstance(collection: string, item: Obj): Obj {
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

function requireBody(ctx: RequestContext): Obj {
  if (ctx.body === undefined || (isObj(ctx.body) && Object.keys(ctx.body).length === 0)) {
    throw flowError(400, "1405-400", "Invalid request: the request body is empty");
  }
  if (!isObj(ctx.body)) throw invalidRequest("the request body must be a JSON object");
  if ("state" in ctx.body) {
    throw flowError(400, "1410-400", "State is not allowed in the create flow request");
  }
  return ctx.body;
}

function requireName(body: Obj): void {
  if (typeof body.name !== "string" || body.name.trim() === "") throw invalidRequest("'name' is required");
}

function requireSpec(body: Obj): Obj {
  const id = asString(asObj(body.connectionSpec)?.id);
  if (id === undefined) throw invalidRequest("'connectionSpec.id' is required");
  const spec = findConnectionSpec(id);
  if (spec === undefined) throw flowError(400, "1413-400", `The spec ID ${id} is invalid`);
  return spec;
}

function withSpecVersion(body: Obj, spec: Obj): Obj {
  const out = withoutServerFields(body);
  const connectionSpec = asObj(out.connectionSpec) ?? {};
  out.connectionSpec = { ...connectionSpec, version: asString(connectionSpec.version) ?? spec.version };
  return out;
}

function validateConnection(body: Obj): Obj {
  requireName(body);
  const spec = requireSpec(body);
  const authSpecs = (asArray(spec.authSpec) ?? []).filter(isObj);
  if (authSpecs.length === 0) return withSpecVersion(body, spec);
  const auth = asObj(body.auth);
  const specName = asString(auth?.specName);
  if (auth === undefined || specName === undefined) throw invalidRequest("'auth.specName' is required");
  const authSpec = authSpecs.find((a) => a.name === specName);
  if (authSpec === undefined) {
    throw flowError(400, "1415-400", `The auth spec ${specName} could not be found for the connection spec`);
  }
  const params = asObj(auth.params);
  if (params === undefined) throw invalidRequest("'auth.params' is required");
  const required = (asArray(asObj(authSpec.spec)?.required) ?? []).filter((r) => typeof r === "string");
  const missing = required.filter((r) => params[r] === undefined || params[r] === "");
  if (missing.length > 0) throw invalidRequest(`auth params missing: ${missing.join(", ")}`);
  return withSpecVersion(body, spec);
}

function validateSourceConnection(sandbox: SandboxState, body: Obj): Obj {
  requireName(body);
  const spec = requireSpec(body);
  const problem = sourceParamsProblem(spec, asObj(body.params));
  if (problem !== undefined) throw invalidRequest(problem);
  checkBaseConnection(sandbox, body, spec);
  return withSpecVersion(body, spec);
}

function checkBaseConnection(sandbox: SandboxState, body: Obj, spec: Obj): void {
  if (body.baseConnectionId === undefined) return;
  const baseId = asString(body.baseConnectionId) ?? "";
  const base = sandbox.collections.connections.items.get(baseId);
  if (base === undefined) throw missingReference("connections", baseId);
  const baseSpecId = asString(asObj(base.connectionSpec)?.id);
  // A target connection may sit on the legacy Data Lake base connection (aep-api.md §3).
  if (baseSpecId !== spec.id && baseSpecId !== findConnectionSpecByName("datalake")) {
    throw invalidRequest(
      `base connection ${baseId} has connection spec ${baseSpecId}, not ${String(spec.id)}`,
    );
  }
}

function findConnectionSpecByName(name: string): string | undefined {
  return asString(connectionSpecItems.find((s) => s.name === name)?.id);
}

function validateTargetConnection(sandbox: SandboxState, body: Obj): Obj {
  requireName(body);
  const spec = requireSpec(body);
  checkBaseConnection(sandbox, body, spec);
  const required = asArray(asObj(asObj(spec.targetSpec)?.spec)?.required) ?? [];
  const params = asObj(body.params) ?? {};
  for (const name of required) {
    if (typeof name === "string" && params[name] === undefined)
      throw invalidRequest(`'params.${name}' is required`);
  }
  const dataSetId = asString(params.dataSetId);
  if (dataSetId !== undefined && !sandbox.collections.dataSets.items.has(dataSetId)) {
    throw invalidRequest(`dataset ${dataSetId} not found`);
  }
  return withSpecVersion(body, spec);
}

/** What a flow check covers: everything on create, the parts a PATCH touches otherwise. */
interface FlowChecks {
  name: boolean;
  connections: boolean;
  transformations: boolean;
  schedule: boolean;
}

const ALL_CHECKS: FlowChecks = { name: true, connections: true, transformations: true, schedule: true };

function checksFor(ops: readonly PatchOperation[]): FlowChecks {
  const touched = (prefix: string): boolean => ops.some((op) => isUnder(op.path, prefix));
  return {
    name: touched("/name"),
    connections: touched("/sourceConnectionIds") || touched("/targetConnectionIds"),
    transformations: touched("/transformations") || touched("/targetConnectionIds"),
    schedule: touched("/scheduleParams"),
  };
}

/** Validates a flow (create or patched) and normalizes the numbers AEP echoes as strings. */
function validateFlow(ctx: RequestContext, flow: Obj, previous: Obj | undefined, checks: FlowChecks): Obj {
  const sandbox = ctx.sandbox;
  if (checks.name) requireName(flow);
  if (!checks.connections && !checks.transformations && !checks.schedule) return flow;
  const specId = asString(asObj(flow.flowSpec)?.id) ?? "";
  const info = findFlowSpecInfo(specId);
  if (info === undefined) throw flowError(400, "1413-400", `The flow spec ID ${specId} is invalid`);
  flow.flowSpec = {
    ...asObj(flow.flowSpec),
    version: asString(asObj(flow.flowSpec)?.version) ?? info.version,
  };
  if (checks.connections) {
    const sources = connectionsOf(sandbox, flow, "sourceConnectionIds", "sourceConnections");
    const targets = connectionsOf(sandbox, flow, "targetConnectionIds", "targetConnections");
    for (const [list, allowed, kind] of [
      [sources, info.sourceConnectionSpecIds, "source"],
      [targets, info.targetConnectionSpecIds, "target"],
    ] as const) {
      for (const connection of list) {
        const connectionSpecId = asString(asObj(connection.connectionSpec)?.id) ?? "";
        if (!allowed.includes(connectionSpecId)) {
          throw invalidRequest(
            `${kind} connection spec ${connectionSpecId} is not supported by flow spec ${info.name}`,
          );
        }
      }
    }
  }
  if (checks.transformations) {
    const targets = (asArray(flow.targetConnectionIds) ?? [])
      .map((id) => (typeof id === "string" ? sandbox.collections.targetConnections.items.get(id) : undefined))
      .filter((t): t is Obj => t !== undefined);
    validateTransformations(ctx, flow, info, targets);
  }
  if (checks.schedule) validateSchedule(ctx, flow, previous);
  return flow;
}

function connectionsOf(
  sandbox: SandboxState,
  flow: Obj,
  field: "sourceConnectionIds" | "targetConnectionIds",
  collection: "sourceConnections" | "targetConnections",
): Obj[] {
  const ids = asArray(flow[field]);
  if (ids === undefined || ids.length === 0 || !ids.every((id) => typeof id === "string")) {
    throw invalidRequest(`'${field}' must be a non-empty array of ids`);
  }
  return ids.map((id) => {
    const item = sandbox.collections[collection].items.get(id);
    if (item === undefined) throw missingReference(collection, id);
    return item;
  });
}

function validateTransformations(ctx: RequestContext, flow: Obj, info: FlowSpecInfo, targets: Obj[]): void {
  const transformations = flow.transformations === undefined ? [] : asArray(flow.transformations);
  if (transformations === undefined) throw invalidRequest("'transformations' must be an array");
  const allowed = info.copyTransformation ? ["Copy", "Mapping"] : ["Mapping"];
  let hasDelta = false;
  for (const t of transformations) {
    const name = asString(asObj(t)?.name);
    const params = asObj(asObj(t)?.params);
    if (name === undefined || params === undefined || !isObj(t)) {
      throw invalidRequest("each transformation needs 'name' and 'params'");
    }
    if (!allowed.includes(name))
      throw invalidRequest(`flow spec ${info.name} has no transformation '${name}'`);
    if (name === "Copy") {
      const delta = asObj(params.deltaColumn);
      if (delta === undefined || typeof delta.name !== "string" || delta.name === "") {
        throw invalidRequest("the Copy transformation requires 'deltaColumn.name'");
      }
      hasDelta = true;
    }
    if (name === "Mapping") checkMapping(ctx, params, targets);
  }
  // CRM and database sources need the Copy transformation's deltaColumn (aep-api.md §2.4, §8).
  if (info.deltaColumnRequired && !hasDelta) {
    throw invalidRequest(`flow spec ${info.name} requires a Copy transformation with 'deltaColumn'`);
  }
}

function checkMapping(ctx: RequestContext, params: Obj, targets: Obj[]): void {
  const mappingId = asString(params.mappingId) ?? "";
  const version = params.mappingVersion;
  const versions = ctx.sandbox.mappingHistory.get(mappingId);
  const versionText =
    typeof version === "number" || typeof version === "string" ? String(version) : undefined;
  const mapping = versions?.find((v) => String(v.version) === versionText);
  if (mapping === undefined) {
    throw flowError(
      400,
      "1412-400",
      `Invalid Mapping Version: mapping ${mappingId} version ${String(version)}`,
    );
  }
  params.mappingVersion = versionText;
  const mappingSchema = canonicalSchemaId(
    ctx.env,
    asString(asObj(asObj(mapping.outputSchema)?.schemaRef)?.id),
  );
  for (const target of targets) {
    const targetSchema = canonicalSchemaId(ctx.env, asString(asObj(asObj(target.data)?.schema)?.id));
    const dataSetId = asString(asObj(target.params)?.dataSetId);
    const dataSet =
      dataSetId === undefined ? undefined : ctx.sandbox.collections.dataSets.items.get(dataSetId);
    const dataSetSchema = canonicalSchemaId(ctx.env, asString(asObj(dataSet?.schemaRef)?.id));
    for (const schema of [targetSchema, dataSetSchema]) {
      if (schema !== undefined && schema !== mappingSchema) {
        throw flowError(
          400,
          "1425-400",
          `The target dataset's schema ${schema} does not match the mapping set's output schema ${String(mappingSchema)}`,
        );
      }
    }
  }
}

const FREQUENCIES = ["once", "minute", "hour", "day", "week"];

function integerText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return value.trim();
  return undefined;
}

/** The flow spec's PeriodicSchedule rules (src/data/connectors.ts); AEP echoes numbers as strings (§2.4). */
function validateSchedule(ctx: RequestContext, flow: Obj, previous: Obj | undefined): void {
  const schedule = asObj(flow.scheduleParams);
  if (schedule === undefined) throw invalidRequest("'scheduleParams' is required");
  const frequency = asString(schedule.frequency);
  if (frequency === undefined || !FREQUENCIES.includes(frequency)) {
    throw invalidRequest(`scheduleParams.frequency must be one of ${FREQUENCIES.join(", ")}`);
  }
  const startTime = integerText(schedule.startTime);
  if (startTime === undefined) throw invalidRequest("scheduleParams.startTime must be epoch seconds");
  schedule.startTime = startTime;
  let interval: number | undefined;
  if (schedule.interval !== undefined) {
    const text = integerText(schedule.interval);
    if (text === undefined) throw invalidRequest("scheduleParams.interval must be an integer");
    schedule.interval = text;
    interval = Number(text);
  }
  const backfill = schedule.backfill === undefined ? undefined : schedule.backfill !== "false";
  const problems = scheduleProblems({ frequency, interval, backfill });
  if (problems.length > 0) throw invalidRequest(`scheduleParams: ${problems.join("; ")}`);
  const before = asObj(previous?.scheduleParams);
  const previousStart = integerText(before?.startTime);
  // A start time that has passed cannot be changed (aep-api.md §2.6).
  if (previousStart !== undefined && previousStart !== startTime && Number(previousStart) * 1000 < ctx.now) {
    throw invalidRequest(
      "scheduleParams.startTime cannot be changed once the original start time has passed",
    );
  }
}

function createInstance(ctx: RequestContext, collection: InstanceCollection): Reply {
  const body = requireBody(ctx);
  let input: Obj;
  switch (collection) {
    case "connections":
      input = validateConnection(body);
      break;
    case "sourceConnections":
      input = validateSourceConnection(ctx.sandbox, body);
      break;
    case "targetConnections":
      input = validateTargetConnection(ctx.sandbox, body);
      break;
    case "flows":
      input = validateFlow(ctx, withoutServerFields(body), undefined, ALL_CHECKS);
      break;
    case "runs":
      return createRun(ctx, body);
  }
  const item = materializeInstance(ctx.env, ctx.sandbox, collection, input, ctx.now);
  ctx.env.store.put(ctx.sandbox, collection, item.id as string, item);
  if (collection === "flows") addScheduledRun(ctx.env, ctx.sandbox, item, ctx.now);
  return reply(
    201,
    { id: item.id, etag: item.etag },
    { location: `${FLOW_SERVICE_BASE}/${collection}/${String(item.id)}` },
  );
}

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

/** Ad-hoc run: the flow must be scheduled `once` (aep-api.md §2.9). */
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

function getInstance(ctx: RequestContext, collection: InstanceCollection, id: string): Reply {
  const item = ctx.sandbox.collections[collection].items.get(id);
  if (item === undefined) throw notFound(collection, id);
  return reply(200, { items: [presentInstance(collection, item)] });
}

/** Paths AEP documents as patchable (aep-api.md §2.6); the rest of source/target is UNCONFIRMED. */
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

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function patchInstance(ctx: RequestContext, collection: InstanceCollection, id: string): Reply {
  const ifMatch = header(ctx, "if-match");
  if (ifMatch === undefined) {
    throw flowError(
      400,
      "1403-400",
      "Header is missing",
      "The header 'If-Match' is missing in the request. Please provide the header and try again.",
    );
  }
  const current = ctx.sandbox.collections[collection].items.get(id);
  if (current === undefined) throw notFound(collection, id);
  // Compared exactly as sent: the etag value carries its own double quotes (aep-api.md §2.6).
  if (ifMatch !== current.etag) {
    throw flowError(
      412,
      "1404-412",
      `Supplied version=[${ifMatch}] does not match the current version on entity=[${String(current.etag)}]`,
    );
  }
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
  if (collection === "flows") validateFlow(ctx, patched, current, checksFor(ops));
  if (collection === "targetConnections") {
    const dataSetId = asString(asObj(patched.params)?.dataSetId);
    if (dataSetId !== undefined && !ctx.sandbox.collections.dataSets.items.has(dataSetId)) {
      throw invalidRequest(`dataset ${dataSetId} not found`);
    }
  }
  const normalizedOps = ops.map((op) => ({ ...op, op: op.op.toLowerCase() }));
  const updated = touchInstance(ctx.env, ctx.sandbox, collection, patched, ctx.now, maskOps(normalizedOps));
  return reply(200, { id: updated.id, etag: updated.etag });
}

/** Operations on `/auth` carry credentials: lastOperation keeps their shape, never their values. */
function maskOps(ops: PatchOperation[]): PatchOperation[] {
  return ops.map((op) =>
    isUnder(op.path, "/auth") && op.value !== undefined ? { ...op, value: MASKED } : op,
  );
}

/** Records a change: new etag, updatedAt and lastOperation (also used by out-of-band admin edits). */
export function touchInstance(
  env: EmulatorEnv,
  sandbox: SandboxState,
  collection: InstanceCollection,
  item: Obj,
  now: number,
  ops: PatchOperation[],
): Obj {
  const etag = newEtag(env);
  const updated: Obj = { ...item, updatedAt: now, updatedBy: env.clientId, updatedClient: env.clientId };
  updated.version = etag;
  updated.etag = etag;
  const inherited = inheritedAttributes(sandbox, collection, updated);
  if (inherited !== undefined) updated.inheritedAttributes = inherited;
  if (collection === "flows") updated.lastOperation = lastOperation(now, "update", ops);
  env.store.put(sandbox, collection, updated.id as string, updated);
  return updated;
}

function deleteInstance(ctx: RequestContext, collection: InstanceCollection, id: string): Reply {
  const { items } = ctx.sandbox.collections[collection];
  if (!items.has(id)) throw notFound(collection, id);
  const { flows, sourceConnections, targetConnections, runs } = ctx.sandbox.collections;
  // Stricter than the message suggests: any source or target connection on it blocks the delete,
  // so that a client pruning in the wrong order (base before its children) is caught (aep-api.md §2.8).
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
    if (flows.referrers(field, id).size > 0)
      throw flowError(400, "1447-400", `Found active flows containing id ${id}`);
  }
  ctx.env.store.remove(ctx.sandbox, collection, id);
  if (collection === "flows") {
    for (const runId of [...runs.referrers("flowId", id)]) ctx.env.store.remove(ctx.sandbox, "runs", runId);
  }
  return reply(204);
}

function flowAction(ctx: RequestContext, id: string): Reply {
  const flow = ctx.sandbox.collections.flows.items.get(id);
  if (flow === undefined) throw notFound("flows", id);
  const ifMatch = header(ctx, "if-match");
  if (ifMatch !== undefined && ifMatch !== flow.etag) {
    throw flowError(
      412,
      "1404-412",
      `Supplied version=[${ifMatch}] does not match the current version on entity=[${String(flow.etag)}]`,
    );
  }
  const op = (ctx.query.get("op") ?? "").toLowerCase();
  const state = String(flow.state);
  const target = op === "enable" ? "enabled" : op === "disable" ? "disabled" : undefined;
  if (target === undefined || state === target) {
    throw flowError(400, "1422-400", `The action ${op} cannot be applied on the current state ${state}`);
  }
  const updated = touchInstance(ctx.env, ctx.sandbox, "flows", { ...flow, state: target }, ctx.now, [
    { op: "replace", path: "/state", value: target },
  ]);
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

interface ListQuery {
  filters: string[];
  orderby: string | undefined;
  limit: number;
  after: KeyPart[] | undefined;
}

function readListQuery(ctx: RequestContext): ListQuery & { count: boolean } {
  const q = ctx.query;
  const count = (q.get("count") ?? "").toLowerCase() === "true";
  const limitText = q.get("limit");
  if (count && limitText != null) {
    throw flowError(
      400,
      "1401-400",
      "Invalid request",
      "The limit and count parameters cannot be given together in the same request.",
    );
  }
  let query: ListQuery = {
    filters: q.getAll("property"),
    orderby: q.get("orderby") ?? undefined,
    limit: FLOW_LIST_DEFAULT_LIMIT,
    after: undefined,
  };
  const token = q.get("continuationToken");
  if (token != null) {
    const decoded = asObj(decodeToken(token));
    if (decoded === undefined || !Array.isArray(decoded.f) || !Array.isArray(decoded.a)) {
      throw invalidRequest("invalid continuationToken");
    }
    query = {
      filters: decoded.f as string[],
      orderby: asString(decoded.o),
      limit: typeof decoded.l === "number" ? decoded.l : FLOW_LIST_DEFAULT_LIMIT,
      after: decoded.a as KeyPart[],
    };
  }
  if (limitText != null) {
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) throw invalidRequest(`invalid limit '${limitText}'`);
    query.limit = Math.min(limit, FLOW_LIST_MAX_LIMIT);
  }
  return { ...query, count };
}

/** Flow Service filter rules (aep-api.md §2.3): `~` is not implemented, no comparisons on `id`. */
export function parseFlowFilters(raw: readonly string[]): PropertyFilter[] {
  return raw.map((text) => {
    const filter = parsePropertyFilter(text, true);
    if (filter === undefined || filter.operator === "exists" || filter.operator === "absent") {
      throw invalidRequest(`invalid property filter '${text}'`);
    }
    if (filter.operator === "~") throw flowError(400, "1440-400", "Operator '~' not implemented");
    const comparison = [">", "<", ">=", "<="].includes(filter.operator);
    if (comparison && filter.path === "id") {
      throw flowError(400, "1448-400", `Operator '${filter.operator}' is not allowed on the field 'id'`);
    }
    if (comparison && filter.values.length > 1) {
      throw flowError(400, "1443-400", `Operator '${filter.operator}' is not allowed for multiple values`);
    }
    return filter;
  });
}

function parseOrderby(orderby: string | undefined): { path: string; descending: boolean } | undefined {
  if (orderby === undefined) return undefined;
  if (orderby.includes(","))
    throw flowError(400, "1433-400", `Sorting on more than one field is not supported: '${orderby}'`);
  const match = /^([+-]?)([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(orderby.trim());
  if (match == null) throw flowError(400, "1432-400", `Invalid orderby value '${orderby}'`);
  return { path: match[2] ?? "", descending: match[1] === "-" };
}

function listInstances(ctx: RequestContext, collection: InstanceCollection): Reply {
  const query = readListQuery(ctx);
  const filters = parseFlowFilters(query.filters);
  const order = parseOrderby(query.orderby);
  const store = ctx.sandbox.collections[collection];
  const key = `${ctx.sandbox.name}|${collection}|${JSON.stringify(query.filters)}|${query.orderby ?? ""}`;
  const view = ctx.env.views.get(key, store.revision, () =>
    buildView(
      store.items.values(),
      (item) => filters.every((f) => matchesFilter(item, f)),
      (item) => [
        order === undefined ? null : sortValue(item, order.path),
        typeof item.createdAt === "number" ? item.createdAt : 0,
        store.position(String(item.id)),
      ],
      Array<boolean>(3).fill(order?.descending ?? false),
    ),
  );
  if (query.count) return reply(200, { count: view.items.length });
  const start = query.after === undefined ? 0 : indexAfter(view, query.after);
  const end = start + query.limit;
  const items = view.items.slice(start, end).map((item) => presentInstance(collection, item));
  const links: Obj = {};
  const lastKey = view.keys[end - 1];
  if (end < view.items.length && lastKey !== undefined) {
    // The token carries the whole query, so the next page is consistent and the href needs no
    // other parameter (aepp splits it on '=', aep-api.md §12).
    const token = encodeToken({ f: query.filters, o: query.orderby, l: query.limit, a: lastKey });
    links.next = { href: `/${collection}?continuationToken=${token}` };
  }
  return reply(200, { items, _links: links });
}

function listSpecs(ctx: RequestContext, specs: readonly Obj[]): Reply {
  const filters = parseFlowFilters(ctx.query.getAll("property"));
  return reply(200, { items: specs.filter((s) => filters.every((f) => matchesFilter(s, f))) });
}

function getSpec(specs: readonly Obj[], kind: string, id: string): Reply {
  const spec = specs.find((s) => s.id === id);
  if (spec === undefined) throw notFound(kind, id);
  return reply(200, { items: [spec] });
}

function instanceRoutes(collection: InstanceCollection): Route[] {
  const routes: Route[] = [
    { method: "GET", path: `/${collection}`, handle: (ctx) => listInstances(ctx, collection) },
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

/** The 404 of an unknown Flow Service path. */
export function flowServiceNotFound(path: string): ApiError {
  return flowError(404, "1101-404", `No resource at ${path}`, NOT_FOUND_DETAILS);
}
