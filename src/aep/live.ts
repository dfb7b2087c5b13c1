/**
 * The paged live reader: every kind listed once per run, kinds in parallel, no GET per object
 * (docs/architecture.md, "Reading live state"). Markers are parsed client-side because Flow
 * Service has no substring filter. What each kind's listing is, the kind's driver describes.
 */
import { driverOf } from "../kinds/index.ts";
import type { KindDriver, ListScope } from "../kinds/index.ts";
import { ObjectKinds } from "../model/objects.ts";
import type { LiveObject, LiveState } from "../model/objects.ts";
import type { AepClient } from "./client.ts";
import { isLockObject } from "./lock.ts";

type Json = Record<string, unknown>;

/** The items of a listing; once `signal` is aborted no further page is requested (the one in flight settles). */
async function collect<T>(items: AsyncIterable<T>, signal: AbortSignal | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    if (signal?.aborted === true) break;
    out.push(item);
  }
  return out;
}

export interface LiveReadOptions {
  /**
   * Flow specs whose flows can be aepsync's (the filter that narrows the flow listing). A promise
   * lets the other kinds be listed while the flow specs are still being looked up.
   */
  flowSpecIds: readonly string[] | Promise<readonly string[]>;
  /** Stops the reads early (their results are not wanted): no new page is requested once aborted. */
  signal?: AbortSignal;
}

/** Every raw object of one kind, as its driver's store spec says to list it. */
export async function listRaw(
  client: AepClient,
  driver: KindDriver,
  scope: () => Promise<ListScope>,
  signal?: AbortSignal,
): Promise<Json[]> {
  const store = driver.store;
  switch (store.service) {
    case "flowService": {
      const property = store.listFilter?.(store.scoped === true ? await scope() : { flowSpecIds: [] }) ?? [];
      const collection = client.flowService[store.collection];
      // The lists that grow with the pipelines are read from both ends: half the round trips.
      if (store.collection !== "connections")
        return collection.listAll({ property, ...(signal === undefined ? {} : { signal }) });
      return collect(collection.list({ property }) as AsyncIterable<Json>, signal);
    }
    case "schemaRegistry": {
      const sr = client.schemaRegistry;
      const list =
        store.resource === "schemas"
          ? sr.listSchemas("tenant", { full: true })
          : sr.listClasses("tenant", { full: true });
      const all = await collect(list, signal);
      return store.keep === undefined ? all : all.filter(store.keep);
    }
    case "descriptors":
      return collect(client.schemaRegistry.descriptors.list(), signal);
    case "catalog":
      return collect(client.catalog.listDataSets({ properties: store.properties }), signal);
    case "dataPrep":
      return collect(client.dataPrep.listMappingSets(), signal);
  }
}

/** One kind's live objects (the apply lock, held in the sandbox as a connection, is never one). */
async function readKind(
  client: AepClient,
  kind: LiveObject["kind"],
  scope: () => Promise<ListScope>,
  signal: AbortSignal | undefined,
): Promise<LiveObject[]> {
  const driver = driverOf(kind);
  const raws = await listRaw(client, driver, scope, signal);
  const objects: LiveObject[] = [];
  for (const raw of raws) if (!isLockObject(raw)) objects.push(driver.fromRaw(raw));
  return objects;
}

/**
 * The flows of more flow specs, for a live state read before they were known (the flow spec of
 * a raw connection spec, looked up once the manifests are loaded).
 */
export function readFlows(client: AepClient, flowSpecIds: readonly string[]): Promise<LiveObject[]> {
  return readKind(client, "flow", () => Promise.resolve({ flowSpecIds }), undefined);
}

export async function readLiveState(client: AepClient, options: LiveReadOptions): Promise<LiveState> {
  const scope = async (): Promise<ListScope> => ({ flowSpecIds: await options.flowSpecIds });
  // Settled together, so that no request is left unobserved when one kind fails.
  const settled = await Promise.allSettled(
    ObjectKinds.map((kind) => readKind(client, kind, scope, options.signal)),
  );
  const lists: LiveObject[][] = [];
  for (const result of settled) {
    if (result.status === "rejected") throw result.reason;
    lists.push(result.value);
  }
  const objects: LiveObject[] = lists.flat();
  // AEP allows only additive changes to a schema that a dataset uses (help/xdm/api/getting-started.md).
  const usedSchemas = new Set(
    objects.filter((o) => o.kind === "dataset").map((d) => (d.raw.schemaRef as Json | undefined)?.id),
  );
  for (const object of objects)
    if (object.kind === "schema" && usedSchemas.has(object.schemaId)) object.inUse = true;
  return { sandbox: client.sandbox, objects };
}
