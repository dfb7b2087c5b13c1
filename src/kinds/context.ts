/**
 * What the drivers' desired builders get: one manifest with its references already resolved, a
 * way to report what cannot be resolved, and the facts that come from outside the manifests.
 */
import type { ConnectorInfo } from "../data/connectors.ts";
import type { ManifestByKind } from "../manifest/model.ts";
import type { ManifestKind } from "../model/address.ts";
import type { SourceLocation } from "../model/objects.ts";
import type { Ref } from "../model/ref.ts";

export interface FlowSpecChoice {
  id: string;
  name: string;
  version: string;
  /** Whether the flow spec has a Copy transformation (deltaColumn). */
  copy: boolean;
}

export interface DesiredContext {
  /** HMAC fingerprint of the canonical connection credentials (docs/architecture.md, "Secrets"). */
  fingerprint(canonical: string): string;
  /** The flow spec that moves a source of this connection spec into the data lake. */
  flowSpecFor(connectionSpecId: string): FlowSpecChoice | undefined;
}

/** One manifest of kind K, references resolved, with where its nodes are. */
export interface ManifestView<K extends ManifestKind = ManifestKind> {
  name: string;
  owner: string;
  manifest: ManifestByKind[K];
  /** Where a JSON Pointer of the manifest is declared. */
  at(pointer: string): SourceLocation;
  /** Records a problem that stops the plan (nothing is guessed). */
  problem(message: string, pointer: string): void;
}

/** The manifests a pipeline's parts refer to, by metadata.name (references resolved). */
export interface Declared {
  connections: ReadonlyMap<string, ManifestByKind["Connection"]>;
  datasets: ReadonlyMap<string, ManifestByKind["Dataset"]>;
  schemas: ReadonlyMap<string, ManifestByKind["Schema"]>;
}

/** What every part of one pipeline is built from: its manifest and what it refers to, resolved. */
export interface PipelineContext {
  view: ManifestView<"Pipeline">;
  connectionSpecId: string;
  /** The catalog entry of the connection's connector, when it is in the catalog. */
  connector: ConnectorInfo | undefined;
  flowSpec: FlowSpecChoice;
  /** The dataset's schema: a reference to a Schema manifest or a literal `$id`. */
  outputSchema: string | Ref;
  addresses: { source: string; target: string; mapping: string; flow: string };
}
