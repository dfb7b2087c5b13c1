import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generatedTypes, generateTypes } from "../../scripts/gen-types.ts";
import { generateValidators, VALIDATORS_DTS, VALIDATORS_JS } from "../../scripts/gen-validators.ts";

const root = new URL("../../", import.meta.url);

describe("generated types", () => {
  it.each(generatedTypes)("$output matches $spec", async ({ spec, output }) => {
    const expected = await generateTypes(spec);
    const actual = await readFile(new URL(output, root), "utf8");
    expect(actual, `${output} is stale: run npm run gen:types`).toBe(expected);
  });
});

describe("generated validators", () => {
  it(`${VALIDATORS_JS} and ${VALIDATORS_DTS} match specs/`, async () => {
    const { js, dts } = await generateValidators();
    const stale = "is stale: run npm run gen:validators";
    expect(await readFile(new URL(VALIDATORS_JS, root), "utf8"), `${VALIDATORS_JS} ${stale}`).toBe(js);
    expect(await readFile(new URL(VALIDATORS_DTS, root), "utf8"), `${VALIDATORS_DTS} ${stale}`).toBe(dts);
  });

  it("load no ajv code at run time: every helper comes from src/schema/runtime.ts", async () => {
    const { js } = await generateValidators();
    expect(js).not.toMatch(/\brequire\(/);
    expect(js.match(/^import .*$/gm)).toEqual([
      'import { formats as aepsyncFormats, ucs2length } from "../runtime.ts";',
    ]);
  });
});
