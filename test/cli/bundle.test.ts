import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleCli } from "../../scripts/build.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * What loading one output of the bundle loads with it (static imports only, followed through
 * chunks): the packages, bundled or external, and the source files.
 */
function staticClosure(metafile: Metafile, output: string): { packages: Set<string>; sources: Set<string> } {
  const packages = new Set<string>();
  const sources = new Set<string>();
  const seen = new Set<string>();
  const pending = [output];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const out = metafile.outputs[next]!;
    for (const input of Object.keys(out.inputs)) {
      sources.add(input);
      const bundled = /^node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(input);
      if (bundled !== null) packages.add(bundled[1]!);
    }
    for (const imported of out.imports) {
      if (imported.kind !== "import-statement") continue;
      if (imported.external) packages.add(imported.path.replace(/^(@[^/]+\/[^/]+|[^/]+).*$/, "$1"));
      else pending.push(imported.path);
    }
  }
  return { packages, sources };
}

function outputOf(metafile: Metafile, entryPoint: string): string {
  const found = Object.entries(metafile.outputs).find(([, out]) => out.entryPoint === entryPoint);
  if (found === undefined) throw new Error(`no output for ${entryPoint}`);
  return found[0];
}

const nonBuiltin = (packages: Set<string>) => [...packages].filter((p) => !p.startsWith("node:")).sort();
const under = (sources: Set<string>, ...folders: string[]) =>
  [...sources].filter((s) => folders.some((f) => s.startsWith(f)));

describe("the CLI bundle loads each command's code when the command runs", () => {
  let metafile: Metafile;
  beforeAll(async () => {
    ({ metafile } = await bundleCli(join(root, "lib/aepsync.js")));
  });

  it("the entry (--version, --help) loads no package and no command", () => {
    const { packages, sources } = staticClosure(metafile, outputOf(metafile, "src/cli/bin.ts"));
    expect(nonBuiltin(packages)).toEqual([]);
    // The one exception: the edit distance behind "did you mean" for a mistyped flag (no imports).
    expect(
      under(sources, "src/cli/commands/", "src/manifest/", "src/schema/", "src/aep/", "src/emulator/").filter(
        (source) => source !== "src/schema/suggest.ts",
      ),
    ).toEqual([]);
  });

  it("validate loads yaml, and neither ajv, undici, fast-json-patch, the planner nor the emulator", () => {
    const { packages, sources } = staticClosure(metafile, outputOf(metafile, "src/cli/commands/validate.ts"));
    expect(nonBuiltin(packages)).toEqual(["yaml"]);
    expect(sources).toContain("src/schema/generated/validators.js");
    expect(
      under(sources, "src/aep/", "src/planner/", "src/reconcile/", "src/apply/", "src/emulator/"),
    ).toEqual([]);
  });

  it("plan loads the HTTP client but not the emulator (only --emulator starts it)", () => {
    const { packages, sources } = staticClosure(metafile, outputOf(metafile, "src/cli/commands/plan.ts"));
    expect(nonBuiltin(packages)).toEqual(["fast-json-patch", "undici", "yaml"]);
    expect(under(sources, "src/emulator/")).toEqual([]);
  });
});

describe("aepsync --version (spawned)", () => {
  it("prints the version of package.json", async () => {
    const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(root, "bin/aepsync.js"),
      "--version",
    ]);
    expect(stdout).toBe(`aepsync ${version}\n`);
  });
});
