// Bundles the CLI into lib/aepsync.js (run by `npm ci` through `prepare`, and by the test setup).
import { build } from "esbuild";

export async function buildCli(): Promise<void> {
  await build({
    entryPoints: ["src/cli/bin.ts"],
    outfile: "lib/aepsync.js",
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    sourcemap: "linked",
    keepNames: true,
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
