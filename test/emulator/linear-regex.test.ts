import { describe, expect, it } from "vitest";
import { compileLinearRegex, RegexSyntaxError } from "../../src/emulator/linear-regex.ts";

const PATTERNS = [
  "a",
  "^a$",
  "a+b",
  "(a|b)*c",
  "^(a+)+$",
  "[a-c]{2,3}x",
  "\\d+",
  "^\\w+@\\w+\\.com$",
  "colou?r",
  "a{2}",
  "a{2,}",
  "a{,2}",
  "x{",
  "[^abc]",
  "[]",
  "[^]",
  "\\bfoo\\b",
  "\\Bo",
  ".*",
  "^$",
  "a|",
  "(?:ab)+",
  "[\\d-]+",
  "[a\\-z]",
  "\\x41",
  "\\u0041b",
  "a.c",
  "(a*)*b",
  "a\\.b",
  "^[A-Z][a-z]*( [A-Z][a-z]*)*$",
  "(ab|a)(bc|c)",
  "a{0}",
  "\\s",
  "\\S+",
  "\\W",
  "a??b",
  "(a|ab)(c|bcd)(d*)",
];
const TEXTS = [
  "",
  "a",
  "aa",
  "ab",
  "abc",
  "c",
  "aaab",
  "ac",
  "foo",
  "a foo b",
  "foobar",
  "color",
  "colour",
  "x{",
  "a{,2}",
  "123",
  "HubSpot Contacts",
  "user@site.com",
  "a.b",
  "a-b",
  "Ab",
  "aaaa!",
  "Hello World",
  " ",
  "a\nb",
  "acd",
  "abcd",
];

describe("the linear-time matcher", () => {
  it.each(PATTERNS)("matches /%s/ as JavaScript's RegExp does", (pattern) => {
    const ours = compileLinearRegex(pattern);
    const theirs = new RegExp(pattern);
    for (const text of TEXTS) expect([text, ours.test(text)]).toEqual([text, theirs.test(text)]);
  });

  it.each([
    "(a)\\1",
    "(?<n>a)\\k<n>",
    "a(?=b)",
    "a(?!b)",
    "(?<=a)b",
    "(a",
    "a)",
    "[a",
    "*a",
    "a{3,2}",
    "\\",
    "^*",
  ])("refuses /%s/", (pattern) => {
    expect(() => compileLinearRegex(pattern)).toThrow(RegexSyntaxError);
  });

  it("refuses a pattern that would compile to a huge automaton", () => {
    expect(() => compileLinearRegex("(abcdefghijabcdefghijabcdefghij){1000}")).toThrow(/too large/);
    expect(() => compileLinearRegex("a{1001}")).toThrow(/more than 1000/);
  });

  it("runs catastrophic patterns on long texts in linear time", () => {
    const text = `${"a".repeat(20_000)}!`;
    for (const pattern of ["(a+)+$", "^(a|aa)*$", "(a*)*b", "^(a|a?)+$"]) {
      expect(compileLinearRegex(pattern).test(text)).toBe(false);
    }
    expect(compileLinearRegex("(a+)+!$").test(text)).toBe(true);
  });
});
