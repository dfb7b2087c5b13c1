/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import { xdmResources } from "../../src/data/xdm.ts";
import {
  CAT,
  PERSON_DETAILS,
  PERSONAL_DETAILS,
  PROFILE,
  SR,
  startClient,
  XED,
  XED_ID,
  type TestClient,
} from "./helpers.ts";

const ADHOC = "https://ns.adobe.com/xdm/data/adhoc";
const XED_FULL = "application/vnd.adobe.xed-full+json; version=1";

async function createSchema(client: TestClient, title: string, refs: string[] = [PROFILE, PERSON_DETAILS]) {
  const answer = await client.call("POST", `${SR}/tenant/schemas`, {
    body: { type: "object", title, description: `${title} schema`, allOf: refs.map(($ref) => ({ $ref })) },
  });
  expect(answer.status).toBe(201);
  return answer.body as Record<string, unknown> & { $id: string };
}

describe("Schema Registry", () => {
  it("answers /stats with the tenant id", async () => {
    const client = await startClient({ tenantId: "acme" });
    const stats = await client.call("GET", `${SR}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ tenantId: "acme", imsOrg: client.emu.orgId, counts: { schemas: 0 } });
  });

  it("requires a list Accept type (XDM-1006-400), accepting xed and xdm spellings", async () => {
    const client = await startClient();
    const none = await client.call("GET", `${SR}/global/classes`);
    expect(none.status).toBe(400);
    expect(none.body.type).toBe("http://ns.adobe.com/aep/errors/XDM-1006-400");
    expect(none.body.report["sub-errors"]).toEqual([]);
    const xdm = await client.call("GET", `${SR}/global/classes`, {
      headers: { accept: "application/vnd.adobe.xdm-id+json" },
    });
    expect(xdm.status).toBe(200);
    expect(Object.keys(xdm.body.results[0]).sort()).toEqual(["$id", "meta:altId", "title", "version"]);
  });

  it("pages the global field groups with _page.next until null", async () => {
    const client = await startClient();
    const expected = xdmResources().filter((r) => r.kind === "fieldgroup").length;
    const seen = new Set<string>();
    let start: string | null = null;
    let pages = 0;
    do {
      const query = new URLSearchParams({ limit: "50" });
      if (start !== null) query.set("start", start);
      const page = await client.call("GET", `${SR}/global/fieldgroups?${query.toString()}`, {
        headers: { accept: XED_ID },
      });
      expect(page.status).toBe(200);
      expect(page.body._page.count).toBe(page.body.results.length);
      for (const r of page.body.results as { $id: string }[]) seen.add(r.$id);
      start = page.body._page.next;
      if (start !== null) expect(page.body._links.next).toContain("start=");
      pages++;
    } while (start !== null && pages < 100);
    expect(seen.size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 50));
  });

  it("looks up global resources by altId or URL-encoded $id, version required (XDM-1007-400)", async () => {
    const client = await startClient();
    const noVersion = await client.call("GET", `${SR}/global/classes/_xdm.context.profile`, {
      headers: { accept: "application/vnd.adobe.xed+json" },
    });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.type).toContain("XDM-1007-400");
    const byAlt = await client.call("GET", `${SR}/global/classes/_xdm.context.profile`, {
      headers: { accept: XED },
    });
    expect(byAlt.body).toMatchObject({
      $id: PROFILE,
      "meta:altId": "_xdm.context.profile",
      "meta:resourceType": "classes",
      "meta:containerId": "global",
      version: "1.0",
      type: "object",
    });
    const byId = await client.call("GET", `${SR}/global/fieldgroups/${encodeURIComponent(PERSON_DETAILS)}`, {
      headers: { accept: XED },
    });
    expect(byId.body["meta:resourceType"]).toBe("mixins");
    expect(byId.body["meta:intendedToExtend"]).toContain(PROFILE);
    const missing = await client.call("GET", `${SR}/global/classes/_xdm.nothing`, {
      headers: { accept: XED },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, title: "Resource Not Found" });
  });

  it("creates a schema as the tutorial shows it, and resolves its fields with xed-full", async () => {
    const client = await startClient({ tenantId: "acme" });
    // The tutorial lists a field group twice; AEP keeps it in allOf (tutorial response).
    const schema = await createSchema(client, "Target schema", [
      PROFILE,
      PERSON_DETAILS,
      PERSONAL_DETAILS,
      PERSONAL_DETAILS,
    ]);
    expect(schema.$id).toMatch(/^https:\/\/ns\.adobe\.com\/acme\/schemas\/[0-9a-f]{32}$/);
    expect(schema["meta:altId"]).toBe(`_acme.schemas.${schema.$id.split("/").pop()}`);
    expect(schema).toMatchObject({
      version: "1.0",
      "meta:class": PROFILE,
      "meta:containerId": "tenant",
      "meta:resourceType": "schemas",
      "meta:tenantNamespace": "_acme",
      imsOrg: client.emu.orgId,
    });
    expect(schema.allOf).toHaveLength(4);
    expect(schema.refs).toEqual([PERSON_DETAILS, PERSONAL_DETAILS, PROFILE]);
    expect(schema["meta:extends"]).toEqual([
      PERSON_DETAILS,
      PERSONAL_DETAILS,
      "https://ns.adobe.com/xdm/common/auditable",
      "https://ns.adobe.com/xdm/data/record",
      PROFILE,
    ]);
    const full = await client.call("GET", `${SR}/tenant/schemas/${schema["meta:altId"] as string}`, {
      headers: { accept: XED_FULL },
    });
    expect(full.status).toBe(200);
    expect(full.body.allOf).toBeUndefined();
    expect(full.body.properties.person.properties.name.properties.firstName.type).toBe("string");
    expect(full.body.properties._id).toBeDefined();
  });

  it.each([
    ["an unknown reference", [PROFILE, "https://ns.adobe.com/xdm/context/nothing"], /not found/],
    ["no class", [PERSON_DETAILS], /exactly one class/],
    ["two classes", [PROFILE, "https://ns.adobe.com/xdm/context/experienceevent"], /exactly one class/],
    [
      "a field group meant for another class",
      ["https://ns.adobe.com/xdm/classes/fsi/atm", PERSON_DETAILS],
      /cannot be used/,
    ],
  ])("refuses a schema with %s", async (_name, refs, message) => {
    const client = await startClient();
    const answer = await client.call("POST", `${SR}/tenant/schemas`, {
      body: { type: "object", title: "x", allOf: refs.map(($ref) => ({ $ref })) },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(message);
  });

  it("refuses a second schema with the same title (XDM-3005-400)", async () => {
    const client = await startClient();
    await createSchema(client, "Same");
    const again = await client.call("POST", `${SR}/tenant/schemas`, {
      body: { type: "object", title: "Same", allOf: [{ $ref: PROFILE }] },
    });
    expect(again.status).toBe(400);
    expect(again.body.type).toContain("XDM-3005-400");
  });

  it("creates an ad-hoc class with a generated namespace, and a schema on it", async () => {
    const client = await startClient();
    const cls = await client.call("POST", `${SR}/tenant/classes`, {
      body: {
        title: "HubSpot contacts raw",
        type: "object",
        allOf: [
          { $ref: ADHOC },
          { properties: { _adhoc: { type: "object", properties: { Portal_Id: { type: "string" } } } } },
        ],
      },
    });
    expect(cls.status).toBe(201);
    const namespace = cls.body["meta:datasetNamespace"] as string;
    expect(namespace).toMatch(/^_[0-9a-f]{32}$/);
    expect(cls.body.allOf[1].properties[namespace].properties.Portal_Id).toEqual({ type: "string" });
    expect(cls.body.allOf[1].properties._adhoc).toBeUndefined();
    expect(cls.body["meta:extends"]).toEqual([ADHOC]);
    expect(cls.body.$id).toMatch(/\/classes\/[0-9a-f]{32}$/);
    const schema = await createSchema(client, "raw", [cls.body.$id as string]);
    expect(schema["meta:class"]).toBe(cls.body.$id);
    const listed = await client.call(
      "GET",
      `${SR}/tenant/schemas?property=meta:extends==${encodeURIComponent(ADHOC)}`,
      {
        headers: { accept: XED_ID },
      },
    );
    expect(listed.body.results.map((r: { $id: string }) => r.$id)).toEqual([schema.$id]);
    const withNamespace = await client.call("GET", `${SR}/tenant/classes?property=meta:datasetNamespace`, {
      headers: { accept: XED_ID },
    });
    expect(withNamespace.body.results.map((r: { $id: string }) => r.$id)).toEqual([cls.body.$id]);
    const without = await client.call("GET", `${SR}/tenant/schemas?property=!meta:datasetNamespace`, {
      headers: { accept: XED_ID },
    });
    expect(without.body.results).toHaveLength(1);
  });

  it("keeps tenant field group fields under the tenant namespace", async () => {
    const client = await startClient({ tenantId: "acme" });
    const body = (key: string) => ({
      title: `Loyalty ${key}`,
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: {
        loyalty: { properties: { [key]: { type: "object", properties: { tier: { type: "string" } } } } },
      },
      allOf: [{ $ref: "#/definitions/loyalty" }],
    });
    const wrong = await client.call("POST", `${SR}/tenant/fieldgroups`, { body: body("loyalty") });
    expect(wrong.status).toBe(400);
    const ok = await client.call("POST", `${SR}/tenant/fieldgroups`, { body: body("_acme") });
    expect(ok.status).toBe(201);
    expect(ok.body["meta:resourceType"]).toBe("mixins");
    expect(ok.body.$id).toMatch(/\/acme\/mixins\//);
    const schema = await createSchema(client, "with loyalty", [PROFILE, ok.body.$id as string]);
    const full = await client.call("GET", `${SR}/tenant/schemas/${encodeURIComponent(schema.$id)}`, {
      headers: { accept: XED_FULL },
    });
    expect(full.body.properties._acme.properties.tier.type).toBe("string");
  });

  it("adds a field group by PATCH (version 1.1), replaces by PUT and deletes with 204", async () => {
    const client = await startClient();
    const schema = await createSchema(client, "Evolving", [PROFILE]);
    const url = `${SR}/tenant/schemas/${encodeURIComponent(schema.$id)}`;
    const patched = await client.call("PATCH", url, {
      body: [
        { op: "add", path: "/allOf/-", value: { $ref: PERSON_DETAILS } },
        { op: "add", path: "/meta:extends/-", value: PERSON_DETAILS },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe("1.1");
    expect(patched.body["meta:extends"]).toContain(PERSON_DETAILS);
    expect(patched.body["meta:registryMetadata"].eTag).not.toBe(
      (schema["meta:registryMetadata"] as Record<string, unknown>).eTag,
    );
    const put = await client.call("PUT", url, {
      body: { type: "object", title: "Evolving", allOf: [{ $ref: PROFILE }, { $ref: PERSONAL_DETAILS }] },
    });
    expect(put.status).toBe(200);
    expect(put.body.version).toBe("1.2");
    expect(put.body.$id).toBe(schema.$id);
    expect(put.body.refs).toEqual([PERSONAL_DETAILS, PROFILE]);
    const changeClass = await client.call("PATCH", url, {
      body: [
        {
          op: "replace",
          path: "/allOf/0",
          value: { $ref: "https://ns.adobe.com/xdm/context/experienceevent" },
        },
      ],
    });
    expect(changeClass.status).toBe(400);
    expect((await client.call("DELETE", url)).status).toBe(204);
    const gone = await client.call("GET", url, { headers: { accept: XED } });
    expect(gone.status).toBe(404);
    expect(gone.body.type).toBe("http://ns.adobe.com/aep/errors/XDM-1012-404");
  });

  it("refuses destructive changes and deletes of a schema behind a dataset", async () => {
    const client = await startClient();
    const schema = await createSchema(client, "Used", [PROFILE, PERSON_DETAILS]);
    await client.call("POST", `${CAT}/dataSets`, {
      body: { name: "d", schemaRef: { id: schema.$id, contentType: XED } },
    });
    const url = `${SR}/tenant/schemas/${encodeURIComponent(schema.$id)}`;
    const removed = await client.call("PATCH", url, { body: [{ op: "remove", path: "/allOf/1" }] });
    expect(removed.status).toBe(400);
    const added = await client.call("PATCH", url, {
      body: [{ op: "add", path: "/allOf/-", value: { $ref: PERSONAL_DETAILS } }],
    });
    expect(added.status).toBe(200);
    expect((await client.call("DELETE", url)).status).toBe(400);
  });

  it("filters and orders tenant lists, and keeps the global container read-only", async () => {
    const client = await startClient();
    await createSchema(client, "Alpha");
    await createSchema(client, "Beta");
    await createSchema(client, "Gamma");
    const titles = async (query: string): Promise<string[]> =>
      (
        await client.call("GET", `${SR}/tenant/schemas?${query}`, { headers: { accept: XED_ID } })
      ).body.results.map((r: { title: string }) => r.title);
    expect(await titles("orderby=-title")).toEqual(["Gamma", "Beta", "Alpha"]);
    expect(await titles("property=title==Beta")).toEqual(["Beta"]);
    expect(await titles("property=title!=Beta")).toEqual(["Alpha", "Gamma"]);
    expect(await titles("property=title~^[AB]")).toEqual(["Alpha", "Beta"]);
    expect(await titles(`property=meta:extends!=${encodeURIComponent(ADHOC)}`)).toHaveLength(3);
    expect(await titles("orderby=title&start=Beta")).toEqual(["Beta", "Gamma"]);
    const full = await client.call("GET", `${SR}/tenant/schemas`, {
      headers: { accept: "application/vnd.adobe.xed+json" },
    });
    expect(full.body.results[0].allOf).toBeDefined();
    const write = await client.call("POST", `${SR}/global/schemas`, { body: { title: "x" } });
    expect(write.status).toBe(405);
  });
});
