import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import manifestSchema from "../../specs/manifest.schema.json" with { type: "json" };
import configSchema from "../../specs/config.schema.json" with { type: "json" };
import { checkConfigSchema, checkManifestSchema } from "../../src/schema/index.ts";

type Node = Record<string, unknown>;

/** Every schema node reachable from `node`, with its path. */
function* walk(node: unknown, path: string): Generator<[string, Node]> {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${path}/${i}`);
    return;
  }
  const n = node as Node;
  yield [path, n];
  for (const [key, value] of Object.entries(n)) {
    if (key === "enum" || key === "const" || key === "default" || key === "required") continue;
    yield* walk(value, `${path}/${key}`);
  }
}

function resolve(root: Node, ref: string): Node {
  const name = ref.replace("#/definitions/", "");
  return (root.definitions as Record<string, Node>)[name]!;
}

describe.each([
  ["manifest", manifestSchema as Node],
  ["config", configSchema as Node],
])("specs/%s.schema.json", (_, schema) => {
  it("compiles under ajv strict mode", () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, discriminator: true, validateFormats: false });
    ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("describes every property, so editors can show help", () => {
    const missing: string[] = [];
    for (const [path, node] of walk(schema, "#")) {
      const props = (node.properties ?? {}) as Record<string, Node>;
      for (const [name, prop] of Object.entries(props)) {
        const target = typeof prop.$ref === "string" ? resolve(schema, prop.$ref) : prop;
        if (typeof prop.description !== "string" && typeof target.description !== "string") {
          missing.push(`${path}/properties/${name}`);
        }
      }
      const extra = node.additionalProperties;
      if (typeof extra === "object" && extra !== null) {
        const target =
          typeof (extra as Node).$ref === "string"
            ? resolve(schema, (extra as Node).$ref as string)
            : (extra as Node);
        if (typeof target.description !== "string") missing.push(`${path}/additionalProperties`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("titles every definition (the generated type names)", () => {
    const definitions = (schema.definitions ?? {}) as Record<string, Node>;
    for (const [name, definition] of Object.entries(definitions)) expect(definition.title).toBe(name);
  });
});

describe("checkManifestSchema", () => {
  const pipeline = {
    apiVersion: "aepsync/v1",
    kind: "Pipeline",
    metadata: { name: "p" },
    spec: {
      source: { connection: "c" },
      target: { dataset: "d" },
      mapping: [{ source: "a", destination: "b" }],
      schedule: { frequency: "hour", interval: 1, startTime: 1798761600 },
    },
  };

  it("accepts a minimal pipeline, with startTime as epoch seconds or a date-time", () => {
    expect(checkManifestSchema(pipeline)).toEqual([]);
    const withDate = structuredClone(pipeline);
    withDate.spec.schedule.startTime = "2027-01-01T00:00:00Z" as unknown as number;
    expect(checkManifestSchema(withDate)).toEqual([]);
  });

  it("reports only the mapping branch that the data was meant for", () => {
    const bad = structuredClone(pipeline);
    (bad.spec.mapping[0] as Record<string, unknown>).destinaton = "x";
    expect(checkManifestSchema(bad)).toEqual([
      {
        pointer: "/spec/mapping/0/destinaton",
        message: expect.stringContaining("did you mean 'destination'?") as string,
      },
    ]);
  });

  it("never quotes values under auth params (they may be credentials)", () => {
    const problems = checkManifestSchema({
      apiVersion: "aepsync/v1",
      kind: "Connection",
      metadata: { name: "c" },
      spec: { connector: "hubspot", auth: { params: { clientSecret: 12345 } } },
    });
    expect(problems).toEqual([
      { pointer: "/spec/auth/params/clientSecret", message: "must be a string, not an integer" },
    ]);
  });

  it("checks aepsync.yaml", () => {
    expect(checkConfigSchema({ environments: { dev: { sandbox: "dev" } } })).toEqual([]);
    expect(checkConfigSchema({ environments: { dev: {} } })).toEqual([
      { pointer: "/environments/dev", message: "missing required property 'sandbox': add it" },
    ]);
  });
});
