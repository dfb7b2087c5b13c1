import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { aepEnv, makeWorkspace, runCli, sandboxItems } from "../support/cli.ts";
import type { CliResult } from "../support/cli.ts";

// A Profile-enabled dataset needs a Profile-enabled schema with a primary identity: the schema
// gets meta:immutableTags [union] and an identity descriptor, which aepsync finds again through
// its schema (a descriptor carries no marker).
let emulator: RunningEmulator;
let dir: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;

const manifests = `apiVersion: aepsync/v1
kind: Schema
metadata: { name: loyalty-profile }
spec:
  title: Loyalty profiles
  class: https://ns.adobe.com/xdm/context/profile
  fieldGroups:
    - https://ns.adobe.com/xdm/context/profile-personal-details
  profile: true
  primaryIdentity: { field: personalEmail.address, namespace: Email }
---
apiVersion: aepsync/v1
kind: Dataset
metadata: { name: loyalty-members }
spec:
  name: Loyalty members
  schema: loyalty-profile
  profileEnabled: true
`;

async function cli(...args: string[]): Promise<CliResult> {
  return runCli(args, { cwd: dir, env });
}

async function expectConverged(): Promise<void> {
  const plan = await cli("plan", "--env", "dev", "--detailed-exitcode");
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  ({ dir, cleanup } = await makeWorkspace());
  env = aepEnv(emulator);
  await writeFile(join(dir, "pipelines", "loyalty.yaml"), manifests);
});

afterAll(async () => {
  await emulator.close();
  await cleanup();
});

describe("a Profile-enabled schema and dataset", () => {
  it("enables the schema, creates its primary identity and the dataset, then plans nothing", async () => {
    const applied = await cli("apply", "--env", "dev");
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain("Schema/loyalty-profile/identity");
    await expectConverged();
    const schema = (await sandboxItems(emulator, "schemas")).find((s) => s.title === "Loyalty profiles")!;
    expect(schema["meta:immutableTags"]).toEqual(["union"]);
    const identities = (await sandboxItems(emulator, "descriptors")).filter(
      (d) => d["xdm:sourceSchema"] === schema.$id,
    );
    expect(identities).toHaveLength(1);
    expect(identities[0]).toMatchObject({
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceProperty": "/personalEmail/address",
      "xdm:namespace": "Email",
      "xdm:isPrimary": true,
    });
    const dataset = (await sandboxItems(emulator, "dataSets")).find((d) => d.name === "Loyalty members")!;
    expect(dataset.tags).toMatchObject({
      unifiedProfile: ["enabled:true"],
      unifiedIdentity: ["enabled:true"],
    });
  });

  it("changes the identity's namespace in place (one descriptor, replaced whole)", async () => {
    const file = join(dir, "pipelines", "loyalty.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace("namespace: Email", "namespace: CustomerEmail"),
    );
    const before = (await sandboxItems(emulator, "descriptors")).map((d) => d["@id"]);
    const applied = await cli("apply", "--env", "dev");
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    await expectConverged();
    const after = await sandboxItems(emulator, "descriptors");
    expect(after.map((d) => d["@id"])).toEqual(before);
    expect(after[0]!["xdm:namespace"]).toBe("CustomerEmail");
  });
});
