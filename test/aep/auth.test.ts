import { afterEach, describe, expect, it } from "vitest";
import { AepError } from "../../src/aep/index.ts";
import type { AepClient } from "../../src/aep/index.ts";
import { recordSleeps, scriptedClient, startScriptedServer, TEST_CLIENT_SECRET } from "./scripted-server.ts";
import type { ScriptedServer } from "./scripted-server.ts";

const FLOW = {
  id: "f1",
  etag: '"e"',
  flowSpec: { id: "s" },
  sourceConnectionIds: [],
  targetConnectionIds: [],
};

let server: ScriptedServer | undefined;
let client: AepClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe("IMS tokens (scripted)", () => {
  it("renews before expiry: within max(60 s, 10 %) of expires_in", async () => {
    server = await startScriptedServer(
      () => ({ status: 200, body: { items: [FLOW] } }),
      (_req, n) => ({ status: 200, body: { access_token: `tok-${n}-xxxxxxxx`, expires_in: 3600 } }),
    );
    let clock = 0;
    client = scriptedClient(server, { now: () => clock });
    await client.flowService.flows.get("f1");
    clock = (3600 - 361) * 1000; // outside the 360 s margin (10 % of an hour)
    await client.flowService.flows.get("f1");
    expect(server.tokenRequests()).toHaveLength(1);
    clock = (3600 - 359) * 1000; // inside it
    await client.flowService.flows.get("f1");
    expect(server.tokenRequests()).toHaveLength(2);
    const auths = server.platformRequests().map((r) => r.headers.authorization);
    expect(auths).toEqual(["Bearer tok-1-xxxxxxxx", "Bearer tok-1-xxxxxxxx", "Bearer tok-2-xxxxxxxx"]);
  });

  it("renews once on a 401 and replays the call", async () => {
    server = await startScriptedServer((req) =>
      req.headers.authorization === "Bearer token-1-abcdefgh"
        ? { status: 401, body: { error_code: "401013", message: "Oauth token is not valid" } }
        : { status: 200, body: { items: [FLOW] } },
    );
    client = scriptedClient(server);
    expect(await client.flowService.flows.get("f1")).toMatchObject({ id: "f1" });
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.platformRequests()).toHaveLength(2);
  });

  it("fails with E_AUTH when a fresh token is refused too (renews only once)", async () => {
    server = await startScriptedServer(() => ({
      status: 401,
      body: { error_code: "401013", message: "Oauth token is not valid" },
    }));
    client = scriptedClient(server);
    const error = (await client.flowService.flows.get("f1").catch((e: unknown) => e)) as AepError;
    expect(error).toBeInstanceOf(AepError);
    expect(error.code).toBe("E_AUTH");
    expect(error.aepCode).toBe("401013");
    expect(error.message).toContain("check AEP_CLIENT_ID, AEP_CLIENT_SECRET and AEP_SCOPES");
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.platformRequests()).toHaveLength(2);
  });

  it("has one token request in flight for many concurrent calls, even after a 401", async () => {
    server = await startScriptedServer(
      (req) =>
        req.headers.authorization === "Bearer tok-1-xxxxxxxx"
          ? { status: 401 }
          : { status: 200, body: { items: [FLOW] } },
      async (_req, n) => {
        // Slow IMS: every call arrives while the token request is still open.
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { status: 200, body: { access_token: `tok-${n}-xxxxxxxx`, expires_in: 86399 } };
      },
    );
    client = scriptedClient(server);
    await Promise.all(Array.from({ length: 25 }, (_, i) => client!.flowService.flows.get(`f${i}`)));
    // One token, then one renewal for the 25 calls that all got a 401 on it.
    expect(server.tokenRequests()).toHaveLength(2);
    expect(client.stats().byRoute["POST /ims/token/v3"]).toBe(2);
  });

  it("maps an IMS refusal to E_AUTH naming the settings, without the secret", async () => {
    server = await startScriptedServer(
      () => ({ status: 200 }),
      (req) => ({
        status: 400,
        body: {
          error: "invalid_client",
          error_description: `invalid client_secret ${new URLSearchParams(req.body).get("client_secret")}`,
        },
      }),
    );
    client = scriptedClient(server);
    const error = (await client.flowService.flows.get("f1").catch((e: unknown) => e)) as AepError;
    expect(error.code).toBe("E_AUTH");
    expect(error.path).toBe("/ims/token/v3");
    expect(error.aepCode).toBe("invalid_client");
    expect(error.message).toContain("check AEP_CLIENT_ID, AEP_CLIENT_SECRET and AEP_SCOPES");
    expect(error.message).not.toContain(TEST_CLIENT_SECRET);
    expect(JSON.stringify(error)).not.toContain(TEST_CLIENT_SECRET);
    expect(server.platformRequests()).toHaveLength(0);
  });

  it("retries IMS through a 503 and says to check AEP_IMS_URL when it stays down", async () => {
    server = await startScriptedServer(
      () => ({ status: 200 }),
      () => ({ status: 503 }),
    );
    const clock = recordSleeps();
    client = scriptedClient(server, { sleep: clock.sleep, now: clock.now, retry: { maxAttempts: 3 } });
    const error = (await client.flowService.flows.get("f1").catch((e: unknown) => e)) as AepError;
    expect(error.code).toBe("E_AUTH");
    expect(error.message).toContain("check AEP_IMS_URL");
    expect(server.tokenRequests()).toHaveLength(3);
    expect(clock.delays).toHaveLength(2);
  });
});
