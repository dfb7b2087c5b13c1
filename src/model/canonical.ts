/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization, for digests that are the same on any
 * machine: object keys sorted by UTF-16 code units, no whitespace, ECMAScript number and string
 * serialization (which is what JCS specifies). `undefined` members are dropped, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join("");
}

// One parts array for the whole value: digests of thousands of changes are a hot path of plan.
function write(value: unknown, parts: string[]): void {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    parts.push(JSON.stringify(value));
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
    parts.push(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    parts.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(",");
      const item: unknown = value[i];
      write(item === undefined ? null : item, parts);
    }
    parts.push("]");
    return;
  }
  if (typeof value === "object") {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    parts.push("{");
    let first = true;
    for (const key of keys) {
      const member = object[key];
      if (member === undefined) continue;
      if (!first) parts.push(",");
      first = false;
      parts.push(JSON.stringify(key), ":");
      write(member, parts);
    }
    parts.push("}");
    return;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
}

/** Structural equality of JSON values (object key order ignored, `undefined` members absent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => jsonEqual(v, other[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const aKeys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bKeys = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((k) => jsonEqual(ao[k], bo[k]));
}
