import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { secretForms } from "../aep/index.ts";
import { allowedRoots, isInsideRoots, scanReferences } from "../manifest/index.ts";

/** Always masked when set: the AEP client secret, the key of the connection fingerprints, the GitHub token. */
export const fixedSecretEnv = ["AEP_CLIENT_SECRET", "AEPSYNC_FINGERPRINT_KEY", "GITHUB_TOKEN"] as const;

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 20_000;

async function manifestFiles(path: string, found: string[]): Promise<void> {
  if (found.length >= MAX_FILES) return;
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return;
  if (info.isFile()) {
    if (/\.ya?ml$/.test(path) && info.size <= MAX_FILE_BYTES) found.push(path);
    return;
  }
  if (!info.isDirectory()) return;
  const entries = await readdir(path, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const child = join(path, entry.name);
    if (entry.isDirectory() || /\.ya?ml$/.test(entry.name)) await manifestFiles(child, found);
  }
}

/**
 * The NAMEs of every `${secret:NAME}` in the manifests under `paths`, found in the raw text so that
 * they are masked before anything is parsed or logged, even when the manifests turn out invalid.
 */
export async function findSecretReferences(cwd: string, paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) await manifestFiles(resolve(cwd, path), files);
  // What validate refuses to read (symlinked out of the repository) is not read here either.
  const allowed = allowedRoots(cwd);
  const names = new Set<string>();
  for (const file of files) {
    if (!isInsideRoots(file, cwd, allowed)) continue;
    const text = await readFile(file, "utf8").catch(() => "");
    for (const reference of scanReferences(text, { redact: true }).references)
      if (reference.scheme === "secret") names.add(reference.name);
  }
  return [...names].sort();
}

/** Replaces every secret value, in every form a service may echo it (src/aep/redact.ts), with `***`. */
export function createScrubber(values: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const value of values) for (const form of secretForms(value)) forms.add(form);
  if (forms.size === 0) return (text) => text;
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(ordered.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  return (text) => text.replace(pattern, "***");
}
