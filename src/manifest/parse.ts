/**
 * Bytes → YAML documents with positions, pure. Hostile input (not UTF-8, binary, parser bombs,
 * alias bombs, prototype keys, duplicate keys) becomes located diagnostics, never a throw or a hang.
 */
import { Alias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from "yaml";
import type { Document, Node, ParsedNode, YAMLError } from "yaml";
import { escapePointer } from "../schema/validate-schema.ts";
import type { Diagnostic, Position, RuleId } from "./diagnostic.ts";
import { parseSimpleYaml, type Spot } from "./parse-simple.ts";

/** Files above this size are refused unread (a manifest folder of 1,000 pipelines is ~1 MiB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Manifests nest about 8 levels; yaml's recursive composer must never get near the stack limit. */
export const MAX_NESTING_DEPTH = 64;
/** Alias expansions allowed per document (yaml's `maxAliasCount`). */
export const MAX_ALIAS_COUNT = 100;
/** Problems listed per file before the rest are summarized. */
export const MAX_PROBLEMS_PER_FILE = 50;

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const YAML_OPTIONS = {
  prettyErrors: false,
  // YAML 1.2 core whatever a `%YAML 1.1` directive says: no `yes`/`n` booleans, no timestamps, no `<<` merges.
  schema: "core",
  merge: false,
  // yaml checks unique keys pairwise (quadratic: minutes on a 5 MiB mapping); checkNodes does it in linear time.
  uniqueKeys: false,
} as const;

export interface ParsedDocument {
  file: string;
  /** 0-based index of the document in its file. */
  docIndex: number;
  data: unknown;
  /** Line and column of the node at `pointer`, or of its closest existing ancestor. */
  locate: (pointer: string) => Position;
}

export interface ParsedFile {
  file: string;
  /** Documents that parsed cleanly and are not empty. */
  documents: ParsedDocument[];
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /**
   * Try the fast path for plain manifests first (parse-simple.ts), which gives the same documents
   * or gives up; false parses with yaml only (the tests compare both).
   */
  simple?: boolean;
}

/** Decodes and parses one file; `file` is the display path used in diagnostics. */
type Report = (position: Position, pointer: string, rule: RuleId, message: string, warning?: boolean) => void;

export function parseYamlFile(
  file: string,
  content: Uint8Array | string,
  options: ParseOptions = {},
): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (position, pointer, rule, message, warning = false) =>
    diagnostics.push({ file, ...position, pointer, message, severity: warning ? "warning" : "error", rule });
  const text = readableText(content, report);
  if (text === undefined) return { file, documents: [], diagnostics };

  if (options.simple !== false) {
    const simple = parseSimpleYaml(text);
    if (simple !== undefined) {
      const lines = new LineCounter();
      for (const offset of simple.lineStarts) lines.addNewLine(offset);
      const documents = simple.documents.map(({ data, spots }, docIndex): ParsedDocument => ({
        file,
        docIndex,
        data,
        locate: locator(spots, lines),
      }));
      return { file, documents, diagnostics };
    }
  }
  const documents = parseWithYaml(file, text, report);
  return { file, documents, diagnostics: capProblems(file, diagnostics) };
}

/** The file as text, or undefined (reported) when it is too large, not UTF-8, binary, or nested too deep. */
function readableText(content: Uint8Array | string, report: Report): string | undefined {
  const start = { line: 1, column: 1 };
  if (content.length > MAX_FILE_BYTES) {
    report(
      start,
      "",
      "file-too-large",
      `file is larger than ${MAX_FILE_BYTES} bytes: split it into smaller files`,
    );
    return undefined;
  }
  const decoded = typeof content === "string" ? { text: content } : decodeUtf8(content);
  if (decoded.text === undefined) {
    const at = decoded.invalidAt ?? 0;
    report(
      decoded.position ?? start,
      "",
      "encoding",
      `byte ${at} is not valid UTF-8: save the file as UTF-8 (is it a binary or UTF-16 file?)`,
    );
    return undefined;
  }
  const text = decoded.text;
  const control = findControlCharacter(text);
  if (control !== undefined) {
    const code = text.charCodeAt(control).toString(16).toUpperCase().padStart(4, "0");
    report(
      positionOfOffset(text, control),
      "",
      "encoding",
      `control character U+${code} is not allowed in YAML: remove it (is this a binary file?)`,
    );
    return undefined;
  }
  const deep = findExcessiveNesting(text, MAX_NESTING_DEPTH);
  if (deep !== undefined) {
    report(
      positionOfOffset(text, deep),
      "",
      "nesting-depth",
      `YAML nested more than ${MAX_NESTING_DEPTH} levels deep: manifests need far fewer, flatten it`,
    );
    return undefined;
  }
  return text;
}

/** Every document through the yaml library, with its syntax problems reported where they are. */
function parseWithYaml(file: string, text: string, report: Report): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, ...YAML_OPTIONS });
  // An input without documents (empty, or only comments) gives an empty EmptyStream.
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (list.length === 0) {
    report(
      { line: 1, column: 1 },
      "",
      "empty-file",
      "file has no YAML document: add a manifest or delete the file",
      true,
    );
    return [];
  }
  const documents: ParsedDocument[] = [];
  list.forEach((doc, docIndex) => {
    const data = documentData(doc, list.length, text, report, position);
    if (data !== undefined)
      documents.push({ file, docIndex, data: data.value, locate: locator(data.spots, lineCounter) });
  });
  return documents;
}

/** One parsed document's data and node positions, or undefined (reported) when it cannot be used. */
function documentData(
  doc: Document.Parsed,
  count: number,
  text: string,
  report: Report,
  position: (offset: number) => Position,
): { value: unknown; spots: ReturnType<typeof checkNodes>["spots"] } | undefined {
  const docStart = position(doc.range[0]);
  for (const error of doc.errors) {
    const quote = error.code === "MISSING_CHAR" ? findOpenQuote(doc, error.pos[0], text) : undefined;
    if (quote === undefined) {
      report(position(error.pos[0]), "", ruleOfYamlError(error), explainYamlError(error));
    } else {
      report(
        position(quote),
        "",
        "yaml-syntax",
        `unclosed ${text[quote]} quote: add the closing ${text[quote]}`,
      );
    }
  }
  for (const warning of doc.warnings) {
    report(position(warning.pos[0]), "", "yaml-syntax", `${warning.message}: remove it`, true);
  }
  if (doc.errors.length > 0) return undefined;
  const contents = doc.contents;
  if (contents == null || (isScalar(contents) && contents.value == null && contents.source === "")) {
    const where = count === 1 ? "file has an empty document" : "empty document";
    report(docStart, "", "empty-document", `${where}: remove the extra '---' or add a manifest`, true);
    return undefined;
  }
  const { problems, firstAlias, spots } = checkNodes(
    contents,
    (offset, pointer, rule, message) => report(position(offset), pointer, rule, message),
    position,
  );
  if (problems > 0) return undefined;
  if (!isMap(contents)) {
    const what = isSeq(contents) ? "a list" : "a scalar";
    report(
      docStart,
      "",
      "not-a-mapping",
      `document is ${what}, not a mapping: a manifest starts with 'apiVersion: aepsync/v1'`,
    );
    return undefined;
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), spots };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    report(
      firstAlias === undefined ? docStart : position(firstAlias),
      "",
      "alias-limit",
      message.includes("Excessive alias count")
        ? `aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb): write the values out`
        : `${message}: fix the anchors and aliases`,
    );
    return undefined;
  }
}

function capProblems(file: string, diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_PROBLEMS_PER_FILE) return diagnostics;
  const kept = diagnostics.slice(0, MAX_PROBLEMS_PER_FILE);
  const last = kept[kept.length - 1]!;
  kept.push({
    file,
    line: last.line,
    column: last.column,
    pointer: "",
    message: `${diagnostics.length - MAX_PROBLEMS_PER_FILE} more problems in this file are not listed: fix these first`,
    severity: "error",
    rule: "too-many-problems",
  });
  return kept;
}

const rulesOfYamlErrors: Partial<Record<YAMLError["code"], RuleId>> = {
  TAB_AS_INDENT: "tab-indent",
  DUPLICATE_KEY: "duplicate-key",
  RESOURCE_EXHAUSTION: "nesting-depth",
};

function ruleOfYamlError(error: YAMLError): RuleId {
  return rulesOfYamlErrors[error.code] ?? "yaml-syntax";
}

function explainYamlError(error: YAMLError): string {
  const message = error.message.replace(/\.$/, "");
  if (error.code === "TAB_AS_INDENT") return "tabs are not allowed in YAML indentation: indent with spaces";
  if (error.code === "BAD_INDENT") return `${message}: check the indentation`;
  return message;
}

/** Offset of the opening quote of the quoted scalar that a "missing closing quote" error ends. */
function findOpenQuote(doc: Document.Parsed, errorOffset: number, text: string): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const range = node.range;
      if (range == null) return;
      const [start, end] = range;
      const quoted = text[start] === '"' || text[start] === "'";
      if (quoted && start < errorOffset && errorOffset <= end) found = start;
    },
  });
  return found;
}

type NodeReporter = (offset: number, pointer: string, rule: RuleId, message: string) => void;

interface Visit {
  node: unknown;
  spot: Spot;
  parent: Visit | undefined;
  /** The reference token (unescaped) of this node in its parent. */
  token: string;
}

function pointerOf(visit: Visit): string {
  let pointer = "";
  for (let v: Visit | undefined = visit; v?.parent !== undefined; v = v.parent) {
    pointer = `/${escapePointer(v.token)}${pointer}`;
  }
  return pointer;
}

/**
 * One pass over the node tree (aliases are not followed): duplicate keys, prototype keys and
 * non-scalar keys, recording the spots `locate` needs. Returns the number of problems found.
 */
function checkNodes(
  root: ParsedNode,
  report: NodeReporter,
  position: (offset: number) => Position,
): { problems: number; firstAlias: number | undefined; spots: Spot } {
  let problems = 0;
  let firstAlias: number | undefined;
  const anchors = new Set<string>();
  const spots: Spot = { at: offsetOf(root) };
  // Depth-first in document order (children pushed in reverse), so anchors precede their aliases.
  const stack: Visit[] = [{ node: root, spot: spots, parent: undefined, token: "" }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { node, spot } = visit;
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor !== undefined) anchors.add(anchor);
    if (node instanceof Alias) {
      firstAlias ??= offsetOf(node);
      if (!anchors.has(node.source)) {
        problems++;
        report(
          offsetOf(node),
          pointerOf(visit),
          "alias-limit",
          `alias *${node.source} has no anchor &${node.source} before it: define the anchor first`,
        );
      }
    } else if (isMap(node)) {
      const names: string[] = [];
      const children: Spot[] = [];
      const pending: Visit[] = [];
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key)) {
          problems++;
          report(
            offsetOf(key ?? pair.value),
            pointerOf(visit),
            "yaml-syntax",
            "keys must be plain strings: quote the key",
          );
          continue;
        }
        const name = String(key.value);
        const keyOffset = offsetOf(key);
        if (FORBIDDEN_KEYS.has(name)) {
          problems++;
          report(
            keyOffset,
            `${pointerOf(visit)}/${escapePointer(name)}`,
            "forbidden-key",
            `key '${name}' is not allowed: remove it`,
          );
        }
        const first = seen.get(name);
        if (first !== undefined) {
          problems++;
          const line = position(first).line;
          const message = `key '${name}' appears twice in this mapping (first on line ${line}): remove one`;
          report(keyOffset, `${pointerOf(visit)}/${escapePointer(name)}`, "duplicate-key", message);
        } else {
          seen.set(name, keyOffset);
        }
        const child: Spot = { at: keyOffset };
        names.push(name);
        children.push(child);
        pending.push({ node: pair.value, spot: child, parent: visit, token: name });
      }
      spot.names = names;
      spot.children = children;
      for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]!);
    } else if (isSeq(node)) {
      const items = node.items;
      const children: Spot[] = [];
      for (const item of items) children.push({ at: offsetOf(item) });
      spot.children = children;
      for (let i = items.length - 1; i >= 0; i--) {
        stack.push({ node: items[i], spot: children[i]!, parent: visit, token: String(i) });
      }
    }
  }
  return { problems, firstAlias, spots };
}

function offsetOf(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0] ?? 0;
}

/**
 * `locate` of one document: the position of the key (for mapping members) or of the node (for
 * list items) at `pointer`, or of its closest existing ancestor. Aliases are not followed.
 */
function locator(root: Spot, lineCounter: LineCounter): (pointer: string) => Position {
  return (pointer) => {
    let spot: Spot | undefined = root;
    let offset = root.at;
    if (pointer !== "") {
      for (const raw of pointer.slice(1).split("/")) {
        const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
        const children: Spot[] | undefined = spot.children;
        if (children === undefined) break;
        let next: Spot | undefined;
        if (spot.names !== undefined) {
          const index = spot.names.indexOf(token);
          next = index === -1 ? undefined : children[index];
        } else if (/^\d+$/.test(token)) {
          next = children[Number(token)];
        }
        if (next === undefined) break;
        offset = next.at;
        spot = next;
      }
    }
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

/** Line and column (1-based, in UTF-16 code units like editors' columns) of a string offset. */
export function positionOfOffset(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** UTF-8 text, or the offset (and line:column) of the first byte that is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text?: string; invalidAt?: number; position?: Position } {
  const invalidAt = findInvalidUtf8(bytes);
  if (invalidAt === undefined) {
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      return { invalidAt: 0, position: { line: 1, column: 1 } };
    }
  }
  const prefix = new TextDecoder("utf-8").decode(bytes.subarray(0, invalidAt));
  const withoutBom = prefix.startsWith("\uFEFF") ? prefix.slice(1) : prefix;
  return { invalidAt, position: positionOfOffset(withoutBom, withoutBom.length) };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
export function findInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return undefined;
}

/** Offset of the first C0 control character other than tab, LF and CR (YAML forbids them). */
export function findControlCharacter(text: string): number | undefined {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const index = text.search(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
  return index === -1 ? undefined : index;
}

/**
 * Offset where the nesting (flow brackets plus block indentation levels) first exceeds `limit`,
 * estimated in one linear pass before yaml's recursive parser sees the text.
 */
export function findExcessiveNesting(text: string, limit: number): number | undefined {
  let flow = 0;
  const indents: number[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text[i] === " ") i++;
    const blank = i === lineEnd || text[i] === "#" || text[i] === "\r";
    if (!blank && flow === 0) {
      const indent = i - lineStart;
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
    }
    let block = indents.length;
    for (; i < lineEnd; i++) {
      const c = text[i];
      if (c === "[" || c === "{") flow++;
      else if ((c === "]" || c === "}") && flow > 0) flow--;
      else if (c === "-" && text[i + 1] === " " && flow === 0) block++;
      if (flow + block > limit) return i;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
