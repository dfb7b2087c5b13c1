import { afterEach, describe, expect, it } from "vitest";
import { AepError } from "../../src/aep/index.ts";
import type { AepClient } from "../../src/aep/index.ts";
import { recordSleeps, scriptedClient, startScriptedServer } from "./scripted-server.ts";
import type { ScriptedServer } from "./scripted-server.ts";

const FLOW = {
  id: "f1",
  etag: '"e"',
  flowSpec: { id: "s" },
  sourceConnectionIds: [],
  targetConnectionIds: [],
};

/** Waits (up to 5 s) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
}

let server: ScriptedServer | undefined;
let client: AepClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe("prefetchToken", () => {
  it("asks IMS once, before any call; the calls that follow share that token", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: { items: [FLOW] } }));
    client = scriptedClient(server);
    client.prefetchToken();
    client.prefetchToken();
    // The request is under way before any platform call is made.
    await until(() => server!.tokenRequests().length > 0);
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.platformRequests()).toHaveLength(0);
    await Promise.all([client.flowService.flows.get("f1"), client.flowService.flows.get("f1")]);
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.platformRequests().map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1-abcdefgh",
      "Bearer token-1-abcdefgh",
    ]);
  });

  it("lets the next call report a refused token, once; the call after asks again", async () => {
    server = await startScriptedServer(
      () => ({ status: 200, body: { items: [FLOW] } }),
      (_req, n) =>
        n === 1
          ? { status: 401, body: { error: "invalid_client", error_description: "invalid client_secret" } }
          : { status: 200, body: { access_token: `token-${n}-abcdefgh`, expires_in: 86399 } },
    );
    const sleeps = recordSleeps();
    client = scriptedClient(server, { sleep: sleeps.sleep, now: sleeps.now });
    client.prefetchToken();
    await until(() => server!.tokenRequests().length > 0);
    const error = (await client.flowService.flows.get("f1").catch((e: unknown) => e)) as AepError;
    expect(error).toBeInstanceOf(AepError);
    expect(error.code).toBe("E_AUTH");
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.platformRequests()).toHaveLength(0);
    expect(await client.flowService.flows.get("f1")).toMatchObject({ id: "f1" });
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it("does nothing while a token is cached", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: { items: [FLOW] } }));
    client = scriptedClient(server);
    await client.flowService.flows.get("f1");
    client.prefetchToken();
    await client.flowService.flows.get("f1");
    expect(server.tokenRequests()).toHaveLength(1);
  });
});
