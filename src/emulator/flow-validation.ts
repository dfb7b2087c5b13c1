/**
 * Flow Service request validation: bodies on create (vendor/openapi/flow-service.yaml request
 * bodies), whole objects after a PATCH (help/sources/tutorials/api/update-dataflows.md).
 */
import { scheduleProblems, type FlowSpecInfo } from "../data/connectors.ts";
import type { RequestContext } from "./context.ts";
import { type ApiError, flowError } from "./http.ts";
import { asArray, asObj, asString, clone, isObj, type Obj, type PatchOperation } from "./json.ts";
import { textFieldProblem } from "./limits.ts";
import { canonicalSchemaId } from "./schema-registry.ts";
import { connectionSpecItems, findConnectionSpec, findFlowSpecInfo, sourceParamsProblem } from "./specs.ts";
import type { SandboxState } from "./store.ts";

export type InstanceCollection = "connections" | "sourceConnections" | "targetConnections" | "flows" | "runs";

/** Fields AEP sets: never taken from a body. */
export const SERVER_FIELDS = [
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

export function notFound(collection: string, id: string): ApiError {
  return flowError(404, "1101-404", `${collection} not found with id = [${id}]`, NOT_FOUND_DETAILS);
}

/** The 404 of an unknown Flow Service path. */
export function flowServiceNotFound(path: string): ApiError {
  return flowError(404, "1101-404", `No resource at ${path}`, NOT_FOUND_DETAILS);
}

export function invalidRequest(message: string): ApiError {
  return flowError(400, "1100-400", `Invalid request: ${message}`);
}

/** A PATCH whose result AEP would not store: its validation error (1455-400, help/sources/errors/flow-service-errors.md). */
export function invalidPatch(message: string): ApiError {
  return flowError(400, "1455-400", `An error has occurred while validating patch instructions: ${message}`);
}

/**
 * A referenced object is missing: AEP reports some not-found cases as 400 (1439-400,
 * help/sources/errors/flow-service-errors.md).
 */
export function missingReference(collection: string, id: string): ApiError {
  return flowError(400, "1439-400", `The requested ${collection} resource ${id} is not found`);
}

export function withoutServerFields(body: Obj): Obj {
  const out = clone(body);
  for (const field of SERVER_FIELDS) delete out[field];
  return out;
}

export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

export function requireBody(ctx: RequestContext): Obj {
  if (ctx.body === undefined || (isObj(ctx.body) && Object.keys(ctx.body).length === 0)) {
    throw flowError(400, "1405-400", "Invalid request: the request body is empty");
  }
  if (!isObj(ctx.body)) throw invalidRequest("the request body must be a JSON object");
  if ("state" in ctx.body) {
    throw flowError(400, "1410-400", "State is not allowed in the create flow request");
  }
  return ctx.body;
}

/**
 * `name` a non-empty string, `description` a string, both bounded. vendor/openapi/flow-service.yaml
 * types both as strings and requires `name` on every create; AEP's answer to a wrong type is not
 * documented, so the emulator refuses it with the service's 400 (as Catalog and Schema Registry do).
 */
function requireTextFields(item: Obj, fail: (message: string) => ApiError): void {
  const problem = textFieldProblem(item, "name", true);
  if (problem !== undefined) throw fail(problem);
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

export function validateConnection(body: Obj, fail: (message: string) => ApiError = invalidRequest): Obj {
  requireTextFields(body, fail);
  const spec = requireSpec(body);
  const authSpecs = (asArray(spec.authSpec) ?? []).filter(isObj);
  if (authSpecs.length === 0) return withSpecVersion(body, spec);
  const auth = asObj(body.auth);
  const specName = asString(auth?.specName);
  if (auth === undefined || specName === undefined) throw fail("'auth.specName' is required");
  const authSpec = authSpecs.find((a) => a.name === specName);
  if (authSpec === undefined) {
    throw flowError(400, "1415-400", `The auth spec ${specName} could not be found for the connection spec`);
  }
  const params = asObj(auth.params);
  if (params === undefined) throw fail("'auth.params' is required");
  const required = (asArray(asObj(authSpec.spec)?.required) ?? []).filter((r) => typeof r === "string");
  const missing = required.filter((r) => params[r] === undefined || params[r] === "");
  if (missing.length > 0) throw fail(`auth params missing: ${missing.join(", ")}`);
  return withSpecVersion(body, spec);
}

export function validateSourceConnection(ctx: RequestContext, body: Obj): Obj {
  requireTextFields(body, invalidRequest);
  const spec = requireSpec(body);
  // The params must be one of the forms the connection spec's sourceSpec documents.
  const problem = sourceParamsProblem(spec, asObj(body.params));
  if (problem !== undefined) throw invalidRequest(problem);
  checkBaseConnection(ctx, body, spec);
  return withSpecVersion(body, spec);
}

function checkBaseConnection(ctx: RequestContext, body: Obj, spec: Obj): void {
  if (body.baseConnectionId === undefined) return;
  const baseId = asString(body.baseConnectionId) ?? "";
  const base = ctx.sandbox.collections.connections.items.get(baseId);
  if (base === undefined) throw missingReference("connections", baseId);
  // Adobe's Salesforce guide has the client check that a new base connection left `initializing`
  // before going on (help/sources/tutorials/api/create/crm/salesforce.md, "Verify your connection
  // status"); what AEP answers a connection built on one still initializing is not documented:
  // the emulator refuses it.
  if (ctx.env.realism && base.state === "initializing") {
    throw invalidRequest(`the base connection ${baseId} is still initializing; retry once it is enabled`);
  }
  const baseSpecId = asString(asObj(base.connectionSpec)?.id);
  // A target connection may sit on the legacy Data Lake base connection
  // (help/sources/tutorials/api/create-dataset-base-connection.md; current tutorials leave it out).
  if (baseSpecId !== spec.id && baseSpecId !== findConnectionSpecByName("datalake")) {
    throw invalidRequest(
      `base connection ${baseId} has connection spec ${baseSpecId}, not ${String(spec.id)}`,
    );
  }
}

function findConnectionSpecByName(name: string): string | undefined {
  return asString(connectionSpecItems.find((s) => s.name === name)?.id);
}

export function validateTargetConnection(ctx: RequestContext, body: Obj): Obj {
  requireTextFields(body, invalidRequest);
  const spec = requireSpec(body);
  checkBaseConnection(ctx, body, spec);
  checkTargetParams(ctx.sandbox, body, spec, invalidRequest);
  return withSpecVersion(body, spec);
}

/** The target spec's required params (the Data Lake's `dataSetId`) and an existing dataset. */
function checkTargetParams(
  sandbox: SandboxState,
  body: Obj,
  spec: Obj,
  fail: (message: string) => ApiError,
): void {
  const required = asArray(asObj(asObj(spec.targetSpec)?.spec)?.required) ?? [];
  const params = asObj(body.params) ?? {};
  for (const name of required) {
    if (typeof name === "string" && params[name] === undefined) throw fail(`'params.${name}' is required`);
  }
  const dataSetId = asString(params.dataSetId);
  if (dataSetId !== undefined && !sandbox.collections.dataSets.items.has(dataSetId)) {
    throw fail(`dataset ${dataSetId} not found`);
  }
}

/** What a flow check covers: everything on create, the parts a PATCH touches otherwise. */
export interface FlowChecks {
  connections: boolean;
  transformations: boolean;
  schedule: boolean;
}

export const ALL_CHECKS: FlowChecks = { connections: true, transformations: true, schedule: true };

export function checksFor(ops: readonly PatchOperation[]): FlowChecks {
  const touched = (prefix: string): boolean => ops.some((op) => isUnder(op.path, prefix));
  return {
    connections: touched("/sourceConnectionIds") || touched("/targetConnectionIds"),
    transformations: touched("/transformations") || touched("/targetConnectionIds"),
    schedule: touched("/scheduleParams"),
  };
}

/** Validates a flow (create or patched) and normalizes the numbers AEP echoes as strings. */
export function validateFlow(
  ctx: RequestContext,
  flow: Obj,
  previous: Obj | undefined,
  checks: FlowChecks,
  fail: (message: string) => ApiError = invalidRequest,
): Obj {
  const sandbox = ctx.sandbox;
  requireTextFields(flow, fail);
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
  // CRM and database sources need the Copy transformation's deltaColumn (vendor/openapi/flow-service.yaml,
  // help/sources/tutorials/api/collect/marketing-automation.md).
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

export function integerText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return value.trim();
  return undefined;
}

/**
 * The flow spec's PeriodicSchedule rules (src/data/connectors.ts); AEP echoes numbers as strings
 * (help/sources/tutorials/api/update.md).
 */
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
  const backfill = readBackfill(schedule.backfill);
  const problems = scheduleProblems({ frequency, interval, backfill });
  if (problems.length > 0) throw invalidRequest(`scheduleParams: ${problems.join("; ")}`);
  if (ctx.env.realism && frequency !== "once") {
    // Read back as a string, and "true" when nobody sent it: help/sources/tutorials/api/update-dataflows.md
    // shows `"backfill": "true"` among the other numbers read back as strings; the flow specs'
    // scheduleSpec gives `backfill` the default true (vendor/openapi/flow-service.yaml).
    schedule.backfill = String(backfill ?? true);
  }
  const before = asObj(previous?.scheduleParams);
  const previousStart = integerText(before?.startTime);
  // A start time that has passed cannot be changed (help/sources/tutorials/api/update-dataflows.md).
  if (previousStart !== undefined && previousStart !== startTime && Number(previousStart) * 1000 < ctx.now) {
    throw invalidRequest(
      "scheduleParams.startTime cannot be changed once the original start time has passed",
    );
  }
}

/** `backfill` as sent: a boolean, or its string form as AEP reads it back. */
function readBackfill(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return !(value === false || value === "false");
}

/**
 * The whole object a PATCH leaves, checked as a create body is: a PATCH cannot store what a create
 * refuses (a `name` that is not a string, a required auth param or `dataSetId` removed).
 */
export function validatePatched(
  ctx: RequestContext,
  collection: InstanceCollection,
  patched: Obj,
  current: Obj,
  ops: readonly PatchOperation[],
): void {
  switch (collection) {
    case "connections":
      validateConnection(patched, invalidPatch);
      return;
    case "sourceConnections":
      requireTextFields(patched, invalidPatch);
      if (patched.params !== undefined && !isObj(patched.params))
        throw invalidPatch("'params' must be an object");
      return;
    case "targetConnections": {
      requireTextFields(patched, invalidPatch);
      const spec = findConnectionSpec(asString(asObj(patched.connectionSpec)?.id) ?? "");
      if (spec !== undefined) checkTargetParams(ctx.sandbox, patched, spec, invalidPatch);
      return;
    }
    case "flows":
      validateFlow(ctx, patched, current, checksFor(ops), invalidPatch);
      return;
    case "runs":
      return;
  }
}
