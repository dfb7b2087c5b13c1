import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import manifestSchema from "../../specs/manifest.schema.json" with { type: "json" };
import configSchema from "../../specs/config.schema.json" with { type: "json" };
import { config, manifest, unionBranches } from "../../src/schema/generated/validators.js";
import { formats, ucs2length } from "../../src/schema/runtime.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const ajvUcs2length = (
  createRequire(import.meta.url)("ajv/dist/runtime/ucs2length.js") as {
    default: (s: string) => number;
  }
).default;
const ajvFormats = {
  "date-time": (s: string) => (fullFormats["date-time"] as { validate: (s: string) => boolean }).validate(s),
  uri: (s: string) => (fullFormats.uri as (s: string) => boolean)(s),
  uuid: (s: string) => (fullFormats.uuid as RegExp).test(s),
};

/** ajv compiled at run time, as validation worked before its code was generated at build time. */
function compileAtRunTime() {
  const ajv = new Ajv({
    strict: true,
    strictTypes: true,
    strictTuples: true,
    allErrors: true,
    verbose: true,
    discriminator: true,
    allowUnionTypes: true,
  });
  ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
  ajv.addFormat("date-time", fullFormats["date-time"]);
  ajv.addFormat("uri", fullFormats.uri);
  ajv.addFormat("uuid", fullFormats.uuid);
  ajv.addSchema(manifestSchema, "manifest.schema.json");
  ajv.addSchema(configSchema, "config.schema.json");
  return ajv;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every YAML document of the example pipelines and of the manifest fixtures (valid or not). */
function corpus(): { name: string; data: unknown; isConfig: boolean }[] {
  const out: { name: string; data: unknown; isConfig: boolean }[] = [];
  for (const file of [
    ...yamlFiles("pipelines"),
    ...yamlFiles("test/fixtures/manifest"),
    join(root, "aepsync.yaml"),
  ]) {
    let docs;
    try {
      docs = parseAllDocuments(readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    for (const [i, doc] of (Array.isArray(docs) ? docs : []).entries()) {
      if (doc.errors.length > 0) continue;
      try {
        out.push({
          name: `${file}#${i}`,
          data: doc.toJS({ maxAliasCount: 100 }),
          isConfig: file.endsWith("aepsync.yaml"),
        });
      } catch {
        // an alias bomb: not a document the validators ever see
      }
    }
  }
  return [...out, ...out.flatMap(mutations)];
}

/** Schema-breaking variants of a document: each spec key removed, mistyped or joined by an unknown one. */
function mutations(doc: { name: string; data: unknown; isConfig: boolean }) {
  const data = doc.data as Record<string, unknown> | null;
  const spec = data?.spec;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return [];
  const variants: { name: string; data: unknown; isConfig: boolean }[] = [];
  const add = (what: string, next: Record<string, unknown>) =>
    variants.push({ ...doc, name: `${doc.name} ${what}`, data: { ...data, spec: next } });
  for (const key of Object.keys(spec)) {
    const { [key]: _removed, ...rest } = spec as Record<string, unknown>;
    add(`without spec.${key}`, rest);
    add(`spec.${key}: 42`, { ...spec, [key]: 42 });
    add(`spec.${key}: []`, { ...spec, [key]: [] });
  }
  add("spec.unknownKey", { ...spec, unknownKey: true });
  return variants;
}

describe("validators generated at build time", () => {
  const ajv = compileAtRunTime();
  const documents = corpus();

  it("cover a corpus with valid and invalid documents of both schemas", () => {
    const results = documents.map((d) => (d.isConfig ? config : manifest)(d.data));
    expect(results.filter(Boolean).length).toBeGreaterThan(10);
    expect(results.filter((r) => !r).length).toBeGreaterThan(100);
    expect(documents.filter((d) => d.isConfig).length).toBeGreaterThan(3);
  });

  it("give the very errors ajv compiled at run time gives, document by document", () => {
    for (const { name, data, isConfig } of documents) {
      const key = isConfig ? "config.schema.json" : "manifest.schema.json";
      const atRunTime = ajv.getSchema(key)!;
      const generated = isConfig ? config : manifest;
      expect(generated(data), name).toBe(atRunTime(data));
      expect(generated.errors ?? null, name).toEqual(atRunTime.errors ?? null);
    }
  });

  it("give each oneOf branch with the errors and required keys of its definition", () => {
    expect(Object.keys(unionBranches).length).toBeGreaterThanOrEqual(6);
    for (const [ref, branch] of Object.entries(unionBranches)) {
      const atRunTime = ajv.getSchema(ref)!;
      expect(branch.required, ref).toEqual((atRunTime.schema as { required?: string[] }).required ?? []);
      for (const { name, data } of documents) {
        const spec = (data as { spec?: unknown } | null)?.spec;
        for (const value of [data, spec]) {
          expect(branch.validate(value), `${ref} ${name}`).toBe(atRunTime(value));
          expect(branch.validate.errors ?? null, `${ref} ${name}`).toEqual(atRunTime.errors ?? null);
        }
      }
    }
  });
});

describe("runtime helpers (src/schema/runtime.ts) behave as ajv-formats and ajv", () => {
  const dateTimes = [
    "2027-06-01T00:00:00Z",
    "2027-06-01t00:00:00z",
    "2027-06-01 00:00:00Z",
    "2027-06-01T00:00:00.123+02:00",
    "2027-06-01T00:00:00+0200",
    "2027-06-01T00:00:00",
    "2027-06-01",
    "2024-02-29T12:00:00Z",
    "2023-02-29T12:00:00Z",
    "2027-13-01T00:00:00Z",
    "2027-00-10T00:00:00Z",
    "2027-04-31T00:00:00Z",
    "2027-06-01T24:00:00Z",
    "2027-06-01T23:59:60Z",
    "2027-06-01T23:59:60+01:00",
    "2027-06-01T00:59:60+01:00",
    "2027-06-01T23:59:61Z",
    "2027-06-01T10:60:00Z",
    "2027-06-01T10:00:00+24:00",
    "2027-06-01T10:00:00+01:60",
    "2027-06-01T10:00:00-00:30",
    "2027-06-01TT10:00:00Z",
    "2027-06-01T10:00Z",
    "27-06-01T10:00:00Z",
    "",
    " ",
    "now",
    "2027-06-01T00:00:00Z ",
  ];
  const uris = [
    "https://ns.adobe.com/xdm/context/profile",
    "http://x",
    "urn:isbn:0451450523",
    "mailto:a@b.c",
    "relative/path",
    "/absolute/path",
    "https://[::1]:80/p?q=1#f",
    "https://user:pw@host:8080/a%20b",
    "https://bad host/",
    "ftp:",
    "x:y",
    "1http://a",
    "https://a/b#c#d",
    "https://ä.example/",
    "",
    "no-scheme",
  ];
  const uuids = [
    "cc6a4487-9e91-433e-a3a3-9cf6626c1806",
    "CC6A4487-9E91-433E-A3A3-9CF6626C1806",
    "urn:uuid:cc6a4487-9e91-433e-a3a3-9cf6626c1806",
    "cc6a44879e91433ea3a39cf6626c1806",
    "cc6a4487-9e91-433e-a3a3-9cf6626c180",
    "gc6a4487-9e91-433e-a3a3-9cf6626c1806",
    "",
  ];

  it.each([
    ["date-time", dateTimes, ajvFormats["date-time"]],
    ["uri", uris, ajvFormats.uri],
    ["uuid", uuids, ajvFormats.uuid],
  ] as const)("%s", (name, samples, reference) => {
    const ours = formats[name];
    expect(samples.some((s) => reference(s)) && samples.some((s) => !reference(s))).toBe(true);
    for (const sample of samples) expect(ours(sample), JSON.stringify(sample)).toBe(reference(sample));
  });

  it("ucs2length counts code points as ajv does", () => {
    for (const s of ["", "a", "abc", "é", "😀", "a😀b", "\ud83d", "\ude00", "\ud83d\ud83d", "𝔘𝔫𝔦"]) {
      expect(ucs2length(s), JSON.stringify(s)).toBe(ajvUcs2length(s));
    }
  });
});
