/**
 * Data Prep mapping sets (`/conversion/mappingSets`): source field or expression → XDM path. A
 * change is a new version by PUT, and the flow's Mapping transformation moves to it. The marker
 * lives in the name. Data Prep documents no delete, so a pruned pipeline's mapping set is kept
 * and marked retired (`help/data-prep/api/mapping-set.md`).
 */
import { parseMarker, stripMarker, withMarker } from "../model/marker.ts";
import type { DesiredObject, LiveObject } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import type { Ref } from "../model/ref.ts";
import type { PipelineContext } from "./context.ts";
import { defineDriver, epochOf, obj, str, schemaIdOf } from "./driver.ts";
import type { Json } from "./driver.ts";

export interface MappingEntry {
  sourceType: string;
  source: string;
  destination: string;
}

export type MappingSetSpec = {
  name: string;
  outputSchema: string | Ref | undefined;
  mappings: MappingEntry[];
};

const XED_FULL = "application/vnd.adobe.xed-full+json;version=1";

function byDestination(a: MappingEntry, b: MappingEntry): number {
  return a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0;
}

/** Data Prep stores ATTRIBUTE mappings as `text/x.schema-path` (`help/data-prep/api/mapping-set.md`). */
export function normalizeSourceType(value: unknown): string {
  const text = typeof value === "string" ? value : "ATTRIBUTE";
  if (/schema-path|^attribute$/i.test(text)) return "ATTRIBUTE";
  // Expressions come back as `text/x.aep-xl` (Data Prep's expression language).
  if (/expression|aep-xl/i.test(text)) return "EXPRESSION";
  return text.toUpperCase();
}

export function normalizeMappings(raw: unknown): MappingEntry[] {
  const list = Array.isArray(raw) ? raw : [];
  return list
    .map((m) => {
      const o = obj(m);
      return {
        sourceType: normalizeSourceType(o.sourceType),
        source: str(o.source) ?? str(o.sourceAttribute) ?? "",
        destination: str(o.destination) ?? str(o.destinationXdmPath) ?? "",
      };
    })
    .sort(byDestination);
}

export function mappingSetDesired(p: PipelineContext): DesiredObject<MappingSetSpec> {
  const mappings = p.view.manifest.spec.mapping
    .map((rule) =>
      "expression" in rule
        ? { sourceType: "EXPRESSION", source: rule.expression, destination: rule.destination }
        : { sourceType: "ATTRIBUTE", source: rule.source, destination: rule.destination },
    )
    .sort(byDestination);
  return {
    address: p.addresses.mapping,
    kind: "mappingSet",
    owner: p.view.owner,
    name: `${p.view.name}-mapping`,
    spec: { name: `${p.view.name}-mapping`, outputSchema: p.outputSchema, mappings },
    dependsOn: typeof p.outputSchema === "string" ? [] : [p.outputSchema.$ref],
    declaredAt: p.view.at("/spec/mapping"),
  };
}

/** The body of a retired version: the live mappings kept, the name marked retired. */
export function retiredMappingSetBody(live: LiveObject, name: unknown): Json {
  const raw = live.raw;
  return {
    name,
    outputSchema: raw.outputSchema,
    mappings: Array.isArray(raw.mappings)
      ? (raw.mappings as Json[]).map((m) => ({
          sourceType: m.sourceType,
          source: m.source,
          destination: m.destination,
        }))
      : [],
  };
}

export const mappingSetDriver = defineDriver<MappingSetSpec>({
  kind: "mappingSet",
  rules: {
    patchable: new Set(["name", "outputSchema", "mappings"]),
    replace: new Set(),
    forbidden: new Map(),
  },
  precondition: "reread",
  update: "put",
  store: { service: "dataPrep" },
  noDelete: "Data Prep documents no delete of a mapping set: it is kept and marked retired",
  fromRaw(raw): LiveObject {
    const object: LiveObject = {
      kind: "mappingSet",
      id: String(raw.id),
      name: stripMarker(str(raw.name)),
      createdAt: epochOf(raw.createdDate),
      raw,
      version: epochOf(raw.version),
    };
    const marker = parseMarker(str(raw.name));
    if (marker !== undefined) object.marker = marker;
    return object;
  },
  comparable(live, refs, want) {
    const output = obj(live.raw.outputSchema);
    const schemaId = str(obj(output.schemaRef).id) ?? str(output.id) ?? str(live.raw.xdmSchema);
    return {
      // A list that does not echo the name (the flow identifies the mapping set) says nothing about it.
      name: typeof live.raw.name === "string" ? live.name : (want?.name ?? live.name),
      outputSchema: refs.bySchemaId(schemaId),
      mappings: normalizeMappings(live.raw.mappings),
    };
  },
  patchOps({ spec, changed, marker }) {
    const ops: PatchOp[] = [{ op: "replace", path: "/mappings", value: spec.mappings }];
    if (changed.has("outputSchema"))
      ops.push({ op: "replace", path: "/outputSchema", value: spec.outputSchema });
    ops.push({ op: "replace", path: "/name", value: withMarker(spec.name, marker) });
    return ops;
  },
  body: ({ spec, marker, ids }) => ({
    name: withMarker(spec.name, marker),
    outputSchema: { schemaRef: { id: schemaIdOf(spec.outputSchema, ids), contentType: XED_FULL } },
    mappings: spec.mappings.map((m) => ({
      sourceType: m.sourceType,
      source: m.source,
      destination: m.destination,
    })),
  }),
});
