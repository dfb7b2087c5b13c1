/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import { CAT, connectClient, createPipeline, DP, FS, hubspotConnection, SR, XED } from "./helpers.ts";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aepsync-emulator-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("state file", () => {
  it("finds everything again after a restart on the same file", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ port: 0, realism: false, statePath });
    const client = await connectClient(first);
    const p = await createPipeline(client);
    await client.call("POST", `${FS}/flows/${p.flowId}/action?op=disable`);
    await client.call("PUT", `${DP}/mappingSets/${p.mappingId}`, {
      body: {
        outputSchema: { schemaRef: { id: p.schemaId, contentType: XED } },
        mappings: [{ sourceType: "ATTRIBUTE", source: "x", destination: "_id" }],
      },
    });
    const before = (await client.call("GET", `${FS}/flows/${p.flowId}`)).body.items[0];
    await first.close();

    const second = await startEmulator({ port: 0, realism: false, statePath });
    try {
      const again = await connectClient(second);
      const flow = (await again.call("GET", `${FS}/flows/${p.flowId}`)).body.items[0];
      expect(flow).toEqual(before);
      expect(flow.state).toBe("disabled");
      const connection = (await again.call("GET", `${FS}/connections/${p.connectionId}`)).body.items[0];
      expect(connection.auth.params.clientSecret).toBe("**********");
      expect((await again.call("GET", `${FS}/sourceConnections/${p.sourceId}`)).status).toBe(200);
      expect((await again.call("GET", `${FS}/targetConnections/${p.targetId}`)).status).toBe(200);
      expect((await again.call("GET", `${CAT}/dataSets/${p.dataSetId}`)).body[p.dataSetId].name).toBe(
        "Profiles 1",
      );
      const schema = await again.call("GET", `${SR}/tenant/schemas/${encodeURIComponent(p.schemaId)}`, {
        headers: { accept: XED },
      });
      expect(schema.status).toBe(200);
      expect((await again.call("GET", `${DP}/mappingSets/${p.mappingId}`)).body.version).toBe(1);
      expect((await again.call("GET", `${DP}/mappingSets/${p.mappingId}?version=0`)).status).toBe(200);
      expect((await again.call("GET", `${FS}/runs?property=flowId==${p.flowId}&count=true`)).body.count).toBe(
        1,
      );
      // The id stream continues where it stopped: no id is handed out twice.
      const created = await again.call("POST", `${FS}/connections`, { body: hubspotConnection });
      expect(created.body.id).not.toBe(p.connectionId);
      const sandboxIds = (await again.admin("GET", "/state")).body.sandboxes.dev.sandboxId;
      expect(sandboxIds).toBe(flow.sandboxId);
    } finally {
      await second.close();
    }
  });

  it("writes atomically, leaving no temporary file, and flush() writes now", async () => {
    const statePath = join(dir, "state.json");
    const emu = await startEmulator({ port: 0, realism: false, statePath });
    try {
      const client = await connectClient(emu);
      const created = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
      await emu.flush();
      const saved = JSON.parse(await readFile(statePath, "utf8")) as {
        sandboxes: { dev: { collections: { connections: { id: string }[] } } };
      };
      expect(saved.sandboxes.dev.collections.connections.map((c) => c.id)).toEqual([created.body.id]);
      expect(await readdir(dir)).toEqual(["state.json"]);
      // Credentials never reach the disk: the file holds what a GET shows.
      const text = await readFile(statePath, "utf8");
      for (const secret of ["s3cret", "t0ken", "r3fresh"]) expect(text).not.toContain(secret);
      expect(text).toContain("client-1");
    } finally {
      await emu.close();
    }
  });

  it("keeps sandboxes it does not serve this time", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ port: 0, realism: false, statePath, sandboxes: ["prod", "qa"] });
    const qaClient = await connectClient(first);
    const created = await qaClient.call("POST", `${FS}/connections`, {
      body: hubspotConnection,
      sandbox: "qa",
    });
    await first.close();
    const second = await startEmulator({ port: 0, realism: false, statePath, sandboxes: ["prod"] });
    const prodClient = await connectClient(second);
    await prodClient.call("POST", `${FS}/connections`, { body: hubspotConnection, sandbox: "prod" });
    await second.close();
    const third = await startEmulator({ port: 0, realism: false, statePath, sandboxes: ["prod", "qa"] });
    try {
      const client = await connectClient(third);
      expect(
        (await client.call("GET", `${FS}/connections/${created.body.id}`, { sandbox: "qa" })).status,
      ).toBe(200);
    } finally {
      await third.close();
    }
  });

  it("refuses a file that is not an emulator state", async () => {
    const statePath = join(dir, "state.json");
    await writeFile(statePath, '{"hello": "world"}');
    await expect(startEmulator({ port: 0, realism: false, statePath })).rejects.toThrow(
      /not an aepsync emulator state file/,
    );
    await writeFile(statePath, "{not json");
    await expect(startEmulator({ port: 0, realism: false, statePath })).rejects.toThrow(/not valid JSON/);
  });
});
