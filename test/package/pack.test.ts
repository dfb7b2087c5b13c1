import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/cli.ts";

// The package as users get it: `npm pack` (which runs prepack and prepare, as `npm publish` does),
// installed into an empty project, then the CLI and the library used from there.
//
// No network: the project gets a package-lock.json listing the package's dependencies as this
// repository's lock resolves them, so `npm ci --offline` takes their tarballs from npm's cache, which
// the `npm ci` of this repository filled. (A plain `npm install <tarball> --offline` would need the
// registry's package documents, which `npm ci` never caches.)

const SLOW_MS = 300_000;

interface Lock {
  packages: Record<string, LockEntry>;
}
interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}
interface PackageJson {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  exports: Record<string, unknown>;
}
interface PackResult {
  filename: string;
  version: string;
  files: { path: string }[];
}

const npmCli = process.env.npm_execpath;

/** Runs npm: the same npm (and so the same cache and configuration) as the one running the tests. */
function npm(args: string[], cwd: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const [file, argv] =
    npmCli !== undefined && /npm-cli\.c?js$/.test(npmCli)
      ? [process.execPath, [npmCli, ...args]]
      : ["npm", args];
  return exec(file, argv, cwd, process.env);
}

function exec(
  file: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      if (error !== null && typeof error.code !== "number")
        reject(new Error(error.message, { cause: error }));
      else resolve({ stdout, stderr, code });
    });
  });
}

/** The entries of `lock` that installing `dependencies` at the root needs, resolved as Node does. */
function lockClosure(lock: Lock, dependencies: Record<string, string>): Record<string, LockEntry> {
  const resolveFrom = (name: string, from: string): string | undefined => {
    const parts = from === "" ? [] : from.split(/\/?node_modules\//).filter((p) => p !== "");
    for (let i = parts.length; i >= 0; i--) {
      const prefix = parts
        .slice(0, i)
        .map((p) => `node_modules/${p}/`)
        .join("");
      const key = `${prefix}node_modules/${name}`;
      if (lock.packages[key] !== undefined) return key;
    }
    return undefined;
  };
  const out: Record<string, LockEntry> = {};
  const todo = Object.keys(dependencies).map((name) => resolveFrom(name, ""));
  while (todo.length > 0) {
    const key = todo.pop();
    if (key === undefined) throw new Error(`a dependency is missing from package-lock.json`);
    if (out[key] !== undefined) continue;
    const { dev: _dev, devOptional: _devOptional, ...entry } = lock.packages[key]!;
    out[key] = entry;
    const needs = { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies };
    for (const name of Object.keys(needs)) {
      const found = resolveFrom(name, key);
      if (found !== undefined) todo.push(found);
      else if (entry.dependencies?.[name] !== undefined) throw new Error(`${name} (of ${key}) is not locked`);
    }
  }
  return out;
}

let work: string;
let project: string;
let pkg: PackageJson;
let packed: PackResult;
let install: { stdout: string; stderr: string; code: number };

/** The installed CLI, through the bin link npm made, with nothing of this repository on PATH. */
function aepsync(args: string[], env: Record<string, string> = {}) {
  return exec(join(project, "node_modules", ".bin", "aepsync"), args, project, {
    PATH: `${join(project, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
    HOME: project,
    NO_COLOR: "1",
    ...env,
  });
}

beforeAll(async () => {
  pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as PackageJson;
  work = await mkdtemp(join(tmpdir(), "aepsync-pack-"));
  const pack = await npm(["pack", "--json", "--pack-destination", work], repoRoot);
  packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;

  project = join(work, "project");
  await mkdir(project);
  const tarball = `file:../${packed.filename}`;
  const integrity = `sha512-${createHash("sha512")
    .update(await readFile(join(work, packed.filename)))
    .digest("base64")}`;
  const lock = JSON.parse(await readFile(join(repoRoot, "package-lock.json"), "utf8")) as Lock;
  const manifest = {
    name: "aepsync-user",
    private: true,
    type: "module",
    dependencies: { aepsync: tarball },
  };
  await writeFile(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const projectLock = {
    name: manifest.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, dependencies: manifest.dependencies },
      ...lockClosure(lock, pkg.dependencies),
      "node_modules/aepsync": {
        version: pkg.version,
        resolved: tarball,
        integrity,
        license: pkg.license,
        dependencies: pkg.dependencies,
        bin: pkg.bin,
        engines: pkg.engines,
      },
    },
  };
  await writeFile(join(project, "package-lock.json"), `${JSON.stringify(projectLock, null, 2)}\n`);
  install = await npm(["ci", "--offline", "--no-audit", "--no-fund"], project);
}, SLOW_MS);

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe("the npm package", { timeout: SLOW_MS }, () => {
  it("holds the CLI, the library with its types, the JSON Schemas and the changelog, and no sources", () => {
    const files = packed.files.map((f) => f.path);
    for (const needed of [
      "bin/aepsync.js",
      "lib/aepsync.js",
      "lib/index.js",
      "lib/index.d.ts",
      "specs/manifest.schema.json",
      "specs/config.schema.json",
      "CHANGELOG.md",
      "README.md",
      "package.json",
    ])
      expect(files).toContain(needed);
    expect(files.filter((f) => /^(src|test|scripts|dist|vendor|\.github)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(packed.version).toBe(pkg.version);
  });

  it("installs from npm's cache with no network", () => {
    expect(install.code, install.stderr).toBe(0);
  });

  it("`aepsync --version` prints the package's version", async () => {
    const result = await aepsync(["--version"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`aepsync ${pkg.version}\n`);
  });

  it("`aepsync init`, `validate` and `plan --emulator --env dev` work in an empty repository", async () => {
    const init = await aepsync(["init"]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("wrote    pipelines/hubspot.yaml");
    // The scaffold's editor schema path exists in an installed package.
    const pipeline = await readFile(join(project, "pipelines", "hubspot.yaml"), "utf8");
    const schemaPath = /\$schema=(\S+)/.exec(pipeline)![1]!;
    await expect(readFile(join(project, "pipelines", schemaPath), "utf8")).resolves.toContain('"$schema"');

    const validate = await aepsync(["validate"]);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).toContain("0 errors, 0 warnings");

    const plan = await aepsync(["plan", "--emulator", "--env", "dev"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("Plan: 7 to create, 0 to update");
  });

  it("`import('aepsync')` gives the library API", async () => {
    const script = `
      const m = await import("aepsync");
      const names = ["loadManifests", "planRun", "applyRun", "renderText", "renderMarkdown", "startEmulator", "SyncError"];
      const result = await m.loadManifests(["pipelines"], { cwd: process.cwd() });
      console.log(JSON.stringify({ types: names.map((n) => typeof m[n]), errors: result.errors }));
    `;
    const result = await exec(process.execPath, ["--input-type=module", "-e", script], project, {
      PATH: process.env.PATH ?? "",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      types: ["function", "function", "function", "function", "function", "function", "function"],
      errors: 0,
    });
    const outside = await exec(
      process.execPath,
      ["--input-type=module", "-e", 'await import("aepsync/lib/index.js")'],
      project,
      { PATH: process.env.PATH ?? "" },
    );
    // Only what `exports` names can be imported.
    expect(outside.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("type-checks a TypeScript user of the library against the shipped declarations", async () => {
    await writeFile(
      join(project, "use.ts"),
      `import { loadManifests, renderText, type Diagnostic, type Plan } from "aepsync";
const result = await loadManifests(["pipelines"], { cwd: "." });
export const errors: number = result.errors;
export const diagnostics: readonly Diagnostic[] = result.diagnostics;
export const show = (plan: Plan): string => renderText(plan, { color: false });
// @ts-expect-error the declarations are real types, not any
export const wrong: string = result.errors;
`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [join(repoRoot, "node_modules", "@types")],
        },
        files: ["use.ts"],
      }),
    );
    const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const result = await exec(process.execPath, [tsc, "-p", project], project, {
      PATH: process.env.PATH ?? "",
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
