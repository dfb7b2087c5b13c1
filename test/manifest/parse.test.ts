import { describe, expect, it } from "vitest";
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
