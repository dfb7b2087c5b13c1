/**
 * `aepsync export`: reads the sandbox once with the live reader that plan uses (every flow, not
 * only the flow specs of the manifests), makes the few per-flow lookups the listing cannot answer
 * (the mapping set at the version a flow uses, schemas and classes missing from the listing,
 * connection and flow specs of connectors outside the catalog), builds the manifests (pure,
 * src/export/) and writes them, never over an existing file unless asked.
 */
import { existsSync } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { aepConfigFromEnv, createAepClient, readLiveState } from "../aep/index.ts";
import type { AepClient, AepClientConfig } from "../aep/index.ts";
import { ConfigError, InternalError } from "../errors.ts";
import { emptyLookups, exportManifests, mappingKey } from "../export/index.ts";
import type { ExportInput, ExportLookups, ExportNeeds, ExportResult } from "../export/index.ts";
import { displayPath, loadManifests } from "../manifest/index.ts";
import type { ResolvedConfig } from "../manifest/index.ts";
import type { RequestStats } from "../model/result.ts";
import { startInProcessEmulator } from "./session.ts";
import { resolveTarget } from "./target.ts";
import { ManifestError } from "./types.ts";

export const DEFAULT_EXPORT_DIR = "pipelines/imported";

export interface ExportSettings {
  cwd: string;
  /** Where AEP_* settings come from. */
  env: Readonly<Record<string, string | undefined>>;
  /** An environment of aepsync.yaml (its sandbox). */
  environment?: string;
  sandbox?: string;
  emulator?: boolean;
  /** Output folder, relative to cwd; default pipelines/imported. */
  out?: string;
  /** Only these flows (ids); default every flow this namespace does not manage. */
  flows?: readonly string[];
  /** Overwrite files that exist. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface ExportRunOutcome {
  sandbox: string;
  namespace: string;
  /** The output folder and the files written, relative to cwd. */
  outDir: string;
  written: string[];
  result: ExportResult;
  requests: RequestStats;
}

/** Lookup rounds: a schema may name a class that only a second round finds. */
const MAX_ROUNDS = 4;

export async function exportRun(settings: ExportSettings): Promise<ExportRunOutcome> {
  const { config, root } = await loadConfig(settings);
  const request: Parameters<typeof resolveTarget>[1] = { env: settings.env };
  if (settings.environment !== undefined) request.environment = settings.environment;
  if (settings.sandbox !== undefined) request.sandbox = settings.sandbox;
  const target = resolveTarget(config, request);
  const namespace = config.namespace;
  const outDir = resolve(settings.cwd, settings.out ?? DEFAULT_EXPORT_DIR);
  const connection =
    settings.emulator === true ? await startInProcessEmulator(settings, target.sandbox) : undefined;
  try {
    const clientConfig: AepClientConfig =
      connection?.config ?? aepConfigFromEnv(settings.env, target.sandbox);
    if (settings.env.AEPSYNC_DEBUG === "1" && settings.log !== undefined) clientConfig.debug = settings.log;
    const client = createAepClient(clientConfig);
    try {
      // Every flow: the flow-spec filter that plan narrows its listing with would hide the unknown ones.
      const live = await readLiveState(client, { flowSpecIds: [] });
      const result = await buildExport(client, {
        live,
        namespace,
        ...(settings.flows !== undefined ? { flowIds: settings.flows } : {}),
        schemaPath: schemaPathFrom(outDir, root),
        lookups: emptyLookups(),
      });
      if (result.missingFlows.length > 0)
        throw new ConfigError(
          `--flow ${result.missingFlows.join(", ")}: no such flow in sandbox '${target.sandbox}' (run without --flow to export every unmanaged flow)`,
        );
      const written = await writeFiles(outDir, result, settings);
      return {
        sandbox: target.sandbox,
        namespace,
        outDir: displayPath(outDir, settings.cwd),
        written,
        result,
        requests: client.stats(),
      };
    } finally {
      await client.close();
    }
  } finally {
    await connection?.close();
  }
}

/** aepsync.yaml (namespace, environments) without any manifest: export makes the manifests. */
async function loadConfig(settings: ExportSettings): Promise<{ config: ResolvedConfig; root: string }> {
  const load = await loadManifests([], { cwd: settings.cwd });
  const file = load.config.file;
  const problems = load.diagnostics.filter((d) => d.file === file && d.severity === "error");
  if (problems.length > 0) throw new ManifestError(problems);
  const root = file === undefined ? settings.cwd : dirname(resolve(settings.cwd, file));
  return { config: load.config.config, root };
}

/** The manifest JSON Schema for editors: the installed package's, else this repository's own. */
function schemaPathFrom(outDir: string, root: string): string {
  const candidates = [
    join(root, "node_modules", "aepsync", "specs", "manifest.schema.json"),
    join(root, "specs", "manifest.schema.json"),
  ];
  const found = candidates.find((file) => existsSync(file)) ?? candidates[0]!;
  return relative(outDir, found).split(sep).join("/");
}

async function buildExport(client: AepClient, input: ExportInput): Promise<ExportResult> {
  let lookups = input.lookups;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const outcome = exportManifests({ ...input, lookups });
    if (outcome.kind === "done") return outcome.result;
    lookups = await lookUp(client, outcome.needs, lookups);
  }
  throw new InternalError(`export still needed lookups after ${MAX_ROUNDS} rounds`);
}

/** The lookups asked for, in parallel (the client bounds its concurrency). */
async function lookUp(client: AepClient, needs: ExportNeeds, known: ExportLookups): Promise<ExportLookups> {
  const mappingSets = new Map(known.mappingSets);
  const connectionSpecs = new Map(known.connectionSpecs);
  const flowSpecs = new Map(known.flowSpecs);
  const resources = new Map(known.resources);
  const json = (value: unknown): Record<string, unknown> | null =>
    value === undefined ? null : (value as Record<string, unknown>);
  await Promise.all([
    ...needs.mappingSets.map(async ({ id, version }) => {
      mappingSets.set(mappingKey(id, version), json(await client.dataPrep.getMappingSet(id, version)));
    }),
    ...needs.connectionSpecs.map(async (id) => {
      connectionSpecs.set(id, json(await client.flowService.getConnectionSpec(id)));
    }),
    // The flow spec plan picks for a connection spec outside the catalog (src/engine/flow-specs.ts).
    ...needs.flowSpecs.map(async (id) => {
      const specs = await client.flowService.listFlowSpecs({
        property: [`sourceConnectionSpecIds[]==${id}`],
      });
      flowSpecs.set(id, specs[0]?.id ?? null);
    }),
    ...needs.resources.map(async ({ kind, id }) => {
      resources.set(id, json(await client.schemaRegistry.get(kind, id)));
    }),
  ]);
  return { mappingSets, connectionSpecs, flowSpecs, resources };
}

/** Writes every file, or none when one exists and --force is not given. */
async function writeFiles(outDir: string, result: ExportResult, settings: ExportSettings): Promise<string[]> {
  const paths = result.files.map((f) => join(outDir, f.path));
  if (settings.force !== true) {
    const existing: string[] = [];
    for (const path of paths) if (await exists(path)) existing.push(displayPath(path, settings.cwd));
    if (existing.length > 0)
      throw new ConfigError(
        `${existing.length === 1 ? "this file exists" : "these files exist"}: ${existing.join(", ")}; nothing was written. Pass --force to overwrite, or choose another folder with --out`,
      );
  }
  try {
    if (result.files.length > 0) await mkdir(outDir, { recursive: true });
    for (const [i, file] of result.files.entries()) await writeFile(paths[i]!, file.text, { mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(`cannot write into ${displayPath(outDir, settings.cwd)} (${code}): check --out`);
  }
  return paths.map((p) => displayPath(p, settings.cwd));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
