// Bundles the CLI into lib/aepsync.js (run by `npm ci` through `prepare`, and by the test setup).
// The bundle is written beside the target and renamed into place, so a concurrent reader never
// sees a missing or half-written file.
import { rename, rm } from "node:fs/promises";
import { build } from "esbuild";

export async function buildCli(outfile = "lib/aepsync.js"): Promise<void> {
  const temp = `${outfile}.${process.pid}.tmp`;
  try {
    await build({
      entryPoints: ["src/cli/bin.ts"],
      outfile: temp,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      packages: "external",
      keepNames: true,
      logLevel: "warning",
    });
    await rename(temp, outfile);
  } finally {
    await rm(temp, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
