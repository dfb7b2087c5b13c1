/**
 * Values of a plan as a manifest author reads them: references by manifest name, schedules in words
 * and UTC, mapping rows as `source → destination`. Plain text, never cut: each renderer escapes.
 */
import { findConnectorBySpecId } from "../data/connectors.ts";
import { isRef } from "../model/index.ts";

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys: two values are the same when their stable JSON is. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** `Connection/hubspot-prod` → `hubspot-prod`; a pipeline part or an ad-hoc class says which. */
export function manifestName(address: string): string {
  const [, name = address, part] = address.split("/");
  if (part === undefined) return name;
  if (part === "class") return `${name} (ad-hoc class)`;
  return `${name} (${part})`;
}

/** A reference to another managed object, by the name its manifest gives it. */
export function refText(value: unknown): string | undefined {
  if (!isRef(value)) return undefined;
  const name = manifestName(value.$ref);
  return value.field === "version" ? `the new version of ${name}` : name;
}

/** Any value in one line, references by name; strings as they are. */
export function plainValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const ref = refText(value);
  if (ref !== undefined) return ref;
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || isRef(v))) {
    return value.length === 0 ? "(none)" : value.map(plainValue).join(", ");
  }
  return JSON.stringify(value, (_key, v: unknown) => refText(v) ?? v);
}

/** Epoch seconds as `2026-12-01 00:00 UTC` (seconds shown when there are some). */
export function utcText(seconds: number): string | undefined {
  const iso = isoText(seconds);
  if (iso === undefined) return undefined;
  const [date, time = ""] = iso.slice(0, -1).split("T");
  const short = time.endsWith(":00") ? time.slice(0, 5) : time;
  return `${date} ${short} UTC`;
}

/** Epoch seconds as the manifest writes them: `2026-12-01T00:00:00Z`. */
export function isoText(seconds: number): string | undefined {
  const ms = seconds * 1000;
  // Date's range is ±8.64e15 ms; an AEP value outside it is shown as the number it is.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const units: Record<string, [string, string]> = {
  minute: ["minute", "minutes"],
  hour: ["hour", "hours"],
  day: ["day", "days"],
  week: ["week", "weeks"],
  month: ["month", "months"],
};

function timeText(value: unknown): string | undefined {
  return typeof value === "number" ? (utcText(value) ?? `epoch ${value}`) : undefined;
}

/**
 * A flow's schedule in words: `every 30 minutes from 2026-12-01 00:00 UTC`, `once at …`; with
 * `iso`, the start time as the manifest writes it follows in brackets.
 */
export function scheduleText(value: unknown, iso: boolean): string {
  if (!isObject(value)) return plainValue(value);
  const frequency = typeof value.frequency === "string" ? value.frequency : undefined;
  const interval = typeof value.interval === "number" ? value.interval : 1;
  const start = timeText(value.startTime);
  let text: string;
  if (frequency === "once") text = start === undefined ? "once" : `once at ${start}`;
  else {
    const [one, many] = units[frequency ?? ""] ?? [frequency ?? "interval", frequency ?? "intervals"];
    text = interval === 1 ? `every ${one}` : `every ${interval} ${many}`;
    if (start !== undefined) text += ` from ${start}`;
  }
  const end = timeText(value.endTime);
  if (end !== undefined) text += ` until ${end}`;
  if (value.backfill === false) text += ", no backfill";
  if (value.backfill === true) text += ", with backfill";
  const startIso = typeof value.startTime === "number" ? isoText(value.startTime) : undefined;
  return iso && startIso !== undefined ? `${text} (startTime ${startIso})` : text;
}

/** A flow's Copy transformation as the manifest's `deltaColumn`. */
export function deltaColumnText(value: unknown): string {
  const delta = isObject(value) ? value.deltaColumn : undefined;
  if (!isObject(delta) || typeof delta.name !== "string") return "(none)";
  const details: string[] = [];
  if (typeof delta.dateFormat === "string") details.push(`dateFormat ${delta.dateFormat}`);
  if (typeof delta.timezone === "string") details.push(`timezone ${delta.timezone}`);
  return details.length === 0 ? delta.name : `${delta.name} (${details.join(", ")})`;
}

/** `hubspot` for a connection spec the catalog knows, else its id. */
export function connectorText(value: unknown): string {
  const id = isObject(value) && typeof value.id === "string" ? value.id : undefined;
  if (id === undefined) return plainValue(value);
  const known = findConnectorBySpecId(id);
  return known === undefined ? `connectionSpec ${id}` : known.alias;
}

/** A flow's Mapping transformation: which mapping set, which version. */
export function mappingVersionText(value: unknown): string {
  if (!isObject(value)) return plainValue(value);
  const version = value.version;
  if (isRef(version)) return plainValue(version);
  return `${plainValue(value.mappingSet)}, version ${plainValue(version)}`;
}

export interface MappingRow {
  /** The source field, or the expression. */
  from: string;
  expression: boolean;
  to: string;
}

/** Mapping rows from a mapping set's `mappings` (what the planner compares); undefined if not a list. */
export function mappingRows(value: unknown): MappingRow[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((entry) => {
    const m = isObject(entry) ? entry : {};
    const type = typeof m.sourceType === "string" ? m.sourceType : "ATTRIBUTE";
    return {
      from: typeof m.source === "string" ? m.source : plainValue(m.source),
      expression: /expression|aep-xl/i.test(type),
      to: typeof m.destination === "string" ? m.destination : plainValue(m.destination),
    };
  });
}

export function mappingRowText(row: MappingRow): string {
  return `${row.from} → ${row.to}${row.expression ? " (expression)" : ""}`;
}

export interface MappingEdit {
  kind: "added" | "removed" | "changed";
  row: MappingRow;
  /** The row before, for a changed one. */
  was?: MappingRow;
}

/** Rows added, removed and changed (same destination, another source), in destination order. */
export function mappingEdits(before: readonly MappingRow[], after: readonly MappingRow[]): MappingEdit[] {
  const key = (row: MappingRow): string => stableJson(row);
  const unchanged = new Set(before.map(key).filter((k) => after.some((row) => key(row) === k)));
  const removed = before.filter((row) => !unchanged.has(key(row)));
  const added = after.filter((row) => !unchanged.has(key(row)));
  const edits: MappingEdit[] = [];
  for (const row of added) {
    const index = removed.findIndex((old) => old.to === row.to);
    if (index < 0) edits.push({ kind: "added", row });
    else edits.push({ kind: "changed", row, was: removed.splice(index, 1)[0]! });
  }
  for (const row of removed) edits.push({ kind: "removed", row });
  return edits.sort((a, b) => (a.row.to < b.row.to ? -1 : a.row.to > b.row.to ? 1 : 0));
}

/** `1 added, 2 changed`. */
export function mappingSummary(edits: readonly MappingEdit[]): string {
  return (["added", "removed", "changed"] as const)
    .map((kind) => [kind, edits.filter((e) => e.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
}
