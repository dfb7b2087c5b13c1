/**
 * The planner: (desired, live) → Plan. Pure and deterministic (DESIGN.md §4): no I/O, time and
 * hashing are passed in. Live objects are matched by ownership marker, compared as comparable
 * specs (kinds.ts), and turned into creates, patches, replaces, deletes and notices.
 */
import jsonpatch from "fast-json-patch";
import { canonicalJson, jsonEqual } from "./canonical.ts";
import type { DesiredObject, LiveObject, LiveState, Ref } from "./desired-model.ts";
import { isRef, ref } from "./desired-model.ts";
import { allOfRefs, comparableOf, escapePointer, findAdhocFields, rulesOf } from "./kinds.ts";
import type { RefResolver } from "./kinds.ts";
import { formatMarker, MARKER_TAG, withMarker } from "./marker.ts";
import type { Marker } from "./marker.ts";
import type {
  Action,
  Change,
  DataImpact,
  FieldDiff,
  ObjectKind,
  PatchOp,
  Plan,
  PlanNotice,
} from "./model.ts";
import { countChanges, ObjectKinds, ownerOf, PLAN_FORMAT_VERSION } from "./model.ts";

export interface PlanInput {
  desired: readonly DesiredObject[];
  live: LiveState;
  sandbox: string;
  namespace: string;
  environment?: string;
  prune: boolean;
  adopt: boolean;
  /** Epoch milliseconds: decides whether a flow's start time has passed. */
  now: number;
  inputsDigest: string;
  sha256: (text: string) => string;
}

type Json = Record<string, unknown>;

const kindOrder = (kind: ObjectKind): number => ObjectKinds.indexOf(kind);

function byAddress(a: { address: string }, b: { address: string }): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/** Picks, per address, the live object aepsync treats as current; the others are superseded leftovers. */
function chooseCurrent(objects: readonly LiveObject[]): { current: LiveObject; superseded: LiveObject[] } {
  const sorted = [...objects].sort(
    (a, b) =>
      (b.marker?.generation ?? 0) - (a.marker?.generation ?? 0) ||
      b.createdAt - a.createdAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { current: sorted[0]!, superseded: sorted.slice(1) };
}

export interface LiveIndex {
  /** Address → the live object aepsync treats as current. */
  current: Map<string, LiveObject>;
  /** Our objects that lost to a newer generation (leftovers of a replace or an interrupted apply). */
  superseded: LiveObject[];
  /** Objects without this namespace's marker, by kind and name (look-alikes). */
  foreignByName: Map<string, LiveObject[]>;
}

/** Groups live objects by marker: ours by address (one current each), the others by kind and name. */
export function indexLive(live: LiveState, namespace: string): LiveIndex {
  const ours = new Map<string, LiveObject[]>();
  const foreignByName = new Map<string, LiveObject[]>();
  for (const object of live.objects) {
    const m = object.marker;
    if (m !== undefined && m.namespace === namespace && m.retired !== true) {
      ours.set(m.address, [...(ours.get(m.address) ?? []), object]);
    } else if (m === undefined || m.namespace !== namespace) {
      const key = `${object.kind}\u0000${object.name}`;
      foreignByName.set(key, [...(foreignByName.get(key) ?? []), object]);
    }
  }
  const current = new Map<string, LiveObject>();
  const superseded: LiveObject[] = [];
  for (const [address, objects] of ours) {
    const matching = objects.filter((o) => kindOfAddress(address, o.kind));
    superseded.push(...objects.filter((o) => !kindOfAddress(address, o.kind)));
    if (matching.length === 0) continue;
    const pick = chooseCurrent(matching);
    current.set(address, pick.current);
    superseded.push(...pick.superseded);
  }
  return { current, superseded, foreignByName };
}

/** Translates live ids into addresses of current objects (RefResolver of kinds.ts). */
export function buildResolver(live: LiveState, current: ReadonlyMap<string, LiveObject>): RefResolver {
  const addressById = new Map<string, string>();
  const addressBySchemaId = new Map<string, string>();
  for (const [address, object] of current) {
    addressById.set(`${object.kind}:${object.id}`, address);
    if (object.schemaId !== undefined) addressBySchemaId.set(object.schemaId, address);
  }
  return {
    byId: (kind, id) => {
      if (id === undefined) return undefined;
      const address = addressById.get(`${kind}:${id}`);
      return address === undefined ? id : ref(address);
    },
    bySchemaId: (id) => {
      if (id === undefined) return undefined;
      const address = addressBySchemaId.get(id);
      return address === undefined ? id : ref(address);
    },
    mappingVersion: (mappingSetId, version) => {
      const address = addressById.get(`mappingSet:${mappingSetId}`);
      if (address !== undefined && live.mappingVersions[mappingSetId] === version)
        return ref(address, "version");
      return version;
    },
  };
}

export function markerFor(
  namespace: string,
  address: string,
  generation: number,
  fingerprint?: string,
): Marker {
  const marker: Marker = { namespace, address, generation };
  if (fingerprint !== undefined) marker.fingerprint = fingerprint;
  return marker;
}

/** JSON Pointer lookup that tolerates missing paths. */
function at(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let node: unknown = value;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Field-level differences between two comparable specs (pointers into the spec). */
export function fieldDiffs(before: unknown, after: unknown): FieldDiff[] {
  if (before === undefined) return leafDiffs(after, "", "after");
  if (after === undefined) return leafDiffs(before, "", "before");
  const ops = jsonpatch.compare(before as object, after as object);
  const seen = new Set<string>();
  const diffs: FieldDiff[] = [];
  for (const op of ops) {
    // Arrays of values compare as wholes: a changed list reads better than index-level noise.
    const path = collapseArrayPath(before, after, op.path);
    if (seen.has(path)) continue;
    seen.add(path);
    const beforeList = at(before, path);
    const afterList = at(after, path);
    if (Array.isArray(beforeList) && Array.isArray(afterList)) {
      diffs.push(...listDiffs(path, beforeList, afterList));
      continue;
    }
    const d: FieldDiff = { path };
    const b = at(before, path);
    const a = at(after, path);
    if (b !== undefined) d.before = b;
    if (a !== undefined) d.after = a;
    diffs.push(d);
  }
  return diffs.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** A changed list as the entries removed and added (order-insensitive lists read better so). */
function listDiffs(path: string, before: unknown[], after: unknown[]): FieldDiff[] {
  const had = new Set(before.map((v) => canonicalJson(v)));
  const has = new Set(after.map((v) => canonicalJson(v)));
  const out: FieldDiff[] = [];
  for (const v of before) if (!has.has(canonicalJson(v))) out.push({ path, before: v });
  for (const v of after) if (!had.has(canonicalJson(v))) out.push({ path, after: v });
  if (out.length === 0) out.push({ path, before, after });
  return out;
}

function collapseArrayPath(before: unknown, after: unknown, path: string): string {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (Array.isArray(at(before, prefix)) || Array.isArray(at(after, prefix))) return prefix;
  }
  return path;
}

function leafDiffs(value: unknown, prefix: string, side: "before" | "after"): FieldDiff[] {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && !isRef(value)) {
    const entries = Object.entries(value as Json).sort(([a], [b]) => (a < b ? -1 : 1));
    if (entries.length === 0) return [];
    return entries.flatMap(([k, v]) => leafDiffs(v, `${prefix}/${escapePointer(k)}`, side));
  }
  if (value === undefined) return [];
  return [{ path: prefix === "" ? "/" : prefix, [side]: value }];
}

function changedKeys(before: Json, after: Json): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !jsonEqual(before[k] ?? null, after[k] ?? null)).sort();
}

interface Working {
  desired: DesiredObject;
  action: Action;
  current?: LiveObject;
  before?: Json;
  reasons: string[];
  generation: number;
  blocked?: string;
}

export function planChanges(input: PlanInput): Plan {
  const { namespace, live } = input;
  const notices: PlanNotice[] = [];
  const desiredByAddress = new Map(input.desired.map((d) => [d.address, d]));

  const { current, superseded, foreignByName } = indexLive(live, namespace);
  const refs = buildResolver(live, current);

  // 3. A first action per desired object.
  const working = new Map<string, Working>();
  for (const desired of input.desired) {
    const live = current.get(desired.address);
    if (live === undefined) {
      const lookalikes = foreignByName.get(`${desired.kind}\u0000${desired.name}`) ?? [];
      const lookalike = lookalikes[0];
      if (lookalike !== undefined && input.adopt) {
        const before = comparableOf(lookalike, refs);
        working.set(desired.address, {
          desired,
          action: "adopt",
          current: lookalike,
          before,
          reasons: [
            `adopting existing ${desired.kind} '${desired.name}' (${lookalike.id}): its marker will be written`,
          ],
          generation: 1,
        });
      } else if (lookalike !== undefined) {
        const foreign =
          lookalike.marker !== undefined ? ` (managed by namespace '${lookalike.marker.namespace}')` : "";
        const message = `exists, not managed: ${desired.kind} '${desired.name}' (${lookalike.id})${foreign}; aepsync leaves it untouched. Run with --adopt to take it over, or rename it in the manifest`;
        notices.push({
          severity: "warning",
          address: desired.address,
          code: "unmanaged",
          message,
          ...located(desired),
        });
        working.set(desired.address, {
          desired,
          action: "create",
          reasons: ["not found"],
          generation: 1,
          blocked: message,
        });
      } else {
        working.set(desired.address, {
          desired,
          action: "create",
          reasons: ["not found in the sandbox"],
          generation: 1,
        });
      }
      continue;
    }
    const before = comparableOf(live, refs);
    const keys = changedKeys(before, desired.spec);
    const kindRules = rulesOf(desired.kind);
    const reasons: string[] = [];
    let action: Action = "noop";
    for (const key of keys) {
      const forbidden = kindRules.forbidden.get(key);
      if (forbidden !== undefined) {
        notices.push({
          severity: "error",
          address: desired.address,
          code: "forbidden",
          message: `${key} changed: ${forbidden}`,
          ...located(desired),
        });
      } else if (kindRules.replace.has(key)) {
        action = "replace";
        reasons.push(`${key} changed: AEP cannot update it in place, so it is replaced`);
      } else if (action !== "replace") {
        action = "update";
        reasons.push(`${key} changed`);
      }
    }
    if (desired.kind === "flow" && keys.includes("schedule")) {
      const liveStart = (before.schedule as Json | undefined)?.startTime;
      const wantStart = (desired.spec.schedule as Json | undefined)?.startTime;
      if (typeof liveStart === "number" && liveStart !== wantStart && liveStart * 1000 <= input.now) {
        action = "replace";
        reasons.push("startTime changed after it passed: AEP cannot change it, so the flow is replaced");
      }
    }
    const forbiddenHere = fieldChangeProblems(desired, before, live);
    for (const message of forbiddenHere) {
      notices.push({
        severity: "error",
        address: desired.address,
        code: "forbidden",
        message,
        ...located(desired),
      });
    }
    working.set(desired.address, {
      desired,
      action,
      current: live,
      before,
      reasons,
      generation: live.marker?.generation ?? 1,
    });
  }

  // 4. Replace chains: a pipeline's source, target and flow are replaced together (aep-api.md §2.6: Adobe
  //    says to create a new pair of connections and a new flow), and so are pipelines on a replaced connection.
  propagateReplaces(working, input.desired);
  blockDependentsOfForbidden(working, input.desired, notices);

  // 5. Changes for desired objects.
  const changes: Change[] = [];
  for (const w of working.values()) changes.push(buildChange(w, input, working, live));

  // 6. Leftovers: superseded generations always go; undeclared objects only with --prune.
  const deletions: LiveObject[] = [...superseded];
  for (const [address, object] of current) {
    if (desiredByAddress.has(address)) continue;
    if (input.prune) deletions.push(object);
    else
      notices.push({
        severity: "info",
        address,
        code: "orphan",
        message: `${address} (${object.kind} ${object.id}) is no longer declared; run with --prune to delete it`,
      });
  }
  changes.push(...buildDeletions(deletions, input, changes, live));

  changes.sort(compareChanges);
  const counts = countChanges(changes);
  notices.sort((a, b) => byAddress(a, b) || (a.message < b.message ? -1 : 1));
  // The plan digest covers {format_version, sandbox, namespace, changes} in RFC 8785 form; each
  // change's canonical text was made once for its own digest and is reused here.
  const changeTexts = [...changes]
    .sort(byAddressAndId)
    .map((c) => canonicalTexts.get(c) ?? canonicalJson(digestView(c)));
  const planDigest = input.sha256(
    `{"changes":[${changeTexts.join(",")}],"format_version":${JSON.stringify(PLAN_FORMAT_VERSION)},"namespace":${JSON.stringify(namespace)},"sandbox":${JSON.stringify(input.sandbox)}}`,
  );
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    sandbox: input.sandbox,
    namespace,
    inputs_digest: input.inputsDigest,
    plan_digest: planDigest,
    counts,
    changes,
    notices,
    options: { prune: input.prune, adopt: input.adopt },
    created_at: new Date(input.now).toISOString(),
  };
  if (input.environment !== undefined) plan.environment = input.environment;
  return plan;
}

function kindOfAddress(address: string, kind: ObjectKind): boolean {
  const parts = address.split("/");
  const top = parts[0];
  const part = parts[2];
  if (top === "Connection") return kind === "connection";
  if (top === "Dataset") return kind === "dataset";
  if (top === "Schema") return part === "class" ? kind === "class" : kind === "schema";
  if (top === "Pipeline") {
    const byPart: Record<string, ObjectKind> = {
      source: "sourceConnection",
      target: "targetConnection",
      mapping: "mappingSet",
      flow: "flow",
    };
    return part !== undefined && byPart[part] === kind;
  }
  return false;
}

function located(desired: DesiredObject): { declaredAt: NonNullable<Change["declaredAt"]> } | object {
  return desired.declaredAt === undefined ? {} : { declaredAt: desired.declaredAt };
}

/** Changes inside patchable keys that AEP still refuses (removing ad-hoc fields, field groups in use). */
function fieldChangeProblems(desired: DesiredObject, before: Json, live: LiveObject): string[] {
  const problems: string[] = [];
  if (desired.kind === "class") {
    const had = (before.fields ?? {}) as Json;
    const want = (desired.spec.fields ?? {}) as Json;
    for (const [name, type] of Object.entries(had)) {
      if (!(name in want))
        problems.push(
          `field '${name}' removed: AEP only adds fields to a class; keep it, or declare a new Schema`,
        );
      else if (want[name] !== type)
        problems.push(
          `field '${name}' changes type ${String(type)} → ${String(want[name])}: AEP cannot change a field's type; declare a new Schema`,
        );
    }
  }
  if (desired.kind === "schema") {
    const had = (before.fieldGroups ?? []) as string[];
    const want = new Set((desired.spec.fieldGroups ?? []) as string[]);
    const removed = had.filter((id) => !want.has(id));
    if (removed.length > 0 && live.inUse === true) {
      for (const id of removed)
        problems.push(
          `field group ${id} removed from a schema that a dataset uses: AEP allows only additive changes then; keep it, or declare a new Schema and Dataset`,
        );
    }
  }
  return problems;
}

/**
 * An object with a change AEP forbids keeps its live form; whatever depends on it (a target
 * connection and mapping set built on the dataset's new schema, say) must not move either.
 */
function blockDependentsOfForbidden(
  working: Map<string, Working>,
  desired: readonly DesiredObject[],
  notices: readonly PlanNotice[],
): void {
  const forbidden = new Set(notices.filter((n) => n.code === "forbidden").map((n) => n.address));
  if (forbidden.size === 0) return;
  const blockedBy = new Map<string, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of desired) {
      if (blockedBy.has(d.address) || forbidden.has(d.address)) continue;
      const cause = d.dependsOn.find((dep) => forbidden.has(dep) || blockedBy.has(dep));
      if (cause === undefined) continue;
      blockedBy.set(d.address, blockedBy.get(cause) ?? cause);
      grew = true;
    }
  }
  // A pipeline's replace is one move (new source, target and flow together): block it whole.
  for (const [address, cause] of [...blockedBy]) {
    const owner = working.get(address)?.desired.owner;
    if (owner === undefined || !owner.startsWith("Pipeline/")) continue;
    for (const part of pipelineParts) {
      const w = working.get(`${owner}/${part}`);
      if (w?.action === "replace" && !blockedBy.has(w.desired.address))
        blockedBy.set(w.desired.address, cause);
    }
  }
  for (const [address, cause] of blockedBy) {
    const w = working.get(address);
    if (w === undefined || w.action === "noop") continue;
    w.blocked = `${cause} has a change AEP forbids: fix that first (see its notice)`;
  }
}

const pipelineParts = ["source", "target", "flow"] as const;

function propagateReplaces(working: Map<string, Working>, desired: readonly DesiredObject[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of desired) {
      if (d.kind !== "sourceConnection") continue;
      const base = d.spec.baseConnection;
      const baseWork = isRef(base) ? working.get(base.$ref) : undefined;
      const pipeline = d.owner;
      const parts = pipelineParts.map((p) => working.get(`${pipeline}/${p}`)).filter((w) => w !== undefined);
      const replaceAll =
        parts.some((w) => w.action === "replace") ||
        (baseWork !== undefined &&
          baseWork.action === "replace" &&
          parts.some((w) => w.current !== undefined));
      const flow = working.get(`${pipeline}/flow`);
      const mapping = working.get(`${pipeline}/mapping`);
      const mappingMoves =
        mapping !== undefined && (mapping.action === "update" || mapping.action === "create");
      const reason = "its mapping set gets a new version: the flow moves to it";
      if (flow !== undefined && mappingMoves && (flow.action === "noop" || flow.action === "update")) {
        // A new mapping-set version reaches the flow only by a PATCH of its Mapping transformation.
        if (!flow.reasons.includes(reason)) {
          flow.reasons.push(reason);
          changed = true;
        }
        if (flow.action === "noop") {
          flow.action = "update";
          changed = true;
        }
      }
      if (!replaceAll) continue;
      for (const w of parts) {
        if (w.current !== undefined && w.action !== "replace" && w.action !== "adopt") {
          w.action = "replace";
          w.reasons.push("replaced with its pipeline: a source or target connection or the flow must change");
          changed = true;
        }
      }
    }
  }
}

function buildChange(w: Working, input: PlanInput, working: Map<string, Working>, live: LiveState): Change {
  const { desired } = w;
  const generation = w.action === "replace" ? w.generation + 1 : w.generation;
  const after = desired.spec;
  const change: Change = {
    address: desired.address,
    kind: desired.kind,
    action: w.action,
    owner: desired.owner,
    name: desired.name,
    generation,
    diff: w.action === "noop" ? [] : fieldDiffs(w.before, after),
    dataImpact: dataImpactOf(desired, w),
    reasons: w.reasons,
    dependsOn: [...desired.dependsOn].sort(),
    digest: "",
  };
  if (w.before !== undefined) change.before = w.before;
  change.after = after;
  if (w.current !== undefined) {
    change.id = w.current.id;
    if (w.current.etag !== undefined) change.etag = w.current.etag;
  }
  if (desired.declaredAt !== undefined) change.declaredAt = desired.declaredAt;
  if (w.blocked !== undefined) change.blocked = w.blocked;
  if (w.action === "update" || w.action === "adopt") {
    change.ops = patchOps(desired, w, input.namespace, generation, working, live);
  }
  sealChange(change, input.sha256);
  return change;
}

const canonicalTexts = new WeakMap<Change, string>();

/** Sets a change's digest: sha256 of its canonical JSON without etag, digest and location. */
function sealChange(change: Change, sha256: (text: string) => string): void {
  const text = canonicalJson(digestView(change));
  canonicalTexts.set(change, text);
  change.digest = sha256(text);
}

function digestView(change: Change): Json {
  const view: Json = { ...change };
  delete view.etag;
  delete view.digest;
  delete view.declaredAt;
  return view;
}

function byAddressAndId(a: Change, b: Change): number {
  return byAddress(a, b) || ((a.id ?? "") < (b.id ?? "") ? -1 : (a.id ?? "") > (b.id ?? "") ? 1 : 0);
}

function dataImpactOf(desired: DesiredObject, w: Working): DataImpact {
  if (desired.kind !== "flow") return "none";
  const schedule = (desired.spec.schedule ?? {}) as Json;
  if (w.action === "create" || w.action === "replace") {
    if (desired.spec.enabled === false) return "none";
    return schedule.backfill === false ? "none" : "reingest";
  }
  if (w.action !== "update" || w.before === undefined) return "none";
  if (w.before.enabled === true && desired.spec.enabled === false) return "stops";
  const beforeSchedule = (w.before.schedule ?? {}) as Json;
  if (beforeSchedule.startTime !== schedule.startTime) return "may-skip";
  if (!jsonEqual(w.before.copy ?? null, desired.spec.copy ?? null)) return "may-skip";
  return "none";
}

/** The patch for an update or adoption, restricted to what AEP documents as patchable (DESIGN.md §4). */
function patchOps(
  desired: DesiredObject,
  w: Working,
  namespace: string,
  generation: number,
  working: Map<string, Working>,
  live: LiveState,
): PatchOp[] {
  const before = w.before ?? {};
  const spec = desired.spec;
  const keys = w.action === "adopt" ? Object.keys(spec) : changedKeys(before, spec);
  const changed = new Set(keys);
  const marker = markerFor(namespace, desired.address, generation, desired.fingerprint);
  const description = withMarker(typeof spec.description === "string" ? spec.description : "", marker);
  const ops: PatchOp[] = [];
  const raw = w.current?.raw ?? {};
  switch (desired.kind) {
    case "connection":
      if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
      if (changed.has("fingerprint") || w.action === "adopt")
        ops.push({ op: "replace", path: "/auth/params", value: { $secret: "auth.params" } });
      if (changed.has("description") || changed.has("fingerprint") || w.action === "adopt")
        ops.push({ op: "replace", path: "/description", value: description });
      break;
    case "sourceConnection":
    case "targetConnection":
      if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
      ops.push({ op: "replace", path: "/description", value: description });
      break;
    case "flow": {
      if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
      if (changed.has("description") || w.action === "adopt")
        ops.push({ op: "replace", path: "/description", value: description });
      if (changed.has("schedule")) ops.push({ op: "replace", path: "/scheduleParams", value: spec.schedule });
      const transformations = Array.isArray(raw.transformations) ? (raw.transformations as Json[]) : [];
      const indexOf = (name: string): number =>
        transformations.findIndex((t) => typeof t.name === "string" && t.name.toLowerCase() === name);
      if (changed.has("copy") && spec.copy !== undefined) {
        const i = indexOf("copy");
        ops.push({
          op: i >= 0 ? "replace" : "add",
          path: `/transformations/${i >= 0 ? i : "-"}`,
          value: { name: "Copy", params: spec.copy },
        });
      }
      const mappingWork = isRef((spec.mapping as Json | undefined)?.mappingSet)
        ? working.get(((spec.mapping as Json).mappingSet as Ref).$ref)
        : undefined;
      const mappingMoves = mappingWork !== undefined && mappingWork.action !== "noop";
      if (changed.has("mapping") || mappingMoves) {
        const i = indexOf("mapping");
        const mapping = spec.mapping as Json;
        ops.push({
          op: i >= 0 ? "replace" : "add",
          path: `/transformations/${i >= 0 ? i : "-"}`,
          value: {
            name: "Mapping",
            params: { mappingId: mapping.mappingSet, mappingVersion: mapping.version },
          },
        });
      }
      if (changed.has("enabled"))
        ops.push({ op: "replace", path: "/state", value: spec.enabled ? "enabled" : "disabled" });
      break;
    }
    case "class": {
      if (changed.has("title")) ops.push({ op: "replace", path: "/title", value: spec.title });
      if (changed.has("description") || w.action === "adopt")
        ops.push({ op: "replace", path: "/description", value: description });
      const fields = findAdhocFields(raw);
      const had = (before.fields ?? {}) as Json;
      for (const [name, type] of Object.entries((spec.fields ?? {}) as Json)) {
        if (name in had || fields === undefined) continue;
        ops.push({
          op: "add",
          path: `${fields.pointer}/${escapePointer(name)}`,
          value: { $adhocType: type },
        });
      }
      break;
    }
    case "schema": {
      if (changed.has("title")) ops.push({ op: "replace", path: "/title", value: spec.title });
      if (changed.has("description") || w.action === "adopt")
        ops.push({ op: "replace", path: "/description", value: description });
      const had = new Set((before.fieldGroups ?? []) as string[]);
      const want = (spec.fieldGroups ?? []) as string[];
      for (const id of want) {
        if (had.has(id)) continue;
        ops.push({ op: "add", path: "/allOf/-", value: { $ref: id } });
        ops.push({ op: "add", path: "/meta:extends/-", value: id });
      }
      if (w.current?.inUse !== true) {
        const refsNow = allOfRefs(raw);
        const wantSet = new Set(want);
        const allOf = Array.isArray(raw.allOf) ? (raw.allOf as Json[]) : [];
        const removeAt: number[] = [];
        allOf.forEach((part, i) => {
          const r = part.$ref;
          if (typeof r === "string" && refsNow.indexOf(r) > 0 && !wantSet.has(r) && had.has(r))
            removeAt.push(i);
        });
        for (const i of removeAt.reverse()) ops.push({ op: "remove", path: `/allOf/${i}` });
      }
      break;
    }
    case "dataset": {
      if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
      if (changed.has("description"))
        ops.push({ op: "replace", path: "/description", value: spec.description });
      if (changed.has("tags") || w.action === "adopt")
        ops.push({
          op: "replace",
          path: "/tags",
          value: { ...(spec.tags as Json), [MARKER_TAG]: [formatMarker(marker)] },
        });
      break;
    }
    case "mappingSet":
      ops.push({ op: "replace", path: "/mappings", value: spec.mappings });
      if (changed.has("outputSchema"))
        ops.push({ op: "replace", path: "/outputSchema", value: spec.outputSchema });
      ops.push({ op: "replace", path: "/name", value: withMarker(String(spec.name), marker) });
      break;
  }
  void live;
  return ops;
}

/** Deletes in reverse dependency order; each waits for the deletes of what references it. */
function buildDeletions(
  objects: readonly LiveObject[],
  input: PlanInput,
  planned: readonly Change[],
  live: LiveState,
): Change[] {
  const changes: Change[] = [];
  const deletingIds = new Map<string, LiveObject>(objects.map((o) => [`${o.kind}:${o.id}`, o]));
  const addressOfDeletion = (o: LiveObject): string => `${o.marker?.address ?? o.kind}#${o.id}`;
  for (const object of objects) {
    const address = object.marker?.address ?? `${object.kind}/${object.id}`;
    const isSuperseded = input.desired.some((d) => d.address === address);
    const reasons = [
      isSuperseded
        ? `superseded generation ${object.marker?.generation ?? 0} left by an earlier replace or an interrupted apply`
        : "no longer declared (--prune)",
    ];
    const dependsOn = new Set<string>();
    const referencesIt = (other: LiveObject): boolean =>
      referencedIds(other).includes(`${object.kind}:${object.id}`);
    for (const other of live.objects) {
      if (other === object || !referencesIt(other)) continue;
      if (deletingIds.has(`${other.kind}:${other.id}`)) dependsOn.add(addressOfDeletion(other));
      // A superseded connection may still feed the pipeline's current flow until the flow is replaced.
      const flowChange = planned.find((c) => c.id === other.id && c.action === "replace");
      if (flowChange !== undefined) dependsOn.add(flowChange.address);
    }
    const retire = object.kind === "mappingSet";
    const change: Change = {
      address: addressOfDeletion(object),
      kind: object.kind,
      action: retire ? "update" : "delete",
      owner: ownerOf(address),
      name: object.name,
      id: object.id,
      generation: object.marker?.generation ?? 0,
      diff: retire ? [{ path: "/name", before: object.name, after: `${object.name} (retired)` }] : [],
      dataImpact: object.kind === "flow" && object.raw.state === "enabled" ? "stops" : "none",
      reasons: retire
        ? [...reasons, "Data Prep documents no delete of a mapping set: it is kept and marked retired"]
        : reasons,
      dependsOn: [...dependsOn].sort(),
      digest: "",
    };
    if (object.etag !== undefined) change.etag = object.etag;
    if (retire && object.marker !== undefined) {
      change.ops = [
        {
          op: "replace",
          path: "/name",
          value: withMarker(object.name, { ...object.marker, retired: true }),
        },
      ];
    }
    sealChange(change, input.sha256);
    changes.push(change);
  }
  return changes;
}

/** `kind:id` of every managed object a live object points at. */
export function referencedIds(object: LiveObject): string[] {
  const raw = object.raw;
  const out: string[] = [];
  const push = (kind: ObjectKind, id: unknown): void => {
    if (typeof id === "string") out.push(`${kind}:${id}`);
  };
  if (object.kind === "sourceConnection") push("connection", raw.baseConnectionId);
  if (object.kind === "targetConnection") push("dataset", (raw.params as Json | undefined)?.dataSetId);
  if (object.kind === "flow") {
    for (const id of (raw.sourceConnectionIds as unknown[] | undefined) ?? []) push("sourceConnection", id);
    for (const id of (raw.targetConnectionIds as unknown[] | undefined) ?? []) push("targetConnection", id);
  }
  return out;
}

function compareChanges(a: Change, b: Change): number {
  const aDelete = a.action === "delete" ? 1 : 0;
  const bDelete = b.action === "delete" ? 1 : 0;
  if (aDelete !== bDelete) return aDelete - bDelete;
  const order = aDelete === 1 ? kindOrder(b.kind) - kindOrder(a.kind) : kindOrder(a.kind) - kindOrder(b.kind);
  return order || byAddressAndId(a, b);
}
