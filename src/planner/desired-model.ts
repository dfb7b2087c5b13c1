/**
 * Desired and live objects as the planner sees them: comparable specs in which references to
 * other managed objects are addresses (`{ $ref }`), so that a plan is about names, not ids.
 */
import type { Marker } from "./marker.ts";
import type { ObjectKind, SourceLocation } from "./model.ts";

/** A reference to another managed object by address; `field` picks what is referenced (default its id). */
export interface Ref {
  $ref: string;
  field?: "id" | "version";
}

export function isRef(value: unknown): value is Ref {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { $ref?: unknown }).$ref === "string" &&
    Object.keys(value).every((k) => k === "$ref" || k === "field")
  );
}

export function ref(address: string, field?: Ref["field"]): Ref {
  return field === undefined ? { $ref: address } : { $ref: address, field };
}

export interface DesiredObject {
  address: string;
  kind: ObjectKind;
  /** `Connection/x`, `Pipeline/y`: the manifest that declares it. */
  owner: string;
  /** AEP display name (without marker). */
  name: string;
  /** Comparable desired state; its shape per kind is in kinds.ts. */
  spec: Record<string, unknown>;
  dependsOn: string[];
  declaredAt?: SourceLocation;
  /** Resolved credential params (connections only). Never rendered, logged or digested. */
  credentials?: Record<string, string>;
  /** HMAC fingerprint of {connectionSpec, specName, params} (connections only). */
  fingerprint?: string;
}

export interface LiveObject {
  kind: ObjectKind;
  id: string;
  /** Flow Service etag (If-Match); undefined for the other services. */
  etag?: string;
  marker?: Marker;
  /** AEP display name without marker (title for schemas and classes). */
  name: string;
  createdAt: number;
  /** The object as AEP returned it (credentials already masked by AEP). */
  raw: Record<string, unknown>;
  /** Schema Registry `$id` (schemas, classes), for references from datasets and connections. */
  schemaId?: string;
  /** Schemas: whether a dataset is built on it (AEP then allows only additive changes). */
  inUse?: boolean;
}

export interface LiveState {
  sandbox: string;
  tenantId: string;
  objects: LiveObject[];
  /** Current version of each mapping set by id (Data Prep versions). */
  mappingVersions: Record<string, number>;
}
