import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/cli.ts";

interface PackageJson {
  name: string;
  version: string;
  engines: { node: string };
  dependencies: Record<string, string>;
  exports: Record<string, unknown>;
  files: string[];
}

async function json<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(join(repoRoot, path), "utf8")) as T;
}

/** The lowest version a `>=X[.Y[.Z]]` range allows, as [major, minor, patch]. */
function lowest(range: string): [number, number, number] {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (match === null) throw new Error(`not a >= range: ${range}`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

describe("releases", () => {
  it("CHANGELOG.md names the current version", async () => {
    const pkg = await json<PackageJson>("package.json");
    const changelog = await readFile(join(repoRoot, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(/^# aepsync\n/);
    expect(changelog).toContain(`\n## ${pkg.version}\n`);
  });

  it("every pending changeset bumps this package", async () => {
    const config = await json<{ access: string; baseBranch: string }>(".changeset/config.json");
    expect(config).toMatchObject({ access: "public", baseBranch: "main" });
    const files = (await readdir(join(repoRoot, ".changeset"))).filter(
      (f) => f.endsWith(".md") && f !== "README.md",
    );
    for (const file of files) {
      const text = await readFile(join(repoRoot, ".changeset", file), "utf8");
      expect(text, file).toMatch(/^---\n"aepsync": (patch|minor|major)\n---\n\n\S/);
    }
  });

  it("engines.node allows no Node.js that a runtime dependency refuses", async () => {
    const pkg = await json<PackageJson>("package.json");
    const ours = lowest(pkg.engines.node);
    for (const name of Object.keys(pkg.dependencies)) {
      const dep = await json<{ engines?: { node?: string } }>(`node_modules/${name}/package.json`);
      const theirs = dep.engines?.node;
      if (theirs === undefined) continue;
      expect(compare(ours, lowest(theirs)), `${name} needs node ${theirs}`).toBeGreaterThanOrEqual(0);
    }
    // The bundles target the lowest major the range allows.
    const build = await readFile(join(repoRoot, "scripts", "build-lib.ts"), "utf8");
    expect(build).toContain(`target: "node${ours[0]}"`);
  });

  it("exports the library (ESM, types first) and ships what the CLI needs", async () => {
    const pkg = await json<PackageJson>("package.json");
    expect(pkg.exports["."]).toEqual({ types: "./lib/index.d.ts", default: "./lib/index.js" });
    expect(pkg.files).toEqual(expect.arrayContaining(["bin/", "lib/", "CHANGELOG.md"]));
    const tsconfig = await json<{ compilerOptions: Record<string, unknown>; files: string[] }>(
      "tsconfig.build.json",
    );
    expect(tsconfig.compilerOptions).toMatchObject({ declaration: true, rootDir: "src", outDir: "lib" });
    expect(tsconfig.files).toEqual(["src/index.ts"]);
  });
});
