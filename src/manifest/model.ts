/** The loaded, schema-valid manifests and configuration that validate hands to the planner. */
import type {
  AepsyncConfig,
  ConnectionManifest,
  DatasetManifest,
  PipelineManifest,
  SchemaManifest,
} from "../schema/index.ts";
import type { Position } from "./diagnostic.ts";

export { manifestKinds as kinds } from "../model/address.ts";
export type { ManifestKind as Kind } from "../model/address.ts";
import type { ManifestKind as Kind } from "../model/address.ts";

export interface ManifestByKind {
  Connection: ConnectionManifest;
  Schema: SchemaManifest;
  Dataset: DatasetManifest;
  Pipeline: PipelineManifest;
}

export interface LoadedManifestOf<K extends Kind> {
  kind: K;
  name: string;
  file: string;
  docIndex: number;
  manifest: ManifestByKind[K];
  /** Line and column of the node at a JSON Pointer (or of its closest existing ancestor). */
  locate: (pointer: string) => Position;
}

/** A schema-valid manifest; without a type argument, a union that narrows on `kind`. */
export type LoadedManifest<K extends Kind = Kind> = K extends Kind ? LoadedManifestOf<K> : never;

/** aepsync.yaml with `namespace` defaulted. */
export type ResolvedConfig = AepsyncConfig & { namespace: string };

export interface LoadedConfig {
  /** Display path of aepsync.yaml, undefined when there is none (defaults apply). */
  file: string | undefined;
  config: ResolvedConfig;
  locate: (pointer: string) => Position;
}

export const DEFAULT_NAMESPACE = "default";
