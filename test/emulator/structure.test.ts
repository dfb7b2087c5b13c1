import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const DIR = new URL("../../src/emulator/", import.meta.url).pathname;
const MAX_LINES = 120;

/** Every function-like node of a file with its line count, nested ones included. */
function functionLengths(file: string, text: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : "(anonymous)";
      out.push({ name: `${file}:${start + 1} ${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe("the emulator's structure", () => {
  it(`has no function longer than ${MAX_LINES} lines`, async () => {
    const files = (await readdir(DIR)).filter((f) => f.endsWith(".ts"));
    const all = (
      await Promise.all(files.map(async (f) => functionLengths(f, await readFile(join(DIR, f), "utf8"))))
    ).flat();
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((f) => f.lines > MAX_LINES)).toEqual([]);
  });
});
