/**
 * AEP names of manifests' objects; the addresses themselves are src/model/address.ts.
 */
import type { Manifest } from "../schema/index.ts";
import { addressOf } from "../model/address.ts";
import type { AddressPart } from "../model/address.ts";

export { addressOf, adhocSchemaParts, parseAddress, pipelineParts } from "../model/address.ts";
export type { AddressPart, AdhocSchemaPart, ParsedAddress, PipelinePart } from "../model/address.ts";

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
