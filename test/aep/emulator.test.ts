import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AepConflictError, AepError, createAepClient } from "../../src/aep/index.ts";
import type { AepClient, AepClientConfig, Versioned } from "../../src/aep/index.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import { aepConfig } from "../support/cli.ts";
import { recordSleeps } from "./scripted-server.ts";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const FLOW_SPEC = { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" };

let emulator: Emulator;
const clients: AepClient[] = [];

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, seed: 7, sandboxes: ["prod", "dev"] });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await emulator.close();
});

function connect(overrides: Partial<AepClientConfig> = {}): AepClient {
  const client = createAepClient({ ...aepConfig(emulator), ...overrides });
  clients.push(client);
  return client;
}

async function admin(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`admin ${method} ${path}: ${res.status} ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

/** A flow body the emulator accepts without its connections (planted objects skip validation). */
function plantedFlow(i: number) {
  return {
    name: `planted-${String(i).padStart(4, "0")}`,
    description: `planted [aepsync:v1 ns=test a=Pipeline/p${i}/flow g=1]`,
    flowSpec: FLOW_SPEC,
    sourceConnectionIds: [],
    targetConnectionIds: [],
    state: "enabled",
  };
}

async function plantFlows(count: number, sandbox = "dev"): Promise<string[]> {
  const bodies = Array.from({ length: count }, (_, i) => plantedFlow(i));
  const planted = (await admin("POST", `/sandboxes/${sandbox}/flows`, bodies)) as { id: string }[];
  return planted.map((flow) => flow.id);
}

function imsRequests(): number {
  return emulator.requestCounts()["POST /ims/token/v3"] ?? 0;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A base connection body for the HubSpot connector of the catalog. */
function hubspotConnection(name: string) {
  return {
    name,
    description: `${name} [aepsync:v1 ns=test a=Connection/${name} g=1]`,
    auth: {
      specName: "Basic Authentication",
      params: { clientId: "id", clientSecret: "cs", accessToken: "at", refreshToken: "rt" },
    },
    connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" },
  };
}

describe("against the emulator: tokens", () => {
  it("renews the token as expiry nears (short TTL, injected clock)", async () => {
    await emulator.close();
    emulator = await startEmulator({ port: 0, seed: 7, tokenTtlSeconds: 120 });
    let clock = 1_000_000;
    const client = connect({ now: () => clock });
    await client.flowService.flows.get("00000000-0000-0000-0000-000000000000");
    clock += 59_000; // a 120 s token is renewed in its last 60 s (the margin is capped at half the TTL)
    await client.flowService.flows.get("00000000-0000-0000-0000-000000000000");
    expect(imsRequests()).toBe(1);
    clock += 2_000;
    await client.flowService.flows.get("00000000-0000-0000-0000-000000000000");
    expect(imsRequests()).toBe(2);
  });

  it("renews once on a 401 after the tokens are revoked, and replays", async () => {
    const client = connect();
    await plantFlows(1);
    expect(await collect(client.flowService.flows.list())).toHaveLength(1);
    await admin("POST", "/tokens/revoke");
    expect(await collect(client.flowService.flows.list())).toHaveLength(1);
    expect(imsRequests()).toBe(2);
    expect(client.stats().byRoute["GET /flowservice/flows"]).toBe(3); // one replayed after the 401
  });

  it("makes one token request for many concurrent calls", async () => {
    const client = connect();
    await Promise.all(
      Array.from({ length: 40 }, () => client.flowService.flows.get("00000000-0000-0000-0000-000000000000")),
    );
    expect(imsRequests()).toBe(1);
    expect(client.stats().byRoute["POST /ims/token/v3"]).toBe(1);
  });

  it("fails with E_AUTH naming the settings when IMS refuses the secret", async () => {
    const client = connect({ clientSecret: "wrong-secret-value" });
    const error = (await client.flowService.flows.get("x").catch((e: unknown) => e)) as AepError;
    expect(error).toBeInstanceOf(AepError);
    expect(error.code).toBe("E_AUTH");
    expect(error.message).toContain("AEP_CLIENT_SECRET");
    expect(error.message).not.toContain("wrong-secret-value");
  });
});

describe("against the emulator: paging", () => {
  it("pages through 1,000 flows, 100 per page, following the next links", async () => {
    const planted = await plantFlows(1000);
    const client = connect();
    const flows = await collect(client.flowService.flows.list());
    expect(flows).toHaveLength(1000);
    expect(new Set(flows.map((f) => f.id))).toEqual(new Set(planted));
    expect(client.stats().byRoute["GET /flowservice/flows"]).toBe(10);
    expect(emulator.requestCounts()["GET /flows"]).toBe(10);
  });

  it("pages offset lists a few pages at a time once the page size is honoured", async () => {
    const bodies = Array.from({ length: 450 }, (_, i) => ({
      name: `mapping-${i}`,
      outputSchema: { schemaRef: { id: "https://ns.adobe.com/xdm/context/profile" } },
      mappings: [{ sourceType: "ATTRIBUTE", source: "a", destination: "_id" }],
    }));
    await admin("POST", "/sandboxes/dev/mappingSets", bodies);
    const client = connect();
    const sets = await collect(client.dataPrep.listMappingSets());
    expect(sets).toHaveLength(450);
    expect(new Set(sets.map((m) => m.id)).size).toBe(450);
    // The first page, then offsets 100–400 requested together; 400 comes back short and ends it.
    expect(client.stats().byRoute["GET /conversion/mappingSets"]).toBe(5);
  });

  it("filters server-side with property and fetches many by id in batches", async () => {
    const planted = await plantFlows(120);
    const client = connect();
    const named = await collect(client.flowService.flows.list({ property: ["name==planted-0007"] }));
    expect(named.map((f) => f.id)).toEqual([planted[7]]);
    const some = await client.flowService.flows.getMany([
      ...planted.slice(0, 110),
      "00000000-0000-0000-0000-000000000000",
    ]);
    expect(new Set(some.map((f) => f.id))).toEqual(new Set(planted.slice(0, 110)));
    expect(client.stats().byRoute["GET /flowservice/flows"]).toBe(1 + 3);
  });
});

describe("against the emulator: retries", () => {
  it("honours Retry-After on 429s (recorded delays, no real waiting)", async () => {
    await plantFlows(3);
    emulator.setFaults({ rate429: 0.5, retryAfterSeconds: 7, routes: ["GET /flows"] });
    const clock = recordSleeps();
    const client = connect({
      sleep: clock.sleep,
      now: clock.now,
      retry: { maxAttempts: 20, maxTotalMs: 600_000 },
    });
    for (let i = 0; i < 20; i++) expect(await collect(client.flowService.flows.list())).toHaveLength(3);
    const sent = client.stats().byRoute["GET /flowservice/flows"] ?? 0;
    expect(clock.delays.length).toBe(sent - 20);
    expect(clock.delays.length).toBeGreaterThan(0);
    expect(new Set(clock.delays)).toEqual(new Set([7000]));
  });

  it("rides out bursts of 500 and 503 on reads", async () => {
    await plantFlows(5);
    emulator.setFaults({ rate500: 0.3, rate503: 0.3, routes: ["GET /flows"] });
    const clock = recordSleeps();
    const client = connect({ sleep: clock.sleep, now: clock.now, retry: { maxAttempts: 30 } });
    for (let i = 0; i < 20; i++) expect(await collect(client.flowService.flows.list())).toHaveLength(5);
    expect(client.stats().total).toBeGreaterThan(20);
    expect(clock.delays.length).toBe(client.stats().total - 20);
  });

  it("rides out dropped connections on reads", async () => {
    await plantFlows(5);
    emulator.setFaults({ rateDrop: 0.4, routes: ["GET /flows"] });
    const clock = recordSleeps();
    const client = connect({ sleep: clock.sleep, now: clock.now, retry: { maxAttempts: 30 } });
    for (let i = 0; i < 20; i++) expect(await collect(client.flowService.flows.list())).toHaveLength(5);
    expect(client.stats().total).toBeGreaterThan(20);
  });

  it("settles creates whose answer was lost: no duplicates", async () => {
    emulator.setFaults({ rateLostAnswer: 0.5, rate500: 0.1, rateDrop: 0.1, routes: ["POST /connections"] });
    const clock = recordSleeps();
    const client = connect({ sleep: clock.sleep, now: clock.now, retry: { maxAttempts: 30 } });
    const settleCalls: string[] = [];
    const results: Versioned[] = [];
    for (let i = 0; i < 25; i++) {
      const name = `conn-${i}`;
      const settle = async (): Promise<Versioned | undefined> => {
        settleCalls.push(name);
        const [found] = await collect(client.flowService.connections.list({ property: [`name==${name}`] }));
        return found === undefined ? undefined : { id: found.id, etag: found.etag };
      };
      results.push(await client.flowService.connections.create(hubspotConnection(name), settle));
    }
    emulator.setFaults({});
    const all = await collect(client.flowService.connections.list());
    expect(all).toHaveLength(25);
    expect(new Set(all.map((c) => c.name)).size).toBe(25);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(all.map((c) => c.id)));
    expect(settleCalls.length).toBeGreaterThan(0);
  });

  it("without settle, an answer-lost create is an ambiguous error and is not re-sent", async () => {
    emulator.setFaults({ rateLostAnswer: 1, routes: ["POST /connections"] });
    const client = connect();
    const error = (await client.flowService.connections
      .create(hubspotConnection("once"))
      .catch((e: unknown) => e)) as AepError;
    expect(error).toBeInstanceOf(AepError);
    expect(error.ambiguous).toBe(true);
    expect(client.stats().byRoute["POST /flowservice/connections"]).toBe(1);
    emulator.setFaults({});
    expect(await collect(client.flowService.connections.list())).toHaveLength(1); // it did land
  });

  it("surfaces a 412 as a conflict after an out-of-band edit, without retrying", async () => {
    const client = connect();
    const { id, etag } = await client.flowService.connections.create(hubspotConnection("edited"));
    await admin("PATCH", `/sandboxes/dev/connections/${id}`, { description: "changed in the UI" });
    const error = await client.flowService.connections
      .patch(id, [{ op: "replace", path: "/description", value: "mine" }], etag)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AepConflictError);
    expect((error as AepError).code).toBe("E_CONFLICT");
    expect((error as AepError).status).toBe(412);
    expect(client.stats().byRoute["PATCH /flowservice/connections/{id}"]).toBe(1);
    const live = await client.flowService.connections.get(id);
    expect(live?.description).toBe("changed in the UI");
  });
});

describe("against the emulator: sandboxes", () => {
  it("refuses to build a client without a sandbox; nothing reaches the emulator", () => {
    const config = {
      platformUrl: emulator.url,
      imsUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      orgId: emulator.orgId,
    };
    expect(() => createAepClient({ ...config, sandbox: "" })).toThrow(/sandbox/);
    expect(emulator.requestCounts()).toEqual({});
  });

  it("keeps sandboxes apart and reports an unknown sandbox instead of 'not found'", async () => {
    const [id] = await plantFlows(1, "prod");
    const dev = connect();
    expect(await dev.flowService.flows.get(id!)).toBeUndefined();
    const prod = connect({ sandbox: "prod" });
    expect((await prod.flowService.flows.get(id!))?.id).toBe(id);
    const nowhere = connect({ sandbox: "nosuchsandbox" });
    const error = (await nowhere.flowService.flows.get(id!).catch((e: unknown) => e)) as AepError;
    expect(error).toBeInstanceOf(AepError);
    expect(error.status).toBe(404);
  });
});
