import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalPieces, jsonEqual } from "../../src/model/canonical.ts";

/** RFC 8785 written the plain way (sorted keys, JSON.stringify for every leaf): the reference. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => reference(v === undefined ? null : v)).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .sort()
      .filter((k) => object[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${reference(object[k])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A deterministic generator of JSON-ish values, with the strings that need escaping. */
function randomValues(seed: number, count: number): unknown[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const strings = [
    "",
    "plain",
    'quo"te',
    "back\\slash",
    "line\nbreak",
    "\u0000\u001f",
    "\u007f\u0080",
    "é€",
    "\ud83d\ude00",
    "\ud800 lone",
    "lone \udfff",
    "/~0~1",
    "a".repeat(40),
  ];
  const keys = ["b", "a", "B", "é", "\u20ac", "\ud83d\ude00", "10", "1", "", "aa", "a\u0000"];
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.35) {
      const leaf = next();
      if (leaf < 0.3) return strings[Math.floor(next() * strings.length)];
      if (leaf < 0.6) return [0, -0, 1, -1.5, 1e21, 1e-7, 123456789.125, 2 ** 53][Math.floor(next() * 8)];
      if (leaf < 0.8) return next() < 0.5;
      return null;
    }
    if (r < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 6); i > 0; i--)
      object[keys[Math.floor(next() * keys.length)]!] = next() < 0.1 ? undefined : value(depth + 1);
    return object;
  };
  return Array.from({ length: count }, () => value(0));
}

describe("canonicalJson (RFC 8785)", () => {
  it("sorts members by UTF-16 code units, as RFC 8785's example does", () => {
    // RFC 8785 §3.2.3: "\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33".
    const value = { "\u20ac": 5, "\r": 1, "\ufb33": 7, "1": 2, "\ud83d\ude00": 6, "\u0080": 3, "\u00f6": 4 };
    expect(canonicalJson(value)).toBe('{"\\r":1,"1":2,"\u0080":3,"ö":4,"€":5,"😀":6,"דּ":7}');
  });

  it("writes numbers, strings and absent members as ECMAScript and JSON do", () => {
    expect(canonicalJson({ z: -0, y: 1e21, x: 1e-7, w: undefined, v: [undefined, "\ud800"] })).toBe(
      '{"v":[null,"\\ud800"],"x":1e-7,"y":1e+21,"z":0}',
    );
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it("agrees with the plain reference on a thousand generated values", () => {
    for (const value of randomValues(42, 1000)) expect(canonicalJson(value)).toBe(reference(value));
  });
});

describe("canonicalPieces", () => {
  it("joins to canonicalJson, with the texts it is given spliced in as pieces of their own", () => {
    for (const value of randomValues(7, 300)) {
      const inner: object[] = [];
      const visit = (v: unknown): void => {
        if (typeof v !== "object" || v === null) return;
        inner.push(v);
        for (const child of Object.values(v)) visit(child);
      };
      visit(value);
      const known = new Map(inner.filter((_, i) => i % 3 === 1).map((v) => [v, canonicalJson(v)]));
      const pieces = canonicalPieces(value, (v) => known.get(v));
      expect(pieces.join("")).toBe(canonicalJson(value));
    }
  });

  it("uses a known text as it is, without looking into the value", () => {
    const shared = { b: 1, a: 2 };
    const pieces = canonicalPieces({ after: shared, before: shared, id: "x" }, (v) =>
      v === shared ? "<shared>" : undefined,
    );
    expect(pieces).toEqual(['{"after":', "<shared>", ',"before":', "<shared>", ',"id":"x"}']);
  });
});

describe("jsonEqual", () => {
  it("ignores member order and absent members, and nothing else", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual({ 0: 1 }, [1])).toBe(false);
    expect(jsonEqual("1", 1)).toBe(false);
  });

  it("agrees with comparing canonical texts on generated pairs", () => {
    const values = randomValues(99, 400);
    for (let i = 0; i + 1 < values.length; i++) {
      const [a, b] = [values[i], i % 4 === 0 ? structuredClone(values[i]) : values[i + 1]];
      expect(jsonEqual(a, b)).toBe(canonicalJson(a ?? null) === canonicalJson(b ?? null));
    }
  });
});
