/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import {
  CAT,
  PERSONAL_DETAILS,
  PROFILE,
  SR,
  startClient,
  XED,
  type Answer,
  type TestClient,
} from "./helpers.ts";

const XED_FULL = "application/vnd.adobe.xed-full+json; version=1";
const LINK = "application/vnd.adobe.xdm-link+json";

async function createSchema(client: TestClient, title: string, refs: string[]): Promise<string> {
  const answer = await client.call("POST", `${SR}/tenant/schemas`, {
    body: { type: "object", title, allOf: refs.map(($ref) => ({ $ref })) },
  });
  expect(answer.status).toBe(201);
  return answer.body.$id as string;
}

function schemaUrl(id: string): string {
  return `${SR}/tenant/schemas/${encodeURIComponent(id)}`;
}

function identity(
  schema: string,
  property: string,
  isPrimary: boolean,
  namespace = "Email",
): Record<string, unknown> {
  return {
    "@type": "xdm:descriptorIdentity",
    "xdm:sourceSchema": schema,
    "xdm:sourceVersion": 1,
    "xdm:sourceProperty": property,
    "xdm:namespace": namespace,
    "xdm:property": "xdm:code",
    "xdm:isPrimary": isPrimary,
  };
}

function postDescriptor(client: TestClient, body: unknown): Promise<Answer> {
  return client.call("POST", `${SR}/tenant/descriptors`, { body });
}

describe("Schema Registry: adding a field group to a live schema", () => {
  it("takes add /allOf/- and add /meta:extends/- for a tenant field group, behind a dataset too", async () => {
    const client = await startClient({ tenantId: "acme" });
    const group = await client.call("POST", `${SR}/tenant/fieldgroups`, {
      body: {
        title: "Loyalty",
        type: "object",
        "meta:intendedToExtend": [PROFILE],
        definitions: {
          loyalty: { properties: { _acme: { type: "object", properties: { tier: { type: "string" } } } } },
        },
        allOf: [{ $ref: "#/definitions/loyalty" }],
      },
    });
    expect(group.status).toBe(201);
    const groupId = group.body.$id as string;
    const schema = await createSchema(client, "Members", [PROFILE, PERSONAL_DETAILS]);
    const dataSet = await client.call("POST", `${CAT}/dataSets`, {
      body: { name: "members", schemaRef: { id: schema, contentType: XED } },
    });
    expect(dataSet.status).toBe(201);
    const patched = await client.call("PATCH", schemaUrl(schema), {
      body: [
        { op: "add", path: "/allOf/-", value: { $ref: groupId } },
        { op: "add", path: "/meta:extends/-", value: groupId },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe("1.1");
    expect(patched.body.refs).toContain(groupId);
    expect(patched.body["meta:extends"].filter((e: string) => e === groupId)).toHaveLength(1);
    const full = await client.call("GET", schemaUrl(schema), { headers: { accept: XED_FULL } });
    expect(full.body.properties._acme.properties.tier.type).toBe("string");
    expect(full.body.properties.personalEmail).toBeDefined();
  });
});

describe("Schema Registry: meta:immutableTags", () => {
  it("enables a schema for Profile with add /meta:immutableTags, and never lets the tag go", async () => {
    const client = await startClient();
    const schema = await createSchema(client, "Profiles", [PROFILE, PERSONAL_DETAILS]);
    const enabled = await client.call("PATCH", schemaUrl(schema), {
      body: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }],
    });
    expect(enabled.status).toBe(200);
    expect(enabled.body["meta:immutableTags"]).toEqual(["union"]);
    const got = await client.call("GET", schemaUrl(schema), { headers: { accept: XED } });
    expect(got.body["meta:immutableTags"]).toEqual(["union"]);

    const removed = await client.call("PATCH", schemaUrl(schema), {
      body: [{ op: "remove", path: "/meta:immutableTags" }],
    });
    expect(removed.status).toBe(400);
    expect(removed.body.detail).toMatch(/never removed/);
    const put = await client.call("PUT", schemaUrl(schema), {
      body: { type: "object", title: "Profiles", allOf: [{ $ref: PROFILE }, { $ref: PERSONAL_DETAILS }] },
    });
    expect(put.status).toBe(400);
    const more = await client.call("PATCH", schemaUrl(schema), {
      body: [{ op: "add", path: "/meta:immutableTags/-", value: "other" }],
    });
    expect(more.status).toBe(200);
    expect(more.body["meta:immutableTags"]).toEqual(["union", "other"]);
    const wrongType = await client.call("POST", `${SR}/tenant/schemas`, {
      body: { type: "object", title: "Bad", allOf: [{ $ref: PROFILE }], "meta:immutableTags": "union" },
    });
    expect(wrongType.status).toBe(400);
  });

  it("refuses a title or description that is not a string", async () => {
    const client = await startClient();
    for (const body of [
      { type: "object", title: { en: "x" }, allOf: [{ $ref: PROFILE }] },
      { type: "object", title: "x", description: 5, allOf: [{ $ref: PROFILE }] },
      { type: "object", title: "t".repeat(257), allOf: [{ $ref: PROFILE }] },
    ]) {
      const answer = await client.call("POST", `${SR}/tenant/schemas`, { body });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 400, title: "Bad Request" });
    }
    const schema = await createSchema(client, "Fine", [PROFILE]);
    const patched = await client.call("PATCH", schemaUrl(schema), {
      body: [{ op: "add", path: "/description", value: { text: "x" } }],
    });
    expect(patched.status).toBe(400);
  });
});

describe("Schema Registry: identity descriptors", () => {
  it("creates one with 201, its @id and meta:containerId, and looks it up without an Accept header", async () => {
    const client = await startClient();
    const schema = await createSchema(client, "Profiles", [PROFILE, PERSONAL_DETAILS]);
    const body = identity(schema, "/personalEmail/address", true);
    const created = await postDescriptor(client, body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ...body,
      "meta:containerId": "tenant",
      "@id": expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const id = created.body["@id"] as string;
    const got = await client.call("GET", `${SR}/tenant/descriptors/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      ...body,
      "@id": id,
      "meta:containerId": "tenant",
      imsOrg: client.emu.orgId,
      createdClient: client.emu.clientId,
    });
    expect(typeof got.body.created).toBe("number");
    const xed = await client.call("GET", `${SR}/tenant/descriptors/${id}`, { headers: { accept: XED } });
    expect(xed.status).toBe(400);
    expect(xed.body.type).toContain("XDM-1009-400");
  });

  it("lists descriptors grouped by @type in the id, link and full forms, paged with -v2", async () => {
    const client = await startClient();
    const schema = await createSchema(client, "Profiles", [PROFILE, PERSONAL_DETAILS]);
    const other = await createSchema(client, "Others", [PROFILE, PERSONAL_DETAILS]);
    const a = (await postDescriptor(client, identity(schema, "/personalEmail/address", true))).body["@id"];
    const b = (await postDescriptor(client, identity(other, "/personalEmail/address", true))).body["@id"];
    const list = (accept: string | undefined, query = ""): Promise<Answer> =>
      client.call(
        "GET",
        `${SR}/tenant/descriptors${query}`,
        accept === undefined ? {} : { headers: { accept } },
      );
    expect((await list(LINK)).body).toEqual({
      "xdm:descriptorIdentity": [`/tenant/descriptors/${a}`, `/tenant/descriptors/${b}`],
    });
    expect((await list("application/vnd.adobe.xdm-id+json")).body).toEqual({
      "xdm:descriptorIdentity": [a, b],
    });
    const full = await list("application/vnd.adobe.xdm+json");
    expect(full.body["xdm:descriptorIdentity"].map((d: { "@id": string }) => d["@id"])).toEqual([a, b]);
    const paged = await list("application/vnd.adobe.xdm-v2-id+json");
    expect(paged.body).toMatchObject({ results: [a, b], _page: { count: 2, next: null } });
    const filtered = await list("application/vnd.adobe.xdm-id+json", `?property=xdm:sourceSchema==${other}`);
    expect(filtered.body).toEqual({ "xdm:descriptorIdentity": [b] });
    const missing = await list(undefined);
    expect(missing.status).toBe(400);
    expect(missing.body.type).toContain("XDM-1008-400");
    const global = await client.call("GET", `${SR}/global/descriptors`, { headers: { accept: LINK } });
    expect(global.body).toEqual({});
  });

  it.each([
    ["a path without the leading /", { "xdm:sourceProperty": "personalEmail/address" }],
    ["a path with a trailing /", { "xdm:sourceProperty": "/personalEmail/address/" }],
    [
      "a path with properties segments",
      { "xdm:sourceProperty": "/properties/personalEmail/properties/address" },
    ],
    ["a field the schema does not have", { "xdm:sourceProperty": "/loyalty/tier" }],
    ["a source version other than 1", { "xdm:sourceVersion": 2 }],
    ["an xdm:property other than xdm:code or xdm:id", { "xdm:property": "code" }],
    ["no namespace", { "xdm:namespace": "" }],
    ["a non-boolean xdm:isPrimary", { "xdm:isPrimary": "true" }],
    ["an unknown @type", { "@type": "xdm:descriptorWhatever" }],
    [
      "a schema that does not exist",
      { "xdm:sourceSchema": "https://ns.adobe.com/aepsyncemulator/schemas/0" },
    ],
  ])("refuses %s", async (_name, change) => {
    const client = await startClient();
    const schema = await createSchema(client, "Profiles", [PROFILE, PERSONAL_DETAILS]);
    const answer = await postDescriptor(client, {
      ...identity(schema, "/personalEmail/address", true),
      ...change,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 400, title: "Bad Request" });
  });

  it("refuses the meta:altId as xdm:sourceSchema (the guide asks for the $id)", async () => {
    const client = await startClient();
    const schema = await createSchema(client, "Profiles", [PROFILE, PERSONAL_DETAILS]);
    const altId = (await client.call("GET", schemaUrl(schema), { headers: { accept: XED } })).body[
      "meta:altId"
    ];
    const answer = await postDescriptor(client, identity(altId as string, "/personalEmail/address", true));
    expect(answer.status).toBe(400);
  });

  it("allows one primary identity per schema and one identity per field", async () => {
    const client = await startClient();
    const schema = await createSchema(client, "Profiles", [PROFILE, PERSONAL_DETAILS]);
    expect((await postDescriptor(client, identity(schema, "/personalEmail/address", true))).status).toBe(201);
    const second = await postDescriptor(client, identity(schema, "/mobilePhone/number", true, "Phone"));
    expect(second.status).toBe(400);
    expect(second.body.detail).toMatch(/already has a primary identity/);
    const sameField = await postDescriptor(client, identity(schema, "/personalEmail/address", false));
    expect(sameField.status).toBe(400);
    expect(
      (await postDescriptor(client, identity(schema, "/mobilePhone/number", false, "Phone"))).status,
    ).toBe(201);
  });

  it("replaces with PUT (201 and the @id, as the guide shows) and deletes with 204", async () => {
    const client = await startClient();
    const schema = await createSchema(client, "Profiles", [PROFILE, PERSONAL_DETAILS]);
    const primary = (await postDescriptor(client, identity(schema, "/personalEmail/address", true))).body[
      "@id"
    ];
    const phone = (await postDescriptor(client, identity(schema, "/mobilePhone/number", false, "Phone")))
      .body["@id"];
    const url = (id: string): string => `${SR}/tenant/descriptors/${id}`;
    const secondPrimary = await client.call("PUT", url(phone), {
      body: identity(schema, "/mobilePhone/number", true, "Phone"),
    });
    expect(secondPrimary.status).toBe(400);
    const replaced = await client.call("PUT", url(primary), {
      body: identity(schema, "/personalEmail/address", true, "ECID"),
    });
    expect(replaced.status).toBe(201);
    expect(replaced.body).toEqual({ "@id": primary });
    expect((await client.call("GET", url(primary))).body["xdm:namespace"]).toBe("ECID");

    // A schema with descriptors is not deleted; its descriptors go first.
    expect((await client.call("DELETE", schemaUrl(schema))).status).toBe(400);
    expect((await client.call("DELETE", url(primary))).status).toBe(204);
    expect((await client.call("GET", url(primary))).status).toBe(404);
    expect((await client.call("DELETE", url(primary))).status).toBe(404);
    expect((await client.call("DELETE", url(phone))).status).toBe(204);
    expect((await client.call("DELETE", schemaUrl(schema))).status).toBe(204);
  });
});
