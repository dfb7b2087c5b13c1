// Bundles the CLI into lib/aepsync.js plus lib/chunks/*.js (run by `npm ci` through `prepare`, and
// by the test setup). Code splitting keeps each command's dependencies in chunks that load only
// when the command runs: `aepsync --version` and `aepsync validate` never load undici, the planner
// or the emulator. The dependencies are bundled too: one file compiles in a third of the time that
// yaml's ~80 CommonJS files take to resolve, read and compile one by one.
//
// Chunk names carry a content hash, so a chunk is written once and never changes under a running
// process; the entry is written beside its target and renamed into place last, so a concurrent
// reader never sees a missing or half-written bundle. Chunks the new entry does not use are removed.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile, type Plugin } from "esbuild";

export const CHUNK_DIR = "chunks";

// CommonJS dependencies call require() for Node built-ins; an ESM chunk has none of its own.
const banner = [
  'import { createRequire as __aepsyncCreateRequire } from "node:module";',
  "const require = __aepsyncCreateRequire(import.meta.url);",
].join("\n");
const root = fileURLToPath(new URL("..", import.meta.url));

// A JSON module becomes `JSON.parse("…")`: V8 parses JSON text about twice as fast as the same data
// written as a JavaScript object literal, which is how esbuild inlines JSON (src/data/generated/
// xdm.json is 0.5 MB).
const jsonAsParse: Plugin = {
  name: "aepsync-json-parse",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(await readFile(args.path, "utf8")));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: "js" };
    });
  },
};

/** Builds the CLI bundle in memory: the files (absolute paths) and esbuild's metafile. */
export async function bundleCli(
  outfile = "lib/aepsync.js",
): Promise<{ files: { path: string; contents: Uint8Array }[]; metafile: Metafile }> {
  const outdir = dirname(resolve(root, outfile));
  const result = await build({
    absWorkingDir: root,
    entryPoints: { [basename(outfile, ".js")]: "src/cli/bin.ts" },
    outdir,
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    platform: "node",
    target: "node20",
    format: "esm",
    banner: { js: banner },
    plugins: [jsonAsParse],
    keepNames: true,
    logLevel: "warning",
    metafile: true,
    write: false,
  });
  return { files: result.outputFiles, metafile: result.metafile };
}

export async function buildCli(outfile = "lib/aepsync.js"): Promise<void> {
  const entry = resolve(root, outfile);
  const outdir = dirname(entry);
  const { files } = await bundleCli(outfile);
  const chunks = join(outdir, CHUNK_DIR);
  await mkdir(chunks, { recursive: true });
  const kept = new Set<string>();
  let entryContents: Uint8Array | undefined;
  for (const file of files) {
    if (file.path === entry) {
      entryContents = file.contents;
      continue;
    }
    const temp = `${file.path}.${process.pid}.tmp`;
    await writeFile(temp, file.contents);
    await rename(temp, file.path);
    kept.add(relative(chunks, file.path));
  }
  if (entryContents === undefined) throw new Error(`esbuild wrote no ${outfile}`);
  const temp = `${entry}.${process.pid}.tmp`;
  try {
    await writeFile(temp, entryContents);
    await rename(temp, entry);
  } finally {
    await rm(temp, { force: true });
  }
  for (const name of await readdir(chunks)) {
    if (!kept.has(name) && !name.endsWith(".tmp")) await rm(join(chunks, name), { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
