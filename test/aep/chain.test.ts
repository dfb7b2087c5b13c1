import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAepClient } from "../../src/aep/index.ts";
import type { AepClient } from "../../src/aep/index.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import { aepConfig } from "../support/cli.ts";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/*
 * The whole object chain of one pipeline (docs/architecture.md, "Overview"), built, read back, changed and torn down
 * through the client against the emulator: every service, every kind of call, over real HTTP.
 */

const HUBSPOT = { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" };
const DATA_LAKE = { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" };
const marker = (address: string) => `[aepsync:v1 ns=chain a=${address} g=1]`;

let emulator: Emulator;
let client: AepClient;

beforeAll(async () => {
  // The client request by request: operations settle at once here (apply waits for them, test/e2e).
  emulator = await startEmulator({ port: 0, seed: 3, settleMs: 0 });
  client = createAepClient(aepConfig(emulator));
});

afterAll(async () => {
  await client.close();
  await emulator.close();
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("one pipeline's chain through the client", () => {
  const ids: Record<string, string> = {};
  let schemaId = "";

  it("reads the tenant, the specs and the global XDM library", async () => {
    const { tenantId } = await client.schemaRegistry.stats();
    expect(tenantId).toMatch(/^\w+$/);
    const crm = await client.flowService.findFlowSpecByName("CRMToAEP");
    expect(crm?.id).toBe("14518937-270c-4525-bdec-c2ba7cce3860");
    ids.flowSpec = crm!.id;
    const spec = await client.flowService.getConnectionSpec(HUBSPOT.id);
    expect(spec?.authSpec?.map((a) => a.name)).toContain("Basic Authentication");
    expect(
      await client.flowService.getConnectionSpec("00000000-0000-0000-0000-000000000000"),
    ).toBeUndefined();
    const profile = await client.schemaRegistry.get("classes", "https://ns.adobe.com/xdm/context/profile");
    expect(profile?.title).toBeTruthy();
    const globalGroups = await collect(client.schemaRegistry.listFieldGroups("global"));
    expect(globalGroups.length).toBeGreaterThan(10);
    expect(globalGroups.every((g) => typeof g.$id === "string")).toBe(true);
  });

  it("creates the chain: connection, source, schema, dataset, target, mapping, flow", async () => {
    const connection = await client.flowService.connections.create({
      name: "hubspot-prod",
      description: `HubSpot ${marker("Connection/hubspot-prod")}`,
      auth: {
        specName: "Basic Authentication",
        params: { clientId: "cid", clientSecret: "cs", accessToken: "at", refreshToken: "rt" },
      },
      connectionSpec: HUBSPOT,
    });
    expect(connection.etag).toMatch(/^".+"$/);
    ids.connection = connection.id;

    ids.source = (
      await client.flowService.sourceConnections.create({
        name: "hubspot-contacts-source",
        description: marker("Pipeline/hubspot-contacts/source"),
        baseConnectionId: connection.id,
        data: { format: "tabular" },
        params: { path: "Hubspot.Contacts" },
        connectionSpec: HUBSPOT,
      })
    ).id;

    const schema = await client.schemaRegistry.create("schemas", {
      title: "Marketing profiles",
      description: marker("Schema/marketing-profile"),
      type: "object",
      allOf: [
        { $ref: "https://ns.adobe.com/xdm/context/profile" },
        { $ref: "https://ns.adobe.com/xdm/context/profile-person-details" },
      ],
    });
    schemaId = schema.$id;
    expect(schema["meta:altId"]).toBeTruthy();

    ids.dataSet = await client.catalog.createDataSet({
      name: "Marketing profiles",
      schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" },
      tags: { aepsync: ["ns=chain", "a=Dataset/marketing-profiles"] },
    });
    expect(ids.dataSet).toMatch(/^[0-9a-f]{24}$/);

    ids.target = (
      await client.flowService.targetConnections.create({
        name: "hubspot-contacts-target",
        description: marker("Pipeline/hubspot-contacts/target"),
        data: {
          format: "parquet_xdm",
          schema: { id: schemaId, version: "application/vnd.adobe.xed-full+json;version=1" },
        },
        params: { dataSetId: ids.dataSet },
        connectionSpec: DATA_LAKE,
      })
    ).id;

    const mapping = await client.dataPrep.createMappingSet({
      name: `hubspot-contacts ${marker("Pipeline/hubspot-contacts/mapping")}`,
      outputSchema: {
        schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" },
      },
      mappings: [
        {
          sourceType: "ATTRIBUTE",
          source: "Properties_Firstname_Value",
          destination: "person.name.firstName",
        },
      ],
    });
    expect(mapping.version).toBe(0);
    ids.mapping = mapping.id;

    ids.flow = (
      await client.flowService.flows.create({
        name: "hubspot-contacts-flow",
        description: marker("Pipeline/hubspot-contacts/flow"),
        flowSpec: { id: ids.flowSpec, version: "1.0" },
        sourceConnectionIds: [ids.source],
        targetConnectionIds: [ids.target],
        transformations: [
          { name: "Copy", params: { deltaColumn: { name: "updatedAt" } } },
          { name: "Mapping", params: { mappingId: ids.mapping, mappingVersion: 0 } },
        ],
        scheduleParams: { startTime: 1_893_456_000, frequency: "minute", interval: 30 },
      })
    ).id;
  });

  it("reads every object back, by list and by id", async () => {
    const fs = client.flowService;
    const [connections, sources, targets, flows] = await Promise.all([
      collect(fs.connections.list()),
      collect(fs.sourceConnections.list({ property: [`baseConnectionId==${ids.connection}`] })),
      collect(fs.targetConnections.list()),
      collect(fs.flows.list({ property: [`flowSpec.id==${ids.flowSpec}`], orderby: "-createdAt" })),
    ]);
    expect(connections.map((c) => c.id)).toEqual([ids.connection]);
    expect(sources.map((c) => c.id)).toEqual([ids.source]);
    expect(targets.map((c) => c.id)).toEqual([ids.target]);
    expect(flows.map((f) => f.id)).toEqual([ids.flow]);
    const flow = await fs.flows.get(ids.flow!);
    expect(flow?.sourceConnectionIds).toEqual([ids.source]);
    expect((await fs.flows.getMany([ids.flow!])).map((f) => f.id)).toEqual([ids.flow]);

    const schemas = await collect(client.schemaRegistry.listSchemas("tenant"));
    expect(schemas.map((s) => s.$id)).toContain(schemaId);
    const full = await client.schemaRegistry.get("schemas", schemaId, { full: true });
    expect(full?.$id).toBe(schemaId);

    const dataSets = await collect(client.catalog.listDataSets({ properties: ["name", "tags"] }));
    expect(dataSets.map((d) => d.id)).toEqual([ids.dataSet]);
    // AEP's own services tag every dataset too (adobe/pqs/table, …): the client keeps them as they are.
    expect(dataSets[0]!.tags).toMatchObject({ aepsync: ["ns=chain", "a=Dataset/marketing-profiles"] });
    expect(Object.keys(dataSets[0]!.tags ?? {}).some((k) => k.startsWith("adobe/"))).toBe(true);
    expect((await client.catalog.getDataSet(ids.dataSet!))?.schemaRef?.id).toBe(schemaId);
    expect(
      (await client.catalog.getDataSets([ids.dataSet!, "ffffffffffffffffffffffff"])).map((d) => d.id),
    ).toEqual([ids.dataSet]);

    const mappings = await collect(client.dataPrep.listMappingSets());
    expect(mappings.map((m) => m.id)).toEqual([ids.mapping]);
  });

  it("changes objects: flow PATCH with If-Match, mapping PUT, schema PATCH, dataset PATCH, actions", async () => {
    const fs = client.flowService;
    const before = await fs.flows.get(ids.flow!);
    const patched = await fs.flows.patch(
      ids.flow!,
      [{ op: "replace", path: "/description", value: `changed ${marker("Pipeline/hubspot-contacts/flow")}` }],
      before!.etag,
    );
    expect(patched.etag).not.toBe(before!.etag);

    const next = await client.dataPrep.putMappingSet(ids.mapping!, {
      outputSchema: {
        schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" },
      },
      mappings: [
        { sourceType: "ATTRIBUTE", source: "Properties_Lastname_Value", destination: "person.name.lastName" },
      ],
    });
    expect(Number(next.version)).toBe(1);
    expect((await client.dataPrep.getMappingSet(ids.mapping!, 0))?.version).toBe(0);

    const schema = await client.schemaRegistry.patch("schemas", schemaId, [
      { op: "replace", path: "/description", value: `patched ${marker("Schema/marketing-profile")}` },
    ]);
    expect(schema.description).toContain("patched");

    await client.catalog.patchDataSet(ids.dataSet!, { description: "partial" });
    await client.catalog.patchDataSet(ids.dataSet!, [{ op: "add", path: "/name", value: "Renamed" }]);
    const dataSet = await client.catalog.getDataSet(ids.dataSet!);
    expect(dataSet).toMatchObject({ description: "partial", name: "Renamed" });

    const disabled = await fs.flows.action(ids.flow!, "disable");
    expect((await fs.flows.get(ids.flow!))?.state).toBe("disabled");
    // Idempotent: disabling a disabled flow is settled by its state.
    expect((await fs.flows.action(ids.flow!, "disable")).id).toBe(disabled.id);
    await fs.flows.action(ids.flow!, "enable");
    expect((await fs.flows.get(ids.flow!))?.state).toBe("enabled");
  });

  it("deletes in reverse order; deleting twice is fine", async () => {
    const fs = client.flowService;
    await fs.flows.delete(ids.flow!);
    await fs.flows.delete(ids.flow!);
    await fs.sourceConnections.delete(ids.source!);
    await fs.targetConnections.delete(ids.target!);
    await fs.connections.delete(ids.connection!);
    await client.dataPrep.deleteMappingSet(ids.mapping!);
    await client.catalog.deleteDataSet(ids.dataSet!);
    await client.catalog.deleteDataSet(ids.dataSet!);
    await client.schemaRegistry.delete("schemas", schemaId);
    await client.schemaRegistry.delete("schemas", schemaId);
    expect(await fs.flows.get(ids.flow!)).toBeUndefined();
    expect(await fs.connections.get(ids.connection!)).toBeUndefined();
    expect(await client.catalog.getDataSet(ids.dataSet!)).toBeUndefined();
    expect(await client.schemaRegistry.get("schemas", schemaId)).toBeUndefined();
    expect(await client.dataPrep.getMappingSet(ids.mapping!)).toBeUndefined();
  });

  it("counted every request by route, as the emulator did", () => {
    const stats = client.stats();
    const emulated = emulator.requestCounts();
    const emulatedPlatform = Object.entries(emulated)
      .filter(([route]) => route !== "POST /ims/token/v3")
      .reduce((sum, [, n]) => sum + n, 0);
    expect(stats.total).toBe(emulatedPlatform);
    expect(stats.byRoute["POST /ims/token/v3"]).toBe(emulated["POST /ims/token/v3"]);
    expect(stats.byRoute["PATCH /flowservice/flows/{id}"]).toBe(emulated["PATCH /flows/{id}"]);
  });
});
