/**
 * Admin API under `/__emulator/` (never faulted, no latency; loopback only, and a token when one is
 * set, see handler.ts): the request log, reset, a state snapshot, fault knobs, and out-of-band
 * edits that act like a change made in the AEP UI.
 */
import { materializeDataSet, touchDataSet } from "./catalog.ts";
import type { EmulatorEnv } from "./context.ts";
import { mappingInputFrom, materializeMappingSet, storeMappingVersion } from "./data-prep.ts";
import { validateFaults } from "./faults.ts";
import { settleDue } from "./flow-operations.ts";
import {
  instanceCollections,
  materializeInstance,
  presentInstance,
  touchInstance,
  type InstanceCollection,
} from "./flow-service.ts";
import { ApiError, reply, type Reply } from "./http.ts";
import { isObj, mergePatch, type Obj } from "./json.ts";
import type { FaultConfig } from "./options.ts";
import type { RequestLogEntry } from "./request-log.ts";
import {
  canonicalSchemaId,
  materializeRegistryResource,
  touchRegistryResource,
  type RegistryCollection,
} from "./schema-registry.ts";
import {
  collectionNames,
  isCollectionName,
  isRegistryCollection,
  type CollectionName,
  type SandboxState,
} from "./store.ts";

export const ADMIN_PREFIX = "/__emulator";

export interface AdminHost {
  readonly env: EmulatorEnv;
  requestLog(): {
    total: number;
    counts: Record<string, number>;
    peakInFlight: number;
    log: RequestLogEntry[];
  };
  resetRequestLog(): void;
  setFaults(faults: FaultConfig | undefined): void;
  setLatency(ms: number): void;
  revokeTokens(): void;
}

function adminError(status: number, message: string): ApiError {
  return new ApiError(status, { error: message });
}

export function handleAdmin(
  host: AdminHost,
  method: string,
  segments: readonly string[],
  body: unknown,
  now: number,
): Reply {
  const [first, second, third, fourth] = segments;
  const route = `${method} /${segments.slice(0, 2).join("/")}`;
  switch (route) {
    case "GET /requests":
      return reply(200, host.requestLog());
    case "DELETE /requests":
      host.resetRequestLog();
      return reply(204);
    case "POST /reset":
      host.env.store.reset();
      host.env.views.clear();
      return reply(204);
    case "GET /state":
      for (const sandbox of host.env.store.sandboxes.values()) settleDue(host.env, sandbox, now);
      return reply(200, snapshot(host.env));
    case "PUT /faults":
      return putFaults(host, body);
    case "POST /tokens/revoke":
      host.revokeTokens();
      return reply(204);
    default:
      break;
  }
  if (first !== "sandboxes" || second === undefined || third === undefined)
    throw adminError(404, `no admin route ${method} /${segments.join("/")}`);
  const sandbox = host.env.store.sandbox(second);
  if (sandbox === undefined) throw adminError(404, `no sandbox '${second}'`);
  settleDue(host.env, sandbox, now);
  if (!isCollectionName(third) || third === "runs") throw adminError(404, `no collection '${third}'`);
  if (fourth === undefined && method === "POST") return plant(host.env, sandbox, third, body, now);
  if (fourth !== undefined && segments.length === 4 && method === "PATCH")
    return edit(host.env, sandbox, third, fourth, body, now);
  if (fourth !== undefined && segments.length === 4 && method === "DELETE") {
    const key = isRegistryCollection(third) ? (canonicalSchemaId(host.env, fourth) ?? fourth) : fourth;
    if (!host.env.store.remove(sandbox, third, key)) throw adminError(404, `no ${third} '${fourth}'`);
    return reply(204);
  }
  throw adminError(405, `${method} is not supported on /${segments.join("/")}`);
}

function putFaults(host: AdminHost, body: unknown): Reply {
  if (!isObj(body)) throw adminError(400, "the body must be a FaultConfig object");
  const { latencyMs, ...faults } = body;
  if (latencyMs !== undefined) {
    if (typeof latencyMs !== "number" || latencyMs < 0)
      throw adminError(400, "latencyMs must be a number, 0 or more");
    host.setLatency(latencyMs);
  }
  const problem = validateFaults(faults);
  if (problem !== undefined) throw adminError(400, problem);
  host.setFaults(faults);
  return reply(204);
}

function snapshot(env: EmulatorEnv): Obj {
  const sandboxes: Obj = {};
  for (const sandbox of env.store.sandboxes.values()) {
    const collections: Obj = {};
    for (const name of collectionNames) {
      collections[name] = [...sandbox.collections[name].items.values()].map((item) =>
        presentInstance(name, item),
      );
    }
    sandboxes[sandbox.name] = { sandboxId: sandbox.id, ...collections };
  }
  return { sandboxes };
}

function isInstance(collection: CollectionName): collection is InstanceCollection {
  return (instanceCollections as readonly string[]).includes(collection);
}

/** Creates objects as they are (an unmanaged look-alike, a bulk seed): server fields filled, no validation. */
function plant(
  env: EmulatorEnv,
  sandbox: SandboxState,
  collection: CollectionName,
  body: unknown,
  now: number,
): Reply {
  const inputs = Array.isArray(body) ? body : [body];
  if (!inputs.every(isObj)) throw adminError(400, "the body must be an object or an array of objects");
  const created = inputs.map((input) => plantOne(env, sandbox, collection, input, now));
  return reply(201, Array.isArray(body) ? created : created[0]);
}

function plantOne(
  env: EmulatorEnv,
  sandbox: SandboxState,
  collection: CollectionName,
  input: Obj,
  now: number,
): Obj {
  if (isInstance(collection)) {
    const item = materializeInstance(env, sandbox, collection, input, now);
    env.store.put(sandbox, collection, item.id as string, item);
    return presentInstance(collection, item);
  }
  if (isRegistryCollection(collection)) {
    const item = materializeRegistryResource(
      env,
      sandbox,
      collection as RegistryCollection,
      input,
      now,
      undefined,
      false,
    );
    env.store.put(sandbox, collection, item.$id as string, item);
    return item;
  }
  if (collection === "dataSets") {
    const item = materializeDataSet(env, sandbox, input, now);
    env.store.put(sandbox, collection, item.id as string, item);
    return item;
  }
  if (collection === "descriptors") {
    const items = sandbox.collections.descriptors.items;
    const id = typeof input["@id"] === "string" ? input["@id"] : env.store.newHex(40, (h) => items.has(h));
    const item = { ...input, "meta:containerId": "tenant", "@id": id };
    env.store.put(sandbox, collection, id, item);
    return item;
  }
  const items = sandbox.collections.mappingSets.items;
  const id = typeof input.id === "string" ? input.id : env.store.newHex(32, (h) => items.has(h));
  const item = materializeMappingSet(env, id, 0, mappingInputFrom(input), now, undefined);
  storeMappingVersion(env, sandbox, item);
  return item;
}

/** A JSON merge patch applied as a UI change would be: etag/version and update time bumped. */
function edit(
  env: EmulatorEnv,
  sandbox: SandboxState,
  collection: CollectionName,
  id: string,
  body: unknown,
  now: number,
): Reply {
  if (!isObj(body)) throw adminError(400, "the body must be a JSON merge patch object");
  const key = isRegistryCollection(collection) ? (canonicalSchemaId(env, id) ?? id) : id;
  const current = sandbox.collections[collection].items.get(key);
  if (current === undefined) throw adminError(404, `no ${collection} '${id}'`);
  const merged = mergePatch(current, body) as Obj;
  if (isInstance(collection)) {
    const ops = Object.keys(body).map((k) => ({
      op: "replace",
      path: `/${k}`,
      value: k === "auth" ? "(changed)" : body[k],
    }));
    return reply(200, presentInstance(collection, touchInstance(env, sandbox, collection, merged, now, ops)));
  }
  if (isRegistryCollection(collection)) {
    return reply(
      200,
      touchRegistryResource(env, sandbox, collection as RegistryCollection, merged, current, now),
    );
  }
  if (collection === "dataSets") return reply(200, touchDataSet(env, sandbox, current, merged, now));
  if (collection === "descriptors") {
    const item = { ...merged, "@id": key, updated: now };
    env.store.put(sandbox, collection, key, item);
    return reply(200, item);
  }
  const next = { ...merged, id: key, version: Number(current.version) + 1, modifiedDate: now };
  storeMappingVersion(env, sandbox, next);
  return reply(200, next);
}
