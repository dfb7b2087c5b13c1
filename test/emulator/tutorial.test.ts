/**
 * Adobe's marketing-automation tutorial (help/sources/tutorials/api/collect/marketing-automation.md,
 * the older edition this project started from), replayed call by call with its request bodies. Where
 * the tutorial is wrong (a missing quote, a field group listed twice, calls without Authorization),
 * the literal call is shown failing first.
 */
/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import { CAT, DATA_LAKE, DP, FS, HUBSPOT, SR, startClient } from "./helpers.ts";

const TENANT = "aepsyncemulator";

describe("the marketing-automation tutorial, step by step", () => {
  it("replays token, connections, schemas, dataset, mapping set, flow spec lookup and flow", async () => {
    const client = await startClient({ tenantId: TENANT });
    const { emu } = client;

    // Authentication: OAuth server-to-server token.
    const tokenRes = await fetch(`${emu.url}/ims/token/v3`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
        scope: "openid,session,AdobeID,read_organizations,additional_info.projectedProductContext",
      }),
    });
    const token = (await tokenRes.json()) as Record<string, unknown>;
    expect(Object.keys(token).sort()).toEqual(["access_token", "expires_in", "token_type"]);

    // Base connection for HubSpot (the tutorial's prerequisite, hubspot.md).
    const base = await client.call("POST", `${FS}/connections`, {
      body: {
        name: "connection for HubSpot",
        description: "HubSpot connection",
        auth: {
          specName: "Basic Authentication",
          params: {
            clientId: "{CLIENT_ID}",
            clientSecret: "{CLIENT_SECRET}",
            accessToken: "{ACCESS_TOKEN}",
            refreshToken: "{REFRESH_TOKEN}",
          },
        },
        connectionSpec: { id: HUBSPOT, version: "1.0" },
      },
    });
    expect(base.status).toBe(201);
    expect(Object.keys(base.body).sort()).toEqual(["etag", "id"]);

    // Ad-hoc XDM class and schema for the raw source data (xdm/tutorials/ad-hoc.md).
    const adhocClass = await client.call("POST", `${SR}/tenant/classes`, {
      body: {
        title: "HubSpot contacts ad-hoc class",
        description: "Raw HubSpot contacts",
        type: "object",
        allOf: [
          { $ref: "https://ns.adobe.com/xdm/data/adhoc" },
          {
            properties: {
              _adhoc: {
                type: "object",
                properties: {
                  Portal_Id: { type: "string" },
                  Added_At: { type: "string" },
                  Properties_Firstname_Value: { type: "string" },
                  Properties_Lastname_Value: { type: "string" },
                },
              },
            },
          },
        ],
      },
    });
    expect(adhocClass.status).toBe(201);
    const adhocSchema = await client.call("POST", `${SR}/tenant/schemas`, {
      body: {
        type: "object",
        title: "HubSpot contacts ad-hoc schema",
        allOf: [{ $ref: adhocClass.body.$id }],
      },
    });
    expect(adhocSchema.status).toBe(201);

    // Source connection.
    const source = await client.call("POST", `${FS}/sourceConnections`, {
      body: {
        name: "Marketing automation source connection",
        baseConnectionId: base.body.id,
        description: "Marketing automation source connection",
        data: {
          format: "parquet_xdm",
          schema: {
            id: adhocSchema.body.$id,
            version: "application/vnd.adobe.xed-full-notext+json; version=1",
          },
        },
        params: { path: "Hubspot.Contacts" },
        connectionSpec: { id: HUBSPOT, version: "1.0" },
      },
    });
    expect(source.status).toBe(201);
    expect(Object.keys(source.body).sort()).toEqual(["etag", "id"]);

    // Target XDM schema: the tutorial's body, field group listed twice included.
    const schema = await client.call("POST", `${SR}/tenant/schemas`, {
      body: {
        type: "object",
        title: "Target schema for marketing automation",
        description: "Target schema for marketing automation",
        allOf: [
          { $ref: "https://ns.adobe.com/xdm/context/profile" },
          { $ref: "https://ns.adobe.com/xdm/context/profile-person-details" },
          { $ref: "https://ns.adobe.com/xdm/context/profile-personal-details" },
          { $ref: "https://ns.adobe.com/xdm/context/profile-personal-details" },
        ],
        "meta:containerId": "tenant",
        "meta:resourceType": "schemas",
        "meta:xdmType": "object",
        "meta:class": "https://ns.adobe.com/xdm/context/profile",
      },
    });
    expect(schema.status).toBe(201);
    const s = schema.body;
    for (const key of [
      "$id",
      "meta:altId",
      "meta:resourceType",
      "version",
      "title",
      "type",
      "description",
      "allOf",
      "refs",
      "imsOrg",
      "meta:extensible",
      "meta:abstract",
      "meta:extends",
      "meta:xdmType",
      "meta:registryMetadata",
      "meta:class",
      "meta:containerId",
      "meta:tenantNamespace",
    ]) {
      expect(s).toHaveProperty([key]);
    }
    expect(s.allOf[0]).toEqual({
      $ref: "https://ns.adobe.com/xdm/context/profile",
      type: "object",
      "meta:xdmType": "object",
    });
    expect(s.refs).toEqual([
      "https://ns.adobe.com/xdm/context/profile-person-details",
      "https://ns.adobe.com/xdm/context/profile-personal-details",
      "https://ns.adobe.com/xdm/context/profile",
    ]);
    expect(Object.keys(s["meta:registryMetadata"])).toEqual(
      expect.arrayContaining(["repo:createdDate", "repo:lastModifiedDate", "xdm:createdClientId", "eTag"]),
    );
    expect(s["meta:tenantNamespace"]).toBe(`_${TENANT}`);

    // Target dataset.
    const dataSet = await client.call("POST", `${CAT}/dataSets?requestDataSource=true`, {
      body: {
        name: "Target dataset for marketing automation",
        schemaRef: { id: s.$id, contentType: "application/vnd.adobe.xed-full-notext+json; version=1" },
      },
    });
    expect(dataSet.status).toBe(201);
    expect(dataSet.body).toEqual([expect.stringMatching(/^@\/dataSets\/[0-9a-f]{24}$/)]);
    const dataSetId = String(dataSet.body[0]).slice("@/dataSets/".length);

    // Dataset base connection (create-dataset-base-connection.md; current tutorials skip it).
    const lakeBase = await client.call("POST", `${FS}/connections`, {
      body: {
        name: "Base connection to Data Lake",
        description: "Base connection to Data Lake",
        connectionSpec: { id: DATA_LAKE, version: "1.0" },
      },
    });
    expect(lakeBase.status).toBe(201);

    // Target connection. The tutorial's body misses a closing quote (not JSON at all) and names the
    // HubSpot spec; the current tutorial uses the Data Lake spec, as here.
    const literal = await client.call("POST", `${FS}/targetConnections`, {
      raw: `{"name": "Target Connection", "params": {"dataSetId": "${dataSetId}}, "connectionSpec": {"id": "${HUBSPOT}"}}`,
      headers: { "content-type": "application/json" },
    });
    expect(literal.status).toBe(400);
    const target = await client.call("POST", `${FS}/targetConnections`, {
      body: {
        baseConnectionId: lakeBase.body.id,
        name: "Target Connection for marketing automation",
        description: "Target Connection for marketing automation",
        data: {
          format: "parquet_xdm",
          schema: { id: s.$id, version: "application/vnd.adobe.xed-full+json;version=1.0" },
        },
        params: { dataSetId },
        connectionSpec: { id: DATA_LAKE, version: "1.0" },
      },
    });
    expect(target.status).toBe(201);
    expect(Object.keys(target.body).sort()).toEqual(["etag", "id"]);

    // Mapping set, legacy body (the tutorial's xdmSchema names its own tenant; ours here).
    const mapping = await client.call("POST", `${DP}/mappingSets`, {
      body: {
        version: 0,
        xdmSchema: s.$id,
        xdmVersion: "1.0",
        id: null,
        mappings: [
          ["person.name.firstName", "Properties_Firstname_Value"],
          ["person.name.lastName", "Properties_Lastname_Value"],
          ["repositoryCreatedBy", "Added_At"],
          ["_id", "Portal_Id"],
        ].map(([destinationXdmPath, sourceAttribute]) => ({
          destinationXdmPath,
          sourceAttribute,
          identity: false,
          identityGroup: null,
          namespaceCode: null,
          version: 0,
        })),
      },
    });
    expect(mapping.status).toBe(200);
    expect(Object.keys(mapping.body).sort()).toEqual([
      "createdBy",
      "createdDate",
      "id",
      "modifiedBy",
      "modifiedDate",
      "version",
    ]);
    expect(mapping.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(mapping.body.version).toBe(0);

    // Flow spec lookup: the tutorial's curl sends no Authorization header.
    const specPath = `${FS}/flowSpecs?property=name==%22CRMToAEP%22`;
    expect((await client.call("GET", specPath, { omit: ["authorization"] })).status).toBe(403);
    const specs = await client.call("GET", specPath);
    expect(specs.status).toBe(200);
    expect(specs.body.items).toHaveLength(1);
    const spec = specs.body.items[0];
    expect(spec).toMatchObject({
      id: "14518937-270c-4525-bdec-c2ba7cce3860",
      name: "CRMToAEP",
      version: "1.0",
    });
    expect(spec.scheduleSpec).toMatchObject({ name: "PeriodicSchedule", type: "Periodic" });

    // Flow: the tutorial's body, without Authorization (refused), then with it. Its "<START TIME>"
    // placeholder and missing Copy transformation are refused; the current tutorial sends both.
    const flowBody = {
      name: "Dataflow for marketing automation",
      description: "Dataflow for marketing automation",
      flowSpec: { id: spec.id, version: "1.0" },
      sourceConnectionIds: [source.body.id],
      targetConnectionIds: [target.body.id],
      transformations: [{ name: "Mapping", params: { mappingId: mapping.body.id, mappingVersion: "0" } }],
      scheduleParams: { startTime: "<START TIME>", frequency: "minute", interval: "30" },
    };
    const noAuth = await client.call("POST", `${FS}/flows`, { body: flowBody, omit: ["authorization"] });
    expect(noAuth.status).toBe(403);
    expect(noAuth.body.error_code).toBe("403010");
    expect((await client.call("POST", `${FS}/flows`, { body: flowBody })).status).toBe(400);
    const startTime = String(Math.floor(Date.now() / 1000) + 3600);
    const flow = await client.call("POST", `${FS}/flows`, {
      body: {
        ...flowBody,
        transformations: [
          {
            name: "Copy",
            params: { deltaColumn: { name: "updatedAt", dateFormat: "YYYY-MM-DD", timezone: "UTC" } },
          },
          ...flowBody.transformations,
        ],
        scheduleParams: { ...flowBody.scheduleParams, startTime },
      },
    });
    expect(flow.status).toBe(201);
    expect(flow.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const created = (await client.call("GET", `${FS}/flows/${flow.body.id as string}`)).body.items[0];
    expect(created).toMatchObject({
      state: "enabled",
      scheduleParams: { startTime, frequency: "minute", interval: "30" },
    });
  });
});
