/**
 * Source connections (Flow Service `/sourceConnections`): what to read from a base connection
 * (`params.path`, `params.tableName`, …) and in which format. Adobe advises against patching
 * them: a changed source creates a new pair of connections and a new flow
 * (`help/sources/tutorials/api/update-dataflows.md`), so only the name and description patch.
 */
import { stripMarker, withMarker } from "../model/marker.ts";
import type { DesiredObject } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import { ref } from "../model/ref.ts";
import type { Ref } from "../model/ref.ts";
import { flowServiceObject } from "./connection.ts";
import type { PipelineContext } from "./context.ts";
import { defineDriver, obj, setOp, str, schemaIdOf } from "./driver.ts";
import type { Json } from "./driver.ts";

export type SourceConnectionSpec = {
  name: string;
  description: string;
  baseConnection: string | Ref | undefined;
  connectionSpec: { id: string | undefined };
  format: string | undefined;
  params: Json;
  schema?: string | Ref | undefined;
};

const XED_FULL_NOTEXT = "application/vnd.adobe.xed-full-notext+json; version=1";

export function sourceConnectionDesired(p: PipelineContext): DesiredObject<SourceConnectionSpec> {
  const { source, description } = p.view.manifest.spec;
  const params: Json = { ...(source.params ?? {}) };
  if (source.path !== undefined) params.path = source.path;
  const connection = `Connection/${source.connection}`;
  const spec: SourceConnectionSpec = {
    name: source.name ?? `${p.view.name}-source`,
    description: description ?? "",
    baseConnection: ref(connection),
    connectionSpec: { id: p.connectionSpecId },
    format:
      source.format ??
      (source.schema !== undefined ? "parquet_xdm" : (p.connector?.sourceFormat ?? "tabular")),
    params,
  };
  const dependsOn = [connection];
  if (source.schema !== undefined) {
    spec.schema = ref(`Schema/${source.schema}`);
    dependsOn.push(`Schema/${source.schema}`);
  }
  return {
    address: p.addresses.source,
    kind: "sourceConnection",
    owner: p.view.owner,
    name: spec.name,
    spec,
    dependsOn,
    declaredAt: p.view.at("/spec/source"),
  };
}

/** Source and target connections patch only their name and description (with the marker). */
export function connectionNameOps(
  spec: { name: string; description: string },
  changed: ReadonlySet<string>,
  marker: Parameters<typeof withMarker>[1],
  raw: Json,
): PatchOp[] {
  const ops: PatchOp[] = [];
  if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
  ops.push({
    op: setOp(raw, "description"),
    path: "/description",
    value: withMarker(spec.description, marker),
  });
  return ops;
}

export const sourceConnectionDriver = defineDriver<SourceConnectionSpec>({
  kind: "sourceConnection",
  rules: {
    patchable: new Set(["name", "description"]),
    replace: new Set(["baseConnection", "connectionSpec", "format", "schema", "params"]),
    forbidden: new Map(),
  },
  precondition: "etag",
  update: "patch",
  store: { service: "flowService", collection: "sourceConnections" },
  fromRaw: (raw) => flowServiceObject("sourceConnection", raw),
  references: (raw) =>
    typeof raw.baseConnectionId === "string" ? [`connection:${raw.baseConnectionId}`] : [],
  comparable(live, refs) {
    const raw = live.raw;
    const data = obj(raw.data);
    const schemaId = str(obj(data.schema).id);
    const spec: SourceConnectionSpec = {
      name: live.name,
      description: stripMarker(str(raw.description)),
      baseConnection: refs.byId("connection", str(raw.baseConnectionId)),
      connectionSpec: { id: str(obj(raw.connectionSpec).id) },
      format: str(data.format),
      params: obj(raw.params),
    };
    if (schemaId !== undefined) spec.schema = refs.bySchemaId(schemaId);
    return spec;
  },
  patchOps: ({ spec, changed, marker, live }) => connectionNameOps(spec, changed, marker, live.raw),
  body({ spec, marker, ids }) {
    const data: Json = { format: spec.format };
    if (spec.schema !== undefined)
      data.schema = { id: schemaIdOf(spec.schema, ids), version: XED_FULL_NOTEXT };
    const base = spec.baseConnection;
    return {
      name: spec.name,
      description: withMarker(spec.description, marker),
      baseConnectionId: typeof base === "object" ? ids.resolve(base) : base,
      connectionSpec: { id: spec.connectionSpec.id, version: "1.0" },
      data,
      params: spec.params,
    };
  },
});
