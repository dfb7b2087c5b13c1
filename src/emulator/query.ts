/**
 * What list endpoints share: `property` filters, sorting, sorted views cached per collection
 * revision (so paging through 10,000 objects sorts once, not once per page) and opaque tokens.
 */
import { isObj, type Obj } from "./json.ts";
import { compileLinearRegex, type LinearRegex } from "./linear-regex.ts";

export type FilterOperator = "==" | "!=" | ">" | "<" | ">=" | "<=" | "~" | "exists" | "absent";

export interface PropertyFilter {
  path: string;
  operator: FilterOperator;
  values: string[];
  /** The compiled pattern of a `~` filter (compilePattern). */
  regex?: LinearRegex;
}

/**
 * Compiles a `~` filter's pattern with the linear-time engine: a user's pattern never runs on
 * JavaScript's backtracking one. Throws RegexSyntaxError for a pattern it refuses.
 */
export function compilePattern(filter: PropertyFilter): PropertyFilter {
  if (filter.operator !== "~") return filter;
  return { ...filter, regex: compileLinearRegex(filter.values[0] ?? "") };
}

const OPERATOR = /^([^=!<>~]+?)(==|!=|>=|<=|>|<|~)(.*)$/s;

/** Parses `path<op>value[,value…]`, `path` (exists) or `!path` (absent); undefined when malformed. */
export function parsePropertyFilter(raw: string, commaOr: boolean): PropertyFilter | undefined {
  const text = raw.trim();
  const absent = /^!([^=!<>~]+)$/.exec(text);
  if (absent?.[1] !== undefined) return { path: absent[1].trim(), operator: "absent", values: [] };
  if (/^[^=!<>~]+$/.test(text)) return { path: text, operator: "exists", values: [] };
  const match = OPERATOR.exec(text);
  if (match == null) return undefined;
  const [, path = "", operator = "", value = ""] = match;
  const values = commaOr ? splitValues(value) : [unquote(value.trim())];
  return { path: path.trim(), operator: operator as FilterOperator, values };
}

/** Comma-separated values, commas inside double quotes kept; surrounding quotes removed. */
function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === "," && !quoted) {
      values.push(unquote(current.trim()));
      current = "";
    } else {
      current += char;
    }
  }
  values.push(unquote(current.trim()));
  return values;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Leaf values at a dotted path; arrays are searched element by element (`ids[]` and `ids` alike). */
export function valuesAt(item: unknown, path: string): unknown[] {
  let current: unknown[] = [item];
  for (const rawSegment of path.split(".")) {
    const segment = rawSegment.endsWith("[]") ? rawSegment.slice(0, -2) : rawSegment;
    const next: unknown[] = [];
    for (const value of current) {
      if (!isObj(value) || !Object.hasOwn(value, segment)) continue;
      const child = value[segment];
      if (Array.isArray(child)) next.push(...(child as unknown[]));
      else next.push(child);
    }
    current = next;
  }
  return current.filter((v) => v !== undefined);
}

export function matchesFilter(item: unknown, filter: PropertyFilter): boolean {
  const found = valuesAt(item, filter.path);
  switch (filter.operator) {
    case "exists":
      return found.some((v) => v != null);
    case "absent":
      return !found.some((v) => v != null);
    case "==":
      return found.some((v) => filter.values.some((x) => equalsText(v, x)));
    case "!=":
      return !found.some((v) => filter.values.some((x) => equalsText(v, x)));
    case "~": {
      const regex = filter.regex ?? compileLinearRegex(filter.values[0] ?? "");
      return found.some((v) => regex.test(textOf(v)));
    }
    case ">":
      return found.some((v) => filter.values.some((x) => compareToText(v, x) > 0));
    case "<":
      return found.some((v) => filter.values.some((x) => compareToText(v, x) < 0));
    case ">=":
      return found.some((v) => filter.values.some((x) => compareToText(v, x) >= 0));
    case "<=":
      return found.some((v) => filter.values.some((x) => compareToText(v, x) <= 0));
  }
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Query values are text; stored numbers and booleans match their text form (`interval==15`). */
function equalsText(value: unknown, text: string): boolean {
  if (typeof value === "string") return value === text;
  if (typeof value === "number") return text.trim() !== "" && value === Number(text);
  return textOf(value) === text;
}

function compareToText(value: unknown, text: string): number {
  const number = Number(text);
  if (typeof value === "number" && text.trim() !== "" && Number.isFinite(number)) return value - number;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(number)) {
    return Number(value) - number;
  }
  const a = textOf(value);
  return a < text ? -1 : a > text ? 1 : 0;
}

/** A sort key element: a primitive, or null (missing values sort last). */
export type KeyPart = string | number | boolean | null;

export function sortValue(item: unknown, path: string): KeyPart {
  const value = valuesAt(item, path)[0];
  if (value === undefined || value == null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

const typeRank = (v: KeyPart): number =>
  typeof v === "number" ? 0 : typeof v === "string" ? 1 : typeof v === "boolean" ? 2 : 3;

export function compareParts(a: KeyPart, b: KeyPart): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (a == null || b == null) return 0;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Compares key tuples part by part; `descending[i]` reverses part i (missing values stay last). */
export function compareKeys(
  a: readonly KeyPart[],
  b: readonly KeyPart[],
  descending: readonly boolean[],
): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    let c = compareParts(x, y);
    if (descending[i] === true && x != null && y != null) c = -c;
    if (c !== 0) return c;
  }
  return 0;
}

export interface View {
  readonly items: readonly Obj[];
  readonly keys: readonly (readonly KeyPart[])[];
  readonly descending: readonly boolean[];
}

export function buildView(
  items: Iterable<Obj>,
  keep: (item: Obj) => boolean,
  keyOf: (item: Obj) => KeyPart[],
  descending: readonly boolean[],
): View {
  const decorated: { item: Obj; key: KeyPart[] }[] = [];
  for (const item of items) if (keep(item)) decorated.push({ item, key: keyOf(item) });
  decorated.sort((x, y) => compareKeys(x.key, y.key, descending));
  return { items: decorated.map((d) => d.item), keys: decorated.map((d) => d.key), descending };
}

/** Index of the first item after `key` in a view: continuation by position in the order, not an offset. */
export function indexAfter(view: View, key: readonly KeyPart[]): number {
  let lo = 0;
  let hi = view.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(view.keys[mid] ?? [], key, view.descending) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const MAX_VIEWS = 32;

/** Sorted, filtered views keyed by query, valid while their collection's revision is unchanged. */
export class ViewCache {
  readonly #entries = new Map<string, { revision: number; view: View }>();

  get(key: string, revision: number, build: () => View): View {
    const hit = this.#entries.get(key);
    if (hit?.revision === revision) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.view;
    }
    const view = build();
    this.#entries.delete(key);
    this.#entries.set(key, { revision, view });
    if (this.#entries.size > MAX_VIEWS) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return view;
  }

  clear(): void {
    this.#entries.clear();
  }
}

export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeToken(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * An integer query parameter (`limit`, `start`): the fallback when absent, else an integer of at
 * least `min`; anything else is refused with the service's own error (`fail`).
 */
export function readInteger(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  fail: (detail: string) => Error,
): number {
  const text = query.get(name);
  if (text == null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw fail(`Invalid ${name} '${text}'`);
  return value;
}
