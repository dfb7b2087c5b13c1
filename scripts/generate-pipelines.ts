// Generates synthetic pipeline manifests (for the benchmark and the scale and fault tests).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Writes N pipelines sharing a few connections, one schema and a few datasets. */
export interface GenerateOptions {
  pipelines: number;
  connections?: number;
  datasets?: number;
  prefix?: string;
  sandbox?: string;
}

export async function generateManifests(dir: string, options: GenerateOptions): Promise<void> {
  const n = options.pipelines;
  const CONNECTIONS = options.connections ?? 20;
  const DATASETS = options.datasets ?? 20;
  const prefix = options.prefix ?? "p";
  await mkdir(join(dir, "pipelines"), { recursive: true });
  await writeFile(
    join(dir, "aepsync.yaml"),
    `namespace: bench\nenvironments:\n  bench:\n    sandbox: ${options.sandbox ?? "dev"}\n`,
  );
  const shared: string[] = [];
  for (let c = 0; c < CONNECTIONS; c++)
    shared.push(`apiVersion: aepsync/v1
kind: Connection
metadata: { name: hubspot-${c} }
spec:
  connector: hubspot
  auth:
    params:
      clientId: \${env:HUBSPOT_CLIENT_ID}
      clientSecret: \${secret:HUBSPOT_CLIENT_SECRET}
      accessToken: \${secret:HUBSPOT_ACCESS_TOKEN}
`);
  shared.push(`apiVersion: aepsync/v1
kind: Schema
metadata: { name: profile }
spec:
  title: Bench profiles
  class: https://ns.adobe.com/xdm/context/profile
  fieldGroups:
    - https://ns.adobe.com/xdm/context/profile-person-details
    - https://ns.adobe.com/xdm/context/profile-personal-details
`);
  for (let d = 0; d < DATASETS; d++)
    shared.push(`apiVersion: aepsync/v1
kind: Dataset
metadata: { name: profiles-${d} }
spec: { name: Bench profiles ${d}, schema: profile }
`);
  await writeFile(join(dir, "pipelines", "shared.yaml"), shared.join("---\n"));
  const docs: string[] = [];
  for (let i = 0; i < n; i++)
    docs.push(`apiVersion: aepsync/v1
kind: Pipeline
metadata: { name: ${prefix}-${i} }
spec:
  source: { connection: hubspot-${i % CONNECTIONS}, path: Hubspot.Contacts${i} }
  target: { dataset: profiles-${i % DATASETS} }
  mapping:
    - { source: Properties_Firstname_Value, destination: person.name.firstName }
    - { source: Properties_Lastname_Value, destination: person.name.lastName }
    - { expression: "lower(Properties_Email_Value)", destination: personalEmail.address }
  deltaColumn: { name: updatedAt }
  schedule: { frequency: minute, interval: 30, startTime: 2027-06-01T00:00:00Z }
`);
  await writeFile(join(dir, "pipelines", `${prefix}.yaml`), docs.join("---\n"));
}
