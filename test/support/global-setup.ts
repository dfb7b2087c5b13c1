import { buildCli } from "../../scripts/build.ts";

// CLI tests spawn bin/aepsync.js, which runs lib/aepsync.js: build it fresh once per test run.
export async function setup(): Promise<void> {
  await buildCli();
}
