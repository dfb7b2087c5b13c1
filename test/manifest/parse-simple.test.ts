import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateManifests } from "../../scripts/generate-pipelines.ts";
import { parseSimpleYaml, resolvePlain } from "../../src/manifest/parse-simple.ts";
import { parseYamlFile } from "../../src/manifest/parse.ts";

// The fast path must give what yaml gives (documents, data, key order, every position) or give
// up: compared on real files, on generated documents and on thousands of mutations of both.
// (Run with more seeds and mutations while changing parse-simple.ts.)

const root = fileURLToPath(new URL("../../", import.meta.url));

/** A small deterministic random source (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every pointer into `value`, plus missing and odd ones, as the planner and diagnostics ask. */
function pointersOf(value: unknown, prefix = ""): string[] {
  const out = [prefix, `${prefix}/missing`];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...pointersOf(item, `${prefix}/${i}`)));
    out.push(`${prefix}/${value.length}`, `${prefix}/01`);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(...pointersOf(item, `${prefix}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`));
    }
  }
  return out;
}

/** Whether the fast path took `text`; fails the test when it did and differs from yaml. */
function compare(text: string): boolean {
  const fast = parseYamlFile("x.yaml", text);
  const slow = parseYamlFile("x.yaml", text, { simple: false });
  const taken = parseSimpleYaml(text) !== undefined;
  const what = JSON.stringify(text);
  expect(fast.diagnostics, what).toEqual(slow.diagnostics);
  expect(fast.documents.length, what).toBe(slow.documents.length);
  if (taken) expect(slow.diagnostics, `the fast path took ${what}, which yaml reports`).toEqual([]);
  for (const [i, doc] of fast.documents.entries()) {
    const other = slow.documents[i]!;
    expect(doc.docIndex, what).toBe(other.docIndex);
    expect(doc.data, what).toStrictEqual(other.data);
    expect(JSON.stringify(doc.data), `key order of ${what}`).toBe(JSON.stringify(other.data));
    for (const pointer of pointersOf(other.data)) {
      expect(doc.locate(pointer), `${what} ${pointer}`).toEqual(other.locate(pointer));
    }
  }
  return taken;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(resolve(root, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

const realFiles = [
  ...(await yamlFiles("pipelines")),
  ...(await yamlFiles("test/fixtures")),
  join(root, "aepsync.yaml"),
];
const realTexts = await Promise.all(realFiles.map((file) => readFile(file, "utf8")));

async function generatedTexts(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "aepsync-parse-simple-"));
  try {
    await generateManifests(dir, { pipelines: 3, connections: 2, datasets: 2, layout: "file-per-pipeline" });
    const files = [join(dir, "aepsync.yaml"), ...(await yamlFiles(dir))];
    return await Promise.all(files.map((f) => readFile(f, "utf8")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const SAFE_KEYS = ["apiVersion", "kind", "metadata", "spec", "name", "a", "b_c", "d.e", "f-g", "x1"];
const ODD_KEYS = [
  "apiVersion",
  "kind",
  "a",
  "b_c",
  "d.e",
  "f-g",
  "x1",
  "null",
  "True",
  "1",
  "__proto__",
  "a b",
  "x/y",
  "é",
];
const SAFE_SCALARS = [
  "word",
  "two words",
  "aepsync/v1",
  "p-12",
  "${env:X}",
  "12",
  "1.5",
  "true",
  "null",
  "2027-06-01T00:00:00Z",
  "https://ns.adobe.com/xdm/context/profile",
  "a#b",
  "it's",
  "é",
];
const ODD_SCALARS = [
  "word",
  "two words",
  "aepsync/v1",
  "${env:X}",
  "12",
  "-3",
  "+4",
  "007",
  "0o17",
  "0x1F",
  "1.5",
  "1.50",
  "-0",
  "1e3",
  "-2.5E-2",
  ".5",
  ".inf",
  "-.Inf",
  ".nan",
  "1_000",
  "~",
  "null",
  "Null",
  "NULL",
  "true",
  "False",
  "yes",
  "on",
  "2027-06-01T00:00:00Z",
  "https://ns.adobe.com/xdm/context/profile",
  "a: b",
  "a:b",
  "a #b",
  "a#b",
  "-x",
  "- x",
  "?x",
  ":x",
  "x:",
  "[x",
  "x]",
  "{x",
  "x,y",
  "it's",
  "a\\b",
  "é",
  "😀",
  "%x",
  "@x",
  "`x",
  "!x",
  "&x",
  "*x",
  "|",
  ">",
];

type Value = string | Value[] | { [key: string]: Value };

function randomValue(rand: () => number, depth: number): Value {
  const r = rand();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  if (depth > 3 || r < 0.45) return rand() < 0.97 ? pick(SAFE_SCALARS) : pick(ODD_SCALARS);
  if (r < 0.75) {
    const map: { [key: string]: Value } = {};
    const n = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++)
      map[rand() < 0.98 ? pick(SAFE_KEYS) : pick(ODD_KEYS)] = randomValue(rand, depth + 1);
    return map;
  }
  return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
}

/** YAML for a value, with random (sometimes invalid) styles: block or flow, plain or quoted, comments. */
function render(rand: () => number, value: Value, indent: number, step: number): string[] {
  const pad = " ".repeat(indent);
  const scalar = (s: string): string => {
    const r = rand();
    if (r < 0.7) return s;
    if (r < 0.85) return `'${s.replaceAll("'", "''")}'`;
    return `"${s}"`;
  };
  const comment = () => (rand() < 0.15 ? " # note" : "");
  const inline = (v: Value): string =>
    typeof v === "string"
      ? scalar(v)
      : Array.isArray(v)
        ? `[${v.map(inline).join(rand() < 0.8 ? ", " : ",")}]`
        : `{ ${Object.entries(v)
            .map(([k, x]) => `${k}: ${inline(x)}`)
            .join(", ")} }`;
  const lines: string[] = [];
  if (typeof value === "string" || (indent > 0 && rand() < 0.2))
    return [`${pad}${inline(value)}${comment()}`];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === "object" && !Array.isArray(item) && rand() < 0.6 && Object.keys(item).length > 0) {
        const inner = render(rand, item, indent + 2, step);
        lines.push(`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
      } else if (typeof item === "string" || rand() < 0.9) {
        lines.push(`${pad}- ${inline(item)}${comment()}`);
      } else {
        lines.push(`${pad}-`, ...render(rand, item, indent + step, step));
      }
    }
    return lines.length > 0 ? lines : [`${pad}[]`];
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" || rand() < 0.3) {
      lines.push(`${pad}${key}: ${inline(item)}${comment()}`);
    } else {
      lines.push(`${pad}${key}:${comment()}`);
      if (rand() < 0.1) lines.push(`${pad}  # between`);
      if (rand() < 0.1) lines.push("");
      const sameIndent = Array.isArray(item) && rand() < 0.4;
      lines.push(...render(rand, item, sameIndent ? indent : indent + step, step));
    }
  }
  return lines.length > 0 ? lines : [`${pad}{}`];
}

function randomDocuments(seed: number): string {
  const rand = random(seed);
  const docs: string[] = [];
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const value: { [key: string]: Value } = { apiVersion: "aepsync/v1", kind: "Pipeline" };
    const spec = randomValue(rand, 1);
    if (typeof spec === "object" && !Array.isArray(spec)) Object.assign(value, spec);
    else value.spec = spec;
    docs.push(render(rand, value, 0, 1 + Math.floor(rand() * 3)).join("\n"));
  }
  const lead = rand() < 0.2 ? "# header\n---\n" : rand() < 0.1 ? "---\n" : "";
  const text = `${lead}${docs.join(rand() < 0.9 ? "\n---\n" : "\n--- # next\n")}${rand() < 0.8 ? "\n" : ""}`;
  return rand() < 0.1 ? text.replaceAll("\n", "\r\n") : text;
}

const EDITS = [..." :-#'\"{}[],\n\t&*!|>%@~?.0aZ\r\\"];

/** One random edit: a character inserted, deleted or replaced, or a line indented or removed. */
function mutate(text: string, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  const c = EDITS[Math.floor(rand() * EDITS.length)]!;
  const r = rand();
  if (r < 0.35) return text.slice(0, at) + c + text.slice(at);
  if (r < 0.6) return text.slice(0, at) + text.slice(at + 1);
  if (r < 0.8) return text.slice(0, at) + c + text.slice(at + 1);
  const lines = text.split("\n");
  const line = Math.floor(rand() * lines.length);
  if (r < 0.9) lines[line] = ` ${lines[line]}`;
  else lines.splice(line, 1);
  return lines.join("\n");
}

describe("parseSimpleYaml (the fast path)", () => {
  it("takes the example pipelines and the benchmark's manifests, with yaml's result", async () => {
    const examples = realFiles.flatMap((f, i) =>
      f.startsWith(join(root, "pipelines")) ? [realTexts[i]!] : [],
    );
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const text of [...examples, ...(await generatedTexts())]) expect(compare(text)).toBe(true);
  });

  it("agrees with yaml on every file of the repository, or gives up", () => {
    const taken = realTexts.filter((text) => compare(text)).length;
    expect(taken).toBeGreaterThan(20);
    expect(taken).toBeLessThan(realTexts.length);
  });

  it("agrees with yaml on 600 generated documents, or gives up", () => {
    let taken = 0;
    for (let seed = 1; seed <= 600; seed++) if (compare(randomDocuments(seed))) taken++;
    expect(taken).toBeGreaterThan(200);
  });

  it("agrees with yaml on 2,500 mutations of real and generated files, or gives up", async () => {
    const rand = random(42);
    const bases = [
      ...realTexts,
      ...(await generatedTexts()),
      ...Array.from({ length: 200 }, (_, i) => randomDocuments(10_000 + i)),
    ].filter((text) => parseSimpleYaml(text) !== undefined);
    let taken = 0;
    for (let i = 0; i < 2500; i++) {
      let text = bases[i % bases.length]!;
      for (let k = rand() < 0.7 ? 1 : 2; k > 0; k--) text = mutate(text, rand);
      if (compare(text)) taken++;
    }
    expect(taken).toBeGreaterThan(400);
  });

  it("resolves plain scalars as the YAML 1.2 core schema does", () => {
    const cases: [string, unknown][] = [
      ["~", null],
      ["Null", null],
      ["true", true],
      ["FALSE", false],
      ["yes", "yes"],
      ["0o17", 15],
      ["0x1F", 31],
      ["-3", -3],
      ["+4", 4],
      ["007", 7],
      ["-0", -0],
      ["1.50", 1.5],
      ["1e3", 1000],
      [".5", 0.5],
      [".inf", Infinity],
      ["-.Inf", -Infinity],
      [".NaN", NaN],
      ["1_000", "1_000"],
      ["0b1", "0b1"],
      ["nul", "nul"],
      ["tru", "tru"],
    ];
    for (const [text, value] of cases) expect(resolvePlain(text), text).toStrictEqual(value);
  });
});
