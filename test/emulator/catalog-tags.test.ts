/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import { CAT, PROFILE, SR, startClient, XED, type Answer, type TestClient } from "./helpers.ts";

async function createDataSet(
  client: TestClient,
  name: string,
  tags?: Record<string, string[]>,
): Promise<string> {
  const schema = await client.call("POST", `${SR}/tenant/schemas`, {
    body: { type: "object", title: `${name} schema`, allOf: [{ $ref: PROFILE }] },
  });
  const body: Record<string, unknown> = { name, schemaRef: { id: schema.body.$id, contentType: XED } };
  if (tags !== undefined) body.tags = tags;
  const answer = await client.call("POST", `${CAT}/dataSets`, { body });
  expect(answer.status).toBe(201);
  return String(answer.body[0]).replace("@/dataSets/", "");
}

async function tagsOf(client: TestClient, id: string): Promise<Record<string, string[]>> {
  const answer = await client.call("GET", `${CAT}/dataSets/${id}`);
  return answer.body[id].tags as Record<string, string[]>;
}

function jsonPatch(client: TestClient, id: string, ops: unknown[]): Promise<Answer> {
  return client.call("PATCH", `${CAT}/dataSets/${id}`, {
    raw: JSON.stringify(ops),
    headers: { "content-type": "application/json-patch+json" },
  });
}

const SYSTEM_TAGS = {
  "adobe/pqs/table": ["crm_contacts_2024"],
  "adobe/siphon/table/format": ["parquet"],
};

describe("Catalog multiple-object lookup", () => {
  it("answers GET /dataSets/a,b,c with each dataset that exists, keyed by id (look-up-multiple-objects.md)", async () => {
    const client = await startClient();
    const a = await createDataSet(client, "A");
    const b = await createDataSet(client, "B");
    const both = await client.call(
      "GET",
      `${CAT}/dataSets/${a},${b},000000000000000000000000?properties=name`,
    );
    expect(both.status).toBe(200);
    expect(both.body).toEqual({ [a]: { name: "A" }, [b]: { name: "B" } });
    expect(
      (await client.call("GET", `${CAT}/dataSets/000000000000000000000000,111111111111111111111111`)).status,
    ).toBe(404);
  });
});

describe("Catalog tags (realism)", () => {
  it("puts Adobe's system tags on every new dataset, beside the client's", async () => {
    const client = await startClient({ realism: true });
    const id = await createDataSet(client, "CRM Contacts (2024)", { team: ["crm"] });
    expect(await tagsOf(client, id)).toEqual({ ...SYSTEM_TAGS, team: ["crm"] });
  });

  it("adds no tag of its own without realism", async () => {
    const client = await startClient({ realism: false });
    const id = await createDataSet(client, "CRM Contacts (2024)", { team: ["crm"] });
    expect(await tagsOf(client, id)).toEqual({ team: ["crm"] });
  });

  it("patches one tag key at a time with JSON Patch, `~1` standing for `/` in a key", async () => {
    const client = await startClient({ realism: true });
    const id = await createDataSet(client, "CRM Contacts (2024)", { team: ["crm"] });
    const added = await jsonPatch(client, id, [
      { op: "add", path: "/tags/unifiedProfile", value: ["enabled:true"] },
      { op: "add", path: "/tags/acme~1owner", value: ["data-team"] },
      { op: "replace", path: "/tags/team", value: ["sales"] },
    ]);
    expect(added.status).toBe(200);
    expect(added.body).toEqual([`@/dataSets/${id}`]);
    expect(await tagsOf(client, id)).toEqual({
      ...SYSTEM_TAGS,
      team: ["sales"],
      unifiedProfile: ["enabled:true"],
      "acme/owner": ["data-team"],
    });
    expect((await jsonPatch(client, id, [{ op: "remove", path: "/tags/acme~1owner" }])).status).toBe(200);
    expect(await tagsOf(client, id)).toEqual({
      ...SYSTEM_TAGS,
      team: ["sales"],
      unifiedProfile: ["enabled:true"],
    });
    const missing = await jsonPatch(client, id, [{ op: "remove", path: "/tags/nothing" }]);
    expect(missing.status).toBe(400);
  });

  it("replaces every tag, Adobe's included, when the partial-object form sends `tags`", async () => {
    const client = await startClient({ realism: true });
    const id = await createDataSet(client, "CRM Contacts (2024)", { team: ["crm"] });
    const answer = await client.call("PATCH", `${CAT}/dataSets/${id}`, {
      body: { tags: { team: ["sales"] } },
    });
    expect(answer.status).toBe(200);
    expect(await tagsOf(client, id)).toEqual({ team: ["sales"] });
    const renamed = await client.call("PATCH", `${CAT}/dataSets/${id}`, { body: { description: "d" } });
    expect(renamed.status).toBe(200);
    expect(await tagsOf(client, id)).toEqual({ team: ["sales"] });
  });

  it("needs Content-Type application/json-patch+json for JSON Patch (help/catalog/api/update-object.md)", async () => {
    const realistic = await startClient({ realism: true });
    const id = await createDataSet(realistic, "Contacts");
    const ops = [{ op: "add", path: "/tags/team", value: ["crm"] }];
    const refused = await realistic.call("PATCH", `${CAT}/dataSets/${id}`, { body: ops });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/application\/json-patch\+json/);
    const lenient = await startClient({ realism: false });
    const other = await createDataSet(lenient, "Contacts");
    expect((await lenient.call("PATCH", `${CAT}/dataSets/${other}`, { body: ops })).status).toBe(200);
  });

  it.each([
    ["a non-string description", { description: { text: "x" } }],
    ["an empty name", { name: "" }],
    ["a name past 256 characters", { name: "n".repeat(257) }],
    ["a description past 4096 characters", { description: "d".repeat(4097) }],
    ["a tag that is not a list of strings", { tags: { team: "crm" } }],
  ])("refuses %s on create and on update", async (_name, fields) => {
    const client = await startClient();
    const id = await createDataSet(client, "Contacts");
    const patched = await client.call("PATCH", `${CAT}/dataSets/${id}`, { body: fields });
    expect(patched.status).toBe(400);
    expect(patched.body).toMatchObject({ status: 400, title: "Bad Request" });
    const schema = (await client.call("GET", `${CAT}/dataSets/${id}`)).body[id].schemaRef;
    const created = await client.call("POST", `${CAT}/dataSets`, {
      body: { name: "x", schemaRef: schema, ...fields },
    });
    expect(created.status).toBe(400);
  });
});
