/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- response bodies are arbitrary JSON, read as `any` */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_REALISM, startEmulator } from "../../src/emulator/index.ts";
import {
  connectClient,
  createPipeline,
  flowBody,
  FS,
  hubspotConnection,
  manualClock,
  startClient,
  type Answer,
  type ManualClock,
  type TestClient,
} from "./helpers.ts";

const SETTLE = 1000;
const SALESFORCE = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5";

async function realisticClient(clock: ManualClock, settleMs = SETTLE): Promise<TestClient> {
  return startClient({ realism: true, settleMs, clock: clock.now });
}

async function getItem(client: TestClient, path: string): Promise<Record<string, any>> {
  const answer = await client.call("GET", `${FS}${path}`);
  expect(answer.status).toBe(200);
  return answer.body.items[0];
}

/** A refusal in Flow Service's documented shape, recognisable by its message without the code. */
function expectRefusal(answer: Answer, code: string, message: RegExp): void {
  expect(answer.status).toBe(400);
  expect(answer.body.errorMessage).toMatch(message);
  expect(typeof answer.body.errorDetails).toBe("string");
  expect(answer.body.code).toBe(code);
}

function patchFlow(client: TestClient, id: string, etag: string, ops: unknown[]): Promise<Answer> {
  return client.call("PATCH", `${FS}/flows/${id}`, { body: ops, headers: { "if-match": etag } });
}

const renameOps = (name: string) => [{ op: "replace", path: "/name", value: name }];

describe("asynchronous Flow Service operations (realism)", () => {
  it("follows DEFAULT_REALISM unless told, with settleMs 300 by default", async () => {
    const defaults = await startEmulator({ port: 0 });
    try {
      expect(defaults).toMatchObject({ realism: DEFAULT_REALISM, settleMs: 300 });
    } finally {
      await defaults.close();
    }
    const realistic = await startClient({ realism: true });
    expect(realistic.emu).toMatchObject({ realism: true, settleMs: 300 });
    await expect(startEmulator({ port: 0, settleMs: -1 })).rejects.toThrow(/settleMs/);
    await expect(startEmulator({ port: 0, adminToken: " " })).rejects.toThrow(/admin token/);
  });

  it("shows a new flow inProgress with its create operation until settleMs, then enabled with a new etag", async () => {
    const clock = manualClock();
    const client = await realisticClient(clock);
    const created = clock.now();
    const p = await createPipeline(client, "dev", "1", () => clock.advance(SETTLE));
    const during = await getItem(client, `/flows/${p.flowId}`);
    expect(during.state).toBe("inProgress");
    expect(during.lastOperation).toMatchObject({
      operation: "create",
      started: created + SETTLE,
      percentCompleted: 0,
      status: { value: "inProgress", errors: [] },
    });
    expect(during).not.toHaveProperty("__pendingOperation");
    clock.advance(SETTLE - 1);
    expect((await getItem(client, `/flows/${p.flowId}`)).state).toBe("inProgress");
    clock.advance(1);
    const after = await getItem(client, `/flows/${p.flowId}`);
    expect(after.state).toBe("enabled");
    expect(after.lastOperation).toMatchObject({
      operation: "create",
      updated: created + 2 * SETTLE,
      percentCompleted: 100,
      status: { value: "completed", errors: [] },
    });
    // Completing is a write: the etag of the create no longer matches.
    expect(after.etag).not.toBe(p.flowEtag);
    expect((await patchFlow(client, p.flowId, p.flowEtag, renameOps("x"))).status).toBe(412);
    const listed = await client.call("GET", `${FS}/flows?property=state==enabled`);
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([p.flowId]);
  });

  it("refuses writes while an operation runs, with 1416, 1420, 1421 and 1422", async () => {
    const clock = manualClock();
    const client = await realisticClient(clock);
    const p = await createPipeline(client, "dev", "1", () => clock.advance(SETTLE));
    expectRefusal(
      await patchFlow(client, p.flowId, p.flowEtag, renameOps("x")),
      "1416-400",
      /can only be applied/,
    );
    const disableNow = await client.call("POST", `${FS}/flows/${p.flowId}/action?op=disable`);
    expectRefusal(disableNow, "1422-400", /action disable cannot be applied on the current state inProgress/);
    clock.advance(SETTLE);

    let flow = await getItem(client, `/flows/${p.flowId}`);
    const patched = await patchFlow(client, p.flowId, flow.etag, [
      { op: "replace", path: "/scheduleParams/interval", value: 45 },
    ]);
    expect(patched.status).toBe(200);
    flow = await getItem(client, `/flows/${p.flowId}`);
    expect(flow.state).toBe("updating");
    expect(flow.etag).toBe(patched.body.etag);
    expect(flow.scheduleParams.interval).toBe("45");
    expect(flow.lastOperation).toMatchObject({
      operation: "update",
      status: { value: "inProgress" },
      ops: [{ op: "replace", path: "/scheduleParams/interval", value: 45 }],
    });
    const disableWhileUpdating = await client.call("POST", `${FS}/flows/${p.flowId}/action?op=disable`);
    expectRefusal(disableWhileUpdating, "1421-400", /current state updating cannot be transitioned/);
    expectRefusal(
      await patchFlow(client, p.flowId, flow.etag, renameOps("y")),
      "1416-400",
      /can only be applied/,
    );
    expectRefusal(await client.call("DELETE", `${FS}/flows/${p.flowId}`), "1416-400", /can only be applied/);
    clock.advance(SETTLE);

    expect((await getItem(client, `/flows/${p.flowId}`)).state).toBe("enabled");
    expect((await client.call("POST", `${FS}/flows/${p.flowId}/action?op=disable`)).status).toBe(200);
    flow = await getItem(client, `/flows/${p.flowId}`);
    expect(flow).toMatchObject({ state: "disabling", lastOperation: { operation: "disable" } });
    expectRefusal(
      await patchFlow(client, p.flowId, flow.etag, renameOps("z")),
      "1420-400",
      /disabling cannot be updated/,
    );
    clock.advance(SETTLE);
    expect((await getItem(client, `/flows/${p.flowId}`)).state).toBe("disabled");

    // An update of a disabled flow ends disabled.
    flow = await getItem(client, `/flows/${p.flowId}`);
    expect((await patchFlow(client, p.flowId, flow.etag, renameOps("renamed"))).status).toBe(200);
    clock.advance(SETTLE);
    expect(await getItem(client, `/flows/${p.flowId}`)).toMatchObject({ state: "disabled", name: "renamed" });
    expect((await client.call("POST", `${FS}/flows/${p.flowId}/action?op=enable`)).status).toBe(200);
    expect((await getItem(client, `/flows/${p.flowId}`)).state).toBe("enabling");
    clock.advance(SETTLE);
    expect((await getItem(client, `/flows/${p.flowId}`)).state).toBe("enabled");
  });

  it("keeps a deleted flow, finalizing, with its connections in use, until the delete completes", async () => {
    const clock = manualClock();
    const client = await realisticClient(clock);
    const p = await createPipeline(client, "dev", "1", () => clock.advance(SETTLE));
    clock.advance(SETTLE);
    expect((await client.call("DELETE", `${FS}/flows/${p.flowId}`)).status).toBe(204);

    const finalizing = await getItem(client, `/flows/${p.flowId}`);
    expect(finalizing).toMatchObject({
      state: "delete-finalizing",
      lastOperation: { operation: "delete", status: { value: "inProgress" } },
    });
    const listed = await client.call("GET", `${FS}/flows`);
    expect(listed.body.items.map((f: { state: string }) => f.state)).toEqual(["delete-finalizing"]);
    expectRefusal(
      await patchFlow(client, p.flowId, finalizing.etag, renameOps("x")),
      "1457-400",
      /Operation update cannot be applied in state delete-finalizing/,
    );
    expectRefusal(
      await client.call("DELETE", `${FS}/flows/${p.flowId}`),
      "1458-400",
      /Operation delete cannot be applied in state delete-finalizing/,
    );
    expectRefusal(
      await client.call("POST", `${FS}/flows/${p.flowId}/action?op=enable`),
      "1422-400",
      /state delete-finalizing/,
    );
    expectRefusal(
      await client.call("DELETE", `${FS}/sourceConnections/${p.sourceId}`),
      "1447-400",
      /Found active flows/,
    );
    expectRefusal(
      await client.call("DELETE", `${FS}/targetConnections/${p.targetId}`),
      "1447-400",
      /Found active flows/,
    );
    expectRefusal(
      await client.call("DELETE", `${FS}/connections/${p.connectionId}`),
      "1418-400",
      /cannot be deleted/,
    );

    clock.advance(SETTLE);
    expect((await client.call("GET", `${FS}/flows/${p.flowId}`)).status).toBe(404);
    expect((await client.call("GET", `${FS}/runs?property=flowId==${p.flowId}`)).body.items).toEqual([]);
    for (const path of [
      `/sourceConnections/${p.sourceId}`,
      `/targetConnections/${p.targetId}`,
      `/connections/${p.connectionId}`,
    ]) {
      expect((await client.call("DELETE", `${FS}${path}`)).status).toBe(204);
    }
  });

  it("reads numbers back as strings and fills in the default backfill", async () => {
    const clock = manualClock();
    const client = await realisticClient(clock, 0);
    const p = await createPipeline(client);
    const flow = await getItem(client, `/flows/${p.flowId}`);
    expect(flow.scheduleParams).toEqual({
      startTime: expect.stringMatching(/^\d+$/),
      frequency: "minute",
      interval: "30",
      backfill: "true",
    });
    expect(flow.transformations[1].params.mappingVersion).toBe("0");

    const body = flowBody(p.sourceId, p.targetId, p.mappingId, "2");
    (body.scheduleParams as Record<string, unknown>).backfill = false;
    const second = await client.call("POST", `${FS}/flows`, { body });
    expect(second.status).toBe(201);
    expect((await getItem(client, `/flows/${second.body.id}`)).scheduleParams.backfill).toBe("false");

    const once = flowBody(p.sourceId, p.targetId, p.mappingId, "3");
    once.scheduleParams = { startTime: 1_900_000_000, frequency: "once" };
    const third = await client.call("POST", `${FS}/flows`, { body: once });
    expect(third.status).toBe(201);
    expect((await getItem(client, `/flows/${third.body.id}`)).scheduleParams).not.toHaveProperty("backfill");
  });

  it("without realism, stores backfill as sent and completes every operation at once", async () => {
    const client = await startClient({ realism: false });
    const p = await createPipeline(client);
    const flow = await getItem(client, `/flows/${p.flowId}`);
    expect(flow.state).toBe("enabled");
    expect(flow.scheduleParams).not.toHaveProperty("backfill");
    expect(flow.etag).toBe(p.flowEtag);
    expect((await client.call("DELETE", `${FS}/flows/${p.flowId}`)).status).toBe(204);
    expect((await client.call("GET", `${FS}/flows/${p.flowId}`)).status).toBe(404);
  });

  it("with settleMs 0, completes at once and keeps the other realistic behaviours", async () => {
    const client = await startClient({ realism: true, settleMs: 0 });
    const p = await createPipeline(client);
    const flow = await getItem(client, `/flows/${p.flowId}`);
    expect(flow).toMatchObject({
      state: "enabled",
      etag: p.flowEtag,
      lastOperation: { status: { value: "completed" } },
    });
    expect(flow.scheduleParams.backfill).toBe("true");
    expect((await client.call("POST", `${FS}/flows/${p.flowId}/action?op=disable`)).status).toBe(200);
    expect((await getItem(client, `/flows/${p.flowId}`)).state).toBe("disabled");
    expect((await client.call("DELETE", `${FS}/flows/${p.flowId}`)).status).toBe(204);
    expect((await client.call("GET", `${FS}/flows/${p.flowId}`)).status).toBe(404);
  });

  it("settles on the real clock too", async () => {
    const client = await startClient({ realism: true, settleMs: 50 });
    const created = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    let state = "";
    for (let i = 0; i < 200 && state !== "enabled"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      state = (await getItem(client, `/connections/${created.body.id}`)).state;
    }
    expect(state).toBe("enabled");
  });

  it("finishes an operation after a restart on the same state file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "aepsync-emu-ops-"));
    try {
      const statePath = join(dir, "state.json");
      const clock = manualClock();
      const options = { port: 0, realism: true, settleMs: SETTLE, clock: clock.now, statePath };
      const first = await startEmulator(options);
      let flowId: string;
      try {
        const p = await createPipeline(await connectClient(first), "dev", "1", () => clock.advance(SETTLE));
        flowId = p.flowId;
      } finally {
        await first.close();
      }
      const file = await readFile(statePath, "utf8");
      expect(file).toContain("__pendingOperation");
      expect(file).not.toContain("r3fresh");
      const second = await startEmulator(options);
      try {
        const client = await connectClient(second);
        expect((await getItem(client, `/flows/${flowId}`)).state).toBe("inProgress");
        clock.advance(SETTLE);
        expect((await getItem(client, `/flows/${flowId}`)).state).toBe("enabled");
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("base connections that initialize (realism)", () => {
  const salesforce = {
    name: "Salesforce account",
    auth: {
      specName: "Basic Authentication",
      params: {
        username: "integration@example.com",
        password: "sf-pass-1",
        securityToken: "sf-token-1",
        environmentUrl: "https://acme.my.salesforce.com",
      },
    },
    connectionSpec: { id: SALESFORCE, version: "1.0" },
  };

  it("reads back initializing, then enabled with an etag and updatedAt of its own", async () => {
    const clock = manualClock();
    const client = await realisticClient(clock);
    const created = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    expect(created.status).toBe(201);
    const during = await getItem(client, `/connections/${created.body.id}`);
    expect(during).toMatchObject({ state: "initializing", etag: created.body.etag });
    clock.advance(SETTLE);
    const after = await getItem(client, `/connections/${created.body.id}`);
    expect(after.state).toBe("enabled");
    expect(after.etag).not.toBe(created.body.etag);
    expect(after.updatedAt).toBe(during.updatedAt + SETTLE);
  });

  it("takes updates and deletes while initializing (1416's list), but no source connection on it", async () => {
    const clock = manualClock();
    const client = await realisticClient(clock);
    const created = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    const renamed = await client.call("PATCH", `${FS}/connections/${created.body.id}`, {
      body: [{ op: "replace", path: "/name", value: "renamed" }],
      headers: { "if-match": created.body.etag },
    });
    expect(renamed.status).toBe(200);
    expect(await getItem(client, `/connections/${created.body.id}`)).toMatchObject({
      name: "renamed",
      state: "initializing",
    });
    const source = await client.call("POST", `${FS}/sourceConnections`, {
      body: {
        name: "source",
        baseConnectionId: created.body.id,
        data: { format: "tabular" },
        params: { path: "Hubspot.Contacts" },
        connectionSpec: hubspotConnection.connectionSpec,
      },
    });
    expect(source.status).toBe(400);
    expect(source.body.errorMessage).toMatch(/still initializing/);
    clock.advance(SETTLE);
    const other = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    expect((await client.call("DELETE", `${FS}/connections/${other.body.id}`)).status).toBe(204);
    clock.advance(SETTLE);
    expect((await client.call("GET", `${FS}/connections/${other.body.id}`)).status).toBe(404);
  });

  it("adds Salesforce's orgId to the auth params once enabled, and again after new credentials", async () => {
    const clock = manualClock();
    const client = await realisticClient(clock);
    const created = await client.call("POST", `${FS}/connections`, { body: salesforce });
    expect(created.status).toBe(201);
    expect((await getItem(client, `/connections/${created.body.id}`)).auth.params).not.toHaveProperty(
      "orgId",
    );
    clock.advance(SETTLE);
    const enabled = await getItem(client, `/connections/${created.body.id}`);
    expect(enabled.auth.params).toEqual({
      username: "integration@example.com",
      password: "**********",
      securityToken: "**********",
      environmentUrl: "https://acme.my.salesforce.com",
      orgId: expect.stringMatching(/^00D[0-9A-Z]{15}$/),
    });

    const rotated = await client.call("PATCH", `${FS}/connections/${created.body.id}`, {
      body: [
        { op: "replace", path: "/auth/params", value: { ...salesforce.auth.params, password: "sf-pass-2" } },
      ],
      headers: { "if-match": enabled.etag },
    });
    expect(rotated.status).toBe(200);
    const reinitializing = await getItem(client, `/connections/${created.body.id}`);
    expect(reinitializing.state).toBe("initializing");
    expect(reinitializing.auth.params).not.toHaveProperty("orgId");
    clock.advance(SETTLE);
    expect((await getItem(client, `/connections/${created.body.id}`)).auth.params.orgId).toMatch(/^00D/);

    const hubspot = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    clock.advance(SETTLE);
    expect((await getItem(client, `/connections/${hubspot.body.id}`)).auth.params).not.toHaveProperty(
      "orgId",
    );
  });
});
