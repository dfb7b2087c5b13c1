import { afterEach, describe, expect, it } from "vitest";
import { AepConflictError, AepError } from "../../src/aep/index.ts";
import type { AepClient } from "../../src/aep/index.ts";
import {
  recordSleeps,
  scriptedClient,
  sequence,
  startScriptedServer,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
} from "./scripted-server.ts";
import type { ScriptedReply, ScriptedServer } from "./scripted-server.ts";

const FLOW = {
  id: "f1",
  etag: '"e-1"',
  name: "flow",
  flowSpec: { id: "s" },
  sourceConnectionIds: [],
  targetConnectionIds: [],
};
const created = { status: 201, body: { id: "f1", etag: '"e-1"' } } as const;

let server: ScriptedServer | undefined;
let client: AepClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: Parameters<typeof startScriptedServer>[0], options = {}) {
  server = await startScriptedServer(handler);
  const clock = recordSleeps();
  client = scriptedClient(server, { sleep: clock.sleep, now: clock.now, ...options });
  return { server, client, clock };
}

async function rejection(promise: Promise<unknown>): Promise<AepError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AepError);
  return error as AepError;
}

describe("headers", () => {
  it("sends the required headers on every call, Content-Type only with a body", async () => {
    const { server, client } = await setup((req) =>
      req.method === "GET" ? { status: 200, body: { items: [FLOW] } } : created,
    );
    await client.flowService.flows.get("f1");
    await client.flowService.flows.create({ name: "x" });
    const [get, post] = server.platformRequests();
    for (const req of [get!, post!]) {
      expect(req.headers.authorization).toBe("Bearer token-1-abcdefgh");
      expect(req.headers["x-api-key"]).toBe(TEST_CLIENT_ID);
      expect(req.headers["x-gw-ims-org-id"]).toBe("TESTORG@AdobeOrg");
      expect(req.headers["x-sandbox-name"]).toBe("dev");
    }
    expect(get!.headers["content-type"]).toBeUndefined();
    expect(post!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(post!.body)).toEqual({ name: "x" });
  });

  it("sends If-Match exactly as the etag was returned, inner quotes included", async () => {
    const { server, client } = await setup(() => ({ status: 200, body: { id: "f1", etag: '"e-2"' } }));
    const result = await client.flowService.flows.patch(
      "f1",
      [{ op: "replace", path: "/name", value: "n" }],
      '"e-1"',
    );
    expect(result).toEqual({ id: "f1", etag: '"e-2"' });
    const [patch] = server.platformRequests();
    expect(patch!.method).toBe("PATCH");
    expect(patch!.headers["if-match"]).toBe('"e-1"');
    expect(patch!.headers["content-type"]).toBe("application/json");
  });

  it("uses the Schema Registry Accept forms and URL-encodes a $id", async () => {
    const id = "https://ns.adobe.com/tenant/schemas/abc";
    const { server, client } = await setup((req) =>
      req.path.endsWith("/tenant/schemas")
        ? { status: 200, body: { results: [], _page: { next: null } } }
        : { status: 200, body: { $id: id } },
    );
    await client.schemaRegistry.get("schemas", id);
    await client.schemaRegistry.get("schemas", id, { full: true });
    for await (const _ of client.schemaRegistry.listSchemas("tenant")) void _;
    for await (const _ of client.schemaRegistry.listSchemas("tenant", { full: true })) void _;
    const [raw, full, summaries, fulls] = server.platformRequests();
    expect(raw!.url).toBe(`/data/foundation/schemaregistry/tenant/schemas/${encodeURIComponent(id)}`);
    expect(raw!.headers.accept).toBe("application/vnd.adobe.xed+json; version=1");
    expect(full!.headers.accept).toBe("application/vnd.adobe.xed-full+json; version=1");
    expect(summaries!.headers.accept).toBe("application/vnd.adobe.xed-id+json");
    expect(summaries!.query.get("orderby")).toBe("title");
    expect(fulls!.headers.accept).toBe("application/vnd.adobe.xed+json");
  });

  it("sends Catalog JSON Patch ops as application/json-patch+json and partial objects as JSON", async () => {
    const { server, client } = await setup(() => ({ status: 200, body: ["@/dataSets/d1"] }));
    await client.catalog.patchDataSet("d1", [{ op: "add", path: "/name", value: "n" }]);
    await client.catalog.patchDataSet("d1", { name: "n" });
    const [ops, partial] = server.platformRequests();
    expect(ops!.headers["content-type"]).toBe("application/json-patch+json");
    expect(partial!.headers["content-type"]).toBe("application/json");
  });
});

describe("retries", () => {
  it("honours Retry-After on a 429, for a POST too, and counts every attempt", async () => {
    const { server, client, clock } = await setup(
      sequence(
        {
          status: 429,
          headers: { "retry-after": "2" },
          body: { error_code: "429050", message: "Too many requests" },
        },
        created,
      ),
    );
    expect(await client.flowService.flows.create({ name: "x" })).toEqual({ id: "f1", etag: '"e-1"' });
    expect(clock.delays).toEqual([2000]);
    expect(server.platformRequests()).toHaveLength(2);
    expect(client.stats().byRoute["POST /flowservice/flows"]).toBe(2);
  });

  it("retries a GET through a burst of 5xx with growing backoff", async () => {
    const { server, client, clock } = await setup(
      sequence({ status: 503 }, { status: 500 }, { status: 502 }, { status: 200, body: { items: [FLOW] } }),
      { retry: { baseDelayMs: 100, maxDelayMs: 10_000 }, random: () => 0.999 },
    );
    expect(await client.flowService.flows.get("f1")).toMatchObject({ id: "f1" });
    expect(clock.delays).toEqual([100, 200, 400]);
    expect(server.platformRequests()).toHaveLength(4);
  });

  it("retries a GET whose connection dropped", async () => {
    const { server, client } = await setup(
      sequence("drop", "drop", { status: 200, body: { items: [FLOW] } }),
    );
    expect(await client.flowService.flows.get("f1")).toMatchObject({ id: "f1" });
    expect(server.platformRequests()).toHaveLength(3);
  });

  it("gives up after maxAttempts with E_HTTP naming the attempts", async () => {
    const { server, client } = await setup(
      () => ({ status: 503, body: { errorMessage: "busy", code: "1103-503" } }),
      {
        retry: { maxAttempts: 3 },
      },
    );
    const error = await rejection(client.flowService.flows.get("f1"));
    expect(error.code).toBe("E_HTTP");
    expect(error.status).toBe(503);
    expect(error.aepCode).toBe("1103-503");
    expect(error.message).toContain("after 3 attempts");
    expect(server.platformRequests()).toHaveLength(3);
  });

  it("bounds the total time spent retrying", async () => {
    const { server, client, clock } = await setup(() => ({ status: 429, headers: { "retry-after": "10" } }), {
      retry: { maxAttempts: 100, maxDelayMs: 60_000, maxTotalMs: 35_000 },
    });
    const error = await rejection(client.flowService.flows.get("f1"));
    expect(error.status).toBe(429);
    expect(clock.delays).toEqual([10_000, 10_000, 10_000]);
    expect(server.platformRequests()).toHaveLength(4);
  });

  it("never re-sends a POST after a 5xx without settle: ambiguous error", async () => {
    const { server, client } = await setup(() => ({ status: 500, body: { errorMessage: "boom" } }));
    const error = await rejection(client.flowService.flows.create({ name: "x" }));
    expect(error.ambiguous).toBe(true);
    expect(error.code).toBe("E_HTTP");
    expect(server.platformRequests()).toHaveLength(1);
  });

  it("never re-sends a POST whose answer was lost without settle: ambiguous E_NETWORK", async () => {
    const { server, client } = await setup(() => "drop");
    const error = await rejection(client.flowService.flows.create({ name: "x" }));
    expect(error.code).toBe("E_NETWORK");
    expect(error.ambiguous).toBe(true);
    expect(server.platformRequests()).toHaveLength(1);
  });

  it("settles a lost create by looking it up, without re-sending it", async () => {
    const { server, client } = await setup(() => "drop");
    const lookups: number[] = [];
    const settle = () => {
      lookups.push(1);
      return Promise.resolve({ id: "found", etag: '"e-9"' });
    };
    expect(await client.flowService.flows.create({ name: "x" }, settle)).toEqual({
      id: "found",
      etag: '"e-9"',
    });
    expect(lookups).toHaveLength(1);
    expect(server.platformRequests()).toHaveLength(1);
  });

  it("re-sends a create only when settle finds nothing", async () => {
    const { server, client } = await setup(sequence({ status: 503 }, created));
    let lookups = 0;
    const result = await client.flowService.flows.create({ name: "x" }, () => {
      lookups += 1;
      return Promise.resolve(undefined);
    });
    expect(result).toEqual({ id: "f1", etag: '"e-1"' });
    expect(lookups).toBe(1);
    expect(server.platformRequests()).toHaveLength(2);
  });

  it("settles once more before giving up on an ambiguous create", async () => {
    const { server, client } = await setup(() => ({ status: 500 }), { retry: { maxAttempts: 2 } });
    let lookups = 0;
    const result = await client.flowService.flows.create({ name: "x" }, () => {
      lookups += 1;
      return Promise.resolve(lookups === 2 ? { id: "late", etag: '"e"' } : undefined);
    });
    expect(result).toEqual({ id: "late", etag: '"e"' });
    expect(server.platformRequests()).toHaveLength(2);
  });

  it("marks a PATCH that got a 5xx ambiguous and does not re-send it", async () => {
    const { server, client } = await setup(() => ({ status: 502 }));
    const error = await rejection(
      client.flowService.flows.patch("f1", [{ op: "replace", path: "/name", value: "n" }], '"e"'),
    );
    expect(error.ambiguous).toBe(true);
    expect(server.platformRequests()).toHaveLength(1);
  });

  it("re-sends a PUT and a DELETE freely; a DELETE 404 after a retry is done", async () => {
    const { server, client } = await setup((req) => {
      const n = server.platformRequests().filter((r) => r.method === req.method).length;
      if (req.method === "PUT") return n === 1 ? "drop" : { status: 200, body: { id: "m1", version: 2 } };
      return n === 1
        ? ({ status: 503 } satisfies ScriptedReply)
        : { status: 404, body: { errorMessage: "flows not found" } };
    });
    expect(await client.dataPrep.putMappingSet("m1", { mappings: [] })).toMatchObject({ version: 2 });
    await expect(client.flowService.flows.delete("f1")).resolves.toBeUndefined();
    expect(server.platformRequests().map((r) => r.method)).toEqual(["PUT", "PUT", "DELETE", "DELETE"]);
  });

  it("surfaces a 412 as AepConflictError without retrying", async () => {
    const body = {
      errorMessage: 'Supplied version=["e-1"] does not match the current version on entity=["e-2"]',
      errorDetails: "etag mismatch",
      code: "1404-412",
    };
    const { server, client } = await setup(() => ({
      status: 412,
      body,
      headers: { "x-request-id": "req-42" },
    }));
    const error = await rejection(
      client.flowService.flows.patch("abc", [{ op: "replace", path: "/name", value: "n" }], '"e-1"'),
    );
    expect(error).toBeInstanceOf(AepConflictError);
    expect(error.code).toBe("E_CONFLICT");
    expect(error.ambiguous).toBe(false);
    expect(error.requestId).toBe("req-42");
    expect(error.message).toBe(
      '[PATCH] /flowservice/flows/abc: 412 Precondition Failed (1404-412: Supplied version=["e-1"] does not match the current version on entity=["e-2"]) request-id=req-42',
    );
    expect(server.platformRequests()).toHaveLength(1);
  });

  it("wraps a refused connection in AepError E_NETWORK (undici errors never escape)", async () => {
    const probe = await startScriptedServer(() => ({ status: 200 }));
    const url = probe.url;
    await probe.close();
    const clock = recordSleeps();
    client = scriptedClient({ url }, { sleep: clock.sleep, now: clock.now, retry: { maxAttempts: 2 } });
    const error = await rejection(client.flowService.flows.get("f1"));
    // The token request fails first: IMS is on the same dead port.
    expect(error.code).toBe("E_AUTH");
    expect(error.message).toContain("check AEP_IMS_URL");
    expect(error.cause).not.toHaveProperty("dispatcher");
  });

  it("wraps a dead platform in AepError E_NETWORK after retrying a GET", async () => {
    const probe = await startScriptedServer(() => ({ status: 200 }));
    const dead = probe.url;
    await probe.close();
    const { server: ims } = await setup(() => ({ status: 200 }));
    const clock = recordSleeps();
    const direct = scriptedClient(ims, {
      platformUrl: dead,
      sleep: clock.sleep,
      now: clock.now,
      retry: { maxAttempts: 3 },
    });
    try {
      const error = await rejection(direct.flowService.flows.get("f1"));
      expect(error.code).toBe("E_NETWORK");
      expect(error.ambiguous).toBe(false);
      expect(error.message).toMatch(/^\[GET\] \/flowservice\/flows\/f1: network error ECONNREFUSED/);
      expect(clock.delays).toHaveLength(2);
      expect(direct.stats().total).toBe(3);
    } finally {
      await direct.close();
    }
  });
});

describe("lookups and paging", () => {
  it("unwraps {items:[…]} and maps 404 to undefined, but not a 404 for a missing sandbox", async () => {
    const { client } = await setup(
      sequence(
        { status: 200, body: { items: [FLOW] } },
        { status: 404, body: { errorMessage: "flows not found with id = [f2]" } },
        { status: 404, body: { errorMessage: "Sandbox nope not found", code: "2100-404" } },
      ),
    );
    expect(await client.flowService.flows.get("f1")).toEqual(FLOW);
    expect(await client.flowService.flows.get("f2")).toBeUndefined();
    const error = await rejection(client.flowService.flows.get("f3"));
    expect(error.aepCode).toBe("2100-404");
  });

  it("follows token-only next links, re-sending the filters", async () => {
    const { server, client } = await setup((req) => {
      const token = req.query.get("continuationToken");
      if (token == null)
        return {
          status: 200,
          body: { items: [FLOW], _links: { next: { href: "/flows?continuationToken=t1" } } },
        };
      if (token === "t1")
        return { status: 200, body: { items: [{ ...FLOW, id: "f2" }], _links: { next: { href: "" } } } };
      return { status: 400 };
    });
    const ids: string[] = [];
    for await (const flow of client.flowService.flows.list({
      property: ["name==a", "state==enabled"],
      orderby: "name",
    })) {
      ids.push(flow.id);
    }
    expect(ids).toEqual(["f1", "f2"]);
    const second = server.platformRequests()[1]!;
    expect(second.query.getAll("property")).toEqual(["name==a", "state==enabled"]);
    expect(second.query.get("limit")).toBe("100");
    expect(second.query.get("orderby")).toBe("name");
  });

  it("stops a next link that repeats instead of looping", async () => {
    const { client } = await setup(() => ({
      status: 200,
      body: { items: [FLOW], _links: { next: { href: "/flows?continuationToken=same" } } },
    }));
    const list = async () => {
      for await (const _ of client.flowService.flows.list()) void _;
    };
    await expect(list()).rejects.toThrow(/paging stopped/);
  });

  it("batches getMany as property=id==a,b,… in groups of 50", async () => {
    const { server, client } = await setup((req) => {
      const ids = (req.query.get("property") ?? "").replace("id==", "").split(",");
      return {
        status: 200,
        body: { items: ids.filter((id) => id !== "missing").map((id) => ({ ...FLOW, id })) },
      };
    });
    const ids = [...Array.from({ length: 120 }, (_, i) => `f${i}`), "missing"];
    const flows = await client.flowService.flows.getMany(ids);
    expect(flows.map((f) => f.id)).toEqual(ids.slice(0, 120));
    expect(server.platformRequests()).toHaveLength(3);
  });

  it("pages the Catalog by start offset and copies the id into each data set", async () => {
    const all = Array.from({ length: 230 }, (_, i) => `d${String(i).padStart(3, "0")}`);
    const { server, client } = await setup((req) => {
      const start = Number(req.query.get("start"));
      const limit = Number(req.query.get("limit"));
      return {
        status: 200,
        body: Object.fromEntries(all.slice(start, start + limit).map((id) => [id, { name: id }])),
      };
    });
    const seen: string[] = [];
    for await (const d of client.catalog.listDataSets({ properties: ["name", "tags"] })) seen.push(d.id);
    expect(seen).toEqual(all);
    // After the first full page, the next four offsets go out together; 200 comes back short.
    expect(server.platformRequests().map((r) => r.query.get("start"))).toEqual([
      "0",
      "100",
      "200",
      "300",
      "400",
    ]);
    expect(server.platformRequests()[0]!.query.get("properties")).toBe("name,tags");
  });

  it("pages mapping sets past a server that caps limit, trusting its _page.next", async () => {
    const all = Array.from({ length: 95 }, (_, i) => ({ id: `m${i}`, version: 0 }));
    const { server, client } = await setup((req) => {
      const start = Number(req.query.get("start"));
      const data = all.slice(start, start + 40); // the server serves 40 whatever limit says
      return {
        status: 200,
        body: { data, _page: { count: data.length, next: start + 40 < all.length ? start + 40 : null } },
      };
    });
    const ids: string[] = [];
    for await (const m of client.dataPrep.listMappingSets({ name: "x" })) ids.push(m.id);
    expect(ids).toEqual(all.map((m) => m.id));
    expect(server.platformRequests().map((r) => r.query.get("start"))).toEqual(["0", "40", "80"]);
    expect(server.platformRequests()[0]!.query.get("name")).toBe("x");
  });

  it("parses a Catalog create answer and looks several data sets up at once", async () => {
    const { server, client } = await setup((req) =>
      req.method === "POST"
        ? { status: 201, body: ["@/dataSets/5c8c3c555033b814b69f947f"] }
        : { status: 200, body: { a1: { name: "A" }, b2: { name: "B" } } },
    );
    expect(await client.catalog.createDataSet({ name: "x" })).toBe("5c8c3c555033b814b69f947f");
    expect((await client.catalog.getDataSets(["a1", "b2"])).map((d) => d.name)).toEqual(["A", "B"]);
    expect(server.platformRequests()[1]!.path).toBe("/data/foundation/catalog/dataSets/a1,b2");
  });
});

describe("flow actions", () => {
  it("treats an action refused because the flow is already in that state as done", async () => {
    const { client } = await setup((req) =>
      req.method === "POST"
        ? {
            status: 400,
            body: {
              errorMessage: "The action enable cannot be applied on the current state enabled",
              code: "1422-400",
            },
          }
        : { status: 200, body: { items: [{ ...FLOW, state: "enabled", etag: '"e-5"' }] } },
    );
    expect(await client.flowService.flows.action("f1", "enable")).toEqual({ id: "f1", etag: '"e-5"' });
  });

  it("settles a lost action answer by the flow state", async () => {
    const { server, client } = await setup((req) =>
      req.method === "POST" ? "drop" : { status: 200, body: { items: [{ ...FLOW, state: "disabled" }] } },
    );
    expect(await client.flowService.flows.action("f1", "disable")).toEqual({ id: "f1", etag: '"e-1"' });
    expect(server.platformRequests().map((r) => `${r.method} ${r.query.get("op") ?? ""}`.trim())).toEqual([
      "POST disable",
      "GET",
    ]);
  });
});

describe("concurrency", () => {
  it("keeps at most `concurrency` requests in flight across all calls", async () => {
    let inFlight = 0;
    let peak = 0;
    const { client } = await setup(
      async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return { status: 200, body: { items: [FLOW] } };
      },
      { concurrency: 3 },
    );
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.flowService.flows.get(`f${i}`)));
    expect(peak).toBe(3);
    expect(client.stats()).toEqual({
      total: 20,
      byRoute: { "POST /ims/token/v3": 1, "GET /flowservice/flows/{id}": 20 },
    });
  });
});

describe("client secret", () => {
  it("is sent only to IMS, in the form body", async () => {
    const { server, client } = await setup(() => ({ status: 200, body: { items: [FLOW] } }));
    await client.flowService.flows.get("f1");
    const [token] = server.tokenRequests();
    const form = new URLSearchParams(token!.body);
    expect(token!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "client_credentials",
      client_id: TEST_CLIENT_ID,
      client_secret: TEST_CLIENT_SECRET,
      scope: "openid,session,AdobeID,read_organizations,additional_info.projectedProductContext",
    });
    for (const req of server.platformRequests())
      expect(JSON.stringify(req)).not.toContain(TEST_CLIENT_SECRET);
  });
});
