/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import {
  createPipeline,
  CRM_TO_AEP,
  DATA_LAKE,
  DP,
  flowBody,
  FS,
  FUTURE_START,
  HUBSPOT,
  hubspotConnection,
  MAILCHIMP,
  REST_TO_AEP,
  startClient,
  type TestClient,
} from "./helpers.ts";

async function createConnection(client: TestClient, body: unknown = hubspotConnection) {
  const answer = await client.call("POST", `${FS}/connections`, { body });
  expect(answer.status).toBe(201);
  return answer.body as { id: string; etag: string };
}

describe("Flow Service specs", () => {
  it("finds CRMToAEP by name with its transformation and schedule specs", async () => {
    const client = await startClient();
    const answer = await client.call("GET", `${FS}/flowSpecs?property=name==%22CRMToAEP%22`);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(1);
    const spec = answer.body.items[0];
    expect(spec.id).toBe(CRM_TO_AEP);
    expect(spec.transformationSpecs.map((t: { name: string }) => t.name)).toEqual(["Copy", "Mapping"]);
    expect(spec.transformationSpecs[0].spec.required).toEqual(["deltaColumn"]);
    expect(spec.sourceConnectionSpecIds).toContain(HUBSPOT);
    expect(spec.targetConnectionSpecIds).toEqual([DATA_LAKE]);
    expect(spec.scheduleSpec.spec.properties.frequency.enum).toContain("minute");
  });

  it("lists flow specs by source connection spec, and connection specs by name", async () => {
    const client = await startClient();
    const bySource = await client.call(
      "GET",
      `${FS}/flowSpecs?property=sourceConnectionSpecIds[]==${MAILCHIMP}`,
    );
    expect(bySource.body.items.map((s: { id: string }) => s.id)).toEqual([REST_TO_AEP]);
    const lake = await client.call("GET", `${FS}/connectionSpecs?property=name==datalake`);
    expect(lake.body.items[0]).toMatchObject({
      id: DATA_LAKE,
      targetSpec: { spec: { required: ["dataSetId"] } },
    });
    const one = await client.call("GET", `${FS}/connectionSpecs/${HUBSPOT}`);
    expect(one.body.items[0].authSpec[0]).toMatchObject({ name: "Basic Authentication" });
    expect((await client.call("GET", `${FS}/flowSpecs/00000000-0000-0000-0000-000000000000`)).status).toBe(
      404,
    );
  });
});

describe("Flow Service connections", () => {
  it("creates with 201 {id, etag} and a Location, and shows server fields on GET", async () => {
    const client = await startClient();
    const answer = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body).sort()).toEqual(["etag", "id"]);
    expect(answer.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(answer.body.etag).toMatch(/^"[0-9a-f-]+"$/);
    expect(answer.headers.get("location")).toBe(`${FS}/connections/${answer.body.id}`);
    const got = await client.call("GET", `${FS}/connections/${answer.body.id}`);
    expect(got.body.items).toHaveLength(1);
    const item = got.body.items[0];
    expect(item).toMatchObject({
      id: answer.body.id,
      etag: answer.body.etag,
      version: answer.body.etag,
      state: "enabled",
      sandboxName: "dev",
      imsOrgId: client.emu.orgId,
      createdClient: client.emu.clientId,
      name: "HubSpot account",
      connectionSpec: { id: HUBSPOT, version: "1.0" },
    });
    expect(typeof item.createdAt).toBe("number");
    expect(item.updatedAt).toBe(item.createdAt);
  });

  it("masks the secret auth params on every read, and keeps the others", async () => {
    const client = await startClient();
    const { id } = await createConnection(client);
    const got = await client.call("GET", `${FS}/connections/${id}`);
    expect(got.body.items[0].auth).toEqual({
      specName: "Basic Authentication",
      params: {
        clientId: "client-1",
        clientSecret: "**********",
        accessToken: "**********",
        refreshToken: "**********",
      },
    });
    const listed = await client.call("GET", `${FS}/connections`);
    expect(JSON.stringify(listed.body)).not.toContain("s3cret");
    const state = await client.admin("GET", "/state");
    expect(JSON.stringify(state.body)).not.toContain("t0ken");
  });

  it("masks credential-looking params of connection specs outside the catalog", async () => {
    const client = await startClient();
    const planted = await client.admin("POST", "/sandboxes/dev/connections", {
      name: "other",
      connectionSpec: { id: "11111111-2222-3333-4444-555555555555" },
      auth: { specName: "Key", params: { host: "h", apiKey: "k-1", password: "p-1" } },
    });
    const got = await client.call("GET", `${FS}/connections/${planted.body.id}`);
    expect(got.body.items[0].auth.params).toEqual({
      host: "h",
      apiKey: "**********",
      password: "**********",
    });
  });

  it.each([
    ["state in the body", { ...hubspotConnection, state: "enabled" }, "1410-400"],
    [
      "an unknown auth specName",
      { ...hubspotConnection, auth: { specName: "OAuth 2", params: {} } },
      "1415-400",
    ],
    [
      "an unknown connection spec",
      { ...hubspotConnection, connectionSpec: { id: "00000000-0000-0000-0000-000000000000" } },
      "1413-400",
    ],
    ["an empty body", {}, "1405-400"],
  ])("refuses %s", async (_name, body, code) => {
    const client = await startClient();
    const answer = await client.call("POST", `${FS}/connections`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(code);
    expect(typeof answer.body.errorMessage).toBe("string");
    expect(typeof answer.body.errorDetails).toBe("string");
  });

  it("refuses missing required auth params", async () => {
    const client = await startClient();
    const body = {
      ...hubspotConnection,
      auth: { specName: "Basic Authentication", params: { clientId: "x" } },
    };
    const answer = await client.call("POST", `${FS}/connections`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.errorMessage).toMatch(/clientSecret/);
  });

  it("accepts a Data Lake base connection without auth (legacy tutorial step)", async () => {
    const client = await startClient();
    const answer = await client.call("POST", `${FS}/connections`, {
      body: { name: "lake", connectionSpec: { id: DATA_LAKE, version: "1.0" } },
    });
    expect(answer.status).toBe(201);
  });

  it("accepts the spec's trailing-slash paths", async () => {
    const client = await startClient();
    const { id, etag } = await createConnection(client);
    const patched = await client.call("PATCH", `${FS}/connections/${id}/`, {
      body: [{ op: "replace", path: "/name", value: "slash" }],
      headers: { "if-match": etag },
    });
    expect(patched.status).toBe(200);
    expect((await client.call("DELETE", `${FS}/connections/${id}/`)).status).toBe(204);
  });

  it("answers 1101-404 for an unknown id", async () => {
    const client = await startClient();
    for (const method of ["GET", "DELETE"]) {
      const answer = await client.call(method, `${FS}/connections/3d17a4ff-9e0a-4f7c-94bb-bc0b61a3a76d`);
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe("1101-404");
    }
  });
});

describe("Flow Service PATCH", () => {
  it("applies JSON Patch with If-Match and returns a new etag", async () => {
    const client = await startClient();
    const { id, etag } = await createConnection(client);
    const answer = await client.call("PATCH", `${FS}/connections/${id}`, {
      body: [
        { op: "REPLACE", path: "/name", value: "renamed" },
        {
          op: "replace",
          path: "/auth/params",
          value: { clientId: "c2", clientSecret: "n", accessToken: "n" },
        },
      ],
      headers: { "if-match": etag },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(id);
    expect(answer.body.etag).not.toBe(etag);
    const item = (await client.call("GET", `${FS}/connections/${id}`)).body.items[0];
    expect(item).toMatchObject({ name: "renamed", etag: answer.body.etag, version: answer.body.etag });
    expect(item.auth.params).toEqual({
      clientId: "c2",
      clientSecret: "**********",
      accessToken: "**********",
    });
    expect(item.updatedAt).toBeGreaterThanOrEqual(item.createdAt);
  });

  it("answers 1403-400 without If-Match and 1404-412 with a stale or unquoted etag", async () => {
    const client = await startClient();
    const { id, etag } = await createConnection(client);
    const ops = [{ op: "replace", path: "/name", value: "x" }];
    const missing = await client.call("PATCH", `${FS}/connections/${id}`, { body: ops });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe("1403-400");
    const first = await client.call("PATCH", `${FS}/connections/${id}`, {
      body: ops,
      headers: { "if-match": etag },
    });
    expect(first.status).toBe(200);
    const stale = await client.call("PATCH", `${FS}/connections/${id}`, {
      body: ops,
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe("1404-412");
    expect(stale.body.errorMessage).toContain(etag);
    const unquoted = await client.call("PATCH", `${FS}/connections/${id}`, {
      body: ops,
      headers: { "if-match": String(first.body.etag).replaceAll('"', "") },
    });
    expect(unquoted.status).toBe(412);
  });

  it.each([
    ["an empty patch", [], 400, "1405-400"],
    ["an unsupported op", [{ op: "move", from: "/name", path: "/description" }], 400, "1434-400"],
    ["a missing path", [{ op: "replace", path: "/description/text", value: "x" }], 400, "1455-400"],
    [
      "a connectionSpec change",
      [{ op: "replace", path: "/connectionSpec/id", value: MAILCHIMP }],
      400,
      "1414-400",
    ],
  ])("refuses %s", async (_name, ops, status, code) => {
    const client = await startClient();
    const { id, etag } = await createConnection(client, { ...hubspotConnection, description: undefined });
    const answer = await client.call("PATCH", `${FS}/connections/${id}`, {
      body: ops,
      headers: { "if-match": etag },
    });
    expect(answer.status).toBe(status);
    expect(answer.body.code).toBe(code);
  });

  it("refuses removing a field that is not there with 1455-400", async () => {
    const client = await startClient();
    const body = {
      name: "no description",
      auth: hubspotConnection.auth,
      connectionSpec: hubspotConnection.connectionSpec,
    };
    const { id, etag } = await createConnection(client, body);
    const answer = await client.call("PATCH", `${FS}/connections/${id}`, {
      body: [{ op: "remove", path: "/description" }],
      headers: { "if-match": etag },
    });
    expect(answer.body.code).toBe("1455-400");
  });

  it("patches source connection params but not their base connection", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    const source = (await client.call("GET", `${FS}/sourceConnections/${p.sourceId}`)).body.items[0];
    const ok = await client.call("PATCH", `${FS}/sourceConnections/${p.sourceId}`, {
      body: [{ op: "replace", path: "/params/path", value: "Hubspot.Companies" }],
      headers: { "if-match": source.etag },
    });
    expect(ok.status).toBe(200);
    const refused = await client.call("PATCH", `${FS}/sourceConnections/${p.sourceId}`, {
      body: [{ op: "replace", path: "/baseConnectionId", value: p.connectionId }],
      headers: { "if-match": ok.body.etag },
    });
    expect(refused.status).toBe(400);
  });
});

describe("Flow Service flows", () => {
  let pipelines = 0;

  it("creates the tutorial chain and fills inheritedAttributes, lastOperation, runs", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    const flow = (await client.call("GET", `${FS}/flows/${p.flowId}`)).body.items[0];
    expect(flow).toMatchObject({
      id: p.flowId,
      etag: p.flowEtag,
      state: "enabled",
      flowSpec: { id: CRM_TO_AEP, version: "1.0" },
      sourceConnectionIds: [p.sourceId],
      targetConnectionIds: [p.targetId],
      runs: `/runs?property=flowId==${p.flowId}`,
      lastOperation: { percentCompleted: 100, status: { value: "completed" }, operation: "create" },
      inheritedAttributes: {
        sourceConnections: [
          { id: p.sourceId, connectionSpec: { id: HUBSPOT }, baseConnection: { id: p.connectionId } },
        ],
        targetConnections: [{ id: p.targetId, connectionSpec: { id: DATA_LAKE } }],
        properties: { isSourceFlow: true },
      },
    });
    // AEP echoes these numbers as strings (help/sources/tutorials/api/update.md).
    expect(flow.scheduleParams).toEqual({ startTime: FUTURE_START, frequency: "minute", interval: "30" });
    expect(flow.transformations[1].params).toEqual({ mappingId: p.mappingId, mappingVersion: "0" });
    const source = (await client.call("GET", `${FS}/sourceConnections/${p.sourceId}`)).body.items[0];
    expect(source.inheritedAttributes).toEqual({
      baseConnection: { id: p.connectionId, connectionSpec: { id: HUBSPOT, version: "1.0" } },
    });
    const runs = await client.call("GET", `${FS}/runs?property=flowId==${p.flowId}`);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0].metrics.statusSummary.status).toBe("scheduled");
  });

  async function flowError(
    client: TestClient,
    change: (body: Record<string, unknown>, p: Awaited<ReturnType<typeof createPipeline>>) => void,
  ) {
    const suffix = String(++pipelines);
    const p = await createPipeline(client, "dev", suffix);
    const body = flowBody(p.sourceId, p.targetId, p.mappingId, `${suffix}b`);
    change(body, p);
    return client.call("POST", `${FS}/flows`, { body });
  }

  it("refuses state in the create body (1410) and a bad flow spec (1413)", async () => {
    const client = await startClient();
    const withState = await flowError(client, (b) => (b.state = "enabled"));
    expect(withState.body.code).toBe("1410-400");
    const badSpec = await flowError(
      client,
      (b) => (b.flowSpec = { id: "00000000-0000-0000-0000-000000000000" }),
    );
    expect(badSpec.status).toBe(400);
    expect(badSpec.body.code).toBe("1413-400");
  });

  it("refuses an unknown mapping version (1412) and a dataset on another schema (1425)", async () => {
    const client = await startClient();
    const badVersion = await flowError(client, (b) => {
      (b.transformations as { params: Record<string, unknown> }[])[1]!.params.mappingVersion = 7;
    });
    expect(badVersion.body.code).toBe("1412-400");
    const client2 = await startClient();
    const other = await createPipeline(client2, "dev", "other");
    const mismatch = await flowError(client2, (b) => {
      (b.transformations as { params: Record<string, unknown> }[])[1]!.params.mappingId = other.mappingId;
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe("1425-400");
  });

  it.each([
    [
      "a minute interval under 15",
      { startTime: FUTURE_START, frequency: "minute", interval: "10" },
      /at least 15/,
    ],
    ["an interval on a once schedule", { startTime: FUTURE_START, frequency: "once", interval: 1 }, /once/],
    ["a missing interval", { startTime: FUTURE_START, frequency: "hour" }, /needs an interval/],
    ["an unknown frequency", { startTime: FUTURE_START, frequency: "month", interval: 1 }, /frequency/],
    ["a non-numeric start time", { startTime: "tomorrow", frequency: "day", interval: 1 }, /startTime/],
  ])("refuses %s", async (_name, scheduleParams, message) => {
    const client = await startClient();
    const answer = await flowError(client, (b) => (b.scheduleParams = scheduleParams));
    expect(answer.status).toBe(400);
    expect(answer.body.errorMessage).toMatch(message);
  });

  it("requires the Copy deltaColumn for CRMToAEP", async () => {
    const client = await startClient();
    const noCopy = await flowError(client, (b) => {
      b.transformations = (b.transformations as { name: string }[]).filter((t) => t.name !== "Copy");
    });
    expect(noCopy.status).toBe(400);
    expect(noCopy.body.errorMessage).toMatch(/deltaColumn/);
    const noName = await flowError(client, (b) => {
      (b.transformations as { params: Record<string, unknown> }[])[0]!.params.deltaColumn = {
        dateFormat: "x",
      };
    });
    expect(noName.body.errorMessage).toMatch(/deltaColumn/);
  });

  it("refuses missing or foreign connections", async () => {
    const client = await startClient();
    const missing = await flowError(
      client,
      (b) => (b.sourceConnectionIds = ["3d17a4ff-9e0a-4f7c-94bb-bc0b61a3a76d"]),
    );
    expect(missing.status).toBe(400);
    const wrongFlowSpec = await flowError(client, (b) => (b.flowSpec = { id: REST_TO_AEP, version: "1.0" }));
    expect(wrongFlowSpec.status).toBe(400);
    expect(wrongFlowSpec.body.errorMessage).toMatch(/not supported/);
  });

  it("enables and disables with /action, case-insensitively, and refuses a no-op transition (1422)", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    const disabled = await client.call("POST", `${FS}/flows/${p.flowId}/action?op=DISABLE`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.etag).not.toBe(p.flowEtag);
    const flow = (await client.call("GET", `${FS}/flows/${p.flowId}`)).body.items[0];
    expect(flow.state).toBe("disabled");
    const again = await client.call("POST", `${FS}/flows/${p.flowId}/action?op=disable`);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("1422-400");
    const enabled = await client.call("POST", `${FS}/flows/${p.flowId}/action?op=enable`);
    expect(enabled.status).toBe(200);
    const runs = await client.call("GET", `${FS}/runs?property=flowId==${p.flowId}&count=true`);
    expect(runs.body).toEqual({ count: 2 });
  });

  it("patches the mapping version after a mapping set PUT, and refuses moving a past start time", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    const mapping = (await client.call("GET", `${DP}/mappingSets/${p.mappingId}`)).body;
    const put = await client.call("PUT", `${DP}/mappingSets/${p.mappingId}`, {
      body: {
        outputSchema: mapping.outputSchema,
        mappings: [{ sourceType: "ATTRIBUTE", source: "a", destination: "_id" }],
      },
    });
    expect(put.body.version).toBe(1);
    const patched = await client.call("PATCH", `${FS}/flows/${p.flowId}`, {
      body: [
        {
          op: "replace",
          path: "/transformations/1",
          value: { name: "Mapping", params: { mappingId: p.mappingId, mappingVersion: 1 } },
        },
      ],
      headers: { "if-match": p.flowEtag },
    });
    expect(patched.status).toBe(200);
    const flow = (await client.call("GET", `${FS}/flows/${p.flowId}`)).body.items[0];
    expect(flow.transformations[1].params.mappingVersion).toBe("1");
    expect(flow.lastOperation.operation).toBe("update");
    expect(flow.lastOperation.ops[0]).toMatchObject({ op: "replace", path: "/transformations/1" });

    const past = await client.admin("PATCH", `/sandboxes/dev/flows/${p.flowId}`, {
      scheduleParams: { startTime: "1600000000", frequency: "minute", interval: "30" },
    });
    const moved = await client.call("PATCH", `${FS}/flows/${p.flowId}`, {
      body: [{ op: "replace", path: "/scheduleParams/startTime", value: FUTURE_START }],
      headers: { "if-match": past.body.etag },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.errorMessage).toMatch(/startTime/);
  });

  it("refuses deleting a base connection that connections use (1418) and connections that flows use", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    const base = await client.call("DELETE", `${FS}/connections/${p.connectionId}`);
    expect(base.status).toBe(400);
    expect(base.body.code).toBe("1418-400");
    const source = await client.call("DELETE", `${FS}/sourceConnections/${p.sourceId}`);
    expect(source.status).toBe(400);
    expect(source.body.code).toBe("1447-400");
    for (const path of [
      `flows/${p.flowId}`,
      `sourceConnections/${p.sourceId}`,
      `targetConnections/${p.targetId}`,
      `connections/${p.connectionId}`,
    ]) {
      const deleted = await client.call("DELETE", `${FS}/${path}`);
      expect(deleted.status).toBe(204);
      expect(deleted.body).toBeUndefined();
    }
    expect((await client.call("GET", `${FS}/flows/${p.flowId}`)).status).toBe(404);
    expect((await client.call("GET", `${FS}/runs?property=flowId==${p.flowId}&count=true`)).body).toEqual({
      count: 0,
    });
  });

  it("accepts the Mapping-only flow of a RestStorageToAEP source and refuses its Copy", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    const base = await client.call("POST", `${FS}/connections`, {
      body: {
        name: "mailchimp",
        auth: {
          specName: "oAuth2RefreshCode",
          params: { authorizationTestUrl: "https://x", accessToken: "a" },
        },
        connectionSpec: { id: MAILCHIMP, version: "1.0" },
      },
    });
    const source = await client.call("POST", `${FS}/sourceConnections`, {
      body: {
        name: "members",
        baseConnectionId: base.body.id,
        data: { format: "json" },
        params: { listId: "1" },
        connectionSpec: { id: MAILCHIMP },
      },
    });
    const body = flowBody(source.body.id as string, p.targetId, p.mappingId, "mc");
    body.flowSpec = { id: REST_TO_AEP, version: "1.0" };
    const withCopy = await client.call("POST", `${FS}/flows`, { body });
    expect(withCopy.status).toBe(400);
    body.transformations = (body.transformations as { name: string }[]).filter((t) => t.name === "Mapping");
    const ok = await client.call("POST", `${FS}/flows`, { body });
    expect(ok.status).toBe(201);
  });
});

describe("Flow Service lists", () => {
  async function seedConnections(client: TestClient, count: number): Promise<{ id: string; name: string }[]> {
    const created: { id: string; name: string }[] = [];
    for (let i = 0; i < count; i++) {
      const name = `conn ${String(i).padStart(2, "0")}`;
      const { id } = await createConnection(client, { ...hubspotConnection, name });
      created.push({ id, name });
    }
    return created;
  }

  it("pages with limit and a token-only next href until the last page", async () => {
    const client = await startClient();
    const created = await seedConnections(client, 7);
    const seen: string[] = [];
    let path: string | undefined = `${FS}/connections?limit=3`;
    let pages = 0;
    while (path !== undefined) {
      const page = await client.call("GET", path);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      const href: string | undefined = page.body._links.next?.href;
      if (href !== undefined) {
        expect(href).toMatch(/^\/connections\?continuationToken=[^&]+$/);
        // aepp takes everything after '=' as the token (aepp/flowservice.py getFlows).
        expect(href.split("=")[1]).toBe(new URL(href, "http://x").searchParams.get("continuationToken"));
      }
      path = href === undefined ? undefined : `${FS}${href}`;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(created.map((c) => c.id));
  });

  it("keeps filters and order in the token", async () => {
    const client = await startClient();
    const created = await seedConnections(client, 6);
    const first = await client.call(
      "GET",
      `${FS}/connections?limit=2&orderby=-name&property=name!=conn%2000`,
    );
    const names = first.body.items.map((i: { name: string }) => i.name);
    const second = await client.call("GET", `${FS}${first.body._links.next.href as string}`);
    names.push(...second.body.items.map((i: { name: string }) => i.name));
    expect(names).toEqual(
      created
        .map((c) => c.name)
        .filter((n) => n !== "conn 00")
        .reverse()
        .slice(0, 4),
    );
  });

  it("filters with ==, comma OR, quotes, !=, nested paths, arrays and numbers", async () => {
    const client = await startClient();
    const [a, b, c] = await seedConnections(client, 3);
    const ids = async (query: string): Promise<string[]> => {
      const answer = await client.call("GET", `${FS}/connections?${query}`);
      expect(answer.status).toBe(200);
      return answer.body.items.map((i: { id: string }) => i.id);
    };
    expect(await ids(`property=id==${a!.id},${c!.id}`)).toEqual([a!.id, c!.id]);
    expect(await ids(`property=name==%22${encodeURIComponent(b!.name)}%22`)).toEqual([b!.id]);
    expect(await ids(`property=name!=${encodeURIComponent(a!.name)}`)).toEqual([b!.id, c!.id]);
    expect(
      await ids(`property=connectionSpec.id==${HUBSPOT}&property=name==${encodeURIComponent(c!.name)}`),
    ).toEqual([c!.id]);
    expect(await ids(`property=connectionSpec.id==${MAILCHIMP}`)).toEqual([]);
    const created = (await client.call("GET", `${FS}/connections/${b!.id}`)).body.items[0]
      .createdAt as number;
    expect(await ids(`property=createdAt>=${created}`)).toContain(b!.id);
    expect(await ids(`property=createdAt<${created}`)).not.toContain(b!.id);
    const p = await createPipeline(client);
    expect(await ids2(client, `flows?property=sourceConnectionIds[]==${p.sourceId}`)).toEqual([p.flowId]);
    expect(
      await ids2(
        client,
        `flows?property=inheritedAttributes.targetConnections[].connectionSpec.id==${DATA_LAKE}`,
      ),
    ).toEqual([p.flowId]);
    expect(await ids2(client, `flows?property=scheduleParams.interval==30`)).toEqual([p.flowId]);
  });

  async function ids2(client: TestClient, query: string): Promise<string[]> {
    return (await client.call("GET", `${FS}/${query}`)).body.items.map((i: { id: string }) => i.id);
  }

  it("counts with count=true, treats count=false as false, and refuses limit with count (1401)", async () => {
    const client = await startClient();
    await seedConnections(client, 4);
    expect((await client.call("GET", `${FS}/connections?count=true`)).body).toEqual({ count: 4 });
    const notCount = await client.call("GET", `${FS}/connections?count=false&limit=2`);
    expect(notCount.body.items).toHaveLength(2);
    const both = await client.call("GET", `${FS}/connections?count=true&limit=2`);
    expect(both.status).toBe(400);
    expect(both.body.code).toBe("1401-400");
  });

  it.each([
    ["orderby=name,id", "1433-400"],
    ["orderby=na%20me", "1432-400"],
    ["property=name~conn", "1440-400"],
    ["property=createdAt<=1,2", "1443-400"],
    ["property=id>abc", "1448-400"],
    ["property=name", "1100-400"],
    ["continuationToken=garbage!", "1100-400"],
  ])("refuses %s", async (query, code) => {
    const client = await startClient();
    const answer = await client.call("GET", `${FS}/connections?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(code);
  });

  it("clamps limit to 100", async () => {
    const client = await startClient();
    const planted = await client.admin(
      "POST",
      "/sandboxes/dev/connections",
      Array.from({ length: 120 }, (_, i) => ({ name: `c${i}`, connectionSpec: { id: HUBSPOT } })),
    );
    expect(planted.body).toHaveLength(120);
    const page = await client.call("GET", `${FS}/connections?limit=500`);
    expect(page.body.items).toHaveLength(100);
    expect(page.body._links.next.href).toBeDefined();
    expect((await client.call("GET", `${FS}/connections`)).body.items).toHaveLength(100);
  });
});
