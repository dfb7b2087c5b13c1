/**
 * AEP resources as the APIs return them (vendor/openapi/, and the guides docs/aep-notes.md cites).
 * Nothing semantic is normalized here: numbers AEP returns as strings (`"interval":"15"`,
 * `"mappingVersion":"0"`, `"startTime":"1612310466"`) stay strings, and the planner compares them
 * numerically. Etags are kept exactly as returned, inner quotes included, because `If-Match` must
 * echo them verbatim. Every type is open (`[key: string]: unknown`): AEP adds fields, and the
 * planner strips the server-managed ones itself.
 */

export interface SpecRef {
  id: string;
  version?: string | undefined;
  [key: string]: unknown;
}

/** Fields every Flow Service instance resource carries. */
export interface FlowServiceResource {
  id: string;
  /** Quoted: `"\"7e05b480-0000-0200-0000-638e84a00000\""`. */
  etag: string;
  name?: string;
  description?: string;
  state?: string;
  createdAt?: number;
  updatedAt?: number;
  createdBy?: string;
  updatedBy?: string;
  createdClient?: string;
  updatedClient?: string;
  sandboxId?: string;
  sandboxName?: string;
  imsOrgId?: string;
  version?: string;
  [key: string]: unknown;
}

export interface Connection extends FlowServiceResource {
  connectionSpec: SpecRef;
  /** Credentials come back masked or partial on read. */
  auth?: { specName?: string; params?: Record<string, unknown>; [key: string]: unknown };
}

export interface SourceConnection extends FlowServiceResource {
  baseConnectionId?: string;
  connectionSpec: SpecRef;
  data?: { format?: string; schema?: SpecRef; [key: string]: unknown };
  params?: Record<string, unknown>;
}

export interface TargetConnection extends FlowServiceResource {
  baseConnectionId?: string;
  connectionSpec: SpecRef;
  data?: { format?: string; schema?: SpecRef; [key: string]: unknown };
  params?: { dataSetId?: string; [key: string]: unknown };
}

export interface FlowTransformation {
  name: string;
  params?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Flow extends FlowServiceResource {
  flowSpec: SpecRef;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  transformations?: FlowTransformation[];
  /** Values as AEP returns them, strings included (`"interval":"15"`). */
  scheduleParams?: Record<string, unknown>;
  lastOperation?: Record<string, unknown>;
  inheritedAttributes?: Record<string, unknown>;
}

export interface FlowSpec {
  id: string;
  name: string;
  providerId?: string;
  version?: string;
  sourceConnectionSpecIds?: string[];
  targetConnectionSpecIds?: string[];
  attributes?: Record<string, unknown>;
  transformationSpec?: unknown[];
  scheduleSpec?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ConnectionSpec {
  id: string;
  name: string;
  providerId?: string;
  version?: string;
  authSpec?: { name: string; spec?: unknown; [key: string]: unknown }[];
  sourceSpec?: Record<string, unknown>;
  targetSpec?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What a Flow Service create or update returns. */
export interface Versioned {
  id: string;
  etag: string;
}

export interface PatchOp {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

export type SchemaContainer = "tenant" | "global";
export type SchemaKind = "schemas" | "classes" | "fieldgroups";

/** A Schema Registry resource (schema, class or field group); summaries carry only the first four fields. */
export interface SchemaResource {
  $id: string;
  "meta:altId"?: string;
  version?: string;
  title?: string;
  description?: string;
  type?: string;
  allOf?: unknown[];
  "meta:class"?: string;
  "meta:extends"?: string[];
  "meta:containerId"?: string;
  "meta:resourceType"?: string;
  "meta:intendedToExtend"?: string[];
  [key: string]: unknown;
}

export interface DataSet {
  /** The key of Catalog's id-keyed answer, copied in. */
  id: string;
  name?: string;
  description?: string;
  tags?: Record<string, string[]>;
  schemaRef?: { id: string; contentType?: string; [key: string]: unknown };
  version?: string;
  created?: number;
  updated?: number;
  [key: string]: unknown;
}

export interface MappingSet {
  /** 32 hex digits, no dashes. */
  id: string;
  /** A number in the documented answers; kept as returned. */
  version: number | string;
  name?: string;
  tags?: unknown;
  outputSchema?: Record<string, unknown>;
  inputSchema?: Record<string, unknown>;
  mappings?: Record<string, unknown>[];
  status?: string;
  createdDate?: number;
  modifiedDate?: number;
  [key: string]: unknown;
}
