/** What `aepsync export` takes in and gives back (the pure part: no I/O). */
import type { LiveState } from "../model/objects.ts";

export type Json = Record<string, unknown>;

export interface ExportInput {
  /** The sandbox as the live reader lists it (every flow, unfiltered). */
  live: LiveState;
  /** This repository's namespace: flows that carry its marker are managed already. */
  namespace: string;
  /** Only these flow ids (`--flow`); every unmanaged flow when absent or empty. */
  flowIds?: readonly string[];
  /** Path of specs/manifest.schema.json relative to the output folder (the editor comment). */
  schemaPath: string;
  /** What the engine looked up beyond the listing (the needs of an earlier call). */
  lookups: ExportLookups;
}

export interface ExportLookups {
  /** `<id>@<version>` → the mapping set at the version a flow uses; null when AEP has none. */
  mappingSets: ReadonlyMap<string, Json | null>;
  /** Connection specs of connectors outside aepsync's catalog, by id; null when AEP has none. */
  connectionSpecs: ReadonlyMap<string, Json | null>;
  /** Connection spec id outside the catalog → id of the flow spec plan would pick for it; null: none. */
  flowSpecs: ReadonlyMap<string, string | null>;
  /** Schema Registry resources (schemas, classes) the listing did not hold, by `$id`; null: none. */
  resources: ReadonlyMap<string, Json | null>;
}

/** Lookups the export still needs: the engine fetches them and calls again. */
export interface ExportNeeds {
  mappingSets: { id: string; version: number }[];
  connectionSpecs: string[];
  flowSpecs: string[];
  /** `$id`s of schemas and classes. */
  resources: { kind: "schemas" | "classes"; id: string }[];
}

export interface ExportFile {
  /** Relative to the output folder. */
  path: string;
  text: string;
}

/** A variable the user sets before plan/apply: the reference an auth param was exported as. */
export interface ExportVariable {
  name: string;
  scheme: "env" | "secret";
  /** metadata.name of the Connection and the auth param. */
  connection: string;
  param: string;
  /** A non-secret value AEP returned in clear (never set for a secret). */
  shown?: string;
}

export interface ExportedPipeline {
  name: string;
  flowId: string;
  file: string;
}

export interface ExportResult {
  files: ExportFile[];
  pipelines: ExportedPipeline[];
  variables: ExportVariable[];
  /** What was skipped or left out, for a person (also written as `# not managed:` comments). */
  warnings: string[];
  /** `--flow` ids the sandbox does not have. */
  missingFlows: string[];
  /** Flows skipped because this namespace manages them already. */
  managedFlows: number;
}

export type ExportOutcome = { kind: "needs"; needs: ExportNeeds } | { kind: "done"; result: ExportResult };

export function emptyLookups(): ExportLookups {
  return { mappingSets: new Map(), connectionSpecs: new Map(), flowSpecs: new Map(), resources: new Map() };
}

export function mappingKey(id: string, version: number): string {
  return `${id}@${version}`;
}
