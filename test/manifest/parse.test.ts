import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Alias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import {
  decodeUtf8,
  findControlCharacter,
  findExcessiveNesting,
  findInvalidUtf8,
  parseYamlFile,
  positionOfOffset,
} from "../../src/manifest/parse.ts";

describe("findInvalidUtf8", () => {
  it.each([
    [[0x61, 0xc3, 0xa9], undefined],
    [[0xf0, 0x9f, 0x98, 0x80], undefined],
    [[0x61, 0xff], 1],
    [[0xc0, 0xaf], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x61, 0x62, 0xe2, 0x82], 2],
  ])("%j → %s", (bytes, expected) => {
    expect(findInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
  });

  it("locates the bad byte by line and column, after a BOM", () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62, 0x63, 0x80]);
    expect(decodeUtf8(bytes)).toEqual({ invalidAt: 7, position: { line: 2, column: 3 } });
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: "a" });
  });
});

describe("text guards", () => {
  it("finds control characters but allows tab, LF and CR", () => {
    expect(findControlCharacter("a\tb\r\nc")).toBeUndefined();
    expect(findControlCharacter("ab\u0007")).toBe(2);
  });

  it("measures nesting of flow and block collections", () => {
    expect(findExcessiveNesting("a:\n  b:\n    c: [1, {d: 2}]\n", 5)).toBeUndefined();
    expect(findExcessiveNesting("a:\n  b:\n    c: [1, {d: 2}]\n", 4)).toBe(19);
    expect(findExcessiveNesting("- - - - x\n", 3)).toBe(4);
  });

  it("converts offsets to 1-based positions", () => {
    expect(positionOfOffset("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});

describe("parseYamlFile", () => {
  it("locates keys, list items and missing pointers (closest ancestor)", () => {
    const [doc] = parseYamlFile("x.yaml", "a: 1\nb:\n  - c: 2\n  - d: { e: 3 }\n").documents;
    expect(doc!.locate("")).toEqual({ line: 1, column: 1 });
    expect(doc!.locate("/b")).toEqual({ line: 2, column: 1 });
    expect(doc!.locate("/b/1")).toEqual({ line: 4, column: 5 });
    expect(doc!.locate("/b/1/d/e")).toEqual({ line: 4, column: 10 });
    expect(doc!.locate("/b/9/zz")).toEqual({ line: 2, column: 1 });
  });

  it("keeps several documents with their index and skips broken ones", () => {
    const parsed = parseYamlFile("x.yaml", "a: 1\n---\nb: [\n---\nc: 3\n");
    expect(parsed.documents.map((d) => [d.docIndex, d.data])).toEqual([
      [0, { a: 1 }],
      [2, { c: 3 }],
    ]);
    expect(parsed.diagnostics.map((d) => d.rule)).toEqual(["yaml-syntax"]);
  });

  it("does not follow aliases when locating", () => {
    const [doc] = parseYamlFile("x.yaml", "a: &x { b: 1 }\nc: *x\n").documents;
    expect(doc!.data).toEqual({ a: { b: 1 }, c: { b: 1 } });
    expect(doc!.locate("/c/b")).toEqual({ line: 2, column: 1 });
  });
});

/**
 * The positions `locate` records during the first parse must give what a second parse of the file
 * gives (how locate used to work): this is that second parse, kept as the reference.
 */
function locateByReparsing(
  text: string,
  docIndex: number,
  pointer: string,
): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, schema: "core", merge: false, uniqueKeys: false });
  const doc = (Array.isArray(docs) ? docs : [])[docIndex]!;
  const offsetOf = (node: unknown) => (node as { range?: number[] } | null)?.range?.[0] ?? 0;
  let node: unknown = doc.contents;
  let offset = offsetOf(node);
  if (pointer !== "") {
    for (const raw of pointer.slice(1).split("/")) {
      const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      if (node instanceof Alias) break;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token);
        if (pair === undefined) break;
        offset = offsetOf(pair.key);
        node = pair.value;
      } else if (isSeq(node)) {
        const item: unknown = node.items[Number(token)];
        if (item === undefined || !/^\d+$/.test(token)) break;
        offset = offsetOf(item);
        node = item;
      } else break;
    }
  }
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Every pointer into `value` (aliases expanded, as the data has them), written several ways. */
function pointersOf(value: unknown, prefix = ""): string[] {
  const out = [prefix, `${prefix}/missing`, `${prefix}/`];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...pointersOf(item, `${prefix}/${i}`)));
    out.push(`${prefix}/0${value.length}`, `${prefix}/${value.length}`, `${prefix}/-1`, `${prefix}/01`);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const escaped = key.replaceAll("~", "~0").replaceAll("/", "~1");
      out.push(...pointersOf(item, `${prefix}/${escaped}`));
      if (escaped !== key) out.push(`${prefix}/${key}`);
    }
  }
  return out;
}

describe("locate, from positions recorded during the parse", () => {
  const texts = [
    "a: 1\nb:\n  - c: 2\n  - d: { e: 3 }\n",
    "a: &x { b: [1, 2] }\nc: *x\nd: [*x, { e: *x }]\n",
    "'a/b': 1\n'c~d': { 'e~1f': [x, y] }\n\"~0\": 2\n'': 3\n? long\n: value\n",
    "top:\n  - - nested\n    - [deep, { k: v }]\n  -\n  - ~\nnull: 1\n1: one\ntrue: yes\n",
    "first: 1\n---\n- not a mapping\n---\nsecond:\n  x: |\n    block\n    text\n  y: >-\n    folded\n",
    "# comment only\n---\nkey: value # trailing\n\n\nlater:\n    indented: 1\n",
  ];
  const files = [
    ...texts.map((text, i) => ({ name: `case-${i}.yaml`, text })),
    ...["pipelines/salesforce.yaml", "pipelines/hubspot.yaml", "test/fixtures/manifest/base/base.yaml"].map(
      (name) => ({ name, text: readFileSync(new URL(`../../${name}`, import.meta.url), "utf8") }),
    ),
  ];

  it.each(files)("$name: every pointer lands where a second parse would put it", ({ name, text }) => {
    const parsed = parseYamlFile(name, text);
    expect(parsed.documents.length).toBeGreaterThan(0);
    let checked = 0;
    for (const doc of parsed.documents) {
      for (const pointer of pointersOf(doc.data)) {
        expect(doc.locate(pointer), `${name}#${doc.docIndex} ${pointer}`).toEqual(
          locateByReparsing(text, doc.docIndex, pointer),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
