// Builds the library half of the npm package: lib/index.js, the entry of `import "aepsync"`, bundled
// by esbuild from src/index.ts with the dependencies left external (installed with the package), and
// with `--types` the declarations (lib/**/*.d.ts) by tsc from tsconfig.build.json. `prepare` builds the
// JavaScript only, so `npm ci` does not pay for a type-check; `prepack` builds the declarations.
import { execFileSync } from "node:child_process";
import { readdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";

export async function buildLibrary(outfile = "lib/index.js"): Promise<void> {
  // Written beside the target and renamed into place, as scripts/build.ts does.
  const temp = `${outfile}.${process.pid}.tmp`;
  try {
    await build({
      entryPoints: ["src/index.ts"],
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

/** Declarations of src/index.ts and what it reaches; stale ones (of deleted sources) are removed first. */
export async function buildDeclarations(dir = "lib"): Promise<void> {
  const stale = (await readdir(dir, { recursive: true }).catch(() => [])).filter((f) => f.endsWith(".d.ts"));
  await Promise.all(stale.map((f) => rm(join(dir, f), { force: true })));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--types")) await buildDeclarations();
  else await buildLibrary();
}
