import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AepClient } from "../../src/aep/index.ts";
import { scriptedClient, startScriptedServer } from "./scripted-server.ts";
import type { RecordedRequest, ScriptedReply, ScriptedServer } from "./scripted-server.ts";

/*
 * Every request the client sends, recorded on a loopback server, is checked against Adobe's
 * vendored OpenAPI specs: the operation exists (method + path), the headers the spec requires are
 * there, every query parameter is one the operation declares, and a JSON body validates against
 * the operation's request schema. The specs are documentation-grade (openapi/README.md); the few
 * places where they contradict Adobe's own docs are corrected below, each with its source.
 */

const specDir = fileURLToPath(new URL("../../vendor/openapi/", import.meta.url));

type Json = Record<string, unknown>;

interface Operation {
  spec: string;
  method: string;
  template: string;
  pattern: RegExp;
  literalLength: number;
  headers: string[];
  query: Set<string>;
  bodies: Map<string, unknown>;
}

const services = [
  { file: "flow-service.yaml", base: "/data/foundation/flowservice" },
  { file: "catalog.yaml", base: "/data/foundation/catalog" },
  { file: "data-prep.yaml", base: "/data/foundation/conversion" },
  { file: "schema-registry.yaml", base: "/data/foundation/schemaregistry" },
] as const;

/** Corrections to the specs, applied before use; each one names where Adobe documents otherwise. */
function correctSpec(file: string, doc: Json): void {
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  if (file === "flow-service.yaml") {
    // PatchInstruction: docs use lower-case ops and any JSON value (a string for /name),
    // help/sources/tutorials/api/update-dataflows.md.
    const patch = schemas.PatchInstruction!;
    const props = patch.properties as Record<string, Json>;
    props.op = { type: "string", enum: ["add", "replace", "remove", "ADD", "REPLACE", "REMOVE"] };
    props.value = {};
    patch.required = ["op", "path"];
    // PATCH /connections/{id} declares one instruction; its own description and the docs send an array (help/sources/tutorials/api/update.md).
    const connectionPatch = ((doc.paths as Json)["/connections/{BASE_CONNECTION_ID}/"] as Json).patch as Json;
    const media = ((connectionPatch.requestBody as Json).content as Json)["application/json"] as Json;
    media.schema = { type: "array", items: { $ref: "#/components/schemas/PatchInstruction" } };
  }
  if (file === "schema-registry.yaml") {
    // patchSchema says `value: string`, yet its own field-group example and the docs add objects
    // (help/xdm/api/schemas.md).
    const definitions = doc.definitions as Record<string, Json>;
    const items = definitions.patchSchema!.items as Json;
    (items.properties as Json).value = {};
  }
}

/** Query parameters the client sends that a spec does not declare, with the source that documents them. */
const undeclaredQuery: Record<string, Record<string, string>> = {
  "GET /dataSets": { limit: "help/catalog/api/filter-data.md: limit, default 20, max 100" },
};

/** Operations the client uses that a spec lacks. */
const undeclaredOperations: Record<string, string> = {
  "DELETE /mappingSets/{MAPPING_SET_ID}":
    "aepp/dataprep.py uses it; not in Adobe's Data Prep spec (UNCONFIRMED)",
};

function resolve(doc: Json, node: unknown): Json {
  let value = node as Json;
  while (typeof value.$ref === "string") {
    const pointer = value.$ref.replace(/^#\//, "").split("/");
    value = pointer.reduce<Json>((at, key) => at[key.replace(/~1/g, "/").replace(/~0/g, "~")] as Json, doc);
  }
  return value;
}

function loadOperations(ajv: Ajv): Operation[] {
  const operations: Operation[] = [];
  for (const { file, base } of services) {
    const doc = parse(readFileSync(`${specDir}${file}`, "utf8")) as Json;
    correctSpec(file, doc);
    const swagger2 = doc.swagger === "2.0";
    ajv.addSchema({ $id: file, ...(hideIds(toJsonSchema(doc, swagger2)) as Json) });
    for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
      const shared = (item.parameters ?? []) as unknown[];
      for (const [method, op] of Object.entries(item)) {
        if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
        const operation = op as Json;
        const params = [...shared, ...((operation.parameters ?? []) as unknown[])].map((p) =>
          resolve(doc, p),
        );
        const bodies = new Map<string, unknown>();
        if (swagger2) {
          const body = params.find((p) => p.in === "body");
          const consumes = (operation.consumes ?? doc.consumes ?? ["application/json"]) as string[];
          if (body !== undefined) for (const type of consumes) bodies.set(type, body.schema);
        } else if (operation.requestBody !== undefined) {
          const content = (resolve(doc, operation.requestBody).content ?? {}) as Record<string, Json>;
          for (const [type, media] of Object.entries(content)) bodies.set(type, media.schema);
        }
        const path = template.replace(/\/$/, "");
        operations.push({
          spec: file,
          method: method.toUpperCase(),
          template: path,
          pattern: new RegExp(`^${base}${path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
          literalLength: path.replace(/\{[^}]+\}/g, "").length,
          headers: params
            .filter((p) => p.in === "header" && p.required === true)
            .map((p) => String(p.name).toLowerCase()),
          query: new Set(params.filter((p) => p.in === "query").map((p) => String(p.name))),
          bodies,
        });
      }
    }
  }
  return operations;
}

/** Swagger 2 schemas live under `definitions`, OpenAPI 3 under `components/schemas`; both are JSON Schema enough. */
function toJsonSchema(doc: Json, swagger2: boolean): Json {
  return swagger2 ? { definitions: doc.definitions } : { components: doc.components };
}

function findOperation(operations: Operation[], req: RecordedRequest): Operation | undefined {
  return operations
    .filter((op) => op.method === req.method && op.pattern.test(req.path))
    .sort((a, b) => b.literalLength - a.literalLength)[0];
}

// ---------------------------------------------------------------- a fake AEP that answers every call

const flowItem = (id: string) => ({
  id,
  etag: '"6802064a-0000-0200-0000-6387c6b90000"',
  name: id,
  state: "disabled",
  flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
  connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" },
  sourceConnectionIds: [],
  targetConnectionIds: [],
});

function fakeAep(req: RecordedRequest): ScriptedReply {
  const [, , , service, ...rest] = req.path.split("/");
  const id = rest[1];
  if (service === "flowservice") {
    if (rest[0] === "flowSpecs")
      return { status: 200, body: { items: [{ id: "14518937", name: "CRMToAEP" }] } };
    if (rest[0] === "connectionSpecs") return { status: 200, body: { items: [{ id, name: "hubspot" }] } };
    if (req.method === "GET") return { status: 200, body: { items: [flowItem(id ?? "x1")] } };
    if (req.method === "POST" && id === undefined) return { status: 201, body: { id: "new-1", etag: '"e"' } };
    if (req.method === "DELETE") return { status: 204 };
    return { status: 200, body: { id, etag: '"e2"' } };
  }
  if (service === "schemaregistry") {
    if (rest[0] === "stats") return { status: 200, body: { tenantId: "acme" } };
    if (req.method === "GET" && rest.length === 2)
      return { status: 200, body: { results: [], _page: { next: null } } };
    if (req.method === "DELETE") return { status: 204 };
    return {
      status: req.method === "POST" ? 201 : 200,
      body: { $id: "https://ns.adobe.com/acme/schemas/1" },
    };
  }
  if (service === "catalog") {
    if (req.method === "GET")
      return { status: 200, body: id === undefined ? {} : { [id.split(",")[0]!]: { name: "d" } } };
    return {
      status: req.method === "POST" ? 201 : 200,
      body: [`@/dataSets/${id ?? "5c8c3c555033b814b69f947f"}`],
    };
  }
  if (req.method === "GET" && id === undefined)
    return { status: 200, body: { data: [], _page: { count: 0 } } };
  if (req.method === "DELETE") return { status: 200 };
  return { status: 200, body: { id: id ?? "e7c80e4c0d8f4a98a7d400b4e178b635", version: 0 } };
}

// ---------------------------------------------------------------- every call the client can make

const schemaId = "https://ns.adobe.com/acme/schemas/89ab";

/** Distinct spec operations `exerciseEveryCall` reaches (besides the undeclared DELETE of a mapping set). */
const EXPECTED_OPERATIONS = 52;

async function exerciseEveryCall(client: AepClient): Promise<void> {
  const drain = async (items: AsyncIterable<unknown>) => {
    for await (const _ of items) void _;
  };
  const fs = client.flowService;
  for (const collection of [fs.connections, fs.sourceConnections, fs.targetConnections, fs.flows]) {
    await drain(collection.list({ property: ["name==x"], orderby: "-createdAt" }));
    await collection.get("3d17a4ff-9e0a-4f7c-94bb-bc0b61a3a76d");
    await collection.getMany(["a", "b"]);
    await collection.patch("3d17a4ff", [{ op: "replace", path: "/description", value: "d" }], '"e"');
    await collection.delete("3d17a4ff");
  }
  // Create bodies as in Adobe's HubSpot tutorial (help/sources/tutorials/api/create/marketing-automation/hubspot.md,
  // help/sources/tutorials/api/collect/marketing-automation.md).
  await fs.connections.create({
    name: "connection for HubSpot",
    description: "d",
    auth: {
      specName: "Basic Authentication",
      params: { clientId: "a", clientSecret: "b", accessToken: "c" },
    },
    connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" },
  });
  await fs.sourceConnections.create({
    name: "HubSpot source connection",
    baseConnectionId: "c6d4ee17-6752-4e83-94ee-1767522e83fa",
    data: { format: "tabular" },
    params: { path: "Hubspot.Contacts" },
    connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" },
  });
  await fs.targetConnections.create({
    name: "HubSpot target connection",
    data: {
      format: "parquet_xdm",
      schema: { id: schemaId, version: "application/vnd.adobe.xed-full+json;version=1" },
    },
    params: { dataSetId: "5ed5639d798a22191b6987b2" },
    connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" },
  });
  await fs.flows.create({
    name: "HubSpot dataflow",
    flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
    sourceConnectionIds: ["f44dbef2"],
    targetConnectionIds: ["4b3d05d8"],
    transformations: [
      {
        name: "Copy",
        params: { deltaColumn: { name: "updatedAt", dateFormat: "YYYY-MM-DD", timezone: "UTC" } },
      },
      { name: "Mapping", params: { mappingId: "500a9b747fcf4908a21917d49bd61780", mappingVersion: "0" } },
    ],
    // The spec's types: startTime an integer, interval and mappingVersion strings (AEP accepts both forms,
    // help/sources/tutorials/api/update.md).
    scheduleParams: { startTime: 1591043454, frequency: "minute", interval: "15" },
  });
  await fs.flows.action("3d17a4ff", "disable");
  await fs.flows.action("3d17a4ff", "enable").catch(() => undefined); // the fake flow stays disabled
  await fs.listFlowSpecs();
  await fs.findFlowSpecByName("CRMToAEP");
  await fs.getConnectionSpec("cc6a4487-9e91-433e-a3a3-9cf6626c1806");

  const sr = client.schemaRegistry;
  await sr.stats();
  for (const container of ["tenant", "global"] as const) {
    await drain(sr.listSchemas(container, { property: ["title==x"] }));
    await drain(sr.listClasses(container, { full: true }));
    await drain(sr.listFieldGroups(container));
  }
  for (const kind of ["schemas", "classes", "fieldgroups"] as const) {
    await sr.get(kind, schemaId);
    await sr.get(kind, `_acme.${kind}.1`, { full: true });
    await sr.put(kind, schemaId, {
      title: "t",
      description: "d",
      type: "object",
      "meta:intendedToExtend": [],
      allOf: [{ $ref: "https://ns.adobe.com/xdm/context/profile" }],
    });
    await sr.patch(kind, schemaId, [{ op: "add", path: "/allOf/-", value: { $ref: "x" } }]);
    await sr.delete(kind, schemaId);
  }
  await sr.get("classes", "https://ns.adobe.com/xdm/context/profile");
  await sr.create("schemas", {
    title: "Marketing profiles",
    description: "d",
    type: "object",
    allOf: [{ $ref: "https://ns.adobe.com/xdm/context/profile" }],
  });
  await sr.create("classes", {
    title: "raw",
    description: "d",
    type: "object",
    allOf: [{ $ref: "https://ns.adobe.com/xdm/data/adhoc" }, { properties: { _adhoc: { type: "object" } } }],
  });
  await sr.create("fieldgroups", {
    title: "fg",
    description: "d",
    type: "object",
    "meta:intendedToExtend": ["https://ns.adobe.com/xdm/context/profile"],
    definitions: { custom: { properties: { _acme: { type: "object", properties: {} } } } },
    allOf: [{ $ref: "#/definitions/custom" }],
  });

  const cat = client.catalog;
  await drain(cat.listDataSets({ properties: ["name", "tags"], name: "x", tags: "aepsync:*" }));
  await cat.getDataSet("5c8c3c555033b814b69f947f", { properties: ["name"] });
  await cat.getDataSets(["5c8c3c555033b814b69f947f", "5ba9452f7de80400007fc52a"]);
  await cat.createDataSet({
    name: "Marketing profiles",
    schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" },
    tags: { aepsync: ["a=Dataset/x"] },
  });
  await cat.patchDataSet("5c8c3c555033b814b69f947f", { name: "n", description: "d" });
  await cat.patchDataSet("5c8c3c555033b814b69f947f", [
    { op: "add", path: "/tags/unifiedProfile", value: ["enabled:true"] },
  ]);
  await cat.deleteDataSet("5c8c3c555033b814b69f947f");

  const dp = client.dataPrep;
  await drain(dp.listMappingSets({ name: "aepsync" }));
  await dp.getMappingSet("e7c80e4c0d8f4a98a7d400b4e178b635");
  await dp.getMappingSet("e7c80e4c0d8f4a98a7d400b4e178b635", 2);
  const mappingSet = {
    outputSchema: {
      schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" },
    },
    mappings: [{ sourceType: "ATTRIBUTE", source: "firstName", destination: "person.name.firstName" }],
  };
  await dp.createMappingSet(mappingSet);
  await dp.putMappingSet("e7c80e4c0d8f4a98a7d400b4e178b635", mappingSet);
  await dp.deleteMappingSet("e7c80e4c0d8f4a98a7d400b4e178b635");
}

// ---------------------------------------------------------------- the checks

describe("requests against Adobe's OpenAPI specs", () => {
  const ajv = new Ajv({ strict: false, allErrors: true, formats: fullFormats });
  const operations = loadOperations(ajv);
  const validators = new Map<string, ValidateFunction>();
  let server: ScriptedServer;
  let requests: RecordedRequest[] = [];

  beforeAll(async () => {
    server = await startScriptedServer(fakeAep);
    const client = scriptedClient(server);
    try {
      await exerciseEveryCall(client);
    } finally {
      await client.close();
    }
    requests = server.platformRequests();
  });
  afterAll(() => server.close());

  function validatorFor(op: Operation, contentType: string): ValidateFunction | undefined {
    const schema = op.bodies.get(contentType);
    if (schema === undefined) return undefined;
    const key = `${op.spec} ${op.method} ${op.template} ${contentType}`;
    let validate = validators.get(key);
    if (validate === undefined) {
      const ref = (schema as Json).$ref;
      const target = typeof ref === "string" ? { $ref: `${op.spec}${ref}` } : rewriteRefs(schema, op.spec);
      validate = ajv.compile(target as Json);
      validators.set(key, validate);
    }
    return validate;
  }

  it("exercised every route of the client", () => {
    const routes = new Set(
      requests.map((req) => findOperation(operations, req)).map((op) => op && `${op.method} ${op.template}`),
    );
    expect(routes.size).toBe(EXPECTED_OPERATIONS);
  });

  it("sends only operations the specs define", () => {
    const unknown = requests
      .map((req) => ({ req, op: findOperation(operations, req) }))
      .filter(({ req, op }) => op === undefined && !isDocumentedGap(req))
      .map(({ req }) => `${req.method} ${req.path}`);
    expect(unknown).toEqual([]);
  });

  it("sends the headers the specs and help/landing/api-guide.md require", () => {
    const missing: string[] = [];
    for (const req of requests) {
      const op = findOperation(operations, req);
      const required = new Set([
        "authorization",
        "x-api-key",
        "x-gw-ims-org-id",
        "x-sandbox-name",
        ...(op?.headers ?? []),
      ]);
      if (req.body !== "") required.add("content-type");
      // Schema Registry GETs require Accept (help/xdm/api/getting-started.md).
      if (req.method === "GET" && req.path.includes("/schemaregistry/") && !req.path.endsWith("/stats")) {
        if (!String(req.headers.accept).startsWith("application/vnd.adobe.xed"))
          missing.push(`${req.method} ${req.path}: accept`);
      }
      for (const header of required) {
        if (req.headers[header] === undefined) missing.push(`${req.method} ${req.path}: ${header}`);
      }
      expect(String(req.headers.authorization)).toMatch(/^Bearer \S+$/);
    }
    expect(missing).toEqual([]);
  });

  it("sends only query parameters the operations declare", () => {
    const undeclared: string[] = [];
    for (const req of requests) {
      const op = findOperation(operations, req);
      if (op === undefined) continue;
      const allowed = undeclaredQuery[`${op.method} ${op.template}`] ?? {};
      for (const key of new Set(req.query.keys())) {
        if (!op.query.has(key) && allowed[key] === undefined)
          undeclared.push(`${op.method} ${op.template}?${key}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it("sends bodies that validate against the operations' request schemas", () => {
    const problems: string[] = [];
    let validated = 0;
    for (const req of requests.filter((r) => r.body !== "")) {
      const op = findOperation(operations, req);
      if (op === undefined) continue;
      const contentType = String(req.headers["content-type"]).split(";")[0]!.trim();
      if (op.bodies.size > 0 && !op.bodies.has(contentType)) {
        problems.push(
          `${req.method} ${op.template}: content-type ${contentType} not in ${[...op.bodies.keys()].join(", ")}`,
        );
        continue;
      }
      const validate = validatorFor(op, contentType);
      if (validate === undefined) continue;
      // Catalog declares its JSON Patch body with the dataset object schema; the docs send an op array
      // (help/catalog/api/update-object.md).
      if (contentType === "application/json-patch+json") continue;
      validated += 1;
      if (!validate(JSON.parse(req.body))) {
        problems.push(`${req.method} ${op.template}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(validated).toBeGreaterThan(15);
  });
});

/** Example XDM documents inside the registry spec carry `$id`s; as schema keywords they would clash. */
function hideIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(hideIds);
  if (node == null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key === "$id" && typeof value === "string" ? "x-id" : key,
      hideIds(value),
    ]),
  );
}

function isDocumentedGap(req: RecordedRequest): boolean {
  return Object.keys(undeclaredOperations).some((key) => {
    const [method, template] = key.split(" ") as [string, string];
    const pattern = new RegExp(`${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return req.method === method && pattern.test(req.path);
  });
}

/** Inline schemas keep their local `#/…` refs; point them at the spec document they came from. */
function rewriteRefs(node: unknown, spec: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, spec));
  if (node == null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#")
        ? `${spec}${value}`
        : rewriteRefs(value, spec),
    ]),
  );
}
