/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import {
  DP,
  PERSON_DETAILS,
  PERSONAL_DETAILS,
  PROFILE,
  SR,
  startClient,
  XED,
  type TestClient,
} from "./helpers.ts";

async function schema(client: TestClient): Promise<{ $id: string; "meta:altId": string }> {
  const answer = await client.call("POST", `${SR}/tenant/schemas`, {
    body: {
      type: "object",
      title: "Profiles",
      allOf: [{ $ref: PROFILE }, { $ref: PERSON_DETAILS }, { $ref: PERSONAL_DETAILS }],
    },
  });
  return answer.body as { $id: string; "meta:altId": string };
}

function currentBody(
  schemaId: string,
  mappings: { source: string; destination: string; sourceType?: string }[],
) {
  return {
    outputSchema: {
      schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" },
    },
    mappings: mappings.map((m) => ({ sourceType: "ATTRIBUTE", ...m })),
  };
}

describe("Data Prep mapping sets", () => {
  it("creates with 200 and a summary, and GET shows the full mapping set", async () => {
    const client = await startClient();
    const { $id } = await schema(client);
    const answer = await client.call("POST", `${DP}/mappingSets?validate=false`, {
      body: {
        ...currentBody($id, [
          { source: "firstname", destination: "person.name.firstName" },
          { source: "lower(email)", destination: "personalEmail.address", sourceType: "EXPRESSION" },
        ]),
        name: "contacts [aepsync:v1 ns=default a=Pipeline/x/mapping g=1]",
      },
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual([
      "createdBy",
      "createdDate",
      "id",
      "modifiedBy",
      "modifiedDate",
      "version",
    ]);
    expect(answer.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.body.version).toBe(0);
    const got = await client.call("GET", `${DP}/mappingSets/${answer.body.id}`);
    expect(got.body).toMatchObject({
      id: answer.body.id,
      version: 0,
      name: "contacts [aepsync:v1 ns=default a=Pipeline/x/mapping g=1]",
      outputSchema: { schemaRef: { id: $id } },
      status: "PUBLISHED",
    });
    expect(got.body.mappings).toHaveLength(2);
    expect(got.body.mappings[0]).toMatchObject({
      source: "firstname",
      destination: "person.name.firstName",
      sourceType: "text/x.schema-path",
      sourceAttribute: "firstname",
      destinationXdmPath: "person.name.firstName",
    });
    expect(got.body.mappings[1].sourceType).toBe("text/x.aep-xl");
  });

  it("accepts the tutorial's legacy body with the schema's altId", async () => {
    const client = await startClient();
    const s = await schema(client);
    const answer = await client.call("POST", `${DP}/mappingSets`, {
      body: {
        version: 0,
        xdmSchema: s["meta:altId"],
        xdmVersion: "1.0",
        id: null,
        mappings: [
          {
            destinationXdmPath: "_id",
            sourceAttribute: "Portal_Id",
            identity: false,
            identityGroup: null,
            namespaceCode: null,
            version: 0,
          },
          {
            destinationXdmPath: "repositoryCreatedBy",
            sourceAttribute: "Added_At",
            identity: false,
            version: 0,
          },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const got = await client.call("GET", `${DP}/mappingSets/${answer.body.id}`);
    expect(got.body.mappings.map((m: { destination: string }) => m.destination)).toEqual([
      "_id",
      "repositoryCreatedBy",
    ]);
  });

  it("lists every destination the schema does not have", async () => {
    const client = await startClient();
    const { $id } = await schema(client);
    const answer = await client.call("POST", `${DP}/mappingSets`, {
      body: currentBody($id, [
        { source: "a", destination: "person.name.firstName" },
        { source: "b", destination: "person.name.nickname" },
        { source: "c", destination: "loyalty.tier" },
      ]),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.report.invalidDestinations).toEqual(["person.name.nickname", "loyalty.tier"]);
    expect(answer.body.detail).toContain("loyalty.tier");
  });

  it("refuses an unknown output schema and a body without one", async () => {
    const client = await startClient();
    const unknown = await client.call("POST", `${DP}/mappingSets`, {
      body: currentBody("https://ns.adobe.com/x/schemas/0", [{ source: "a", destination: "_id" }]),
    });
    expect(unknown.status).toBe(400);
    expect((await client.call("POST", `${DP}/mappingSets`, { body: { mappings: [] } })).status).toBe(400);
  });

  it("makes a new version on PUT and keeps the old ones readable", async () => {
    const client = await startClient();
    const { $id } = await schema(client);
    const created = await client.call("POST", `${DP}/mappingSets`, {
      body: currentBody($id, [{ source: "a", destination: "_id" }]),
    });
    const id = created.body.id as string;
    const put = await client.call("PUT", `${DP}/mappingSets/${id}`, {
      body: currentBody($id, [{ source: "b", destination: "person.name.lastName" }]),
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id, version: 1, createdDate: created.body.createdDate });
    expect((await client.call("GET", `${DP}/mappingSets/${id}`)).body.version).toBe(1);
    const old = await client.call("GET", `${DP}/mappingSets/${id}?version=0`);
    expect(old.body.mappings[0].destination).toBe("_id");
    expect((await client.call("GET", `${DP}/mappingSets/${id}?version=5`)).status).toBe(404);
  });

  it("lists with limit and no start, filters by name, pages with start", async () => {
    const client = await startClient();
    const { $id } = await schema(client);
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) {
      const answer = await client.call("POST", `${DP}/mappingSets`, {
        body: { ...currentBody($id, [{ source: "x", destination: "_id" }]), name },
      });
      ids.push(answer.body.id as string);
    }
    const first = await client.call("GET", `${DP}/mappingSets?limit=2`);
    expect(first.body.data.map((m: { id: string }) => m.id)).toEqual(ids.slice(0, 2));
    expect(first.body._page).toMatchObject({ count: 2, limit: 2, start: 0, next: 2 });
    const second = await client.call("GET", `${DP}/mappingSets?limit=2&start=2`);
    expect(second.body.data.map((m: { id: string }) => m.id)).toEqual([ids[2]]);
    expect(second.body._page.next).toBeUndefined();
    const named = await client.call("GET", `${DP}/mappingSets?limit=10&start=0&name=b`);
    expect(named.body.data.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
    const newest = await client.call("GET", `${DP}/mappingSets?limit=1&orderBy=-createdDate`);
    expect(newest.body.data).toHaveLength(1);
    expect((await client.call("GET", `${DP}/mappingSets?orderBy=name`)).status).toBe(400);
  });

  it("deletes with 204", async () => {
    const client = await startClient();
    const { $id } = await schema(client);
    const created = await client.call("POST", `${DP}/mappingSets`, {
      body: currentBody($id, [{ source: "a", destination: "_id" }]),
    });
    expect((await client.call("DELETE", `${DP}/mappingSets/${created.body.id as string}`)).status).toBe(204);
    expect((await client.call("GET", `${DP}/mappingSets/${created.body.id as string}`)).status).toBe(404);
  });

  it("accepts XED content types in the schemaRef", async () => {
    const client = await startClient();
    const { $id } = await schema(client);
    const answer = await client.call("POST", `${DP}/mappingSets`, {
      body: { outputSchema: { schemaRef: { id: $id, contentType: XED } }, mappings: [] },
    });
    expect(answer.status).toBe(200);
  });
});
