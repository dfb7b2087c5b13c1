// Generates src/schema/generated/*.ts from the JSON Schemas in specs/ (`npm run gen:types`).
// test/schema/generated.test.ts regenerates in memory and fails when the checked-in files drift.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compile, type JSONSchema } from "json-schema-to-typescript";

const root = fileURLToPath(new URL("..", import.meta.url));

/** specs/<spec> → src/schema/generated/<output>. */
export const generatedTypes = [
  { spec: "specs/manifest.schema.json", output: "src/schema/generated/manifest.ts" },
  { spec: "specs/config.schema.json", output: "src/schema/generated/config.ts" },
] as const;

/** The TypeScript source generated from one schema file (paths relative to the repository root). */
export async function generateTypes(spec: string): Promise<string> {
  const schema = JSON.parse(await readFile(`${root}${spec}`, "utf8")) as JSONSchema;
  return compile(schema, String(schema.title), {
    bannerComment: `/* Generated from ${spec} by \`npm run gen:types\`. Do not edit. */`,
    additionalProperties: false,
    strictIndexSignatures: true,
    ignoreMinAndMaxItems: true,
    unknownAny: true,
    declareExternallyReferenced: true,
    cwd: `${root}specs`,
    style: { printWidth: 110 },
  });
}

async function writeAll(): Promise<void> {
  await mkdir(`${root}src/schema/generated`, { recursive: true });
  for (const { spec, output } of generatedTypes) {
    await writeFile(`${root}${output}`, await generateTypes(spec));
    process.stdout.write(`wrote ${output}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await writeAll();
