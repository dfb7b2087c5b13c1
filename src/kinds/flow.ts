/**
 * Dataflows (Flow Service `/flows`): source and target connection, the Copy (deltaColumn) and
 * Mapping transformations, the schedule and the enabled state. Patchable: name, description,
 * `/scheduleParams`, `/transformations/<i>`; a `startTime` that has passed cannot change
 * (`help/sources/tutorials/api/update-dataflows.md`), nor can the connections: those replace the flow.
 */
import { jsonEqual } from "../model/canonical.ts";
import { stripMarker, withMarker } from "../model/marker.ts";
import type { DesiredObject, LiveObject, ObjectKind } from "../model/objects.ts";
import type { Action, DataImpact, PatchOp } from "../model/plan.ts";
import { ref } from "../model/ref.ts";
import type { Ref } from "../model/ref.ts";
import { flowServiceObject } from "./connection.ts";
import type { PipelineContext } from "./context.ts";
import { defineDriver, looseBoolean, looseNumber, obj, str, markedDescriptionOp } from "./driver.ts";
import type { Json, KnownIds } from "./driver.ts";

export type Schedule = {
  startTime?: number;
  frequency?: string;
  interval?: number;
  backfill?: boolean;
  endTime?: number;
};

export type DeltaColumn = { name: string; dateFormat?: string; timezone?: string };

export type FlowSpec = {
  name: string;
  description: string;
  flowSpec: { id: string | undefined };
  source: string | Ref | undefined;
  target: string | Ref | undefined;
  schedule: Schedule;
  enabled: boolean;
  mapping?: { mappingSet: string | Ref | undefined; version: number | Ref };
  copy?: { deltaColumn?: DeltaColumn };
};

/** Schedule start as epoch seconds (AEP's unit) from an ISO time or a number. */
export function epochSeconds(value: string | number): number {
  if (typeof value === "number") return Math.floor(value);
  if (/^\d+$/.test(value)) return Number(value);
  return Math.floor(Date.parse(value) / 1000);
}

/**
 * A schedule as aepsync compares it: AEP reads numbers back as strings (`"interval":"15"`) and
 * fills in `backfill: "true"` when nobody sent it (help/sources/tutorials/api/update.md); the
 * documented default compares equal to absent, so it is dropped on both sides. Without `want`
 * (the declared schedule) every field is kept; with it, `endTime` counts only when declared.
 */
export function normalizeSchedule(raw: unknown, want?: Schedule): Schedule {
  const s = obj(raw);
  const out: Schedule = {};
  const start = looseNumber(s.startTime);
  if (start !== undefined) out.startTime = start;
  if (typeof s.frequency === "string") out.frequency = s.frequency.toLowerCase();
  const interval = looseNumber(s.interval);
  if (interval !== undefined) out.interval = interval;
  const backfill = looseBoolean(s.backfill);
  if (backfill === false) out.backfill = backfill;
  const end = looseNumber(s.endTime);
  if (end !== undefined && (want === undefined || want.endTime !== undefined)) out.endTime = end;
  return out;
}

/**
 * Whether a flow is, or is becoming, enabled. AEP runs enable and disable asynchronously
 * (`enabling`, `disabling`; a new flow is `inProgress`), and a plan made meanwhile treats the
 * flow as its target state; while an update runs (`updating`) the state it returns to is not
 * shown, so it counts as what the manifest wants.
 */
export function flowEnabled(raw: Json, want?: FlowSpec): boolean {
  const state = (str(raw.state) ?? "").toLowerCase();
  if (state === "enabled" || state === "enabling" || state === "inprogress") return true;
  if (state === "disabled" || state === "disabling") return false;
  if (state === "updating") {
    const operation = str(obj(raw.lastOperation).operation);
    if (operation === "enable") return true;
    if (operation === "disable") return false;
    return want?.enabled ?? true;
  }
  return false;
}

/**
 * The Copy transformation as aepsync compares it. With `want`, a `dateFormat` or `timezone` counts
 * only when declared: a value AEP fills in by default is not aepsync's.
 */
export function normalizeCopy(params: Json, want?: FlowSpec["copy"]): { deltaColumn?: DeltaColumn } {
  const delta = obj(params.deltaColumn);
  const declared = want?.deltaColumn;
  const out: { deltaColumn?: DeltaColumn } = {};
  if (typeof delta.name === "string") {
    const d: DeltaColumn = { name: delta.name };
    if (typeof delta.dateFormat === "string" && (want === undefined || declared?.dateFormat !== undefined))
      d.dateFormat = delta.dateFormat;
    if (typeof delta.timezone === "string" && (want === undefined || declared?.timezone !== undefined))
      d.timezone = delta.timezone;
    out.deltaColumn = d;
  }
  return out;
}

function transformationsOf(raw: Json): Json[] {
  return Array.isArray(raw.transformations) ? raw.transformations.map(obj) : [];
}

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}

function firstString(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined;
}

export function flowDesired(p: PipelineContext): DesiredObject<FlowSpec> {
  const spec = p.view.manifest.spec;
  const schedule: Schedule = {
    startTime: epochSeconds(spec.schedule.startTime),
    frequency: spec.schedule.frequency,
  };
  if (spec.schedule.interval !== undefined) schedule.interval = spec.schedule.interval;
  // `backfill` defaults to true in AEP: only `false` is a choice to declare.
  if (spec.schedule.backfill === false) schedule.backfill = false;
  const flow: FlowSpec = {
    name: spec.name ?? `${p.view.name}-flow`,
    description: spec.description ?? "",
    flowSpec: { id: p.flowSpec.id },
    source: ref(p.addresses.source),
    target: ref(p.addresses.target),
    schedule,
    enabled: spec.enabled ?? true,
    mapping: { mappingSet: ref(p.addresses.mapping), version: ref(p.addresses.mapping, "version") },
  };
  if (p.flowSpec.copy) {
    const copy: { deltaColumn?: DeltaColumn } = {};
    if (spec.deltaColumn !== undefined) {
      const delta: DeltaColumn = { name: spec.deltaColumn.name };
      if (spec.deltaColumn.dateFormat !== undefined) delta.dateFormat = spec.deltaColumn.dateFormat;
      if (spec.deltaColumn.timezone !== undefined) delta.timezone = spec.deltaColumn.timezone;
      copy.deltaColumn = delta;
    }
    flow.copy = copy;
  }
  return {
    address: p.addresses.flow,
    kind: "flow",
    owner: p.view.owner,
    name: flow.name,
    spec: flow,
    dependsOn: [p.addresses.source, p.addresses.target, p.addresses.mapping],
    declaredAt: p.view.at(""),
  };
}

/** What a change of a flow does to the data (docs/architecture.md, "Data impact"). */
export function flowDataImpact(action: Action, spec: FlowSpec, before: FlowSpec | undefined): DataImpact {
  if (action === "create" || action === "replace") {
    if (!spec.enabled) return "none";
    return spec.schedule.backfill === false ? "none" : "reingest";
  }
  if (action !== "update" || before === undefined) return "none";
  if (before.enabled && !spec.enabled) return "stops";
  if (before.schedule.startTime !== spec.schedule.startTime) return "may-skip";
  if (!jsonEqual(before.copy ?? null, spec.copy ?? null)) return "may-skip";
  return "none";
}

/** A schedule whose start time has passed cannot move it: the flow must be replaced. */
export function flowReplaceReasons(spec: FlowSpec, before: FlowSpec, nowMs: number): string[] {
  if (jsonEqual(before.schedule, spec.schedule)) return [];
  const liveStart = before.schedule.startTime;
  if (typeof liveStart === "number" && liveStart !== spec.schedule.startTime && liveStart * 1000 <= nowMs)
    return ["startTime changed after it passed: AEP cannot change it, so the flow is replaced"];
  return [];
}

/**
 * A schedule edit as the documented paths (`/scheduleParams/frequency`, `/scheduleParams/interval`,
 * help/sources/tutorials/api/update-dataflows.md): only the fields that change, so a `startTime`
 * that has passed is never sent again.
 */
function scheduleOps(before: Schedule, want: Schedule, live: Json): PatchOp[] {
  const ops: PatchOp[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(want)])].sort() as (keyof Schedule)[];
  for (const key of keys) {
    if (before[key] === want[key]) continue;
    const path = `/scheduleParams/${key}`;
    if (want[key] === undefined) {
      if (key in live) ops.push({ op: "remove", path });
    } else ops.push({ op: key in live ? "replace" : "add", path, value: want[key] });
  }
  return ops;
}

function transformationOp(raw: Json, name: string, value: Json): PatchOp {
  const i = transformationsOf(raw).findIndex(
    (t) => typeof t.name === "string" && t.name.toLowerCase() === name,
  );
  return { op: i >= 0 ? "replace" : "add", path: `/transformations/${i >= 0 ? i : "-"}`, value };
}

function resolveId(value: string | Ref | undefined, ids: KnownIds): unknown {
  return typeof value === "object" ? ids.resolve(value) : value;
}

export const flowDriver = defineDriver<FlowSpec>({
  kind: "flow",
  rules: {
    patchable: new Set(["name", "description", "schedule", "copy", "mapping", "enabled"]),
    replace: new Set(["flowSpec", "source", "target"]),
    forbidden: new Map(),
  },
  precondition: "etag",
  update: "patch",
  store: {
    service: "flowService",
    collection: "flows",
    scoped: true,
    listFilter: (scope) =>
      scope.flowSpecIds.length > 0 ? [`flowSpec.id==${scope.flowSpecIds.join(",")}`] : [],
  },
  fromRaw: (raw) => flowServiceObject("flow", raw),
  parts(raw) {
    const mapping = transformationsOf(raw).find((t) => str(t.name)?.toLowerCase() === "mapping");
    const found: { part: string; kind: ObjectKind; id: string }[] = [];
    const source = firstString(raw.sourceConnectionIds);
    const target = firstString(raw.targetConnectionIds);
    const mappingId = str(obj(mapping?.params).mappingId);
    if (source !== undefined) found.push({ part: "source", kind: "sourceConnection", id: source });
    if (target !== undefined) found.push({ part: "target", kind: "targetConnection", id: target });
    if (mappingId !== undefined) found.push({ part: "mapping", kind: "mappingSet", id: mappingId });
    return found;
  },
  references: (raw) => [
    ...idsOf(raw.sourceConnectionIds).map((id) => `sourceConnection:${id}`),
    ...idsOf(raw.targetConnectionIds).map((id) => `targetConnection:${id}`),
  ],
  replaceReasons: flowReplaceReasons,
  dataImpact: flowDataImpact,
  deleteImpact: (live) => (live.raw.state === "enabled" ? "stops" : "none"),
  comparable(live: LiveObject, refs, want) {
    const raw = live.raw;
    const transformations = transformationsOf(raw);
    const copy = transformations.find((t) => str(t.name)?.toLowerCase() === "copy");
    const mapping = transformations.find((t) => str(t.name)?.toLowerCase() === "mapping");
    const mappingParams = obj(mapping?.params);
    const mappingId = str(mappingParams.mappingId);
    const mappingVersion = looseNumber(mappingParams.mappingVersion) ?? 0;
    const spec: FlowSpec = {
      name: live.name,
      description: stripMarker(str(raw.description)),
      flowSpec: { id: str(obj(raw.flowSpec).id) },
      source: refs.byId("sourceConnection", firstString(raw.sourceConnectionIds)),
      target: refs.byId("targetConnection", firstString(raw.targetConnectionIds)),
      schedule: normalizeSchedule(raw.scheduleParams, want?.schedule),
      enabled: flowEnabled(raw, want),
    };
    if (copy !== undefined)
      spec.copy = normalizeCopy(obj(copy.params), want === undefined ? undefined : (want.copy ?? {}));
    if (mappingId !== undefined) {
      spec.mapping = {
        mappingSet: refs.byId("mappingSet", mappingId),
        version: refs.mappingVersion(mappingId, mappingVersion),
      };
    }
    return spec;
  },
  patchOps({ spec, before, live, changed, writeMarker, marker, mappingMoves }) {
    const ops: PatchOp[] = [];
    if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
    if (changed.has("description") || writeMarker)
      ops.push(markedDescriptionOp(live.raw, spec.description, marker));
    if (changed.has("schedule"))
      ops.push(...scheduleOps(before.schedule, spec.schedule, obj(live.raw.scheduleParams)));
    if (changed.has("copy") && spec.copy !== undefined)
      ops.push(transformationOp(live.raw, "copy", { name: "Copy", params: spec.copy }));
    if ((changed.has("mapping") || mappingMoves) && spec.mapping !== undefined) {
      const params = { mappingId: spec.mapping.mappingSet, mappingVersion: spec.mapping.version };
      ops.push(transformationOp(live.raw, "mapping", { name: "Mapping", params }));
    }
    if (changed.has("enabled"))
      ops.push({ op: "replace", path: "/state", value: spec.enabled ? "enabled" : "disabled" });
    return ops;
  },
  body({ spec, marker, ids }) {
    const transformations: Json[] = [];
    if (spec.copy !== undefined) transformations.push({ name: "Copy", params: spec.copy });
    const mapping = spec.mapping;
    transformations.push({
      name: "Mapping",
      params: {
        mappingId: resolveId(mapping?.mappingSet, ids),
        mappingVersion:
          typeof mapping?.version === "object" ? ids.resolve(mapping.version) : mapping?.version,
      },
    });
    return {
      name: spec.name,
      description: withMarker(spec.description, marker),
      flowSpec: { id: spec.flowSpec.id, version: "1.0" },
      sourceConnectionIds: [resolveId(spec.source, ids)],
      targetConnectionIds: [resolveId(spec.target, ids)],
      transformations,
      scheduleParams: spec.schedule,
    };
  },
});
