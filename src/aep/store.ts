/**
 * The ApplyStore port on the AEP client, one implementation per service for every kind on it
 * (each kind's driver says which service and collection). Creates pass a `settle` lookup so that
 * a create whose answer was lost is found again by its marker and never sent twice.
 */
import type { ApplyStore, CreatedObject } from "../apply/index.ts";
import { InternalError } from "../errors.ts";
import { driverOf } from "../kinds/index.ts";
import { MARKER_TAG } from "../model/marker.ts";
import type { LiveObject, ObjectKind } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import type { AepClient } from "./client.ts";

type Json = Record<string, unknown>;

function num(value: unknown): number {
  return typeof value === "number" ? value : Number(value ?? 0);
}

/** `property` values are comma-separated ORs: quote names that contain commas. */
function nameFilter(name: string): string {
  return /[,"]/.test(name) ? `name=="${name.replaceAll('"', '\\"')}"` : `name==${name}`;
}

const storeOf = (kind: ObjectKind) => driverOf(kind).store;

/** A create whose lost answer is settled by finding the object's marker (never sent twice). */
async function create(
  client: AepClient,
  kind: ObjectKind,
  body: Json,
  marker: string,
): Promise<CreatedObject> {
  const fs = client.flowService;
  const sr = client.schemaRegistry;
  const store = storeOf(kind);
  switch (store.service) {
    case "flowService": {
      const collection = fs[store.collection];
      const name = String(body.name);
      const created = await collection.create(body, async () => {
        for await (const item of collection.list({ property: [nameFilter(name)] }))
          if ((item.description ?? "").endsWith(marker)) return { id: item.id, etag: item.etag };
        return undefined;
      });
      return { id: created.id, etag: created.etag };
    }
    case "schemaRegistry": {
      const title = String(body.title);
      const created = await sr.create(store.resource, body, async () => {
        const options = { property: [`title==${title}`], full: true };
        const found =
          store.resource === "schemas"
            ? sr.listSchemas("tenant", options)
            : sr.listClasses("tenant", options);
        for await (const r of found) if ((r.description ?? "").endsWith(marker)) return r;
        return undefined;
      });
      return { id: String(created["meta:altId"] ?? created.$id), schemaId: created.$id };
    }
    case "descriptors": {
      // No marker on a descriptor: a lost answer is settled by the same identity of the same schema.
      const schema = String(body["xdm:sourceSchema"]);
      const created = await sr.descriptors.create(body, async () => {
        for await (const d of sr.descriptors.list({ property: [`xdm:sourceSchema==${schema}`] }))
          if (d["@type"] === body["@type"] && d["xdm:sourceProperty"] === body["xdm:sourceProperty"])
            return d;
        return undefined;
      });
      return { id: created["@id"] };
    }
    case "catalog": {
      const name = String(body.name);
      const id = await client.catalog.createDataSet(body, async () => {
        for await (const d of client.catalog.listDataSets({ name, properties: ["name", "tags"] }))
          if ((d.tags?.[MARKER_TAG] ?? []).includes(marker)) return d.id;
        return undefined;
      });
      return { id };
    }
    case "dataPrep": {
      const name = String(body.name);
      const created = await client.dataPrep.createMappingSet(body, async () => {
        for await (const m of client.dataPrep.listMappingSets({ name }))
          if (m.name === name) return { id: m.id, version: m.version };
        return undefined;
      });
      return { id: created.id, version: num(created.version) };
    }
  }
}

async function patch(
  client: AepClient,
  kind: ObjectKind,
  id: string,
  ops: readonly PatchOp[],
  etag: string | undefined,
): Promise<{ etag?: string }> {
  const store = storeOf(kind);
  switch (store.service) {
    case "flowService": {
      if (etag === undefined) throw new InternalError(`PATCH of a ${kind} needs an etag`);
      const result = await client.flowService[store.collection].patch(id, ops, etag);
      return { etag: result.etag };
    }
    case "schemaRegistry":
      await client.schemaRegistry.patch(store.resource, id, ops);
      return {};
    case "catalog":
      // JSON Patch, key by key (help/catalog/api/update-object.md): what aepsync does not own stays.
      await client.catalog.patchDataSet(id, ops);
      return {};
    case "dataPrep":
    case "descriptors":
      throw new InternalError(`a ${kind} changes by PUT, not PATCH`);
  }
}

async function read(client: AepClient, kind: ObjectKind, id: string): Promise<LiveObject | undefined> {
  const driver = driverOf(kind);
  const store = driver.store;
  let raw: Json | undefined;
  switch (store.service) {
    case "flowService":
      raw = await client.flowService[store.collection].get(id);
      break;
    case "schemaRegistry":
      raw = await client.schemaRegistry.get(store.resource, id, { container: "tenant" });
      break;
    case "catalog":
      raw = await client.catalog.getDataSet(id);
      break;
    case "dataPrep":
      raw = await client.dataPrep.getMappingSet(id);
      break;
    case "descriptors":
      raw = await client.schemaRegistry.descriptors.get(id);
      break;
  }
  return raw === undefined ? undefined : driver.fromRaw(raw);
}

export interface AepStoreOptions {
  /** How long one object is waited for to settle (default 120 s). */
  settleTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Polls one object until AEP has settled it: its asynchronous operation completed, a new base
 * connection left `initializing`, a deleted flow is gone (help/sources/tutorials/api/update-dataflows.md,
 * help/sources/tutorials/api/create/crm/salesforce.md). Gives up quietly when the time runs out:
 * the write that follows then reports what AEP says.
 */
async function settle(
  client: AepClient,
  kind: ObjectKind,
  id: string,
  options: AepStoreOptions,
): Promise<LiveObject | undefined> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = options.settleTimeoutMs ?? 120_000;
  let waited = 0;
  let delay = 200;
  for (;;) {
    const object = await read(client, kind, id);
    if (object === undefined || (object.settling === undefined && object.deleting !== true)) return object;
    if (waited >= timeoutMs) return object;
    await sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, 2_000);
  }
}

export function createAepStore(client: AepClient, options: AepStoreOptions = {}): ApplyStore {
  const fs = client.flowService;
  const sr = client.schemaRegistry;
  return {
    create: (kind, body, marker) => create(client, kind, body, marker),
    patch: (kind, id, ops, etag) => patch(client, kind, id, ops, etag),
    read: (kind, id) => read(client, kind, id),
    async put(kind, id, body) {
      const service = storeOf(kind).service;
      if (service === "descriptors") {
        await sr.descriptors.put(id, body);
        return {};
      }
      if (service !== "dataPrep") throw new InternalError(`a ${kind} is not written by PUT`);
      const result = await client.dataPrep.putMappingSet(id, body);
      return { version: num(result.version) };
    },
    async remove(kind, id) {
      const store = storeOf(kind);
      switch (store.service) {
        case "flowService":
          return fs[store.collection].delete(id);
        case "schemaRegistry":
          return sr.delete(store.resource, id);
        case "catalog":
          return client.catalog.deleteDataSet(id);
        case "dataPrep":
          return client.dataPrep.deleteMappingSet(id);
        case "descriptors":
          return sr.descriptors.delete(id);
      }
    },
    async flowAction(id, op) {
      await fs.flows.action(id, op);
    },
    async readMany(kind, ids) {
      const driver = driverOf(kind);
      const items = await fs[kind === "connection" ? "connections" : "flows"].getMany(ids);
      return new Map(items.map((i) => [i.id, driver.fromRaw(i)]));
    },
    settle: (kind, id) => settle(client, kind, id, options),
  };
}
