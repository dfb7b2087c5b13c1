/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import { CRM_TO_AEP, DATA_LAKE, FS, HUBSPOT, startClient, type TestClient } from "./helpers.ts";

const FLOWS = 10_000;
const BATCH = 1_000;

async function plant(
  client: TestClient,
  collection: string,
  items: Record<string, unknown>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const answer = await client.admin("POST", `/sandboxes/dev/${collection}`, items.slice(i, i + BATCH));
    expect(answer.status).toBe(201);
    ids.push(...(answer.body as { id: string }[]).map((item) => item.id));
  }
  return ids;
}

describe("scale", () => {
  it("lists 10,000 flows in pages of 100 with every id once", async () => {
    const client = await startClient();
    const [baseId] = await plant(client, "connections", [
      { name: "base", connectionSpec: { id: HUBSPOT, version: "1.0" } },
    ]);
    const range = Array.from({ length: FLOWS }, (_, i) => i);
    const sources = await plant(
      client,
      "sourceConnections",
      range.map((i) => ({
        name: `source ${i}`,
        baseConnectionId: baseId,
        connectionSpec: { id: HUBSPOT, version: "1.0" },
      })),
    );
    const targets = await plant(
      client,
      "targetConnections",
      range.map((i) => ({
        name: `target ${i}`,
        params: { dataSetId: `ds${i}` },
        connectionSpec: { id: DATA_LAKE, version: "1.0" },
      })),
    );
    const flows = await plant(
      client,
      "flows",
      range.map((i) => ({
        name: `flow ${i}`,
        flowSpec: { id: CRM_TO_AEP, version: "1.0" },
        sourceConnectionIds: [sources[i]],
        targetConnectionIds: [targets[i]],
      })),
    );
    expect(new Set(flows).size).toBe(FLOWS);

    const seen: string[] = [];
    let path: string | undefined = `${FS}/flows?limit=100&property=flowSpec.id==${CRM_TO_AEP}`;
    let pages = 0;
    while (path !== undefined) {
      const page = await client.call("GET", path);
      expect(page.status).toBe(200);
      seen.push(...(page.body.items as { id: string }[]).map((f) => f.id));
      const href = page.body._links.next?.href as string | undefined;
      path = href === undefined ? undefined : `${FS}${href}`;
      pages++;
    }
    expect(pages).toBe(FLOWS / 100);
    expect(seen).toHaveLength(FLOWS);
    expect(new Set(seen)).toEqual(new Set(flows));
    expect((await client.call("GET", `${FS}/flows?count=true`)).body).toEqual({ count: FLOWS });
    const one = await client.call("GET", `${FS}/flows?property=sourceConnectionIds[]==${sources[4321]}`);
    expect(one.body.items.map((f: { id: string }) => f.id)).toEqual([flows[4321]]);
  });
});
