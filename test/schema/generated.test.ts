import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generatedTypes, generateTypes } from "../../scripts/gen-types.ts";

const root = new URL("../../", import.meta.url);

describe("generated types", () => {
  it.each(generatedTypes)("$output matches $spec", async ({ spec, output }) => {
    const expected = await generateTypes(spec);
    const actual = await readFile(new URL(output, root), "utf8");
    expect(actual, `${output} is stale: run npm run gen:types`).toBe(expected);
  });
});
