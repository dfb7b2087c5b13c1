/**
 * One driver per AEP object kind: everything aepsync knows about the kind in one file (how its
 * desired form is built from the manifest, what is compared, which changes patch, replace or are
 * forbidden, the create body and how the store reaches it). The planner, apply, the live reader
 * and the AEP store are generic over drivers (docs/architecture.md, "Kind drivers").
 */
import { withMarker } from "../model/marker.ts";
import type { Marker } from "../model/marker.ts";
import type { LiveObject, ObjectKind } from "../model/objects.ts";
import type { Action, DataImpact, PatchOp } from "../model/plan.ts";
import { isRef, ref } from "../model/ref.ts";
import type { Ref } from "../model/ref.ts";
import { InternalError } from "../errors.ts";

export type Json = Record<string, unknown>;

/**
 * Which top-level keys of a comparable spec change how. A changed key that is patchable is an
 * update, a forbidden one is an error notice (the message says what to do instead), and any other
 * (listed under `replace` or not listed at all) needs a new object: a replace.
 */
export interface KindRules {
  patchable: ReadonlySet<string>;
  replace: ReadonlySet<string>;
  forbidden: ReadonlyMap<string, string>;
}

/** Translates live ids into addresses of current managed objects (or leaves them as raw ids). */
export interface RefResolver {
  byId(kind: ObjectKind, id: string | undefined): Ref | string | undefined;
  bySchemaId(schemaId: string | undefined): Ref | string | undefined;
  mappingVersion(mappingSetId: string, version: number): Ref | number;
}

/**
 * A resolver over three lookups (the planner's are fixed maps of the live state, apply's grow as
 * creates return ids): a live id, a Schema Registry `$id`, or a mapping set's current version.
 */
export function createRefResolver(lookup: {
  /** `kind:id` → address. */
  address(key: string): string | undefined;
  schemaAddress(schemaId: string): string | undefined;
  version(address: string): number | undefined;
}): RefResolver {
  return {
    byId: (kind, id) => {
      if (id === undefined) return undefined;
      const address = lookup.address(`${kind}:${id}`);
      return address === undefined ? id : ref(address);
    },
    bySchemaId: (id) => {
      if (id === undefined) return undefined;
      const address = lookup.schemaAddress(id);
      return address === undefined ? id : ref(address);
    },
    mappingVersion: (mappingSetId, version) => {
      const address = lookup.address(`mappingSet:${mappingSetId}`);
      if (address !== undefined && lookup.version(address) === version) return ref(address, "version");
      return version;
    },
  };
}

/** Resolves a reference to what a request body needs: an id, a Schema Registry `$id`, or a version. */
export interface KnownIds {
  resolve(ref: Ref): string | number;
}

export interface PatchInput<S> {
  /** The desired comparable spec. */
  spec: S;
  /** The live object's comparable spec (what the plan saw). */
  before: S;
  live: LiveObject;
  /** Top-level keys that differ (every key of the spec for an adoption). */
  changed: ReadonlySet<string>;
  adopt: boolean;
  /** The marker must be written even if nothing else changes (an adoption, a rename). */
  writeMarker: boolean;
  /** The marker the object carries after the write. */
  marker: Marker;
  /** Whether the mapping set this object points at moves to a new version (flows). */
  mappingMoves: boolean;
}

export interface BodyInput<S> {
  spec: S;
  marker: Marker;
  ids: KnownIds;
  /** Resolved credential params (connections); never logged. */
  credentials?: Readonly<Record<string, string>>;
}

/** What the live reader passes to listings that the sandbox narrows server-side. */
export interface ListScope {
  /** Flow specs whose flows can be aepsync's. */
  flowSpecIds: readonly string[];
}

/**
 * How the AEP store reaches a kind, described rather than coded so that kinds stay free of I/O:
 * src/aep/store.ts and src/aep/live.ts implement each service once for every kind on it.
 */
export type StoreSpec =
  | {
      service: "flowService";
      collection: "connections" | "sourceConnections" | "targetConnections" | "flows";
      /** `property` filters for the live listing. */
      listFilter?: (scope: ListScope) => string[];
      /** Whether the listing waits for the scope (the flow specs are looked up first). */
      scoped?: boolean;
    }
  | {
      service: "schemaRegistry";
      resource: "schemas" | "classes";
      /** Tenant resources of this kind that can be aepsync's (others are never listed). */
      keep?: (raw: Json) => boolean;
    }
  | { service: "descriptors" }
  | { service: "catalog"; properties: readonly string[] }
  | { service: "dataPrep" };

export interface KindDriver<S extends Json = Json> {
  readonly kind: ObjectKind;
  readonly rules: KindRules;
  /**
   * How an update is written: Flow Service checks the planned etag (`If-Match`); the other
   * services take no precondition, so the object is re-read and compared first. Data Prep
   * changes a mapping set by PUT (a new version), the others by JSON Patch.
   */
  readonly precondition: "etag" | "reread";
  readonly update: "patch" | "put";
  readonly store: StoreSpec;
  /** AEP's raw form as the planner sees it (id, etag, marker, name, whether it is still settling). */
  fromRaw(raw: Json): LiveObject;
  /**
   * The comparable spec of a live object: the shape the desired spec has, holding only what
   * aepsync owns. `want` (the desired spec, when there is one) says which optional fields the
   * manifests declare: what AEP or a person added beside them (system tags, defaults) is left out.
   */
  comparable(live: LiveObject, refs: RefResolver, want?: S): S;
  /** The live objects this one names as parts of the same manifest (a flow's connections and mapping set). */
  parts?(raw: Json): { part: string; kind: ObjectKind; id: string }[];
  /**
   * The object this one belongs to, as a part of its address, for objects that carry no marker
   * (an identity descriptor belongs to the schema it describes, `Schema/<name>/identity`).
   */
  partOf?(raw: Json): { kind: ObjectKind; id: string; part: string } | undefined;
  /** Changes inside patchable keys that AEP still refuses, as messages. */
  problems?(spec: S, before: S, live: LiveObject): string[];
  /** Reasons a change of patchable keys still needs a new object (a passed flow start time). */
  replaceReasons?(spec: S, before: S, nowMs: number): string[];
  /** What a change does to the data; "none" when the driver says nothing. */
  dataImpact?(action: Action, spec: S, before: S | undefined): DataImpact;
  /** What deleting the live object does to the data. */
  deleteImpact?(live: LiveObject): DataImpact;
  /** Why the API cannot delete this kind (the object is marked retired instead); undefined when it can. */
  readonly noDelete?: string;
  /** `kind:id` (or `kind:$id` for Schema Registry) of every object the live object points at (deletes wait for it). */
  references?(raw: Json): string[];
  /** The patch of an update or adoption, restricted to what AEP documents as patchable. */
  patchOps(input: PatchInput<S>): PatchOp[];
  /** The create body (and, for `update: "put"`, the body of the new version). */
  body(input: BodyInput<S>): Json;
}

/** Registers a typed driver among the others (the one place a spec type meets plain JSON). */
export function defineDriver<S extends Json>(driver: KindDriver<S>): KindDriver {
  return driver;
}

/**
 * The JSON Patch op that sets a member: `replace` needs the member to exist (RFC 6902 §4.3), so an
 * object made without one (a description-less flow from the AEP UI) gets `add`, which sets it either way.
 */
/** The description with the marker at its end, as a patch op (`add` when AEP holds none yet). */
export function markedDescriptionOp(raw: Json, description: string, marker: Marker): PatchOp {
  return { op: setOp(raw, "description"), path: "/description", value: withMarker(description, marker) };
}

export function setOp(raw: Json, key: string): "add" | "replace" {
  return key in raw ? "replace" : "add";
}

export function obj(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** AEP echoes numbers as strings ("interval":"15", "startTime":"1612310466"): compare them as values. */
export function looseNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export function looseBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** Epoch number from AEP's numbers, numeric strings, or ISO dates; 0 when absent. */
export function epochOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value !== "" && Number.isFinite(Number(value))) return Number(value);
  if (typeof value === "string") {
    const t = Date.parse(value);
    if (Number.isFinite(t)) return t;
  }
  return 0;
}

/** The `$id` a schema reference resolves to. */
export function schemaIdOf(value: unknown, ids: KnownIds): string {
  const resolved = isRef(value) ? ids.resolve(value) : value;
  if (typeof resolved !== "string") throw new InternalError("schema reference did not resolve to a $id");
  return resolved;
}
