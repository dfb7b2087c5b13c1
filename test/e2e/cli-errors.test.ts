import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorkspace, runCli } from "../support/cli.ts";

// Settings and input problems fail fast with a message naming what to do, exit 1, no stack trace.
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeWorkspace());
});
afterAll(async () => {
  await cleanup();
});

async function fails(args: string[], env: Record<string, string>, message: RegExp): Promise<void> {
  const result = await runCli(args, { cwd: dir, env });
  expect(result.code, result.stdout + result.stderr).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("the CLI fails fast and clearly", () => {
  it("names every missing AEP setting", async () => {
    await fails(["plan", "--env", "dev"], {}, /AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID/);
  });

  it("asks for a sandbox when none is given", async () => {
    await fails(["plan"], {}, /no sandbox: pass --sandbox NAME or --env NAME/);
  });

  it("rejects an environment aepsync.yaml does not have", async () => {
    await fails(
      ["plan", "--env", "staging"],
      {},
      /environment 'staging' is not in aepsync.yaml \(known: dev, prod\)/,
    );
  });

  it("asks for the fingerprint key with the credentials", async () => {
    const env = { AEP_CLIENT_ID: "id", AEP_CLIENT_SECRET: "s", AEP_ORG_ID: "o@AdobeOrg" };
    await fails(["plan", "--env", "dev"], env, /AEPSYNC_FINGERPRINT_KEY is not set/);
  });

  it("refuses to apply a protected environment without --allow-protected", async () => {
    await fails(
      ["apply", "--env", "prod", "--emulator"],
      {},
      /protected in aepsync.yaml: apply needs --allow-protected/,
    );
  });

  it("rejects bad flags and a bad plan file", async () => {
    await fails(["plan", "--format", "yaml"], {}, /--format must be text, markdown or json/);
    await fails(["apply", "--parallelism", "0"], {}, /--parallelism must be an integer/);
    await writeFile(join(dir, "not-a-plan.json"), "{}");
    await fails(["apply", "--env", "dev", "--plan", "not-a-plan.json"], {}, /not an aepsync plan file/);
  });

  it("writes nothing to AEP when a manifest is invalid", async () => {
    await writeFile(
      join(dir, "pipelines", "broken.yaml"),
      "apiVersion: aepsync/v1\nkind: Pipeline\nmetadata: { name: Bad_Name }\n",
    );
    await fails(["apply", "--env", "dev", "--emulator"], {}, /broken.yaml:\d+:\d+/);
  });
});
