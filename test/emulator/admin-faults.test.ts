/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import {
  CAT,
  createPipeline,
  DP,
  fetchToken,
  FS,
  HUBSPOT,
  hubspotConnection,
  SR,
  startClient,
  XED,
  type TestClient,
} from "./helpers.ts";

async function attempt(
  client: TestClient,
  method: string,
  path: string,
  body?: unknown,
): Promise<number | "dropped"> {
  try {
    return (await client.call(method, path, body === undefined ? {} : { body })).status;
  } catch {
    return "dropped";
  }
}

describe("admin API", () => {
  it("logs platform requests with route templates and counts, and resets the log", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    await client.call("GET", `${FS}/flows/${p.flowId}`);
    await client.call("GET", `${FS}/flows/${p.flowId}`);
    await client.call("GET", `${SR}/tenant/schemas/${encodeURIComponent(p.schemaId)}`, {
      headers: { accept: XED },
    });
    const log = await client.admin("GET", "/requests");
    expect(log.body.counts["GET /flows/{id}"]).toBe(2);
    expect(log.body.counts["POST /flows"]).toBe(1);
    expect(log.body.counts["GET /tenant/schemas/{id}"]).toBe(1);
    expect(log.body.counts["POST /ims/token/v3"]).toBe(1);
    expect(client.emu.requestCounts()).toEqual(log.body.counts);
    const last = log.body.log[log.body.log.length - 1];
    expect(last).toMatchObject({
      method: "GET",
      route: "GET /tenant/schemas/{id}",
      status: 200,
      sandbox: "dev",
    });
    expect(log.body.total).toBe(log.body.log.length);
    // The requests were sent one after another: never two at once (the admin API is not counted).
    expect(log.body.peakInFlight).toBe(1);
    expect(client.emu.peakInFlight()).toBe(1);
    expect(JSON.stringify(log.body)).not.toContain(client.token);
    expect((await client.admin("DELETE", "/requests")).status).toBe(204);
    expect((await client.admin("GET", "/requests")).body).toEqual({
      total: 0,
      counts: {},
      peakInFlight: 0,
      log: [],
    });
  });

  it("empties every sandbox on reset, keeping seeded specs and the global container", async () => {
    const client = await startClient();
    await createPipeline(client, "dev");
    await createPipeline(client, "prod");
    expect((await client.admin("POST", "/reset")).status).toBe(204);
    for (const sandbox of ["dev", "prod"]) {
      expect((await client.call("GET", `${FS}/flows?count=true`, { sandbox })).body).toEqual({ count: 0 });
      expect((await client.call("GET", `${CAT}/dataSets`, { sandbox })).body).toEqual({});
    }
    expect((await client.call("GET", `${FS}/flowSpecs`)).body.items.length).toBeGreaterThan(0);
  });

  it("edits an object out of band like the UI: new etag, and the client's old etag is stale", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    const edited = await client.admin("PATCH", `/sandboxes/dev/flows/${p.flowId}`, {
      name: "renamed in the UI",
    });
    expect(edited.status).toBe(200);
    expect(edited.body.etag).not.toBe(p.flowEtag);
    const flow = (await client.call("GET", `${FS}/flows/${p.flowId}`)).body.items[0];
    expect(flow.name).toBe("renamed in the UI");
    expect(flow.updatedAt).toBeGreaterThanOrEqual(flow.createdAt);
    const stale = await client.call("PATCH", `${FS}/flows/${p.flowId}`, {
      body: [{ op: "replace", path: "/description", value: "x" }],
      headers: { "if-match": p.flowEtag },
    });
    expect(stale.status).toBe(412);

    const schema = await client.admin("PATCH", `/sandboxes/dev/schemas/${encodeURIComponent(p.schemaId)}`, {
      description: "changed in the UI",
    });
    expect(schema.body.version).toBe("1.1");
    const dataSet = await client.admin("PATCH", `/sandboxes/dev/dataSets/${p.dataSetId}`, {
      tags: { ui: ["yes"] },
    });
    expect(dataSet.body.version).toBe("1.0.1");
    const mapping = await client.admin("PATCH", `/sandboxes/dev/mappingSets/${p.mappingId}`, { name: "ui" });
    expect(mapping.body.version).toBe(1);
    expect((await client.call("GET", `${DP}/mappingSets/${p.mappingId}`)).body).toMatchObject({
      version: 1,
      name: "ui",
    });
    expect((await client.call("GET", `${DP}/mappingSets/${p.mappingId}?version=0`)).status).toBe(200);
  });

  it("deletes out of band, skipping AEP's dependency checks", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    expect((await client.admin("DELETE", `/sandboxes/dev/connections/${p.connectionId}`)).status).toBe(204);
    expect((await client.call("GET", `${FS}/connections/${p.connectionId}`)).status).toBe(404);
    expect((await client.admin("DELETE", `/sandboxes/dev/connections/${p.connectionId}`)).status).toBe(404);
    expect(
      (await client.admin("DELETE", `/sandboxes/dev/schemas/${encodeURIComponent(p.schemaId)}`)).status,
    ).toBe(204);
  });

  it("plants unmanaged look-alikes, one or many, with server fields filled", async () => {
    const client = await startClient();
    const one = await client.admin("POST", "/sandboxes/prod/connections", {
      name: "HubSpot account",
      connectionSpec: { id: HUBSPOT, version: "1.0" },
    });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ name: "HubSpot account", state: "enabled", sandboxName: "prod" });
    const listed = await client.call("GET", `${FS}/connections?property=name==HubSpot%20account`, {
      sandbox: "prod",
    });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([one.body.id]);
    const many = await client.admin("POST", "/sandboxes/dev/schemas", [
      { title: "a", allOf: [] },
      { title: "b", allOf: [] },
    ]);
    expect(many.body.map((s: { title: string }) => s.title)).toEqual(["a", "b"]);
    expect((await client.admin("POST", "/sandboxes/qa/flows", {})).status).toBe(404);
    expect((await client.admin("POST", "/sandboxes/dev/widgets", {})).status).toBe(404);
  });

  it("lets a client patch the description of an incomplete look-alike (adoption)", async () => {
    const client = await startClient();
    const planted = await client.admin("POST", "/sandboxes/dev/flows", {
      name: "look-alike",
      flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
      sourceConnectionIds: [],
      targetConnectionIds: [],
    });
    const adopted = await client.call("PATCH", `${FS}/flows/${planted.body.id as string}`, {
      body: [{ op: "add", path: "/description", value: "[aepsync:v1 ns=default a=Pipeline/x/flow g=1]" }],
      headers: { "if-match": planted.body.etag as string },
    });
    expect(adopted.status).toBe(200);
    const scheduled = await client.call("PATCH", `${FS}/flows/${planted.body.id as string}`, {
      body: [
        { op: "add", path: "/scheduleParams", value: { startTime: 1, frequency: "minute", interval: 5 } },
      ],
      headers: { "if-match": adopted.body.etag as string },
    });
    expect(scheduled.status).toBe(400);
  });

  it("gives a state snapshot per sandbox with credentials masked", async () => {
    const client = await startClient();
    await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    const state = await client.admin("GET", "/state");
    expect(Object.keys(state.body.sandboxes)).toEqual(["prod", "dev"]);
    expect(state.body.sandboxes.dev.connections[0].auth.params.clientSecret).toBe("**********");
  });
});

describe("faults", () => {
  it("answers 429 with Retry-After and the gateway body, on matching routes only", async () => {
    const client = await startClient();
    const set = await client.admin("PUT", "/faults", {
      rate429: 1,
      retryAfterSeconds: 3,
      routes: ["POST /flows"],
    });
    expect(set.status).toBe(204);
    expect((await client.call("GET", `${FS}/flows`)).status).toBe(200);
    const answer = await client.call("POST", `${FS}/flows`, { body: {} });
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("3");
    expect(answer.body).toEqual({ error_code: "429050", message: "Too many requests" });
    // IMS and the admin API are never faulted.
    client.emu.setFaults({ rate429: 1 });
    expect(await fetchToken(client.emu)).toMatch(/^eyJ/);
    expect((await client.admin("GET", "/requests")).status).toBe(200);
    expect((await client.call("GET", `${FS}/flows`)).status).toBe(429);
  });

  it("answers 500 and 503 in the service's error shape", async () => {
    const client = await startClient({ faults: { rate500: 1 } });
    const answer = await client.call("GET", `${FS}/flows`);
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ code: "1102-500", errorMessage: "Internal Error" });
    client.emu.setFaults({ rate503: 1 });
    const unavailable = await client.call("GET", `${CAT}/dataSets`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.status).toBe(503);
  });

  it("drops the connection before doing anything", async () => {
    const client = await startClient();
    client.emu.setFaults({ rateDrop: 1 });
    expect(await attempt(client, "POST", `${FS}/connections`, hubspotConnection)).toBe("dropped");
    client.emu.setFaults(undefined);
    expect((await client.call("GET", `${FS}/connections?count=true`)).body).toEqual({ count: 0 });
  });

  it("loses the answer of a write after doing it", async () => {
    const client = await startClient();
    client.emu.setFaults({ rateLostAnswer: 1 });
    expect((await client.call("GET", `${FS}/connections`)).status).toBe(200);
    expect(await attempt(client, "POST", `${FS}/connections`, hubspotConnection)).toBe("dropped");
    client.emu.setFaults(undefined);
    const listed = await client.call("GET", `${FS}/connections`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].name).toBe(hubspotConnection.name);
  });

  it("splits fault-rate evenly and replays the same faults for the same seed", async () => {
    const run = async (seed: number): Promise<(number | "dropped")[]> => {
      const client = await startClient({ seed, faultRate: 0.6 });
      const statuses: (number | "dropped")[] = [];
      for (let i = 0; i < 40; i++) statuses.push(await attempt(client, "GET", `${FS}/flows`));
      return statuses;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(43)).not.toEqual(first);
    for (const outcome of [200, 429, 500, 503, "dropped"]) expect(first).toContain(outcome);
  });

  it("seeds ids: the same seed creates the same ids", async () => {
    const ids = async (): Promise<string> => {
      const client = await startClient({ seed: 7 });
      return (await client.call("POST", `${FS}/connections`, { body: hubspotConnection })).body.id as string;
    };
    expect(await ids()).toBe(await ids());
  });

  it("validates fault settings", async () => {
    const client = await startClient();
    expect((await client.admin("PUT", "/faults", { rate429: 2 })).status).toBe(400);
    expect((await client.admin("PUT", "/faults", { retryAfterSeconds: 1.5 })).status).toBe(400);
    expect(() => client.emu.setFaults({ rate500: -1 })).toThrow(/rate500/);
    expect((await client.admin("PUT", "/faults", { latencyMs: 5 })).status).toBe(204);
    expect((await client.call("GET", `${FS}/flows`)).status).toBe(200);
  });
});
