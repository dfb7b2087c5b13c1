import { describe, expect, it } from "vitest";
import { parseSingleReference, resolveReferences, scanReferences } from "../../src/manifest/index.ts";

describe("scanReferences", () => {
  it.each([
    ["${env:HUBSPOT_CLIENT_ID}", [["env", "HUBSPOT_CLIENT_ID"]]],
    [
      "a ${var:X} b ${secret:_Y2}",
      [
        ["var", "X"],
        ["secret", "_Y2"],
      ],
    ],
    ["no references", []],
    ["$${env:ESCAPED} stays literal", []],
    ["price: $5 {not one}", []],
  ])("finds the references of %j", (value, expected) => {
    const { references, problems } = scanReferences(value);
    expect(problems).toEqual([]);
    expect(references.map((r) => [r.scheme, r.name])).toEqual(expected);
  });

  it.each([
    ["${env:lower}", "invalid name 'lower' in ${env:…}: use upper-case letters, digits and '_' (e.g. LOWER)"],
    ["${sekret:X}", "unknown reference scheme 'sekret' (did you mean 'secret'?): use env, secret or var"],
    ["${X}", "'${X}' has no scheme: write ${env:X}, ${secret:…} or ${var:…}"],
    ["${env:X", "unclosed '${': close it with '}' (write '$${' for a literal '${')"],
    ["${env:9X}", "invalid name '9X' in ${env:…}: use upper-case letters, digits and '_' (e.g. _9X)"],
    ["${env:}", "invalid name '' in ${env:…}: use upper-case letters, digits and '_' (e.g. NAME)"],
  ])("explains %j", (value, message) => {
    expect(scanReferences(value).problems).toEqual([{ start: 0, message }]);
  });

  it("reports an unclosed reference followed by a good one", () => {
    const { references, problems } = scanReferences("${env:A ${env:B}");
    expect(problems.map((p) => p.start)).toEqual([0]);
    expect(references.map((r) => r.name)).toEqual(["B"]);
  });
});

describe("parseSingleReference", () => {
  it("accepts exactly one reference and nothing else", () => {
    expect(parseSingleReference("${secret:TOKEN}")).toMatchObject({ scheme: "secret", name: "TOKEN" });
    expect(parseSingleReference("Bearer ${secret:TOKEN}")).toBeUndefined();
    expect(parseSingleReference("${env:A}${env:B}")).toBeUndefined();
    expect(parseSingleReference("literal")).toBeUndefined();
  });
});

describe("resolveReferences", () => {
  it("substitutes, unescapes and lists what is missing", () => {
    const values: Record<string, string> = { "var:SUFFIX": " (dev)" };
    const result = resolveReferences(
      "HubSpot${var:SUFFIX} $${var:SUFFIX} ${env:MISSING}",
      (r) => values[`${r.scheme}:${r.name}`],
    );
    expect(result.value).toBe("HubSpot (dev) ${var:SUFFIX} ${env:MISSING}");
    expect(result.missing.map((r) => r.name)).toEqual(["MISSING"]);
  });
});
