/**
 * Ownership markers (docs/architecture.md, "Identity"): `[aepsync:v1 ns=<namespace> a=<address> g=<generation>]`,
 * plus ` fp=<fingerprint>` on connections and ` retired` on mapping sets of pruned pipelines.
 * They live at the end of descriptions (Flow Service, Schema Registry), in mapping-set names,
 * and in a dataset's Catalog tags, and are how aepsync finds its objects without a state file.
 */
export interface Marker {
  namespace: string;
  address: string;
  generation: number;
  fingerprint?: string;
  retired?: boolean;
}

const MARKER_RE =
  /\s*\[aepsync:v1 ns=([a-z0-9][a-z0-9-]*) a=([A-Za-z]+\/[a-z0-9-]+(?:\/[a-zA-Z]+)?) g=(\d+)(?: fp=([A-Za-z0-9_-]+))?( retired)?\]\s*$/;

export function formatMarker(marker: Marker): string {
  const fp = marker.fingerprint === undefined ? "" : ` fp=${marker.fingerprint}`;
  const retired = marker.retired === true ? " retired" : "";
  return `[aepsync:v1 ns=${marker.namespace} a=${marker.address} g=${marker.generation}${fp}${retired}]`;
}

/** Reads the marker at the end of a description or name; undefined when there is none. */
export function parseMarker(text: string | undefined | null): Marker | undefined {
  if (typeof text !== "string") return undefined;
  const m = MARKER_RE.exec(text);
  if (m === null) return undefined;
  const marker: Marker = { namespace: m[1]!, address: m[2]!, generation: Number(m[3]) };
  if (m[4] !== undefined) marker.fingerprint = m[4];
  if (m[5] !== undefined) marker.retired = true;
  return marker;
}

/** The text without its marker (what the user wrote). */
export function stripMarker(text: string | undefined | null): string {
  if (typeof text !== "string") return "";
  return text.replace(MARKER_RE, "");
}

/** Appends a marker to a description or name, separated by a space when there is text. */
export function withMarker(text: string | undefined, marker: Marker): string {
  const base = stripMarker(text ?? "");
  return base === "" ? formatMarker(marker) : `${base} ${formatMarker(marker)}`;
}

/** Catalog tag key that carries a dataset's marker (Catalog reserves only `adobe*` and the profile tags). */
export const MARKER_TAG = "aepsync";

export function markerFor(
  namespace: string,
  address: string,
  generation: number,
  fingerprint?: string,
): Marker {
  const marker: Marker = { namespace, address, generation };
  if (fingerprint !== undefined) marker.fingerprint = fingerprint;
  return marker;
}
