/**
 * ApplyStore on the AEP client. Creates pass a `settle` lookup so that a create whose answer was
 * lost is found again by its marker and never sent twice (DESIGN.md §5).
 */
import type { AepClient } from "../aep/index.ts";
import type { CreatedObject, ApplyStore } from "../apply/store.ts";
import type { LiveObject } from "../planner/desired-model.ts";
import { MARKER_TAG } from "../planner/marker.ts";
import type { ObjectKind, PatchOp } from "../planner/model.ts";
import { SyncError } from "../errors.ts";
import { datasetObject, flowServiceObject, mappingSetObject, schemaObject } from "./live.ts";

type Json = Record<string, unknown>;
type FlowKind = "connection" | "sourceConnection" | "targetConnection" | "flow";

function num(value: unknown): number {
  return typeof value === "number" ? value : Number(value ?? 0);
}

/** `property` values are comma-separated ORs (aep-api.md §2.3): quote names that contain commas. */
function nameFilter(name: string): string {
  return /[,"]/.test(name) ? `name=="${name.replaceAll('"', '\\"')}"` : `name==${name}`;
}

export function createAepStore(client: AepClient): ApplyStore {
  const fs = client.flowService;
  const collection = (kind: FlowKind) =>
    kind === "connection"
      ? fs.connections
      : kind === "sourceConnection"
        ? fs.sourceConnections
        : kind === "targetConnection"
          ? fs.targetConnections
          : fs.flows;

  const findFlowServiceByMarker = async (kind: FlowKind, name: string, marker: string) => {
    for await (const item of collection(kind).list({ property: [nameFilter(name)] })) {
      const description = (item as { description?: string }).description ?? "";
      if (description.endsWith(marker)) return { id: item.id, etag: item.etag };
    }
    return undefined;
  };

  return {
    async create(kind, body, marker): Promise<CreatedObject> {
      switch (kind) {
        case "connection":
        case "sourceConnection":
        case "targetConnection":
        case "flow": {
          const name = String(body.name);
          const created = await collection(kind).create(body, () =>
            findFlowServiceByMarker(kind, name, marker),
          );
          return { id: created.id, etag: created.etag };
        }
        case "schema":
        case "class": {
          const api = kind === "schema" ? "schemas" : "classes";
          const title = String(body.title);
          const created = await client.schemaRegistry.create(api, body, async () => {
            const options = { property: [`title==${title}`], full: true };
            const found =
              kind === "schema"
                ? client.schemaRegistry.listSchemas("tenant", options)
                : client.schemaRegistry.listClasses("tenant", options);
            for await (const r of found) if ((r.description ?? "").endsWith(marker)) return r;
            return undefined;
          });
          return { id: String(created["meta:altId"] ?? created.$id), schemaId: created.$id, raw: created };
        }
        case "dataset": {
          const name = String(body.name);
          const id = await client.catalog.createDataSet(body, async () => {
            for await (const d of client.catalog.listDataSets({ name, properties: ["name", "tags"] }))
              if ((d.tags?.[MARKER_TAG] ?? []).includes(marker)) return d.id;
            return undefined;
          });
          return { id };
        }
        case "mappingSet": {
          const name = String(body.name);
          const created = await client.dataPrep.createMappingSet(body, async () => {
            for await (const m of client.dataPrep.listMappingSets({ name }))
              if (m.name === name) return { id: m.id, version: m.version };
            return undefined;
          });
          return { id: created.id, version: num(created.version) };
        }
      }
    },

    async patch(kind: ObjectKind, id: string, ops: readonly PatchOp[], etag: string | undefined) {
      switch (kind) {
        case "connection":
        case "sourceConnection":
        case "targetConnection":
        case "flow": {
          if (etag === undefined) throw new SyncError("E_INTERNAL", `PATCH of a ${kind} needs an etag`);
          const result = await collection(kind).patch(id, ops, etag);
          return { etag: result.etag };
        }
        case "schema":
          await client.schemaRegistry.patch("schemas", id, ops);
          return {};
        case "class":
          await client.schemaRegistry.patch("classes", id, ops);
          return {};
        case "dataset": {
          // Catalog takes a partial object: the planner only replaces top-level fields.
          const partial: Json = {};
          for (const op of ops) partial[op.path.slice(1)] = op.value;
          await client.catalog.patchDataSet(id, partial);
          return {};
        }
        case "mappingSet":
          throw new SyncError("E_INTERNAL", "mapping sets change by PUT, not PATCH");
      }
    },

    async putMappingSet(id, body) {
      const result = await client.dataPrep.putMappingSet(id, body);
      return { version: num(result.version) };
    },

    async remove(kind, id) {
      switch (kind) {
        case "connection":
        case "sourceConnection":
        case "targetConnection":
        case "flow":
          return collection(kind).delete(id);
        case "schema":
          return client.schemaRegistry.delete("schemas", id);
        case "class":
          return client.schemaRegistry.delete("classes", id);
        case "dataset":
          return client.catalog.deleteDataSet(id);
        case "mappingSet":
          return client.dataPrep.deleteMappingSet(id);
      }
    },

    async flowAction(id, op) {
      await fs.flows.action(id, op);
    },

    async read(kind, id): Promise<LiveObject | undefined> {
      switch (kind) {
        case "connection":
        case "sourceConnection":
        case "targetConnection":
        case "flow": {
          const raw = await collection(kind).get(id);
          return raw === undefined ? undefined : flowServiceObject(kind, raw);
        }
        case "schema":
        case "class": {
          const raw = await client.schemaRegistry.get(kind === "schema" ? "schemas" : "classes", id, {
            container: "tenant",
          });
          return raw === undefined ? undefined : schemaObject(kind, raw);
        }
        case "dataset": {
          const raw = await client.catalog.getDataSet(id);
          return raw === undefined ? undefined : datasetObject(raw);
        }
        case "mappingSet": {
          const raw = await client.dataPrep.getMappingSet(id);
          return raw === undefined ? undefined : mappingSetObject(raw);
        }
      }
    },

    async states(kind, ids) {
      const items = await collection(kind).getMany(ids);
      return new Map(items.map((i) => [i.id, i.state ?? ""]));
    },
  };
}
