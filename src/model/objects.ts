/**
 * The AEP objects aepsync manages, as the planner and apply see them: desired (from manifests)
 * and live (read from the sandbox). Comparable specs hold references to other managed objects as
 * addresses (`{ $ref }`), so that a plan is about names, not ids.
 */
import type { Marker } from "./marker.ts";

/** The AEP objects aepsync manages, in dependency order. */
export const ObjectKinds = [
  "connection",
  "class",
  "schema",
  "identity",
  "dataset",
  "sourceConnection",
  "targetConnection",
  "mappingSet",
  "flow",
] as const;
export type ObjectKind = (typeof ObjectKinds)[number];

/** Where a desired object was declared, for messages and PR annotations. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface DesiredObject<S extends object = Record<string, unknown>> {
  address: string;
  kind: ObjectKind;
  /** `Connection/x`, `Pipeline/y`: the manifest that declares it. */
  owner: string;
  /** AEP display name (without marker). */
  name: string;
  /** Comparable desired state; its shape per kind is the kind driver's (src/kinds/). */
  spec: S;
  dependsOn: string[];
  declaredAt?: SourceLocation;
  /** The address the object had before its manifest was renamed (`metadata.renamedFrom`). */
  renamedFrom?: string;
  /** Resolved credential params (connections only). Never rendered, logged or digested. */
  credentials?: Record<string, string>;
  /** HMAC fingerprint of {connectionSpec, specName, params} (connections only). */
  fingerprint?: string;
  /**
   * Spec keys this run cannot know (a fingerprint of secrets it was not given): they are taken
   * from the live object, so they never show as a change, and the plan says what was not checked.
   */
  unknownKeys?: string[];
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
  /** Data Prep version (mapping sets). */
  version?: number;
  /** Schemas: whether a dataset is built on it (AEP then allows only additive changes). */
  inUse?: boolean;
  /** AEP is still working on it (an asynchronous operation): the state it is in (`enabling`, `initializing`, …). */
  settling?: string;
  /** AEP is finalizing its delete: it is going away and is neither current nor to delete. */
  deleting?: boolean;
}

export interface LiveState {
  sandbox: string;
  objects: LiveObject[];
}
