/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization, for digests that are the same on any
 * machine: object keys sorted by UTF-16 code units, no whitespace, ECMAScript number and string
 * serialization (which is what JCS specifies). `undefined` members are dropped, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  const writer = new CanonicalWriter(undefined);
  writer.write(value);
  return writer.finish().join("");
}

/**
 * The canonical JSON of `value` as pieces whose concatenation is `canonicalJson(value)`. Where
 * `known` gives the canonical text of an object or array met on the way, that text is one piece
 * as it is (shared, never copied or re-serialized): a digest over thousands of objects then
 * serializes each shared value once and hashes the pieces without building one big string.
 */
export function canonicalPieces(value: unknown, known: (value: object) => string | undefined): string[] {
  const writer = new CanonicalWriter(known);
  writer.write(value);
  return writer.finish();
}

// Strings that JSON.stringify would change besides quoting them hold a character outside these
// ranges: a control character, a quote, a backslash or a surrogate (a lone one is escaped).
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\ud7ff\ue000-\uffff]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

// Member names repeat across thousands of objects of one kind: `{"name":` (the first member)
// and `,"name":` are made once each (bounded, so a long-lived process planning arbitrary
// documents does not grow them without end).
const firstMembers = new Map<string, string>();
const nextMembers = new Map<string, string>();
const MEMBER_CACHE_MAX = 4096;

function memberPrefix(key: string, first: boolean): string {
  const cache = first ? firstMembers : nextMembers;
  let prefix = cache.get(key);
  if (prefix === undefined) {
    prefix = `${first ? "{" : ","}${quote(key)}:`;
    if (cache.size < MEMBER_CACHE_MAX) cache.set(key, prefix);
  }
  return prefix;
}

/**
 * Sorts in place by UTF-16 code units (what `<` compares, and RFC 8785's order). An insertion
 * sort: objects have a handful of members, and Array.prototype.sort copies the array first.
 */
function sortKeys(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * A text built by appending is a tree of the appended parts in V8 (a rope); reading one character
 * flattens it into one piece of memory in place, so hashing it again and again (a spec's text
 * serves several digests) copies it instead of walking thousands of parts each time.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/**
 * One string builder for the whole value (appended to, never an array of parts to join), cut into
 * pieces only where a known text is spliced in. Digests of thousands of changes are a hot path of plan.
 */
class CanonicalWriter {
  private text = "";
  private readonly pieces: string[] = [];
  private readonly known: ((value: object) => string | undefined) | undefined;

  constructor(known: ((value: object) => string | undefined) | undefined) {
    this.known = known;
  }

  finish(): string[] {
    if (this.text !== "" || this.pieces.length === 0) this.pieces.push(flat(this.text));
    this.text = "";
    return this.pieces;
  }

  write(value: unknown): void {
    switch (typeof value) {
      case "string":
        this.text += quote(value);
        return;
      case "boolean":
        this.text += value ? "true" : "false";
        return;
      case "number":
        if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
        this.text += JSON.stringify(value);
        return;
      case "object":
        if (value === null) {
          this.text += "null";
          return;
        }
        if (this.known !== undefined) {
          const text = this.known(value);
          if (text !== undefined) {
            if (this.text !== "") this.pieces.push(flat(this.text));
            this.pieces.push(text);
            this.text = "";
            return;
          }
        }
        if (Array.isArray(value)) this.writeArray(value as unknown[]);
        else this.writeObject(value as Record<string, unknown>);
        return;
      case "undefined":
      case "bigint":
      case "function":
      case "symbol":
        throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
    }
  }

  private writeArray(array: readonly unknown[]): void {
    this.text += "[";
    for (let i = 0; i < array.length; i++) {
      if (i > 0) this.text += ",";
      const item = array[i];
      if (item === undefined) this.text += "null";
      else this.write(item);
    }
    this.text += "]";
  }

  private writeObject(object: Record<string, unknown>): void {
    const keys = sortKeys(Object.keys(object));
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const member = object[key];
      if (member === undefined) continue;
      this.text += memberPrefix(key, first);
      first = false;
      this.write(member);
    }
    this.text += first ? "{}" : "}";
  }
}

/** Structural equality of JSON values (object key order ignored, `undefined` members absent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const key in ao) {
    if (!Object.hasOwn(ao, key) || ao[key] === undefined) continue;
    defined++;
    if (!Object.hasOwn(bo, key) || !jsonEqual(ao[key], bo[key])) return false;
  }
  for (const key in bo) if (Object.hasOwn(bo, key) && bo[key] !== undefined) defined--;
  return defined === 0;
}
