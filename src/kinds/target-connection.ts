/**
 * Target connections (Flow Service `/targetConnections`) to the Data Lake connection spec: which
 * dataset, on which schema. Like source connections, they are replaced with their flow rather
 * than patched (`help/sources/tutorials/api/update-dataflows.md`).
 */
import { DATA_LAKE_CONNECTION_SPEC } from "../data/connectors.ts";
import { stripMarker, withMarker } from "../model/marker.ts";
import type { DesiredObject } from "../model/objects.ts";
import { ref } from "../model/ref.ts";
import type { Ref } from "../model/ref.ts";
import { flowServiceObject } from "./connection.ts";
import type { PipelineContext } from "./context.ts";
import { defineDriver, obj, str, schemaIdOf } from "./driver.ts";
import { connectionNameOps } from "./source-connection.ts";

export type TargetConnectionSpec = {
  name: string;
  description: string;
  connectionSpec: { id: string | undefined };
  format: string | undefined;
  schema: string | Ref | undefined;
  dataset: string | Ref | undefined;
};

const XED_FULL = "application/vnd.adobe.xed-full+json;version=1";

export function targetConnectionDesired(p: PipelineContext): DesiredObject<TargetConnectionSpec> {
  const spec = p.view.manifest.spec;
  const dataset = `Dataset/${spec.target.dataset}`;
  const schemaDeps = typeof p.outputSchema === "string" ? [] : [p.outputSchema.$ref];
  const name = spec.target.name ?? `${p.view.name}-target`;
  return {
    address: p.addresses.target,
    kind: "targetConnection",
    owner: p.view.owner,
    name,
    spec: {
      name,
      description: spec.description ?? "",
      connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC.id },
      format: p.connector?.targetFormat ?? "parquet_xdm",
      schema: p.outputSchema,
      dataset: ref(dataset),
    },
    dependsOn: [dataset, ...schemaDeps],
    declaredAt: p.view.at("/spec/target"),
  };
}

export const targetConnectionDriver = defineDriver<TargetConnectionSpec>({
  kind: "targetConnection",
  rules: {
    patchable: new Set(["name", "description"]),
    replace: new Set(["connectionSpec", "format", "schema", "dataset"]),
    forbidden: new Map(),
  },
  precondition: "etag",
  update: "patch",
  store: {
    service: "flowService",
    collection: "targetConnections",
    listFilter: () => [`connectionSpec.id==${DATA_LAKE_CONNECTION_SPEC.id}`],
  },
  fromRaw: (raw) => flowServiceObject("targetConnection", raw),
  references(raw) {
    const id = obj(raw.params).dataSetId;
    return typeof id === "string" ? [`dataset:${id}`] : [];
  },
  comparable(live, refs) {
    const data = obj(live.raw.data);
    return {
      name: live.name,
      description: stripMarker(str(live.raw.description)),
      connectionSpec: { id: str(obj(live.raw.connectionSpec).id) },
      format: str(data.format),
      schema: refs.bySchemaId(str(obj(data.schema).id)),
      dataset: refs.byId("dataset", str(obj(live.raw.params).dataSetId)),
    };
  },
  patchOps: ({ spec, changed, marker, live }) => connectionNameOps(spec, changed, marker, live.raw),
  body: ({ spec, marker, ids }) => ({
    name: spec.name,
    description: withMarker(spec.description, marker),
    connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC.id, version: DATA_LAKE_CONNECTION_SPEC.version },
    data: { format: spec.format, schema: { id: schemaIdOf(spec.schema, ids), version: XED_FULL } },
    params: { dataSetId: typeof spec.dataset === "object" ? ids.resolve(spec.dataset) : spec.dataset },
  }),
});
