/**
 * Every emulator response of a realistic session is checked against the response schema Adobe's
 * vendored OpenAPI specs declare for that operation and status, where they declare one. The specs are
 * documentation-grade (vendor/openapi/README.md): where Adobe's guides document otherwise, the spec is
 * corrected below, each correction with its source.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  CAT,
  createPipeline,
  DP,
  FS,
  hubspotConnection,
  manualClock,
  PROFILE,
  SR,
  startClient,
  XED,
  XED_ID,
  type Answer,
  type TestClient,
} from "./helpers.ts";

type Json = Record<string, unknown>;

const specDir = fileURLToPath(new URL("../../vendor/openapi/", import.meta.url));

const services = [
  { file: "flow-service.yaml", base: FS },
  { file: "catalog.yaml", base: CAT },
  { file: "data-prep.yaml", base: DP },
  { file: "schema-registry.yaml", base: SR },
] as const;

const epochOrDate = { type: ["integer", "string"] };

/** Response-side corrections; each names where Adobe documents the shape the emulator returns. */
function correctSpec(file: string, doc: Json): void {
  const schemas = ((doc.components as Json | undefined)?.schemas ?? (doc.definitions as Json)) as Record<
    string,
    Json
  >;
  const props = (name: string): Json => schemas[name]!.properties as Json;
  if (file === "flow-service.yaml") {
    // The tutorial's flowSpecs response shows transformationSpecs as an array
    // (help/sources/tutorials/api/collect/marketing-automation.md).
    props("FlowSpecItemDTO").transformationSpecs = { type: "array", items: { type: "object" } };
    // GET shows startTime as a string ("startTime":"1612310466"), help/sources/tutorials/api/update.md.
    props("ScheduleSpecDTO").startTime = { type: ["integer", "string"] };
    // And backfill too ("backfill": "true"): help/sources/tutorials/api/update-dataflows.md.
    props("ScheduleSpecDTO").backfill = { type: ["boolean", "string"] };
  }
  if (file === "data-prep.yaml") {
    // Adobe's examples show epoch milliseconds for these dates (help/data-prep/api/mapping-set.md).
    for (const name of ["SimpleRepresentation", "MappingSet", "MappingOperation"]) {
      props(name).createdDate = epochOrDate;
      props(name).modifiedDate = epochOrDate;
    }
    // Attributes are stored as "text/x.schema-path" (help/data-prep/api/mapping-set.md).
    schemas.SourceType = { type: "string" };
  }
  if (file === "schema-registry.yaml") {
    // The last page has `_page.next: null` (help/xdm/api/schemas.md example, help/xdm/api/appendix.md).
    const page = (schemas.listResponseBasic!.properties as Json)._page as Json;
    (page.properties as Json).next = { type: ["string", "null"] };
    // linksBasic's own description: next "Contains `null` if this is the last or only page".
    (schemas.linksBasic!.properties as Json).next = { type: ["string", "null"] };
    // The spec's own examples, and help/xdm/api/descriptors.md, show `"xdm:sourceVersion": 1`.
    props("createDescriptor")["xdm:sourceVersion"] = { type: ["integer", "string"] };
  }
}

/** Examples carry `$id`s of sample resources that ajv would take for schema ids. */
function withoutExamples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutExamples);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "example" || key === "examples" || (key === "$id" && typeof value === "string")) continue;
    out[key] = withoutExamples(value);
  }
  return out;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  literals: number;
  responses: Json;
  file: string;
}

const ajv = new Ajv({ strict: false, allErrors: true, formats: fullFormats });
const operations: Operation[] = [];

for (const { file, base } of services) {
  const doc = parse(readFileSync(`${specDir}${file}`, "utf8")) as Json;
  correctSpec(file, doc);
  ajv.addSchema(withoutExamples(doc) as Json, file);
  for (const [rawTemplate, item] of Object.entries(doc.paths as Record<string, Json>)) {
    const template = rawTemplate.replace(/\/$/, "");
    const parts = template.split("/").slice(1);
    const pattern = new RegExp(
      `^${base}/${parts.map((p) => (p.startsWith("{") ? "[^/]+" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}$`,
    );
    for (const [method, op] of Object.entries(item)) {
      const responses = (op as Json).responses as Json | undefined;
      if (responses === undefined) continue;
      operations.push({
        method: method.toUpperCase(),
        template: `${rawTemplate}`,
        pattern,
        literals: parts.filter((p) => !p.startsWith("{")).length,
        responses,
        file,
      });
    }
  }
}

function findOperation(method: string, path: string): Operation | undefined {
  return operations
    .filter((op) => op.method === method && op.pattern.test(path))
    .sort((a, b) => b.literals - a.literals)[0];
}

const escapePointer = (s: string): string => s.replaceAll("~", "~0").replaceAll("/", "~1");

/** The JSON pointer of the response schema, OpenAPI 3 (`content`) or Swagger 2 (`schema`). */
function schemaPointer(op: Operation, status: number): string | undefined {
  const response = op.responses[String(status)] as Json | undefined;
  if (response === undefined) return undefined;
  const base = `/paths/${escapePointer(op.template)}/${op.method.toLowerCase()}/responses/${status}`;
  if (response.schema !== undefined) return `${base}/schema`;
  const content = response.content as Record<string, Json> | undefined;
  const type =
    content === undefined ? undefined : Object.keys(content).find((t) => content[t]?.schema !== undefined);
  return type === undefined ? undefined : `${base}/content/${escapePointer(type)}/schema`;
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(file: string, pointer: string): ValidateFunction {
  const key = `${file}#${pointer}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: key });
    compiled.set(key, validate);
  }
  return validate;
}

interface Checked {
  operation: string;
  errors: unknown[];
}

/** Wraps a client so that each JSON response is validated against the spec, when it declares a schema. */
function recording(client: TestClient, checked: Checked[]): TestClient {
  return {
    ...client,
    call: async (method, path, options) => {
      const answer: Answer = await client.call(method, path, options);
      const pathname = new URL(path, "http://x").pathname;
      const op = findOperation(method, pathname);
      const pointer = op === undefined ? undefined : schemaPointer(op, answer.status);
      if (op !== undefined && pointer !== undefined && answer.body !== undefined) {
        const validate = validatorFor(op.file, pointer);
        const errors = validate(answer.body) ? [] : (validate.errors ?? []);
        checked.push({ operation: `${method} ${op.template} ${answer.status}`, errors });
      }
      return answer;
    },
  };
}

describe("responses against Adobe's OpenAPI response schemas", () => {
  it.each([false, true])(
    "validates a full session with realism %s: lists, gets, creates, patches, actions and deletes",
    async (realism) => {
      const checked: Checked[] = [];
      const clock = manualClock();
      // With realism, operations complete when the clock moves past settleMs.
      const settle = (): void => clock.advance(1000);
      const client = recording(await startClient({ realism, settleMs: 1000, clock: clock.now }), checked);
      const p = await createPipeline(client, "dev", "1", settle);
      const second = await createPipeline(client, "dev", "2", settle);
      settle();
      await client.call("GET", `${FS}/connectionSpecs`);
      await client.call("GET", `${FS}/connectionSpecs/${hubspotConnection.connectionSpec.id}`);
      await client.call("GET", `${FS}/flowSpecs?property=name==CRMToAEP`);
      await client.call("GET", `${FS}/flowSpecs/14518937-270c-4525-bdec-c2ba7cce3860`);
      for (const kind of ["connections", "sourceConnections", "targetConnections", "flows", "runs"]) {
        const list = await client.call("GET", `${FS}/${kind}?limit=1`);
        if (list.body._links.next !== undefined)
          await client.call("GET", `${FS}${list.body._links.next.href as string}`);
        await client.call("GET", `${FS}/${kind}?count=true`);
        const id = (list.body.items as { id: string }[])[0]!.id;
        await client.call("GET", `${FS}/${kind}/${id}`);
      }
      const flow = (await client.call("GET", `${FS}/flows/${p.flowId}`)).body.items[0];
      const patched = await client.call("PATCH", `${FS}/flows/${p.flowId}`, {
        body: [{ op: "replace", path: "/name", value: "renamed" }],
        headers: { "if-match": flow.etag },
      });
      expect(patched.status).toBe(200);
      settle();
      for (const [kind, id] of [
        ["connections", p.connectionId],
        ["sourceConnections", p.sourceId],
        ["targetConnections", p.targetId],
      ] as const) {
        const item = (await client.call("GET", `${FS}/${kind}/${id}`)).body.items[0];
        await client.call("PATCH", `${FS}/${kind}/${id}`, {
          body: [{ op: "replace", path: "/name", value: `renamed ${kind}` }],
          headers: { "if-match": item.etag },
        });
      }
      expect((await client.call("POST", `${FS}/flows/${p.flowId}/action?op=disable`)).status).toBe(200);
      expect((await client.call("DELETE", `${FS}/flows/${second.flowId}`)).status).toBe(204);
      settle();

      await client.call("GET", `${CAT}/dataSets?limit=5`);
      await client.call("GET", `${CAT}/dataSets/${p.dataSetId}`);
      await client.call("PATCH", `${CAT}/dataSets/${p.dataSetId}`, { body: { description: "x" } });
      await client.call("DELETE", `${CAT}/dataSets/${second.dataSetId}`);

      await client.call("GET", `${DP}/mappingSets?limit=5`);
      await client.call("GET", `${DP}/mappingSets/${p.mappingId}`);
      await client.call("PUT", `${DP}/mappingSets/${p.mappingId}`, {
        body: {
          outputSchema: { schemaRef: { id: p.schemaId, contentType: XED } },
          mappings: [{ sourceType: "ATTRIBUTE", source: "a", destination: "_id" }],
        },
      });

      await client.call("GET", `${SR}/stats`);
      for (const kind of ["schemas", "classes", "fieldgroups", "datatypes"]) {
        await client.call("GET", `${SR}/tenant/${kind}`, { headers: { accept: XED_ID } });
        await client.call("GET", `${SR}/global/${kind}?limit=3`, {
          headers: { accept: "application/vnd.adobe.xed+json" },
        });
      }
      await client.call("GET", `${SR}/global/behaviors`, { headers: { accept: XED_ID } });
      await client.call("GET", `${SR}/global/classes/${encodeURIComponent(PROFILE)}`, {
        headers: { accept: XED },
      });
      await client.call("GET", `${SR}/global/fieldgroups/_xdm.context.profile-person-details`, {
        headers: { accept: XED },
      });
      await client.call("GET", `${SR}/global/datatypes/_xdm.context.person`, { headers: { accept: XED } });
      await client.call("GET", `${SR}/global/behaviors/_xdm.data.record`, { headers: { accept: XED } });
      const schemaUrl = `${SR}/tenant/schemas/${encodeURIComponent(p.schemaId)}`;
      await client.call("GET", schemaUrl, { headers: { accept: XED } });
      await client.call("GET", schemaUrl, {
        headers: { accept: "application/vnd.adobe.xed-full+json; version=1" },
      });
      await client.call("PATCH", schemaUrl, {
        body: [{ op: "add", path: "/description", value: "patched" }],
      });
      await client.call("PUT", schemaUrl, {
        body: {
          type: "object",
          title: "Profiles 1",
          allOf: [
            { $ref: PROFILE },
            { $ref: "https://ns.adobe.com/xdm/context/profile-person-details" },
            { $ref: "https://ns.adobe.com/xdm/context/profile-personal-details" },
          ],
        },
      });
      await client.call("GET", `${SR}/tenant/schemas`, {}); // 400: no Accept header
      const cls = await client.call("POST", `${SR}/tenant/classes`, {
        body: {
          title: "Raw",
          type: "object",
          allOf: [
            { $ref: "https://ns.adobe.com/xdm/data/adhoc" },
            { properties: { _adhoc: { type: "object", properties: {} } } },
          ],
        },
      });
      await client.call("GET", `${SR}/tenant/classes/${encodeURIComponent(cls.body.$id as string)}`, {
        headers: { accept: XED },
      });
      const group = await client.call("POST", `${SR}/tenant/fieldgroups`, {
        body: {
          title: "Loyalty",
          type: "object",
          "meta:intendedToExtend": [PROFILE],
          definitions: {
            loyalty: {
              properties: { _aepsyncemulator: { type: "object", properties: { tier: { type: "string" } } } },
            },
          },
          allOf: [{ $ref: "#/definitions/loyalty" }],
        },
      });
      await client.call("GET", `${SR}/tenant/fieldgroups/${encodeURIComponent(group.body.$id as string)}`, {
        headers: { accept: XED },
      });
      const descriptor = await client.call("POST", `${SR}/tenant/descriptors`, {
        body: {
          "@type": "xdm:descriptorIdentity",
          "xdm:sourceSchema": p.schemaId,
          "xdm:sourceVersion": 1,
          "xdm:sourceProperty": "/personalEmail/address",
          "xdm:namespace": "Email",
          "xdm:property": "xdm:code",
          "xdm:isPrimary": true,
        },
      });
      expect(descriptor.status).toBe(201);
      await client.call("GET", `${SR}/tenant/descriptors/${descriptor.body["@id"] as string}`);
      await client.call("GET", `${SR}/tenant/descriptors`, {
        headers: { accept: "application/vnd.adobe.xdm+json" },
      });

      const failures = checked.filter((c) => c.errors.length > 0);
      expect(failures).toEqual([]);
      const covered = new Set(checked.map((c) => c.operation.split(" ").slice(0, 2).join(" ")));
      for (const op of [
        "GET /connections",
        "POST /connections",
        "GET /connections/{BASE_CONNECTION_ID}",
        "GET /sourceConnections",
        "POST /sourceConnections",
        "GET /sourceConnections/{SOURCE_CONNECTION_ID}",
        "PATCH /sourceConnections/{SOURCE_CONNECTION_ID}",
        "GET /targetConnections",
        "POST /targetConnections",
        "GET /targetConnections/{TARGET_CONNECTION_ID}",
        "PATCH /targetConnections/{TARGET_CONNECTION_ID}",
        "GET /flows",
        "POST /flows",
        "GET /flows/{FLOW_ID}",
        "PATCH /flows/{FLOW_ID}",
        "POST /flows/{FLOW_ID}/action",
        "GET /flowSpecs",
        "GET /flowSpecs/{FLOW_SPEC_ID}",
        "GET /connectionSpecs",
        "GET /connectionSpecs/{CONNECTION_SPEC_ID}",
        "GET /runs",
        "GET /runs/{RUN_ID}",
        "GET /dataSets",
        "POST /dataSets",
        "GET /dataSets/{DATASET_ID}",
        "PATCH /dataSets/{DATASET_ID}",
        "DELETE /dataSets/{DATASET_ID}",
        "GET /mappingSets",
        "POST /mappingSets",
        "GET /mappingSets/{MAPPING_SET_ID}",
        "PUT /mappingSets/{MAPPING_SET_ID}",
        "GET /stats",
        "GET /{CONTAINER_ID}/schemas",
        "GET /{CONTAINER_ID}/schemas/{SCHEMA_ID}",
        "POST /tenant/schemas",
        "PUT /tenant/schemas/{SCHEMA_ID}",
        "PATCH /tenant/schemas/{SCHEMA_ID}",
        "GET /{CONTAINER_ID}/classes",
        "GET /{CONTAINER_ID}/classes/{CLASS_ID}",
        "POST /tenant/classes",
        "GET /{CONTAINER_ID}/fieldgroups",
        "GET /{CONTAINER_ID}/fieldgroups/{FIELD_GROUP_ID}",
        "POST /tenant/fieldgroups",
        "GET /{CONTAINER_ID}/datatypes",
        "GET /{CONTAINER_ID}/datatypes/{DATA_TYPE_ID}",
        "GET /global/behaviors",
        "GET /global/behaviors/{BEHAVIOR_ID}",
        "POST /tenant/descriptors",
        "GET /{CONTAINER_ID}/descriptors",
        "GET /{CONTAINER_ID}/descriptors/{DESCRIPTOR_ID}",
      ]) {
        expect(covered, op).toContain(op);
      }
    },
  );
});
