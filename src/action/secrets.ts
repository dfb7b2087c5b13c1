import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

/** Always masked when set: the AEP client secret, the key of the connection fingerprints, the GitHub token. */
export const fixedSecretEnv = ["AEP_CLIENT_SECRET", "AEPSYNC_FINGERPRINT_KEY", "GITHUB_TOKEN"] as const;

const secretReference = /\$\{secret:([A-Za-z_][A-Za-z0-9_]*)\}/g;
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 20_000;
// Shorter values would mask ordinary words all over the output (as src/aep/redact.ts).
const MIN_SECRET_LENGTH = 4;

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
  const names = new Set<string>();
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => "");
    for (const match of text.matchAll(secretReference)) names.add(match[1] ?? "");
  }
  names.delete("");
  return [...names].sort();
}

/** Replaces every secret value (and its JSON- and URL-encoded forms) with `***`. */
export function createScrubber(values: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) {
      if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
    }
  }
  if (forms.size === 0) return (text) => text;
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(ordered.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  return (text) => text.replace(pattern, "***");
}
