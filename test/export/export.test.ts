import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExportResult } from "../../src/export/index.ts";

type Json = Record<string, unknown>;
import type { LiveState } from "../../src/model/objects.ts";
import { fixtures, liveOf, loadFixture, runExport } from "./helpers.ts";

function report(result: ExportResult): string {
  return [
    "pipelines:",
    ...result.pipelines.map((p) => `  ${p.name} ← flow ${p.flowId} (${p.file})`),
    "variables:",
    ...result.variables.map(
      (v) =>
        `  ${v.scheme} ${v.name} = Connection/${v.connection} ${v.param}${v.shown === undefined ? "" : ` (AEP shows ${v.shown})`}`,
    ),
    "warnings:",
    ...result.warnings.map((w) => `  ${w}`),
    `managed flows: ${result.managedFlows}`,
    "",
  ].join("\n");
}

describe.each(["ui", "edge"])("export of the %s fixture", (name) => {
  it("writes the golden files", async () => {
    const { result } = runExport(loadFixture(name));
    for (const file of result.files)
      await expect(file.text).toMatchFileSnapshot(join(fixtures, name, "out", file.path));
    await expect(report(result)).toMatchFileSnapshot(join(fixtures, name, "report.txt"));
  });

  it("gives the same bytes whatever order AEP lists objects in", () => {
    const fixture = loadFixture(name);
    const live = liveOf(fixture);
    const reversed: LiveState = { sandbox: live.sandbox, objects: [...live.objects].reverse() };
    expect(runExport(fixture, { live: reversed }).result).toEqual(runExport(fixture).result);
  });
});

describe("export", () => {
  it("asks for the mapping set at the version each flow uses, once, before writing anything", () => {
    const { rounds } = runExport(loadFixture("ui"));
    expect(rounds).toEqual([
      {
        mappingSets: [
          { id: "a0000000000000000000000000000001", version: 2 },
          { id: "a0000000000000000000000000000002", version: 0 },
        ],
        connectionSpecs: [],
        flowSpecs: [],
        resources: [],
      },
    ]);
  });

  it("looks up what the catalog does not know: connection spec, flow spec, an unlisted schema", () => {
    const { rounds } = runExport(loadFixture("edge"));
    expect(rounds[0]!.connectionSpecs).toEqual(["11111111-2222-4333-8444-555555555555"]);
    expect(rounds[0]!.flowSpecs).toEqual(["11111111-2222-4333-8444-555555555555"]);
    expect(rounds[0]!.resources).toEqual([
      { kind: "schemas", id: "https://ns.adobe.com/tenant/schemas/tickets" },
    ]);
  });

  it("writes credentials as references only: no value AEP returned for an auth param is in a file", () => {
    for (const name of ["ui", "edge"]) {
      const fixture = loadFixture(name);
      const { result } = runExport(fixture);
      const text = result.files.map((f) => f.text).join("\n");
      for (const connection of fixture.objects.connection ?? []) {
        const params = ((connection.auth as Json | undefined)?.params ?? {}) as Record<string, string>;
        for (const value of Object.values(params)) expect(text).not.toContain(`: ${value}\n`);
      }
      expect(text).not.toMatch(/\*{4}/);
      for (const v of result.variables) {
        expect(text).toContain(`\${${v.scheme}:${v.name}}`);
        if (v.scheme === "secret") expect(v.shown).toBeUndefined();
      }
    }
  });

  it("secrets follow the catalog, then the connection spec's format: password, then credential-like names", () => {
    const { result } = runExport(loadFixture("edge"));
    const schemes = Object.fromEntries(result.variables.map((v) => [`${v.connection}.${v.param}`, v.scheme]));
    expect(schemes).toEqual({
      "salesforce-prod-2.environmentUrl": "env",
      "salesforce-prod-2.clientId": "env",
      "salesforce-prod-2.clientSecret": "secret",
      "salesforce-prod-2.apiVersion": "env",
      "zendesk-partner-connector.subdomain": "env",
      "zendesk-partner-connector.apiKey": "secret",
      "zendesk-partner-connector.signingToken": "secret",
      "zendesk-partner-connector.email": "env",
    });
  });

  it("never writes a credential-looking variable as ${env:}, whatever makes it look so", () => {
    const fixture = loadFixture("ui");
    const connection = fixture.objects.connection![0]!;
    connection.name = "Keystone HubSpot";
    const { result } = runExport(fixture);
    const clientId = result.variables.find((v) => v.param === "clientId")!;
    expect(clientId).toEqual({
      name: "KEYSTONE_HUBSPOT_CLIENT_ID",
      scheme: "secret",
      connection: "keystone-hubspot",
      param: "clientId",
    });
    expect(result.files.find((f) => f.path === "_connections.yaml")!.text).toContain(
      "clientId: ${secret:KEYSTONE_HUBSPOT_CLIENT_ID}",
    );
  });

  it("exports only the flows asked for, and reports ids the sandbox does not have", () => {
    const { result } = runExport(loadFixture("ui"), {
      flowIds: ["f0000000-0000-4000-8000-000000000002", "no-such-flow"],
    });
    expect(result.pipelines.map((p) => p.flowId)).toEqual(["f0000000-0000-4000-8000-000000000002"]);
    expect(result.missingFlows).toEqual(["no-such-flow"]);
    // Used by one pipeline only: the connection, schema and dataset go into its file.
    expect(result.files.map((f) => f.path)).toEqual(["hubspot-companies.yaml"]);
    // Named as aepsync names flows: the pipeline name comes back, the AEP names are the defaults.
    expect(result.files[0]!.text).not.toMatch(/hubspot-companies-(flow|source|target)/);
  });

  it("takes a flow of another namespace only when it is asked for by id", () => {
    const fixture = loadFixture("edge");
    const other = "f1000000-0000-4000-8000-000000000008";
    expect(runExport(fixture).result.pipelines.some((p) => p.flowId === other)).toBe(false);
    const asked = runExport(fixture, { flowIds: [other] }).result;
    expect(asked.pipelines.map((p) => p.flowId)).toEqual([other]);
  });
});
