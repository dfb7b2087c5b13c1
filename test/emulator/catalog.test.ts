/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import { CAT, PROFILE, SR, startClient, XED, type TestClient } from "./helpers.ts";

async function schemaId(client: TestClient, title = "Profiles"): Promise<string> {
  const answer = await client.call("POST", `${SR}/tenant/schemas`, {
    body: { type: "object", title, allOf: [{ $ref: PROFILE }] },
  });
  return answer.body.$id as string;
}

async function createDataSet(client: TestClient, body: Record<string, unknown>): Promise<string> {
  const answer = await client.call("POST", `${CAT}/dataSets?requestDataSource=false`, { body });
  expect(answer.status).toBe(201);
  return String(answer.body[0]).replace("@/dataSets/", "");
}

describe("Catalog datasets", () => {
  it('creates with 201 ["@/dataSets/<id>"] and answers id-keyed GETs', async () => {
    const client = await startClient();
    const schema = await schemaId(client);
    const answer = await client.call("POST", `${CAT}/dataSets?requestDataSource=true`, {
      body: {
        name: "Profiles",
        description: "d",
        schemaRef: { id: schema, contentType: XED },
        tags: { team: ["crm"] },
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toHaveLength(1);
    const id = String(answer.body[0]).replace("@/dataSets/", "");
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(answer.headers.get("location")).toBe(`${CAT}/dataSets/${id}`);
    const got = await client.call("GET", `${CAT}/dataSets/${id}`);
    expect(Object.keys(got.body)).toEqual([id]);
    expect(got.body[id]).toMatchObject({
      name: "Profiles",
      description: "d",
      tags: { team: ["crm"] },
      schemaRef: { id: schema, contentType: XED },
      version: "1.0.0",
      imsOrg: client.emu.orgId,
      files: `@/dataSetFiles?dataSetId=${id}`,
      createdClient: client.emu.clientId,
    });
    expect(typeof got.body[id].created).toBe("number");
    const projected = await client.call("GET", `${CAT}/dataSets/${id}?properties=name,schemaRef`);
    expect(projected.body[id]).toEqual({ name: "Profiles", schemaRef: { id: schema, contentType: XED } });
  });

  it.each([
    ["no name", (schema: string) => ({ schemaRef: { id: schema } })],
    ["an unknown schema", () => ({ name: "x", schemaRef: { id: "https://ns.adobe.com/x/schemas/0" } })],
    ["no schemaRef", () => ({ name: "x" })],
  ])("refuses %s", async (_name, body) => {
    const client = await startClient();
    const schema = await schemaId(client);
    const answer = await client.call("POST", `${CAT}/dataSets`, { body: body(schema) });
    expect(answer.status).toBe(400);
  });

  it("lists 20 by default, pages with start, allows 100 and refuses more", async () => {
    const client = await startClient();
    const schema = await schemaId(client);
    const ids: string[] = [];
    for (let i = 0; i < 25; i++)
      ids.push(await createDataSet(client, { name: `ds ${i}`, schemaRef: { id: schema } }));
    const first = await client.call("GET", `${CAT}/dataSets`);
    expect(Object.keys(first.body)).toEqual(ids.slice(0, 20));
    const second = await client.call("GET", `${CAT}/dataSets?limit=20&start=20`);
    expect(Object.keys(second.body)).toEqual(ids.slice(20));
    expect(Object.keys((await client.call("GET", `${CAT}/dataSets?limit=100`)).body)).toHaveLength(25);
    expect((await client.call("GET", `${CAT}/dataSets?limit=101`)).status).toBe(400);
    expect((await client.call("GET", `${CAT}/dataSets?limit=0`)).status).toBe(400);
    const projected = await client.call("GET", `${CAT}/dataSets?limit=2&properties=name`);
    expect(Object.values(projected.body)).toEqual([{ name: "ds 0" }, { name: "ds 1" }]);
  });

  it("filters by name (OR, !, *), tags and property, and orders with orderBy", async () => {
    const client = await startClient();
    const schema = await schemaId(client);
    const a = await createDataSet(client, {
      name: "orders",
      schemaRef: { id: schema },
      tags: { team: ["sales"] },
    });
    const b = await createDataSet(client, {
      name: "order items",
      schemaRef: { id: schema },
      tags: { team: ["ops"] },
    });
    const c = await createDataSet(client, { name: "profiles", schemaRef: { id: schema } });
    const keys = async (query: string): Promise<string[]> => {
      const answer = await client.call("GET", `${CAT}/dataSets?${query}`);
      expect(answer.status).toBe(200);
      return Object.keys(answer.body);
    };
    expect(await keys("name=orders,profiles")).toEqual([a, c]);
    expect(await keys("name=!orders")).toEqual([b, c]);
    expect(await keys("name=order*")).toEqual([a, b]);
    expect(await keys("tags=team:sales")).toEqual([a]);
    expect(await keys("tags=team:*")).toEqual([a, b]);
    expect(await keys("property=name==profiles")).toEqual([c]);
    expect(await keys("orderBy=desc:created")).toEqual([c, b, a]);
    expect(await keys("orderBy=name")).toEqual([b, a, c]);
    expect((await client.call("GET", `${CAT}/dataSets?property=schemaRef.id==x`)).status).toBe(400);
  });

  it("patches with a partial object or JSON Patch, bumps version, refuses a schema change", async () => {
    const client = await startClient();
    const schema = await schemaId(client);
    const id = await createDataSet(client, { name: "before", schemaRef: { id: schema } });
    const partial = await client.call("PATCH", `${CAT}/dataSets/${id}`, {
      body: { name: "after", description: "x" },
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toEqual([`@/dataSets/${id}`]);
    const ops = await client.call("PATCH", `${CAT}/dataSets/${id}`, {
      raw: JSON.stringify([{ op: "add", path: "/tags/owner", value: ["me"] }]),
      headers: { "content-type": "application/json-patch+json" },
    });
    expect(ops.status).toBe(200);
    const item = (await client.call("GET", `${CAT}/dataSets/${id}`)).body[id];
    expect(item).toMatchObject({
      name: "after",
      description: "x",
      tags: { owner: ["me"] },
      version: "1.0.2",
    });
    expect(item.updated).toBeGreaterThanOrEqual(item.created);
    const other = await schemaId(client, "Other");
    const moved = await client.call("PATCH", `${CAT}/dataSets/${id}`, { body: { schemaRef: { id: other } } });
    expect(moved.status).toBe(400);
    expect((await client.call("PATCH", `${CAT}/dataSets/${id}`, { body: { files: "@/x" } })).status).toBe(
      400,
    );
  });

  it('deletes with 200 ["@/dataSets/<id>"], then answers 404', async () => {
    const client = await startClient();
    const schema = await schemaId(client);
    const id = await createDataSet(client, { name: "gone", schemaRef: { id: schema } });
    const deleted = await client.call("DELETE", `${CAT}/dataSets/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual([`@/dataSets/${id}`]);
    expect((await client.call("GET", `${CAT}/dataSets/${id}`)).status).toBe(404);
    expect((await client.call("DELETE", `${CAT}/dataSets/${id}`)).status).toBe(404);
  });
});
