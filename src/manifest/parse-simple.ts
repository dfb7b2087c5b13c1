/**
 * A fast path for the plain YAML that manifests are written in, pure: block mappings and lists,
 * one-line flow collections, plain and one-line quoted scalars, comments, `---` between documents.
 * It gives the very data and positions that `yaml` (YAML 1.2 core schema) gives, and gives up
 * (returns undefined) on anything else: anchors, tags, block or multi-line scalars, escapes,
 * quoted or odd keys, duplicate or prototype keys, tabs, empty documents, anything `yaml` might
 * warn about or reject. parse.ts then parses the file with `yaml`, which reports the problems.
 *
 * `yaml` builds a syntax tree of a dozen objects per line and resolves every scalar through the
 * schema's tags; cold, that is most of the time of validating a thousand files.
 * test/manifest/parse-simple.test.ts compares both parsers on real files, generated documents and
 * thousands of mutations of them.
 */

/**
 * Where `locate` points for one node: the offset of its key (a mapping member) or of the node
 * itself (a list item, the document root), and its children. For a mapping `names[i]` is the key
 * of `children[i]`; a list has no names.
 */
export interface Spot {
  at: number;
  names?: string[];
  children?: Spot[];
}

export interface SimpleDocument {
  data: Record<string, unknown>;
  spots: Spot;
}

export interface SimpleParse {
  documents: SimpleDocument[];
  /** Offset of the start of every line (the first is 0), as yaml's LineCounter records them. */
  lineStarts: number[];
}

/** A line with content (blank and comment lines are left out). */
interface Line {
  /** Offset of the first character that is not a space. */
  start: number;
  /** Offset of the end of the line, before any `\r\n` or `\n`. */
  end: number;
  /** Column of `start`, 0-based. */
  indent: number;
}

/** Thrown (and caught in parseSimpleYaml) to give up on the fast path; one instance, no stack to build. */
const GIVE_UP = new Error("beyond the fast path's subset of YAML");

const MAX_DEPTH = 64;
const KEY = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
// Characters that cannot start a plain scalar (or that would start something the fast path leaves
// to yaml): YAML 1.2 c-indicators, and quotes and brackets handled elsewhere.
const NOT_PLAIN_START = new Set([..."-?:,[]{}#&*!|>'\"%@`"]);
// Whitespace or line breaks that yaml may treat differently from a plain character.
// Tabs, lone CRs, NEL, BOM and Unicode line separators all give up.
const UNUSUAL = /[\t\u0085\u2028\u2029\ufeff]|\r(?!\n)/;

/** The documents of `text`, or undefined when it uses anything beyond the fast path's subset. */
export function parseSimpleYaml(text: string): SimpleParse | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const lineStarts: number[] = [0];
  const segments: Line[][] = [[]];
  let markers = 0;
  for (let start = 0; start <= text.length;) {
    let next = text.indexOf("\n", start);
    if (next === -1) next = text.length;
    let end = next;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    let first = start;
    while (first < end && text.charCodeAt(first) === 32) first++;
    if (first < end && text.charCodeAt(first) !== 35) {
      if (first === start && isMarkerLike(text, start, end)) {
        if (!isDocumentStart(text, start, end)) return undefined;
        segments.push([]);
        markers++;
      } else {
        segments[segments.length - 1]!.push({ start: first, end, indent: first - start });
      }
    }
    if (next === text.length) break;
    start = next + 1;
    lineStarts.push(start);
  }
  // Comments and blank lines before the first `---` are no document; an empty one anywhere else is.
  if (markers > 0 && segments[0]!.length === 0) segments.shift();
  if (segments.some((lines) => lines.length === 0)) return undefined;
  try {
    return { documents: segments.map((lines) => parseDocument(text, lines)), lineStarts };
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** `---`, `...` or `%` at the start of a line: document markers and directives. */
function isMarkerLike(text: string, start: number, end: number): boolean {
  const c = text[start];
  if (c === "%") return true;
  return (c === "-" || c === ".") && end - start >= 3 && text[start + 1] === c && text[start + 2] === c;
}

/** `---` alone, or followed by spaces and a comment. */
function isDocumentStart(text: string, start: number, end: number): boolean {
  if (!text.startsWith("---", start)) return false;
  let i = start + 3;
  if (i === end) return true;
  if (text.charCodeAt(i) !== 32) return false;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return i === end || text.charCodeAt(i) === 35;
}

function giveUp(): never {
  throw GIVE_UP;
}

function parseDocument(text: string, lines: Line[]): SimpleDocument {
  return new DocumentParser(text, lines).document();
}

/** One document's lines, read top-down; any construct it does not know gives up (yaml then parses). */
class DocumentParser {
  private index = 0;
  private readonly text: string;
  private readonly lines: Line[];

  constructor(text: string, lines: Line[]) {
    this.text = text;
    this.lines = lines;
  }

  document(): SimpleDocument {
    const first = this.current()!;
    if (first.indent !== 0 || this.keyEnd(first.start, first.end) === -1) giveUp();
    const root = this.blockMap(0, 1);
    if (this.index !== this.lines.length) giveUp();
    return { data: root.value, spots: root.spot };
  }

  private current(): Line | undefined {
    return this.lines[this.index];
  }

  /** A key at `at` followed by `:` and a space or the end of the line; its end offset, or -1. */
  private keyEnd(at: number, end: number): number {
    const text = this.text;
    KEY.lastIndex = at;
    if (!KEY.test(text)) return -1;
    const colon = KEY.lastIndex;
    if (text.charCodeAt(colon) !== 58) return -1;
    return colon + 1 === end || text.charCodeAt(colon + 1) === 32 ? colon : -1;
  }

  private isListLine(line: Line): boolean {
    const text = this.text;
    return (
      text.charCodeAt(line.start) === 45 &&
      (line.start + 1 === line.end || text.charCodeAt(line.start + 1) === 32)
    );
  }

  /** The block mapping whose keys are at column `indent`, starting at the current line. */
  private blockMap(indent: number, depth: number): { value: Record<string, unknown>; spot: Spot } {
    if (depth > MAX_DEPTH) giveUp();
    const text = this.text;
    const value: Record<string, unknown> = {};
    const names: string[] = [];
    const children: Spot[] = [];
    const spot: Spot = { at: this.current()!.start, names, children };
    for (let line = this.current(); line !== undefined && line.indent >= indent; line = this.current()) {
      if (line.indent > indent) giveUp();
      const colon = this.keyEnd(line.start, line.end);
      if (colon === -1) giveUp();
      const key = text.slice(line.start, colon);
      if (FORBIDDEN_KEYS.has(key) || NULL.test(key) || BOOL.test(key) || names.includes(key)) giveUp();
      const child: Spot = { at: line.start };
      const rest = skipSpaces(text, colon + 1, line.end);
      if (rest === line.end || text.charCodeAt(rest) === 35)
        this.blockValue(indent, depth, child, (v) => (value[key] = v));
      else {
        const inline = this.inlineValue(rest, line.end, depth + 1);
        value[key] = inline.value;
        copyChildren(inline.spot, child);
        this.index++;
        const next = this.current();
        if (next !== undefined && next.indent > indent) giveUp();
      }
      names.push(key);
      children.push(child);
    }
    return { value, spot };
  }

  /** What follows a key that ends its line: a nested block, a list at the key's column, or null. */
  private blockValue(indent: number, depth: number, child: Spot, assign: (value: unknown) => void): void {
    this.index++;
    const next = this.current();
    if (next !== undefined && next.indent > indent) {
      Object.assign(child, this.nested(next, depth + 1, assign));
    } else if (next !== undefined && next.indent === indent && this.isListLine(next)) {
      const list = this.blockList(indent, depth + 1);
      assign(list.value);
      child.children = list.spot.children!;
    } else {
      assign(null);
    }
  }

  /** A block node (mapping or list) more indented than its parent key; fills `child`'s children. */
  private nested(
    line: Line,
    depth: number,
    assign: (value: unknown) => void,
  ): Pick<Spot, "names" | "children"> {
    if (this.isListLine(line)) {
      const list = this.blockList(line.indent, depth);
      assign(list.value);
      return { children: list.spot.children! };
    }
    if (this.keyEnd(line.start, line.end) === -1) giveUp();
    const map = this.blockMap(line.indent, depth);
    assign(map.value);
    return { names: map.spot.names!, children: map.spot.children! };
  }

  /** The block list whose `-` are at column `indent`, starting at the current line. */
  private blockList(indent: number, depth: number): { value: unknown[]; spot: Spot } {
    if (depth > MAX_DEPTH) giveUp();
    const text = this.text;
    const value: unknown[] = [];
    const children: Spot[] = [];
    const spot: Spot = { at: this.current()!.start, children };
    for (let line = this.current(); line !== undefined && line.indent >= indent; line = this.current()) {
      if (line.indent > indent || !this.isListLine(line)) {
        if (line.indent > indent) giveUp();
        break;
      }
      const at = skipSpaces(text, line.start + 1, line.end);
      if (at === line.end || text.charCodeAt(at) === 35) giveUp();
      if (this.keyEnd(at, line.end) !== -1) {
        // `- key: value`: a mapping whose keys are at the column of this first key.
        const column = line.indent + (at - line.start);
        this.lines[this.index] = { start: at, end: line.end, indent: column };
        const map = this.blockMap(column, depth + 1);
        value.push(map.value);
        children.push(map.spot);
      } else {
        if (this.isListLine({ start: at, end: line.end, indent: 0 })) giveUp();
        const inline = this.inlineValue(at, line.end, depth + 1);
        value.push(inline.value);
        children.push(inline.spot);
        this.index++;
        const next = this.current();
        if (next !== undefined && next.indent > indent) giveUp();
      }
    }
    return { value, spot };
  }

  /** A scalar or flow collection that ends the line (a comment may follow). */
  private inlineValue(at: number, end: number, depth: number): { value: unknown; spot: Spot } {
    const text = this.text;
    const c = text.charCodeAt(at);
    let parsed: { value: unknown; spot: Spot; next: number };
    if (c === 34 || c === 39) {
      parsed = quoted(text, at, end);
    } else if (c === 123 || c === 91) {
      parsed = flow(text, at, end, depth);
    } else {
      let stop = at;
      while (stop < end && !(text.charCodeAt(stop) === 35 && text.charCodeAt(stop - 1) === 32)) stop++;
      const raw = trimSpaces(text, at, stop);
      if (raw.endsWith(":") || raw.includes(": ")) giveUp();
      return { value: resolvePlain(raw), spot: { at } };
    }
    const after = skipSpaces(text, parsed.next, end);
    if (after !== end && !(after > parsed.next && text.charCodeAt(after) === 35)) giveUp();
    return { value: parsed.value, spot: parsed.spot };
  }
}

function copyChildren(from: Spot, to: Spot): void {
  if (from.names !== undefined) to.names = from.names;
  if (from.children !== undefined) to.children = from.children;
}

function skipSpaces(text: string, at: number, end: number): number {
  while (at < end && text.charCodeAt(at) === 32) at++;
  return at;
}

/** The plain scalar text between `start` and `end` without trailing spaces; gives up when empty. */
function trimSpaces(text: string, start: number, end: number): string {
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  if (end === start) giveUp();
  const first = text[start]!;
  if (NOT_PLAIN_START.has(first)) {
    // `-`, `?` and `:` start a plain scalar only when a non-space follows (`-5`, `:x`).
    const next = text.charCodeAt(start + 1);
    if (!(first === "-" || first === "?" || first === ":") || start + 1 === end || next === 32) giveUp();
  }
  return text.slice(start, end);
}

/** A one-line quoted scalar without escapes (`''` in single quotes is fine). */
function quoted(text: string, at: number, end: number): { value: string; spot: Spot; next: number } {
  const quote = text[at]!;
  let value = "";
  let from = at + 1;
  for (;;) {
    const close = text.indexOf(quote, from);
    if (close === -1 || close >= end) giveUp();
    if (quote === "'" && text[close + 1] === "'") {
      value += text.slice(from, close + 1);
      from = close + 2;
      continue;
    }
    value += text.slice(from, close);
    if (quote === '"' && value.includes("\\")) giveUp();
    return { value, spot: { at }, next: close + 1 };
  }
}

/** A flow mapping or list that closes on its line; no comments, no pairs in lists. */
function flow(
  text: string,
  at: number,
  end: number,
  depth: number,
): { value: unknown; spot: Spot; next: number } {
  if (depth > MAX_DEPTH) giveUp();
  const isMap = text[at] === "{";
  const close = isMap ? "}" : "]";
  const values: unknown[] = [];
  const map: Record<string, unknown> = {};
  const names: string[] = [];
  const children: Spot[] = [];
  let i = skipSpaces(text, at + 1, end);
  if (text[i] === close) {
    return {
      value: isMap ? map : values,
      spot: isMap ? { at, names, children } : { at, children },
      next: i + 1,
    };
  }
  for (;;) {
    let key: string | undefined;
    let keyAt = i;
    if (isMap) {
      KEY.lastIndex = i;
      if (!KEY.test(text)) giveUp();
      key = text.slice(i, KEY.lastIndex);
      if (text[KEY.lastIndex] !== ":" || text[KEY.lastIndex + 1] !== " ") giveUp();
      if (FORBIDDEN_KEYS.has(key) || NULL.test(key) || BOOL.test(key) || names.includes(key)) giveUp();
      keyAt = i;
      i = skipSpaces(text, KEY.lastIndex + 2, end);
    }
    const c = text.charCodeAt(i);
    let item: { value: unknown; spot: Spot; next: number };
    if (c === 34 || c === 39) {
      item = quoted(text, i, end);
    } else if (c === 123 || c === 91) {
      item = flow(text, i, end, depth + 1);
    } else {
      let stop = i;
      while (stop < end && !isFlowStop(text.charCodeAt(stop))) stop++;
      const raw = trimSpaces(text, i, stop);
      if (raw.endsWith(":") || raw.includes(": ")) giveUp();
      item = { value: resolvePlain(raw), spot: { at: i }, next: stop };
    }
    if (key === undefined) {
      values.push(item.value);
      children.push(item.spot);
    } else {
      map[key] = item.value;
      names.push(key);
      const child: Spot = { at: keyAt };
      copyChildren(item.spot, child);
      children.push(child);
    }
    i = skipSpaces(text, item.next, end);
    if (text[i] === ",") {
      i = skipSpaces(text, i + 1, end);
      if (i >= end || text[i] === close) giveUp();
      continue;
    }
    if (text[i] !== close) giveUp();
    return {
      value: isMap ? map : values,
      spot: isMap ? { at, names, children } : { at, children },
      next: i + 1,
    };
  }
}

/** `,` `[` `]` `{` `}` `#`: where a plain scalar in a flow collection stops. */
function isFlowStop(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35;
}

/** A plain scalar's value under the YAML 1.2 core schema, as yaml resolves it (tags tried in order). */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Letters other than n, t, f (either case) only ever start strings: skip the tag tests.
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (letter && !"nNtTfF".includes(s[0]!)) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return c === 116 || c === 84;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    if (s.slice(-3).toLowerCase() === "nan") return NaN;
    return s[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}
