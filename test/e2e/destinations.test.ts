import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { applyRun, planRun } from "../../src/engine/index.ts";
import { admin, aepEnv } from "../support/cli.ts";

// Destinations in tenant field groups and existing schemas are checked online at plan time.
let emulator: RunningEmulator;
let dir: string;
let fieldGroupId: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), "aepsync-dest-"));
  const group = await admin(emulator, "POST", "/sandboxes/dev/fieldgroups", {
    title: "Loyalty",
    type: "object",
    "meta:intendedToExtend": ["https://ns.adobe.com/xdm/context/profile"],
    definitions: {
      loyalty: {
        properties: {
          _aepsyncemulator: { type: "object", properties: { loyaltyTier: { type: "string" } } },
        },
      },
    },
    allOf: [{ $ref: "#/definitions/loyalty" }],
  });
  fieldGroupId = String(group.$id);
  await mkdir(join(dir, "pipelines"));
  await writeFile(join(dir, "aepsync.yaml"), "environments:\n  dev: { sandbox: dev }\n");
});

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function manifests(schemaLine: string, extraSchema: string, destinations: string[]): string {
  return `apiVersion: aepsync/v1
kind: Connection
metadata: { name: hubspot }
spec:
  connector: hubspot
  auth:
    params:
      clientId: \${env:HUBSPOT_CLIENT_ID}
      clientSecret: \${secret:HUBSPOT_CLIENT_SECRET}
      accessToken: \${secret:HUBSPOT_ACCESS_TOKEN}
${extraSchema}---
apiVersion: aepsync/v1
kind: Dataset
metadata: { name: loyal }
spec: { name: Loyal profiles, ${schemaLine} }
---
apiVersion: aepsync/v1
kind: Pipeline
metadata: { name: loyalty }
spec:
  source: { connection: hubspot, path: Hubspot.Contacts }
  target: { dataset: loyal }
  mapping:
${destinations.map((d, i) => `    - { source: f${i}, destination: ${d} }`).join("\n")}
  deltaColumn: { name: updatedAt }
  schedule: { frequency: day, interval: 1, startTime: 2027-01-01T00:00:00Z }
`;
}

/** A Schema manifest on the profile class, a global field group and the planted tenant one. */
function loyaltySchema(): string {
  return `---
apiVersion: aepsync/v1
kind: Schema
metadata: { name: loyalty-profile }
spec:
  title: Loyalty profiles
  class: https://ns.adobe.com/xdm/context/profile
  fieldGroups: [https://ns.adobe.com/xdm/context/profile-person-details, ${fieldGroupId}]
`;
}

async function unresolved(text: string): Promise<string[]> {
  await writeFile(join(dir, "pipelines", "all.yaml"), text);
  const { plan } = await planRun({
    paths: ["pipelines"],
    cwd: dir,
    env: aepEnv(emulator),
    environment: "dev",
  });
  return plan.notices.filter((n) => n.code === "unresolved").map((n) => n.message);
}

describe("mapping destinations in tenant resources", () => {
  it("accepts fields of a tenant field group and reports the ones it lacks", async () => {
    const schema = loyaltySchema();
    const messages = await unresolved(
      manifests("schema: loyalty-profile", schema, [
        "person.name.firstName",
        "_aepsyncemulator.loyaltyTier",
        "_aepsyncemulator.points",
      ]),
    );
    expect(messages).toEqual([
      "mapping destination '_aepsyncemulator.points' is not a field of Schema/loyalty-profile: fix the destination or add the field group that has it",
    ]);
  });

  it("reports a schema $id that does not exist in the sandbox", async () => {
    const messages = await unresolved(
      manifests("schema: https://ns.adobe.com/aepsyncemulator/schemas/0123456789abcdef", "", ["_id"]),
    );
    expect(messages).toEqual([
      "schema https://ns.adobe.com/aepsyncemulator/schemas/0123456789abcdef does not exist in the sandbox: create it, or name a Schema manifest",
    ]);
  });

  it("stops only the failing pipeline's dependents when apply meets an error", async () => {
    const schema = loyaltySchema();
    const broken = manifests("schema: loyalty-profile", schema, ["_aepsyncemulator.points"]);
    const healthy = `---
apiVersion: aepsync/v1
kind: Pipeline
metadata: { name: healthy }
spec:
  source: { connection: hubspot, path: Hubspot.Companies }
  target: { dataset: loyal }
  mapping:
    - { source: tier, destination: _aepsyncemulator.loyaltyTier }
  deltaColumn: { name: updatedAt }
  schedule: { frequency: day, interval: 1, startTime: 2027-01-01T00:00:00Z }
`;
    await writeFile(join(dir, "pipelines", "all.yaml"), broken + healthy);
    const outcome = await applyRun({
      paths: ["pipelines"],
      cwd: dir,
      env: aepEnv(emulator),
      environment: "dev",
    });
    const status = Object.fromEntries(outcome.results.map((r) => [r.address, r.status]));
    expect(outcome.ok).toBe(false);
    expect(status["Pipeline/loyalty/mapping"]).toBe("failed");
    expect(status["Pipeline/loyalty/flow"]).toBe("skipped");
    expect(status["Pipeline/healthy/mapping"]).toBe("done");
    expect(status["Pipeline/healthy/flow"]).toBe("done");
    expect(outcome.results.find((r) => r.address === "Pipeline/loyalty/flow")?.message).toBe(
      "Pipeline/loyalty/mapping failed",
    );
  });
});
