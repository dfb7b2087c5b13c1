// Times load + validate of 1,000 pipeline manifests (plus shared connections, schema and datasets),
// in-process, from a temporary folder: `npx tsx scripts/bench-validate.ts [pipelines]`.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadManifests } from "../src/manifest/index.ts";

const SHARED = `apiVersion: aepsync/v1
kind: Connection
metadata: { name: hubspot-prod }
spec:
  connector: hubspot
  auth:
    params:
      clientId: \${env:HUBSPOT_CLIENT_ID}
      clientSecret: \${secret:HUBSPOT_CLIENT_SECRET}
      accessToken: \${secret:HUBSPOT_ACCESS_TOKEN}
---
apiVersion: aepsync/v1
kind: Connection
metadata: { name: salesforce-prod }
spec:
  connector: salesforce
  auth:
    params:
      username: \${env:SALESFORCE_USERNAME}
      password: \${secret:SALESFORCE_PASSWORD}
      securityToken: \${secret:SALESFORCE_SECURITY_TOKEN}
---
apiVersion: aepsync/v1
kind: Schema
metadata: { name: marketing-profile }
spec:
  title: Marketing profiles
  class: https://ns.adobe.com/xdm/context/profile
  fieldGroups:
    - https://ns.adobe.com/xdm/context/profile-person-details
    - https://ns.adobe.com/xdm/context/profile-personal-details
`;

function dataset(i: number): string {
  return `---
apiVersion: aepsync/v1
kind: Dataset
metadata: { name: profiles-${i} }
spec: { name: "Profiles \${var:SUFFIX} ${i}", schema: marketing-profile }
`;
}

function pipeline(i: number, datasets: number): string {
  const connection = i % 2 === 0 ? "hubspot-prod" : "salesforce-prod";
  return `apiVersion: aepsync/v1
kind: Pipeline
metadata: { name: pipeline-${i} }
spec:
  description: Pipeline number ${i}
  source: { connection: ${connection}, path: Object${i} }
  target: { dataset: profiles-${i % datasets} }
  mapping:
    - { source: Id, destination: _id }
    - { source: FirstName, destination: person.name.firstName }
    - { source: LastName, destination: person.name.lastName }
    - { expression: "lower(Email)", destination: personalEmail.address }
    - { source: City, destination: homeAddress.city }
  deltaColumn: { name: updatedAt }
  schedule: { frequency: minute, interval: 15, startTime: 2027-01-01T00:00:00Z }
`;
}

export async function benchValidate(
  count = 1000,
): Promise<{ pipelines: number; coldMs: number; warmMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), "aepsync-bench-"));
  try {
    const datasets = 20;
    await mkdir(join(dir, "pipelines", "generated"), { recursive: true });
    await writeFile(
      join(dir, "aepsync.yaml"),
      "environments:\n  dev: { sandbox: dev, variables: { SUFFIX: dev } }\n",
    );
    await writeFile(
      join(dir, "pipelines", "shared.yaml"),
      SHARED + Array.from({ length: datasets }, (_, i) => dataset(i)).join(""),
    );
    for (let i = 0; i < count; i++) {
      await writeFile(join(dir, "pipelines", "generated", `pipeline-${i}.yaml`), pipeline(i, datasets));
    }
    const now = Date.UTC(2026, 10, 1);
    const time = async (): Promise<number> => {
      const start = performance.now();
      const result = await loadManifests(["pipelines"], { cwd: dir, now });
      const ms = performance.now() - start;
      if (result.errors > 0 || result.manifests.length !== count + datasets + 3) {
        const first = result.diagnostics[0];
        throw new Error(
          `unexpected: ${result.errors} errors (${first?.message}), ${result.manifests.length} manifests`,
        );
      }
      return ms;
    };
    const coldMs = await time();
    const warmMs = await time();
    return { pipelines: count, coldMs: Math.round(coldMs), warmMs: Math.round(warmMs) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchValidate(Number(process.argv[2] ?? 1000));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
