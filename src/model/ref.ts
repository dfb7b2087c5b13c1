/** References between managed objects by address: what a comparable spec holds instead of an id. */
import { parseAddress } from "./address.ts";

/** A reference to another managed object by address; `field` picks what is referenced (default its id). */
export interface Ref {
  $ref: string;
  field?: "id" | "version";
}

/**
 * Whether a value is a reference to a managed object. A JSON Schema `{ "$ref": "https://…" }` (a
 * field group added to a schema) has the same shape but names no address: it is a value.
 */
export function isRef(value: unknown): value is Ref {
  if (typeof value !== "object" || value === null) return false;
  const target = (value as { $ref?: unknown }).$ref;
  return (
    typeof target === "string" &&
    Object.keys(value).every((k) => k === "$ref" || k === "field") &&
    parseAddress(target) !== undefined
  );
}

export function ref(address: string, field?: Ref["field"]): Ref {
  return field === undefined ? { $ref: address } : { $ref: address, field };
}
