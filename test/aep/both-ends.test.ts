import { afterEach, describe, expect, it } from "vitest";
import { createAepClient, readFlows, readLiveState } from "../../src/aep/index.ts";
import type { AepClient } from "../../src/aep/index.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import { aepConfig } from "../support/cli.ts";
import { scriptedClient, startScriptedServer } from "./scripted-server.ts";
import type { RecordedRequest, ScriptedReply, ScriptedServer } from "./scripted-server.ts";

// listAll reads a Flow Service list from both ends (orderby createdAt and -createdAt) and stops
// where the two chains meet: every item once, oldest first, in about half the round trips.

interface Item {
  id: string;
  createdAt?: number;
}

interface FakeOptions {
  /** Answers every list in stored order, whatever `orderby` says. */
  ignoreOrderby?: boolean;
  /** The status a `count=true` request gets (200 answers the count). */
  countStatus?: number;
  pageSize?: number;
}

/**
 * A Flow Service `/flows` list as help/dataflows/api/sort-and-filter.md describes it: `orderby`
 * (ties in stored order, reversed by `-`), `count=true`, continuation tokens; items in `stored` order.
 */
function fakeFlowList(stored: Item[], options: FakeOptions = {}): (req: RecordedRequest) => ScriptedReply {
  const size = options.pageSize ?? 100;
  return (req) => {
    if (req.query.get("count") === "true") {
      if (req.query.has("limit")) return { status: 400, body: { code: "1401-400" } };
      const status = options.countStatus ?? 200;
      return status === 200 ? { status, body: { count: stored.length } } : { status, body: { code: "x" } };
    }
    const orderby = options.ignoreOrderby === true ? null : req.query.get("orderby");
    const token = req.query.get("continuationToken");
    const [order, start] = token === null ? [orderby, 0] : (JSON.parse(token) as [string | null, number]);
    let view = stored.map((item, position) => ({ item, position }));
    if (order === "createdAt" || order === "-createdAt") {
      view = view.sort(
        (a, b) => (a.item.createdAt ?? 0) - (b.item.createdAt ?? 0) || a.position - b.position,
      );
      if (order === "-createdAt") view.reverse();
    }
    const page = view.slice(start, start + size).map((v) => v.item);
    const links =
      start + size < view.length
        ? {
            next: {
              href: `/flows?continuationToken=${encodeURIComponent(JSON.stringify([order, start + size]))}`,
            },
          }
        : {};
    return { status: 200, body: { items: page, _links: links } };
  };
}

function ascending(items: Item[]): string[] {
  return items
    .map((item, position) => ({ item, position }))
    .sort((a, b) => (a.item.createdAt ?? 0) - (b.item.createdAt ?? 0) || a.position - b.position)
    .map((v) => v.item.id);
}

function pagesBy(server: ScriptedServer, orderby: string | null): number {
  return server
    .platformRequests()
    .filter((r) => r.query.get("count") !== "true" && r.query.get("orderby") === orderby).length;
}

let server: ScriptedServer | undefined;
let client: AepClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function listAllFrom(stored: Item[], options: FakeOptions = {}): Promise<string[]> {
  server = await startScriptedServer(fakeFlowList(stored, options));
  client = scriptedClient(server);
  return (await client.flowService.flows.listAll({ property: ["flowSpec.id==s"] })).map((f) => f.id);
}

const distinct = (n: number): Item[] =>
  // Stored out of creation order: the list's own order is not what the result follows.
  Array.from({ length: n }, (_, i) => ({ id: `f${i}`, createdAt: 1_000_000 + ((i * 7919) % n) * 10 }));

describe("listAll: a Flow Service list read from both ends", () => {
  it.each([0, 1, 2, 99, 100, 101, 250, 999, 1000])("returns %i items once each, oldest first", async (n) => {
    const stored = distinct(n);
    expect(await listAllFrom(stored)).toEqual(ascending(stored));
  });

  it("meets in the middle: 1,000 items in 5 pages from each end and one count", async () => {
    const stored = distinct(1000);
    expect(await listAllFrom(stored)).toEqual(ascending(stored));
    expect(pagesBy(server!, "createdAt")).toBe(5);
    expect(pagesBy(server!, "-createdAt")).toBe(5);
    expect(server!.platformRequests().filter((r) => r.query.get("count") === "true")).toHaveLength(1);
    // The filters go with every request; the count never with a limit (AEP refuses the two together).
    for (const r of server!.platformRequests())
      expect(r.query.getAll("property")).toEqual(["flowSpec.id==s"]);
  });

  it("keeps every item when many share one createdAt (ties are never split blindly)", async () => {
    const stored = Array.from({ length: 730 }, (_, i) => ({
      id: `t${i}`,
      createdAt: 5_000 + Math.floor(i / 300),
    }));
    expect(await listAllFrom(stored)).toEqual(ascending(stored));
  });

  it("stops where the chains cross when AEP does not answer the count", async () => {
    const stored = distinct(1000);
    expect(await listAllFrom(stored, { countStatus: 400 })).toEqual(ascending(stored));
    // Crossing is seen one page after meeting: 6 pages from each end.
    expect(pagesBy(server!, "createdAt")).toBe(6);
    expect(pagesBy(server!, "-createdAt")).toBe(6);
  });

  it("without a count, reads ties at the meeting point to the end of the tie", async () => {
    // 300 items share one createdAt in the middle: both chains reach it at once, and the items
    // past what each has seen of the tie are still to be read.
    const stored = Array.from({ length: 700 }, (_, i) => ({
      id: `t${i}`,
      createdAt: i < 200 ? i : i < 500 ? 250 : i,
    }));
    expect(await listAllFrom(stored, { countStatus: 400 })).toEqual(ascending(stored));
  });

  it("reads to the end from one side when the list is not in the order asked for", async () => {
    const stored = distinct(450);
    const ids = await listAllFrom(stored, { ignoreOrderby: true });
    expect(new Set(ids)).toEqual(new Set(stored.map((s) => s.id)));
    expect(ids).toHaveLength(450);
    // The descending chain stopped at its first page; the ascending one read all 5.
    expect(pagesBy(server!, "-createdAt")).toBe(1);
    expect(pagesBy(server!, "createdAt")).toBe(5);
  });

  it("reads to the end from one side when items have no createdAt", async () => {
    const stored = Array.from({ length: 320 }, (_, i) => ({ id: `n${i}` }));
    const ids = await listAllFrom(stored, { countStatus: 400 });
    expect(ids).toEqual(stored.map((s) => s.id));
    expect(pagesBy(server!, "createdAt")).toBe(4);
  });

  it("reads the plain way when the list refuses orderby", async () => {
    const stored = distinct(250);
    const plain = fakeFlowList(stored);
    server = await startScriptedServer((req) =>
      req.query.has("orderby")
        ? { status: 400, body: { code: "1432-400", message: "Invalid orderby value" } }
        : plain(req),
    );
    client = scriptedClient(server);
    const ids = (await client.flowService.flows.listAll()).map((f) => f.id);
    expect(ids).toEqual(stored.map((s) => s.id));
    expect(pagesBy(server, null)).toBe(3);
  });

  it("reports a bad request that is not about the order", async () => {
    server = await startScriptedServer(() => ({
      status: 400,
      body: { code: "1403-400", message: "Bad filter" },
    }));
    client = scriptedClient(server);
    await expect(client.flowService.flows.listAll({ property: ["x=="] })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("requests no page once its signal is aborted", async () => {
    const stored = distinct(1000);
    server = await startScriptedServer(fakeFlowList(stored));
    client = scriptedClient(server);
    const stop = new AbortController();
    stop.abort();
    const items = await client.flowService.flows.listAll({ signal: stop.signal });
    // The first round was in flight already: its pages are all there is.
    expect(items.length).toBeLessThanOrEqual(200);
    expect(pagesBy(server, "createdAt") + pagesBy(server, "-createdAt")).toBe(2);
  });
});

describe("listAll against the emulator", () => {
  it("gives what the plain listing gives, in its order, for flows created over time and at once", async () => {
    let clock = 1_790_000_000_000;
    const emulator = await startEmulator({ port: 0, seed: 3, sandboxes: ["dev"], clock: () => clock });
    const emuClient = createAepClient(aepConfig(emulator));
    try {
      const flowSpec = { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" };
      const plant = async (count: number, from: number) => {
        const bodies = Array.from({ length: count }, (_, i) => ({
          name: `planted-${from + i}`,
          flowSpec,
          sourceConnectionIds: [],
          targetConnectionIds: [],
          state: "enabled",
        }));
        const res = await fetch(`${emulator.url}/__emulator/sandboxes/dev/flows`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(bodies),
        });
        expect(res.status).toBeLessThan(300);
      };
      // Three batches at three times: ties inside each batch, order across them.
      await plant(230, 0);
      clock += 60_000;
      await plant(410, 230);
      clock += 60_000;
      await plant(170, 640);
      const plain: string[] = [];
      for await (const flow of emuClient.flowService.flows.list()) plain.push(flow.id);
      const both = (await emuClient.flowService.flows.listAll()).map((f) => f.id);
      expect(plain).toHaveLength(810);
      expect(both).toEqual(plain);
    } finally {
      await emuClient.close();
      await emulator.close();
    }
  });
});

describe("flows of more flow specs", () => {
  it("lists them apart, for a live state read before they were known", async () => {
    const emulator = await startEmulator({ port: 0, seed: 5, sandboxes: ["dev"] });
    const client = createAepClient(aepConfig(emulator));
    try {
      const catalog = "14518937-270c-4525-bdec-c2ba7cce3860";
      const other = "0b0e0b0e-1111-4222-8333-944444444444";
      const bodies = [catalog, other, other].map((id, i) => ({
        name: `flow-${i}`,
        flowSpec: { id, version: "1.0" },
        sourceConnectionIds: [],
        targetConnectionIds: [],
        state: "enabled",
      }));
      const res = await fetch(`${emulator.url}/__emulator/sandboxes/dev/flows`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(bodies),
      });
      expect(res.status).toBeLessThan(300);
      const live = await readLiveState(client, { flowSpecIds: [catalog] });
      expect(live.objects.filter((o) => o.kind === "flow").map((o) => o.name)).toEqual(["flow-0"]);
      const more = await readFlows(client, [other]);
      expect(more.map((o) => [o.kind, o.name])).toEqual([
        ["flow", "flow-1"],
        ["flow", "flow-2"],
      ]);
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});
