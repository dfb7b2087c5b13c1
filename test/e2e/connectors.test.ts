import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { aepEnv, expectNoSecrets, repoRoot, runCli, sandboxItems } from "../support/cli.ts";
import type { CliResult } from "../support/cli.ts";

// The connectors as Adobe's current guides create them, applied through the CLI as a process on the
// emulator over loopback: Salesforce (OAuth2 Client Credential, tableName), Microsoft Dynamics
// (tableName + primaryKey) and Amazon S3 (CloudStorageToAEP), from test/fixtures/connectors/.
let emulator: RunningEmulator;
let dir: string;
let env: Record<string, string>;
const outputs: string[] = [];

async function cli(...args: string[]): Promise<CliResult> {
  const result = await runCli(args, { cwd: dir, env });
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** Changes of a JSON plan that are not no-ops, as "action address". */
async function planned(): Promise<string[]> {
  const result = await cli("plan", "--env", "dev", "--format", "json");
  expect(result.code, result.stderr).toBe(0);
  const plan = JSON.parse(result.stdout) as { changes: { action: string; address: string }[] };
  return plan.changes.filter((c) => c.action !== "noop").map((c) => `${c.action} ${c.address}`);
}

type Item = Record<string, unknown>;

async function named(collection: string, name: string): Promise<Item> {
  const found = (await sandboxItems(emulator, collection)).find((i) => i.name === name);
  if (found === undefined) throw new Error(`no ${collection} named ${name}`);
  return found;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), "aepsync-connectors-"));
  await cp(join(repoRoot, "test", "fixtures", "connectors"), join(dir, "pipelines"), { recursive: true });
  await cp(join(repoRoot, "aepsync.yaml"), join(dir, "aepsync.yaml"));
  env = aepEnv(emulator);
});

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

describe("current connector forms on the emulator", () => {
  it("validate the manifests without a warning", async () => {
    const result = await cli("validate");
    expect(result.stdout).toMatch(/^0 errors, 0 warnings in \d+ files/);
    expect(result.code).toBe(0);
  });

  it("apply Salesforce, Dynamics and Amazon S3 pipelines, then plan nothing", async () => {
    const before = await planned();
    for (const address of [
      "Connection/salesforce-oauth",
      "Pipeline/salesforce-leads/source",
      "Pipeline/salesforce-leads/flow",
      "Connection/dynamics-prod",
      "Pipeline/dynamics-contacts/flow",
      "Connection/s3-exports",
      "Pipeline/s3-contacts/source",
      "Pipeline/s3-contacts/flow",
    ])
      expect(before).toContain(`create ${address}`);
    const apply = await cli("apply", "--env", "dev");
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/ 0 failed/);
    expect(await planned()).toEqual([]);
  });

  it("created what Adobe's guides create", async () => {
    // Salesforce: no specName in the manifest, its params choose OAuth2 Client Credential.
    const salesforce = await named("connections", "salesforce-oauth");
    expect((salesforce.auth as Item).specName).toBe("OAuth2 Client Credential");
    const leads = await named("sourceConnections", "salesforce-leads-source");
    expect(leads.params).toMatchObject({
      tableName: "Lead",
      columns: [{ name: "Id" }, { name: "Email" }, {}],
    });
    expect(leads.params).not.toHaveProperty("path");

    const dynamics = await named("sourceConnections", "dynamics-contacts-source");
    expect(dynamics.params).toEqual({ tableName: "contact", primaryKey: "contactid" });
    expect(dynamics.data).toMatchObject({ format: "tabular" });
    const dynamicsFlow = await named("flows", "dynamics-contacts-flow");
    expect(dynamicsFlow.flowSpec).toMatchObject({ id: "14518937-270c-4525-bdec-c2ba7cce3860" });
    expect((dynamicsFlow.transformations as Item[]).map((t) => t.name).sort()).toEqual(["Copy", "Mapping"]);

    const files = await named("sourceConnections", "s3-contacts-source");
    expect(files.params).toEqual({ path: "/exports/contacts/*.csv", recursive: "true" });
    expect(files.data).toMatchObject({ format: "delimited" });
    const filesFlow = await named("flows", "s3-contacts-flow");
    expect(filesFlow.flowSpec).toMatchObject({ id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876" });
    expect((filesFlow.transformations as Item[]).map((t) => t.name)).toEqual(["Mapping"]);
  });

  it("keep a Salesforce Basic Authentication connection working, with a warning", async () => {
    await writeFile(
      join(dir, "pipelines", "basic.yaml"),
      [
        "apiVersion: aepsync/v1",
        "kind: Connection",
        "metadata: { name: salesforce-basic }",
        "spec:",
        "  connector: salesforce",
        "  auth:",
        "    params:",
        "      environmentUrl: ${env:SALESFORCE_ENVIRONMENT_URL}",
        "      username: ${env:SALESFORCE_USERNAME}",
        "      password: ${secret:SALESFORCE_PASSWORD}",
        "      securityToken: ${secret:SALESFORCE_SECURITY_TOKEN}",
        "",
      ].join("\n"),
    );
    env = {
      ...env,
      SALESFORCE_USERNAME: "integration@example.com",
      SALESFORCE_PASSWORD: "sf-password-91ce07",
      SALESFORCE_SECURITY_TOKEN: "sf-security-token-4d2b88",
    };
    const validate = await cli("validate");
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(
      "basic.yaml:7:5 /spec/auth/params: warning: Salesforce 'Basic Authentication' (the auth spec these params select): Adobe discontinued it in January 2026",
    );
    expect(await planned()).toEqual(["create Connection/salesforce-basic"]);
    const apply = await cli("apply", "--env", "dev");
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(((await named("connections", "salesforce-basic")).auth as Item).specName).toBe(
      "Basic Authentication",
    );
    expect(await planned()).toEqual([]);
  });

  it("never print a secret", () => {
    const secrets = [
      env.SALESFORCE_CLIENT_SECRET!,
      env.DYNAMICS_SERVICE_PRINCIPAL_KEY!,
      env.S3_ACCESS_KEY!,
      env.S3_SECRET_KEY!,
      env.SALESFORCE_PASSWORD!,
      env.SALESFORCE_SECURITY_TOKEN!,
    ];
    expect(secrets.every((s) => s.length > 8)).toBe(true);
    expect(outputs.length).toBeGreaterThan(10);
    expect(expectNoSecrets(outputs.join("\n"), secrets)).toEqual([]);
  });
});
