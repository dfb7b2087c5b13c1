// Generates src/schema/generated/validators.js (and its .d.ts) from the JSON Schemas in specs/
// (`npm run gen:validators`): ajv's standalone code, compiled here once instead of on every run of
// the CLI, so validation loads neither ajv nor ajv-formats. test/schema/generated.test.ts
// regenerates in memory and fails when the checked-in files drift.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { _, Ajv } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { formats } from "../src/schema/runtime.ts";

// A CommonJS module: its function is module.exports and, as TypeScript sees it, `.default`.
const standalone = standaloneModule.default;
const root = fileURLToPath(new URL("..", import.meta.url));

export const VALIDATORS_JS = "src/schema/generated/validators.js";
export const VALIDATORS_DTS = "src/schema/generated/validators.d.ts";

/** Schema files, by the key validate-schema.ts knows them under (ajv's `$id`-less key). */
const specs = [
  { key: "manifest.schema.json", spec: "specs/manifest.schema.json", name: "manifest" },
  { key: "config.schema.json", spec: "specs/config.schema.json", name: "config" },
] as const;

// The identifier the generated code reads formats from (in createAjv's `code.formats` too);
// imported from runtime.ts.
const FORMATS = "aepsyncFormats";

/**
 * The ajv options validation has always used; `code` makes ajv keep the source of what it compiles.
 * Changing them changes the diagnostics (test/fixtures/manifest/invalid snapshots them).
 */
function createAjv(): Ajv {
  const ajv = new Ajv({
    strict: true,
    strictTypes: true,
    strictTuples: true,
    allErrors: true,
    verbose: true,
    discriminator: true,
    allowUnionTypes: true,
    code: { source: true, esm: true, lines: true, formats: _`aepsyncFormats` },
  });
  // Annotation understood by VS Code's YAML/JSON language servers; validate-schema.ts reuses it.
  ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
  for (const [name, validate] of Object.entries(formats)) ajv.addFormat(name, validate);
  return ajv;
}

/**
 * Every `{"$ref": …}` branch of every oneOf in a schema, which validate-schema.ts explains union
 * errors with. A oneOf beside a `discriminator` never fails as a oneOf (ajv reports the
 * discriminator instead), so its branches are left out.
 */
function unionRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) unionRefs(item, out);
  } else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "oneOf" && Array.isArray(value) && !("discriminator" in node)) {
        for (const branch of value) {
          const ref = (branch as { $ref?: unknown }).$ref;
          if (typeof ref === "string" && !out.includes(ref)) out.push(ref);
        }
      }
      unionRefs(value, out);
    }
  }
  return out;
}

/** The definition a local `#/definitions/X` ref points to. */
function resolveLocal(schema: Record<string, unknown>, ref: string): Record<string, unknown> {
  let node: unknown = schema;
  for (const token of ref.replace(/^#\//, "").split("/")) node = (node as Record<string, unknown>)[token];
  if (typeof node !== "object" || node === null) throw new Error(`cannot resolve ${ref}`);
  return node as Record<string, unknown>;
}

/** Runtime helpers the standalone code asks for with require(), and what replaces them. */
const runtimeHelpers: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
};

/** The generated JavaScript module and its declarations. */
export async function generateValidators(): Promise<{ js: string; dts: string }> {
  const ajv = createAjv();
  const exports: Record<string, string> = {};
  const branches: string[] = [];
  for (const { key, spec, name } of specs) {
    const schema = JSON.parse(await readFile(`${root}${spec}`, "utf8")) as Record<string, unknown>;
    ajv.addSchema(schema, key);
    exports[name] = key;
    for (const ref of unionRefs(schema)) {
      const exportName = `${name}_${ref
        .split("/")
        .pop()!
        .replace(/[^A-Za-z0-9_]/g, "_")}`;
      exports[exportName] = `${key}${ref}`;
      const required = resolveLocal(schema, ref).required ?? [];
      branches.push(
        `  ${JSON.stringify(`${key}${ref}`)}: { validate: ${exportName}, required: ${JSON.stringify(required)} },`,
      );
    }
  }
  let code = standalone(ajv, exports).replace(/^"use strict";/, "");
  for (const [call, helper] of Object.entries(runtimeHelpers)) code = code.replaceAll(call, helper);
  const leftover = /require\([^)]*\)/.exec(code);
  if (leftover !== null) {
    throw new Error(
      `the standalone code needs ${leftover[0]}: add the helper to src/schema/runtime.ts and to runtimeHelpers`,
    );
  }
  const banner = "// Generated from specs/*.schema.json by `npm run gen:validators`. Do not edit.";
  const js = [
    banner,
    `import { formats as ${FORMATS}, ${Object.values(runtimeHelpers).join(", ")} } from "../runtime.ts";`,
    code.trim(),
    "",
    "/** oneOf branches by `<schema file>#/definitions/<name>`: their validator and required keys. */",
    "export const unionBranches = {",
    ...branches,
    "};",
    "",
  ].join("\n");
  const names = specs.map((s) => s.name);
  const dts = [
    banner,
    'import type { ErrorObject } from "ajv";',
    "",
    "/** An ajv validating function compiled at build time: `errors` is set after each call. */",
    "export interface StandaloneValidate {",
    "  (data: unknown): boolean;",
    "  errors?: ErrorObject[] | null;",
    "}",
    "",
    ...names.map((n) => `export declare const ${n}: StandaloneValidate;`),
    "export declare const unionBranches: Record<string, { validate: StandaloneValidate; required: string[] }>;",
    "",
  ].join("\n");
  return { js, dts };
}

async function writeAll(): Promise<void> {
  const { js, dts } = await generateValidators();
  await mkdir(`${root}src/schema/generated`, { recursive: true });
  await writeFile(`${root}${VALIDATORS_JS}`, js);
  await writeFile(`${root}${VALIDATORS_DTS}`, dts);
  process.stdout.write(`wrote ${VALIDATORS_JS} and ${VALIDATORS_DTS}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await writeAll();
