/**
 * Addresses and AEP names (DESIGN.md §3): `<Kind>/<name>` for Connection, Schema, Dataset;
 * `Pipeline/<name>/<part>` for the objects a pipeline owns; `Schema/<name>/class|schema` for the
 * two AEP objects of an ad-hoc schema. Addresses key markers, plans and comments.
 */
import { InternalError } from "../errors.ts";
import type { Manifest } from "../schema/index.ts";
import { kinds, type Kind } from "./model.ts";

export const pipelineParts = ["source", "target", "mapping", "flow", "class", "schema"] as const;
export type PipelinePart = (typeof pipelineParts)[number];
export const adhocSchemaParts = ["class", "schema"] as const;
export type AdhocSchemaPart = (typeof adhocSchemaParts)[number];
export type AddressPart = PipelinePart | AdhocSchemaPart;

export interface ParsedAddress {
  kind: Kind;
  name: string;
  part?: AddressPart;
}

function partsOf(kind: Kind): readonly string[] {
  if (kind === "Pipeline") return pipelineParts;
  if (kind === "Schema") return adhocSchemaParts;
  return [];
}

/** `Connection/hubspot-prod`, `Pipeline/hubspot-contacts/flow`; throws InternalError on a part the kind does not have. */
export function addressOf(kind: Kind, name: string, part?: AddressPart): string {
  if (part === undefined) return `${kind}/${name}`;
  if (!partsOf(kind).includes(part)) throw new InternalError(`${kind} has no address part '${part}'`);
  return `${kind}/${name}/${part}`;
}

/** The inverse of addressOf; undefined for anything that is not an address. */
export function parseAddress(address: string): ParsedAddress | undefined {
  const [kind, name, part, ...rest] = address.split("/");
  if (rest.length > 0 || kind === undefined || name === undefined || name === "") return undefined;
  if (!(kinds as readonly string[]).includes(kind)) return undefined;
  if (part === undefined) return { kind: kind as Kind, name };
  if (!partsOf(kind as Kind).includes(part)) return undefined;
  return { kind: kind as Kind, name, part: part as AddressPart };
}

/**
 * The name an object gets in AEP: the manifest's display name where it has one (Dataset
 * `spec.name`, Schema `spec.title`), else derived from the address (`hubspot-contacts-flow`).
 * An ad-hoc schema's class is derived (`<name>-class`) so that it never clashes with the schema's title.
 */
export function aepNameOf(manifest: Manifest, part?: AddressPart): string {
  const name = manifest.metadata.name;
  // Validates the part for the kind, so that a typo fails loudly here and not in AEP.
  addressOf(manifest.kind, name, part);
  switch (manifest.kind) {
    case "Dataset":
      return manifest.spec.name;
    case "Schema":
      return part === "class" ? `${name}-class` : manifest.spec.title;
    case "Connection":
      return name;
    case "Pipeline":
      return part === undefined ? name : `${name}-${part}`;
  }
}
