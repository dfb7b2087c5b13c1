// Generates synthetic pipeline manifests (for the benchmark and the scale and fault tests).
// As a command: `npx tsx scripts/generate-pipelines.ts DIR [--pipelines N] [--connections N]
// [--datasets N] [--one-file]` writes DIR/aepsync.yaml and DIR/pipelines/ (one file per pipeline
// unless --one-file).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";

/** Writes N pipelines sharing a few connections, one schema and a few datasets. */
export interface GenerateOptions {
  pipelines: number;
  connections?: number;
  datasets?: number;
  prefix?: string;
  sandbox?: string;
  /** "one-file" (default): every pipeline in pipelines/<prefix>.yaml; "file-per-pipeline": pipelines/<prefix>/<prefix>-<i>.yaml, as most users lay them out. */
  layout?: "one-file" | "file-per-pipeline";
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
  if (options.layout === "file-per-pipeline") {
    const folder = join(dir, "pipelines", prefix);
    await mkdir(folder, { recursive: true });
    for (const [i, doc] of docs.entries()) await writeFile(join(folder, `${prefix}-${i}.yaml`), doc);
  } else {
    await writeFile(join(dir, "pipelines", `${prefix}.yaml`), docs.join("---\n"));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pipelines: { type: "string", default: "1000" },
      connections: { type: "string", default: "10" },
      datasets: { type: "string", default: "20" },
      prefix: { type: "string", default: "p" },
      sandbox: { type: "string", default: "dev" },
      "one-file": { type: "boolean", default: false },
    },
  });
  const dir = positionals[0];
  if (dir === undefined) {
    process.stderr.write(
      "usage: tsx scripts/generate-pipelines.ts DIR [--pipelines N] [--connections N] [--datasets N] [--one-file]\n",
    );
    process.exit(1);
  }
  await generateManifests(dir, {
    pipelines: Number(values.pipelines),
    connections: Number(values.connections),
    datasets: Number(values.datasets),
    prefix: values.prefix,
    sandbox: values.sandbox,
    layout: values["one-file"] ? "one-file" : "file-per-pipeline",
  });
  process.stdout.write(`wrote ${values.pipelines} pipelines under ${join(dir, "pipelines")}\n`);
}
