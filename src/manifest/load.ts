/**
 * The file-system edge of manifest loading: expands PATH arguments into YAML files, finds
 * aepsync.yaml, reads bytes, and hands everything to the pure validateManifests.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import type { Diagnostic, RuleId } from "./diagnostic.ts";
import { sortDiagnostics } from "./diagnostic.ts";
import { MAX_FILE_BYTES } from "./parse.ts";
import {
  allowedRoots,
  CONFIG_FILE_NAMES,
  findConfigFile,
  isInsideRoots,
  resolveRealPath,
  type AllowedRoots,
} from "./paths.ts";
import type { ResolvedConfig } from "./model.ts";
import { validateManifests, validationSteps, type ManifestInput, type ValidationResult } from "./validate.ts";

export { CONFIG_FILE_NAMES };

export interface LoadOptions {
  /** Directory that PATH arguments and displayed file names are relative to. */
  cwd: string;
  /** "Now" for startTime checks; defaults to the clock. */
  now?: Date | number;
  /** Values of `${secret:NAME}` when known, to warn about secrets too short to mask (never printed). */
  secretValue?: (name: string) => string | undefined;
}

export type LoadResult = ValidationResult;

// Synchronous reads on purpose: a thousand small files read in ~20 ms this way, against ~300 ms
// through fs/promises (one thread-pool round trip per open/stat/read/close).
function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Loads and validates the manifests under `paths` (files or folders, recursively: *.yaml and *.yml,
 * sorted, skipping dot-entries and node_modules). aepsync.yaml is looked up from the first path's
 * folder upwards, stopping at the repository root (a folder with .git). A path, file or folder
 * that resolves (symlinks followed) outside the working directory and its repository (the folder
 * of the aepsync.yaml found from the working directory) is refused unread. Never throws on bad input.
 */
export async function loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  // The reads and checks are synchronous (see statOf), in slices: between two, the event loop
  // handles what else is in flight (a plan's live reads start before the manifests are loaded).
  const steps = loadSteps(paths, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** Longest stretch of loading without a pause for other work. */
const SLICE_MS = 5;

/**
 * aepsync.yaml alone, found and checked as loadManifests finds and checks it: what a run needs to
 * know its sandbox before the manifests are read (the defaults when there is none). Undefined
 * when it is unreadable or invalid: loadManifests then reports why.
 */
export function loadConfigOnly(
  paths: readonly string[],
  options: Pick<LoadOptions, "cwd">,
): ResolvedConfig | undefined {
  const diagnostics: Diagnostic[] = [];
  const config = configInput(paths, options.cwd, diagnostics);
  if (diagnostics.length > 0) return undefined;
  const result = validateManifests({ files: [], config, now: Date.now() });
  return result.errors > 0 ? undefined : result.config.config;
}

interface Found {
  /** Reports and returns true when `absolute` resolves outside the allowed roots. */
  outside: (absolute: string, shown: string) => boolean;
  allowed: AllowedRoots;
  configPath: string | undefined;
}

function findRoots(paths: readonly string[], cwd: string, diagnostics: Diagnostic[]): Found {
  // aepsync.yaml is found first: its folder (the repository) is where manifests may live.
  let configStart: string | undefined;
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = statOf(absolute);
    if (info === undefined) continue;
    configStart = info.isDirectory() ? absolute : path.dirname(absolute);
    break;
  }
  const configPath = findConfigFile(configStart ?? path.resolve(cwd));
  // The repository is the one of the working directory, not of a path argument: a symlinked
  // pipelines/ folder pointing at another tree with its own aepsync.yaml must not become one.
  const allowed = allowedRoots(cwd);
  const outside = (absolute: string, shown: string): boolean => {
    if (isInsideRoots(absolute, cwd, allowed)) return false;
    fileLevel(
      diagnostics,
      shown,
      "path-outside",
      "resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy",
    );
    return true;
  };
  return { outside, allowed, configPath };
}

function fileLevel(diagnostics: Diagnostic[], file: string, rule: RuleId, message: string): void {
  diagnostics.push({ file, line: 1, column: 1, pointer: "", message, severity: "error", rule });
}

function configInput(
  paths: readonly string[],
  cwd: string,
  diagnostics: Diagnostic[],
): ManifestInput | undefined {
  const { outside, configPath } = findRoots(paths, cwd, diagnostics);
  return configPath === undefined || outside(configPath, displayPath(configPath, cwd))
    ? undefined
    : readInput(configPath, cwd, (file, rule, message) => fileLevel(diagnostics, file, rule, message));
}

function* loadSteps(paths: readonly string[], options: LoadOptions): Generator<void, LoadResult, undefined> {
  const { cwd } = options;
  const diagnostics: Diagnostic[] = [];
  const fileLevel = (file: string, rule: RuleId, message: string) =>
    diagnostics.push({ file, line: 1, column: 1, pointer: "", message, severity: "error", rule });
  const { outside, allowed, configPath } = findRoots(paths, cwd, diagnostics);

  const found: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = statOf(absolute);
    if (info === undefined) {
      fileLevel(given, "path-not-found", `${given} does not exist: check the path`);
      continue;
    }
    if (outside(absolute, given)) continue;
    if (info.isDirectory()) {
      const files = listYamlFiles(absolute, { cwd, allowed, outside });
      if (files.length === 0) {
        fileLevel(
          displayPath(absolute, cwd),
          "no-manifests",
          "no *.yaml or *.yml manifest in this folder: add one or check the path",
        );
      }
      found.push(...files);
    } else if (info.isFile()) {
      if (!isConfigFile(absolute)) found.push(absolute);
    } else {
      fileLevel(
        given,
        "read-error",
        `${given} is neither a file nor a folder: give a manifest file or folder`,
      );
    }
  }

  const inputs: ManifestInput[] = [];
  for (const absolute of new Set(found)) {
    const input = readInput(absolute, cwd, fileLevel);
    if (input !== undefined) inputs.push(input);
    yield;
  }
  inputs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const config =
    configPath === undefined || outside(configPath, displayPath(configPath, cwd))
      ? undefined
      : readInput(configPath, cwd, fileLevel);

  const result = yield* validationSteps({
    files: inputs,
    config,
    now: options.now ?? Date.now(),
    secretValue: options.secretValue,
  });
  if (result.manifests.length === 0 && diagnostics.length === 0 && result.errors === 0) {
    fileLevel(
      paths[0] ?? ".",
      "no-manifests",
      "no manifest found: add apiVersion/kind documents under this path",
    );
  }
  const all = sortDiagnostics([...diagnostics, ...result.diagnostics]);
  return {
    ...result,
    diagnostics: all,
    errors: all.filter((d) => d.severity === "error").length,
    warnings: all.filter((d) => d.severity === "warning").length,
  };
}

function readInput(
  absolute: string,
  cwd: string,
  fileLevel: (file: string, rule: RuleId, message: string) => void,
): ManifestInput | undefined {
  const file = displayPath(absolute, cwd);
  try {
    const info = statSync(absolute);
    if (info.size > MAX_FILE_BYTES) {
      fileLevel(
        file,
        "file-too-large",
        `file is larger than ${MAX_FILE_BYTES} bytes: split it into smaller files`,
      );
      return undefined;
    }
    // The real path checked against the allowed roots, not the link that was given.
    return { file, content: readFileSync(resolveRealPath(absolute)) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    fileLevel(
      file,
      "read-error",
      `cannot read the file (${typeof code === "string" ? code : "unknown error"}): check its permissions`,
    );
    return undefined;
  }
}

function isConfigFile(file: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(file));
}

interface Walk {
  cwd: string;
  allowed: AllowedRoots;
  /** Reports and returns true when `absolute` resolves outside the allowed roots. */
  outside: (absolute: string, shown: string) => boolean;
}

/**
 * *.yaml / *.yml files under `dir`, depth first, entries sorted; symlinked folders followed once,
 * symlinks that resolve outside the allowed roots reported and skipped.
 */
function listYamlFiles(dir: string, walk: Walk, visited = new Set<string>()): string[] {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // A folder that vanished while listing: nothing to list.
  }
  if (visited.has(real)) return [];
  visited.add(real);
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = statOf(full);
      isDirectory = target?.isDirectory() ?? false;
      isFile = (target?.isFile() ?? false) && /\.ya?ml$/i.test(entry.name);
      if ((isDirectory || isFile) && walk.outside(full, displayPath(full, walk.cwd))) continue;
    }
    if (isDirectory) files.push(...listYamlFiles(full, walk, visited));
    else if (isFile && /\.ya?ml$/i.test(entry.name) && !isConfigFile(full)) files.push(full);
  }
  return files;
}

/** Relative to cwd with `/` separators; absolute when outside cwd. */
export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === "") return ".";
  if (relative.startsWith("..") || path.isAbsolute(relative)) return absolute.split(path.sep).join("/");
  return relative.split(path.sep).join("/");
}
