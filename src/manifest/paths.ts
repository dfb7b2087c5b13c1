/**
 * Where aepsync may read and write: inside the working directory or the repository (the folder
 * holding aepsync.yaml), symlinks followed. A pull request can commit a symlink to
 * /proc/self/environ or ~/.ssh; such a path is refused before anything is read from it.
 */
import { lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";

/** Names of the configuration file; never loaded as a manifest. */
export const CONFIG_FILE_NAMES = ["aepsync.yaml", "aepsync.yml"] as const;

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The nearest aepsync.yaml from `start` upwards, not above the repository root (a folder with .git). */
export function findConfigFile(start: string): string | undefined {
  let dir = start;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // Not there: look further up.
      }
    }
    if (exists(path.join(dir, ".git"))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const MAX_LINKS = 40;

/**
 * The real path of `file`, symlinks followed, also when it does not exist yet (a file to write):
 * the real path of its nearest existing folder plus the rest. A dangling symlink is followed to
 * where a write would land.
 */
export function resolveRealPath(file: string, depth = 0): string {
  const absolute = path.resolve(file);
  try {
    return realpathSync(absolute);
  } catch {
    // Missing (or a dangling link): resolve what exists.
  }
  if (depth < MAX_LINKS) {
    try {
      if (lstatSync(absolute).isSymbolicLink()) {
        return resolveRealPath(path.resolve(path.dirname(absolute), readlinkSync(absolute)), depth + 1);
      }
    } catch {
      // Nothing at this path: resolve its folder.
    }
  }
  const parent = path.dirname(absolute);
  if (parent === absolute) return absolute;
  return path.join(resolveRealPath(parent, depth + 1), path.basename(absolute));
}

function isWithin(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** The folders aepsync may read and write in: the working directory and the repository root. */
export interface AllowedRoots {
  /** Real paths. */
  readonly roots: readonly string[];
}

/**
 * The working directory and its repository: the folder of the aepsync.yaml found from the
 * working directory upwards (not above a folder with .git).
 */
export function allowedRoots(cwd: string): AllowedRoots {
  const roots = [resolveRealPath(cwd)];
  const config = findConfigFile(path.resolve(cwd));
  if (config !== undefined) roots.push(resolveRealPath(path.dirname(config)));
  return { roots };
}

/** Whether `file` (relative to `cwd`), symlinks followed, resolves inside one of the roots. */
export function isInsideRoots(file: string, cwd: string, allowed: AllowedRoots): boolean {
  const real = resolveRealPath(path.resolve(cwd, file));
  return allowed.roots.some((root) => isWithin(real, root));
}

/**
 * Checks a file named on the command line (`--out`, `--plan`, `--state`) before it is read or
 * written: it must resolve inside the working directory or the repository. Throws ConfigError
 * naming the flag and the path as given; never reads the file.
 */
export function checkCommandLinePath(flag: string, file: string, cwd: string): string {
  const allowed = allowedRoots(cwd);
  const absolute = path.resolve(cwd, file);
  if (!isInsideRoots(absolute, cwd, allowed)) {
    throw new ConfigError(
      `${flag} ${file}: resolves (symlinks followed) outside the working directory and the repository: give a path inside them`,
    );
  }
  return absolute;
}

/**
 * The emulator's state folder `<cwd>/.aepsync` for `--emulator` runs, checked before it is
 * created or used: it must not be a symlink (a pull request could commit one pointing anywhere,
 * and the emulator would write its state there), nor `emulator-state.json` inside it. Returns the
 * folder's path; throws ConfigError.
 */
export function checkEmulatorStateDir(cwd: string, name = ".aepsync"): string {
  const dir = path.join(cwd, name);
  const refuse = (what: string) =>
    new ConfigError(
      `${what} is a symlink or not a plain ${what.endsWith(".json") ? "file" : "folder"}: aepsync keeps the emulator's state only in a real ${name}/ folder of the working directory; remove it`,
    );
  let info;
  try {
    info = lstatSync(dir);
  } catch {
    return dir;
  }
  if (!info.isDirectory()) throw refuse(`${name}/`);
  const state = path.join(dir, "emulator-state.json");
  try {
    if (!lstatSync(state).isFile()) throw refuse(`${name}/emulator-state.json`);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
  }
  if (!isWithin(resolveRealPath(dir), resolveRealPath(cwd))) throw refuse(`${name}/`);
  return dir;
}
