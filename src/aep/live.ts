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

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export interface LiveReadOptions {
  /**
   * Flow specs whose flows can be aepsync's (the filter that narrows the flow listing). A promise
   * lets the other kinds be listed while the flow specs are still being looked up.
   */
  flowSpecIds: readonly string[] | Promise<readonly string[]>;
}

/** Every raw object of one kind, as its driver's store spec says to list it. */
export async function listRaw(
  client: AepClient,
  driver: KindDriver,
  scope: () => Promise<ListScope>,
): Promise<Json[]> {
  const store = driver.store;
  switch (store.service) {
    case "flowService": {
      const property = store.listFilter?.(store.scoped === true ? await scope() : { flowSpecIds: [] }) ?? [];
      const items: AsyncIterable<Json> = client.flowService[store.collection].list({ property });
      return collect(items);
    }
    case "schemaRegistry": {
      const sr = client.schemaRegistry;
      const list =
        store.resource === "schemas"
          ? sr.listSchemas("tenant", { full: true })
          : sr.listClasses("tenant", { full: true });
      const all = await collect(list);
      return store.keep === undefined ? all : all.filter(store.keep);
    }
    case "descriptors":
      return collect(client.schemaRegistry.descriptors.list());
    case "catalog":
      return collect(client.catalog.listDataSets({ properties: store.properties }));
    case "dataPrep":
      return collect(client.dataPrep.listMappingSets());
  }
}

export async function readLiveState(client: AepClient, options: LiveReadOptions): Promise<LiveState> {
  const scope = async (): Promise<ListScope> => ({ flowSpecIds: await options.flowSpecIds });
  const lists = await Promise.all(
    ObjectKinds.map(async (kind) => {
      const driver = driverOf(kind);
      const raws = await listRaw(client, driver, scope);
      // The apply lock is held in the sandbox as a connection; it is never a planned object.
      return raws.filter((raw) => !isLockObject(raw)).map((raw) => driver.fromRaw(raw));
    }),
  );
  const objects: LiveObject[] = lists.flat();
  // AEP allows only additive changes to a schema that a dataset uses (help/xdm/api/getting-started.md).
  const usedSchemas = new Set(
    objects.filter((o) => o.kind === "dataset").map((d) => (d.raw.schemaRef as Json | undefined)?.id),
  );
  for (const object of objects)
    if (object.kind === "schema" && usedSchemas.has(object.schemaId)) object.inUse = true;
  return { sandbox: client.sandbox, objects };
}
