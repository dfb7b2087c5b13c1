/**
 * Addresses (docs/architecture.md, "Identity"): `<Kind>/<name>` for Connection, Schema, Dataset;
 * `Pipeline/<name>/<part>` for the objects a pipeline owns; `Schema/<name>/class` for the class of
 * an ad-hoc schema. Addresses key markers, plans and comments.
 */
import { InternalError } from "../errors.ts";
import type { ObjectKind } from "./objects.ts";

export const manifestKinds = ["Connection", "Schema", "Dataset", "Pipeline"] as const;
export type ManifestKind = (typeof manifestKinds)[number];

export const pipelineParts = ["source", "target", "mapping", "flow", "class", "schema"] as const;
export type PipelinePart = (typeof pipelineParts)[number];
export const adhocSchemaParts = ["class", "schema", "identity"] as const;
export type AdhocSchemaPart = (typeof adhocSchemaParts)[number];
export type AddressPart = PipelinePart | AdhocSchemaPart;

export interface ParsedAddress {
  kind: ManifestKind;
  name: string;
  part?: AddressPart;
}

function partsOf(kind: ManifestKind): readonly string[] {
  if (kind === "Pipeline") return pipelineParts;
  if (kind === "Schema") return adhocSchemaParts;
  return [];
}

/** `Connection/hubspot-prod`, `Pipeline/hubspot-contacts/flow`; throws InternalError on a part the kind does not have. */
export function addressOf(kind: ManifestKind, name: string, part?: AddressPart): string {
  if (part === undefined) return `${kind}/${name}`;
  if (!partsOf(kind).includes(part)) throw new InternalError(`${kind} has no address part '${part}'`);
  return `${kind}/${name}/${part}`;
}

/** The inverse of addressOf; undefined for anything that is not an address. */
export function parseAddress(address: string): ParsedAddress | undefined {
  const [kind, name, part, ...rest] = address.split("/");
  if (rest.length > 0 || kind === undefined || name === undefined || name === "") return undefined;
  if (!(manifestKinds as readonly string[]).includes(kind)) return undefined;
  if (part === undefined) return { kind: kind as ManifestKind, name };
  if (!partsOf(kind as ManifestKind).includes(part)) return undefined;
  return { kind: kind as ManifestKind, name, part: part as AddressPart };
}

/** The manifest-level owner of an address: `Pipeline/x/flow` → `Pipeline/x`. */
export function ownerOf(address: string): string {
  return address.split("/").slice(0, 2).join("/");
}

const pipelinePartKinds: Partial<Record<string, ObjectKind>> = {
  source: "sourceConnection",
  target: "targetConnection",
  mapping: "mappingSet",
  flow: "flow",
};

/** The object kind an address names, or undefined when it names none. */
export function objectKindOf(address: string): ObjectKind | undefined {
  const [top, , part] = address.split("/");
  if (top === "Connection") return "connection";
  if (top === "Dataset") return "dataset";
  if (top === "Schema") return part === "class" ? "class" : part === "identity" ? "identity" : "schema";
  if (top === "Pipeline") return part === undefined ? undefined : pipelinePartKinds[part];
  return undefined;
}
