/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- response bodies are arbitrary JSON, read as `any` */
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { admin } from "../support/cli.ts";
import {
  CAT,
  createPipeline,
  DP,
  FS,
  hubspotConnection,
  PROFILE,
  SR,
  startClient,
  XED,
  XED_ID,
  type Answer,
  type TestClient,
} from "./helpers.ts";

/** A raw HTTP request, so that a test chooses every header (fetch sets Host itself). */
function rawRequest(
  url: string,
  path: string,
  headers: Record<string, string>,
  method = "GET",
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

const EVIL = "(a+)+$";
const VICTIM = `${"a".repeat(48)}!`;

describe("property filters with ~", () => {
  it("answer (a+)+$ on a long aaaa…! name at once, and another request meanwhile", async () => {
    const client = await startClient();
    const schema = await client.call("POST", `${SR}/tenant/schemas`, {
      body: { type: "object", title: VICTIM, allOf: [{ $ref: PROFILE }] },
    });
    for (const name of [VICTIM, "aaa", "other"]) {
      const created = await client.call("POST", `${CAT}/dataSets`, {
        body: { name, schemaRef: { id: schema.body.$id, contentType: XED } },
      });
      expect(created.status).toBe(201);
    }
    // With a backtracking engine, either filter would run for hours (2^48 steps) and block the other request.
    const [catalog, registry, other] = await Promise.all([
      timed(() => client.call("GET", `${CAT}/dataSets?property=${encodeURIComponent(`name~${EVIL}`)}`)),
      timed(() =>
        client.call("GET", `${SR}/tenant/schemas?property=${encodeURIComponent(`title~${EVIL}`)}`, {
          headers: { accept: XED_ID },
        }),
      ),
      timed(() => client.call("GET", `${CAT}/dataSets?limit=1`)),
    ]);
    expect(Object.values(catalog.value.body).map((d) => (d as { name: string }).name)).toEqual(["aaa"]);
    expect(registry.value.body.results).toEqual([]);
    expect(other.value.status).toBe(200);
    for (const answer of [catalog, registry, other]) expect(answer.ms).toBeLessThan(5000);
  });

  it("match as JavaScript's expressions do, and refuse back-references and look-arounds with a 400", async () => {
    const client = await startClient();
    const schema = await client.call("POST", `${SR}/tenant/schemas`, {
      body: { type: "object", title: "Schema", allOf: [{ $ref: PROFILE }] },
    });
    for (const name of ["HubSpot Contacts", "Salesforce Leads", "hubspot deals"]) {
      await client.call("POST", `${CAT}/dataSets`, {
        body: { name, schemaRef: { id: schema.body.$id, contentType: XED } },
      });
    }
    const names = async (filter: string): Promise<string[]> => {
      const answer = await client.call("GET", `${CAT}/dataSets?property=${encodeURIComponent(filter)}`);
      expect(answer.status).toBe(200);
      return Object.values(answer.body as Record<string, { name: string }>).map((d) => d.name);
    };
    expect(await names("name~^[Hh]ub[Ss]pot\\s")).toEqual(["HubSpot Contacts", "hubspot deals"]);
    expect(await names("name~(Leads|deals)$")).toEqual(["Salesforce Leads", "hubspot deals"]);
    expect(await names("name~^\\w{7} \\w{5}$")).toEqual(["hubspot deals"]);
    for (const pattern of ["(a)\\1", "a(?=b)", "(?<name>a)", "(a", "[a"]) {
      const answer = await client.call(
        "GET",
        `${CAT}/dataSets?property=${encodeURIComponent(`name~${pattern}`)}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        status: 400,
        detail: expect.stringContaining("regular expression"),
      });
    }
    const glob = await client.call(
      "GET",
      `${CAT}/dataSets?name=${encodeURIComponent(`${"*a".repeat(40)}*!`)}`,
    );
    expect(glob.status).toBe(200);
  });
});

describe("the admin API", () => {
  it("refuses any request with an Origin header, and any Host that is not a loopback name", async () => {
    const client = await startClient();
    const { url, port } = client.emu;
    const ok = (host: string) => rawRequest(url, "/__emulator/requests", { host });
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      "localhost",
      "LOCALHOST:1",
    ]) {
      expect((await ok(host)).status).toBe(200);
    }
    for (const host of [
      "evil.example",
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      "127.0.0.2",
      "[::2]:80",
    ]) {
      expect((await ok(host)).status).toBe(403);
    }
    const fromPage = await rawRequest(
      url,
      "/__emulator/reset",
      {
        host: `127.0.0.1:${port}`,
        origin: "https://evil.example",
        "content-type": "text/plain",
      },
      "POST",
    );
    expect(fromPage.status).toBe(403);
    expect(JSON.parse(fromPage.body)).toEqual({ error: expect.stringContaining("Origin") });
    // The platform API itself does not care about Host (it stands for platform.adobe.io).
    const platform = await rawRequest(url, `${FS}/connections`, { host: "platform.adobe.io" });
    expect(platform.status).toBe(403);
    expect(JSON.parse(platform.body)).toEqual({ error_code: "403010", message: "Oauth token is missing." });
  });

  it("needs the admin token when started with one, and the project's own helpers work without", async () => {
    const guarded = await startClient({ adminToken: "admin-tok-7f3e" });
    const path = `${guarded.emu.url}/__emulator/requests`;
    expect((await fetch(path)).status).toBe(401);
    expect((await fetch(path, { headers: { authorization: "Bearer wrong-token" } })).status).toBe(401);
    expect((await fetch(path, { headers: { authorization: "Bearer admin-tok-7f3e" } })).status).toBe(200);
    // The IMS token opens the platform, not the admin API.
    expect((await guarded.admin("GET", "/requests")).status).toBe(401);
    expect((await guarded.call("GET", `${FS}/connections`)).status).toBe(200);

    const open = await startClient();
    expect(await admin(open.emu, "GET", "/requests")).toMatchObject({ total: expect.any(Number) });
    expect((await open.admin("GET", "/state")).status).toBe(200);
  });
});

describe("bounds", () => {
  it("answers 413 past 1 MiB of body, in the gateway's shape, and keeps serving", async () => {
    const client = await startClient();
    const big = { name: "big", description: "x".repeat(1024 * 1024) };
    const answer = await client.call("POST", `${CAT}/dataSets`, { body: big });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ error_code: "413000", message: expect.stringContaining("too large") });
    expect((await client.call("GET", `${CAT}/dataSets`)).status).toBe(200);
  });

  it("refuses a string past 64 KiB anywhere in a body, and nesting past 64 levels, in the service's shape", async () => {
    const client = await startClient();
    const long = await client.call("POST", `${FS}/connections`, {
      body: {
        ...hubspotConnection,
        auth: { ...hubspotConnection.auth, params: { clientId: "c".repeat(70_000) } },
      },
    });
    expect(long.status).toBe(400);
    expect(long.body.errorMessage).toMatch(/\/auth\/params\/clientId: a string longer than/);
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = { nested: deep };
    const nested = await client.call("POST", `${CAT}/dataSets`, { body: { name: "n", extra: deep } });
    expect(nested.status).toBe(400);
    expect(nested.body.detail).toMatch(/nested deeper than 64/);
    const mapping = await client.call("POST", `${DP}/mappingSets`, {
      body: { name: "m".repeat(257), xdmSchema: "x", mappings: [] },
    });
    expect(mapping.status).toBe(400);
    expect(mapping.body.detail).toMatch(/'name' must be at most 256/);
  });
});

describe("Flow Service type checks", () => {
  async function connection(client: TestClient): Promise<{ id: string; etag: string }> {
    const answer = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; etag: string };
  }

  function expectFlowError(answer: Answer, message: RegExp): void {
    expect(answer.status).toBe(400);
    expect(answer.body.errorMessage).toMatch(message);
    expect(typeof answer.body.errorDetails).toBe("string");
  }

  it.each([
    ["a name that is an object", { name: {} }, /'name' must be a non-empty string/],
    ["an empty name", { name: "  " }, /'name' must be a non-empty string/],
    ["a description that is a number", { description: 5 }, /'description' must be a string/],
    ["a name past 256 characters", { name: "n".repeat(257) }, /at most 256/],
    ["a description past 4096 characters", { description: "d".repeat(4097) }, /at most 4096/],
  ])("refuses on create %s", async (_name, change, message) => {
    const client = await startClient();
    expectFlowError(
      await client.call("POST", `${FS}/connections`, { body: { ...hubspotConnection, ...change } }),
      message,
    );
  });

  it.each([
    ["add /name {}", [{ op: "add", path: "/name", value: {} }], /'name' must be a non-empty string/],
    ["replace /name with an empty string", [{ op: "replace", path: "/name", value: "" }], /'name'/],
    ["remove /name", [{ op: "remove", path: "/name" }], /'name' must be a non-empty string/],
    [
      "replace /description with a number",
      [{ op: "replace", path: "/description", value: 12 }],
      /'description'/,
    ],
    [
      "remove a required auth param",
      [{ op: "remove", path: "/auth/params/clientSecret" }],
      /auth params missing: clientSecret/,
    ],
    ["remove /auth/params", [{ op: "remove", path: "/auth/params" }], /'auth.params' is required/],
  ])(
    "refuses a connection PATCH that would %s, and keeps the connection as it was",
    async (_name, ops, message) => {
      const client = await startClient();
      const { id, etag } = await connection(client);
      const answer = await client.call("PATCH", `${FS}/connections/${id}`, {
        body: ops,
        headers: { "if-match": etag },
      });
      expectFlowError(answer, message);
      expect(answer.body.code).toBe("1455-400");
      const after = await client.call("GET", `${FS}/connections/${id}`);
      expect(after.body.items[0]).toMatchObject({ name: hubspotConnection.name, etag });
    },
  );

  it("refuses flow and target connection PATCHes that break their required fields", async () => {
    const client = await startClient();
    const p = await createPipeline(client);
    const flowPatch = (ops: unknown[]) =>
      client.call("PATCH", `${FS}/flows/${p.flowId}`, { body: ops, headers: { "if-match": p.flowEtag } });
    expectFlowError(await flowPatch([{ op: "remove", path: "/name" }]), /'name'/);
    expectFlowError(
      await flowPatch([{ op: "replace", path: "/description", value: ["x"] }]),
      /'description'/,
    );
    expectFlowError(await flowPatch([{ op: "remove", path: "/scheduleParams" }]), /scheduleParams/);
    const target = await client.call("GET", `${FS}/targetConnections/${p.targetId}`);
    const removeDataSet = await client.call("PATCH", `${FS}/targetConnections/${p.targetId}`, {
      body: [{ op: "remove", path: "/params/dataSetId" }],
      headers: { "if-match": target.body.items[0].etag },
    });
    expectFlowError(removeDataSet, /'params.dataSetId' is required/);
    const source = await client.call("GET", `${FS}/sourceConnections/${p.sourceId}`);
    const renameSource = await client.call("PATCH", `${FS}/sourceConnections/${p.sourceId}`, {
      body: [{ op: "add", path: "/name", value: 42 }],
      headers: { "if-match": source.body.items[0].etag },
    });
    expectFlowError(renameSource, /'name'/);
  });
});
