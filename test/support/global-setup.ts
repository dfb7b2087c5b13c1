import { rm } from "node:fs/promises";
import { buildCli } from "../../scripts/build.ts";

// CLI tests spawn bin/aepsync.js, which runs lib/aepsync.js: build it fresh once per test run. A
// failed build leaves no bundle (never a stale one) and fails only the tests that spawn the CLI.
export async function setup(): Promise<void> {
  try {
    await buildCli();
  } catch (error) {
    await rm("lib/aepsync.js", { force: true });
    process.stderr.write(`warning: the CLI bundle did not build; CLI tests will fail: ${String(error)}\n`);
  }
}
