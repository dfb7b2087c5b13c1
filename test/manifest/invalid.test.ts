import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDiagnostic, loadManifests, MAX_FILE_BYTES, ruleIds } from "../../src/manifest/index.ts";
import type { LoadResult, RuleId } from "../../src/manifest/index.ts";

const fixtures = fileURLToPath(new URL("../fixtures/manifest/", import.meta.url));
const invalid = join(fixtures, "invalid");
const now = Date.UTC(2026, 10, 1);
const seenRules = new Set<string>();

function record(result: LoadResult): string[] {
  for (const d of result.diagnostics) seenRules.add(d.rule);
  return result.diagnostics.map(formatDiagnostic);
}

/** `# expect: rule …` on the first line of a case file (or of a case folder's aepsync.yaml). */
async function expectedRules(path: string): Promise<string[]> {
  const first = (await readFile(path, "utf8")).split("\n", 1)[0] ?? "";
  const match = /^# expect: (.+)$/.exec(first);
  if (match === null) throw new Error(`${path} does not start with '# expect: <rule> …'`);
  return match[1]!.trim().split(/\s+/);
}

const entries = (await readdir(invalid, { withFileTypes: true }))
  .filter((e) => e.isDirectory() || e.name.endsWith(".yaml"))
  .map((e) => ({ name: e.name.replace(/\.yaml$/, ""), directory: e.isDirectory() }))
  .sort((a, b) => a.name.localeCompare(b.name));

describe("invalid manifest corpus (test/fixtures/manifest/invalid)", () => {
  it("has at least 40 cases", () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
  });

  it.each(entries)("$name", async ({ name, directory }) => {
    // A case file is loaded with the valid manifests it refers to; a case folder on its own.
    const paths = directory ? [`invalid/${name}`] : ["base", `invalid/${name}.yaml`];
    const result = await loadManifests(paths, { cwd: fixtures, now });
    const lines = record(result);
    const header = directory ? join(invalid, name, "aepsync.yaml") : join(invalid, `${name}.yaml`);
    for (const rule of await expectedRules(header)) {
      expect(ruleIds, `${rule} is not a rule id`).toHaveProperty(rule);
      expect(result.diagnostics.map((d) => d.rule)).toContain(rule);
    }
    // The valid base manifests never get diagnostics of their own.
    expect(result.diagnostics.filter((d) => d.file.startsWith("base/"))).toEqual([]);
    await expect(`${lines.join("\n")}\n`).toMatchFileSnapshot(join(invalid, `${name}.expected.txt`));
  });

  it("never repeats a literal credential, even one pasted into a reference", async () => {
    const paths = ["base", "invalid/literal-credential.yaml", "invalid/reference-syntax.yaml"];
    const result = await loadManifests(paths, { cwd: fixtures, now });
    const output = JSON.stringify(result.diagnostics);
    expect(result.errors).toBeGreaterThanOrEqual(6);
    expect(output).not.toContain("p4ssw0rd");
    expect(output).not.toContain("my-client-id");
    expect(output).not.toContain("sk-live");
  });
});

describe("broken input created on the fly", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "aepsync-broken-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function load(paths: string[]): Promise<{ result: LoadResult; lines: string[] }> {
    const result = await loadManifests(paths, { cwd: dir, now });
    return { result, lines: record(result) };
  }

  it("a path that does not exist", async () => {
    const { result, lines } = await load(["nowhere/"]);
    expect(result.errors).toBe(1);
    expect(lines).toEqual(["nowhere/:1:1: nowhere/ does not exist: check the path [path-not-found]"]);
  });

  it("a folder without manifests, and an empty one", async () => {
    await mkdir(join(dir, "docs-only"));
    await writeFile(join(dir, "docs-only", "README.md"), "# not a manifest\n");
    await mkdir(join(dir, "empty"));
    const { lines } = await load(["docs-only", "empty"]);
    expect(lines).toEqual([
      "docs-only:1:1: no *.yaml or *.yml manifest in this folder: add one or check the path [no-manifests]",
      "empty:1:1: no *.yaml or *.yml manifest in this folder: add one or check the path [no-manifests]",
    ]);
  });

  it("a file with nothing but an empty document", async () => {
    await writeFile(join(dir, "blank.yaml"), "---\n");
    const { result, lines } = await load(["blank.yaml"]);
    expect(result.errors).toBe(1);
    expect(lines).toEqual([
      "blank.yaml:1:1: warning: file has an empty document: remove the extra '---' or add a manifest [empty-document]",
      "blank.yaml:1:1: no manifest found: add apiVersion/kind documents under this path [no-manifests]",
    ]);
  });

  it("a file over the size cap is not read", async () => {
    await writeFile(join(dir, "huge.yaml"), Buffer.alloc(MAX_FILE_BYTES + 1, "#"));
    const { lines } = await load(["huge.yaml"]);
    expect(lines[0]).toBe(
      `huge.yaml:1:1: file is larger than ${MAX_FILE_BYTES} bytes: split it into smaller files [file-too-large]`,
    );
  });

  it("bytes that are not UTF-8, located by line and column", async () => {
    const text = Buffer.from("apiVersion: aepsync/v1\nkind: Dataset\nmetadata: { name: caf");
    await writeFile(join(dir, "latin1.yaml"), Buffer.concat([text, Buffer.from([0xe9, 0x20, 0x7d, 0x0a])]));
    const { lines } = await load(["latin1.yaml"]);
    expect(lines).toContain(
      "latin1.yaml:3:22: byte 58 is not valid UTF-8: save the file as UTF-8 (is it a binary or UTF-16 file?) [encoding]",
    );
  });

  it("a UTF-16 file and a binary file", async () => {
    await writeFile(join(dir, "utf16.yaml"), Buffer.from("\ufeffkind: Dataset\n", "utf16le"));
    await writeFile(join(dir, "binary.yml"), Buffer.from([0x6b, 0x3a, 0x20, 0x00, 0x01, 0x02, 0x0a]));
    const { lines } = await load(["utf16.yaml", "binary.yml"]);
    expect(lines).toEqual([
      "binary.yml:1:4: control character U+0000 is not allowed in YAML: remove it (is this a binary file?) [encoding]",
      "utf16.yaml:1:1: byte 0 is not valid UTF-8: save the file as UTF-8 (is it a binary or UTF-16 file?) [encoding]",
    ]);
  });

  it("a parser bomb of 1,000,000 nested brackets answers at once", async () => {
    await writeFile(join(dir, "brackets.yaml"), `a: ${"[".repeat(1_000_000)}`);
    const { lines } = await load(["brackets.yaml"]);
    expect(lines).toEqual([
      "brackets.yaml:1:67: YAML nested more than 64 levels deep: manifests need far fewer, flatten it [nesting-depth]",
    ]);
  });

  it("a mapping with 50,000 keys: linear duplicate check, problems capped", async () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i % 25_000}: x`).join("\n");
    await writeFile(join(dir, "keys.yaml"), `apiVersion: aepsync/v1\nkind: Dataset\n${keys}\n`);
    const { result } = await load(["keys.yaml"]);
    expect(result.diagnostics).toHaveLength(51);
    expect(result.diagnostics[0]?.rule).toBe("duplicate-key");
    expect(result.diagnostics.at(-1)?.message).toBe(
      "24950 more problems in this file are not listed: fix these first",
    );
  });

  it("${var:…} without any aepsync.yaml", async () => {
    const repo = join(dir, "repo");
    await mkdir(join(repo, ".git"), { recursive: true });
    await mkdir(join(repo, "pipelines"));
    await writeFile(
      join(repo, "pipelines", "d.yaml"),
      "apiVersion: aepsync/v1\nkind: Dataset\nmetadata: { name: d }\nspec: { name: 'D ${var:SUFFIX}', schema: 'https://ns.adobe.com/acme/schemas/abc' }\n",
    );
    const result = await loadManifests(["pipelines"], { cwd: repo, now });
    expect(record(result)).toEqual([
      "pipelines/d.yaml:4:9 /spec/name: variable SUFFIX is not defined (no aepsync.yaml was found): add it under environments.<name>.variables [unknown-variable]",
    ]);
    expect(result.config).toMatchObject({
      file: undefined,
      config: { namespace: "default", environments: {} },
    });
  });

  it("a symlink loop, a FIFO and an unreadable folder entry do not hang or crash", async () => {
    const loop = join(dir, "loop");
    await mkdir(loop);
    await writeFile(
      join(loop, "d.yaml"),
      "apiVersion: aepsync/v1\nkind: Schema\nmetadata: { name: s }\nspec: { title: S, class: https://ns.adobe.com/xdm/context/profile }\n",
    );
    await symlink(loop, join(loop, "again"));
    const paths = ["loop"];
    if (process.platform !== "win32") {
      execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
      paths.push("pipe.yaml");
    }
    const { result, lines } = await load(paths);
    expect(result.manifests.map((m) => m.file)).toEqual(["loop/d.yaml"]);
    if (paths.length > 1) {
      expect(lines).toEqual([
        "pipe.yaml:1:1: pipe.yaml is neither a file nor a folder: give a manifest file or folder [read-error]",
      ]);
    }
    expect((await stat(join(loop, "again"))).isDirectory()).toBe(true);
  });
});

describe("paths that resolve outside the working directory and repository", () => {
  let base: string;
  let repo: string;
  let outsideDir: string;
  const leaked = "sk-live-outside-value-1234";
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), "aepsync-outside-"));
    repo = join(base, "repo");
    outsideDir = join(base, "elsewhere");
    await mkdir(join(repo, ".git"), { recursive: true });
    await mkdir(join(repo, "pipelines"), { recursive: true });
    await mkdir(outsideDir);
    await writeFile(join(repo, "aepsync.yaml"), "environments: { dev: { sandbox: dev } }\n");
    await writeFile(
      join(repo, "pipelines", "ok.yaml"),
      "apiVersion: aepsync/v1\nkind: Schema\nmetadata: { name: s }\nspec: { title: S, class: https://ns.adobe.com/xdm/context/profile }\n",
    );
    // A file outside whose content would be quoted by the kind check if it were ever parsed.
    await writeFile(join(outsideDir, "secret.yaml"), `apiVersion: aepsync/v1\nkind: ${leaked}\n`);
    await symlink(join(outsideDir, "secret.yaml"), join(repo, "pipelines", "linked.yaml"));
    await symlink(outsideDir, join(repo, "pipelines", "linked-folder"));
    if (process.platform === "linux") {
      await symlink("/proc/self/environ", join(repo, "pipelines", "environ.yaml"));
    }
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it("refuses symlinked files and folders found in a folder walk, reading nothing from them", async () => {
    process.env.AEPSYNC_TEST_ENVIRON_MARKER = leaked;
    try {
      const result = await loadManifests(["pipelines"], { cwd: repo, now });
      const lines = record(result);
      const expected = [
        "pipelines/linked-folder:1:1: resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy [path-outside]",
        "pipelines/linked.yaml:1:1: resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy [path-outside]",
      ];
      if (process.platform === "linux") {
        expected.unshift(
          "pipelines/environ.yaml:1:1: resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy [path-outside]",
        );
      }
      expect(lines).toEqual(expected);
      expect(result.manifests.map((m) => m.file)).toEqual(["pipelines/ok.yaml"]);
      expect(JSON.stringify(result)).not.toContain(leaked);
      expect(JSON.stringify(result)).not.toContain("AEPSYNC_TEST_ENVIRON_MARKER");
    } finally {
      delete process.env.AEPSYNC_TEST_ENVIRON_MARKER;
    }
  });

  it("refuses a symlinked manifest given as an argument, and a path outside given directly", async () => {
    const direct = join(outsideDir, "secret.yaml");
    const result = await loadManifests(["pipelines/linked.yaml", direct], { cwd: repo, now });
    const lines = record(result);
    expect(lines).toEqual([
      `${direct}:1:1: resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy [path-outside]`,
      "pipelines/linked.yaml:1:1: resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy [path-outside]",
    ]);
    expect(JSON.stringify(result)).not.toContain(leaked);
  });

  it("refuses a symlinked folder argument even when it leads to a tree with its own aepsync.yaml", async () => {
    const tree = join(base, "other-tree");
    await mkdir(join(tree, "pipelines"), { recursive: true });
    await writeFile(join(tree, "aepsync.yaml"), `namespace: other\nenvironments: {}\n`);
    await writeFile(join(tree, "pipelines", "x.yaml"), `apiVersion: aepsync/v1\nkind: ${leaked}\n`);
    await symlink(tree, join(repo, "linked-tree"));
    const result = await loadManifests(["linked-tree"], { cwd: repo, now });
    expect(record(result)).toEqual([
      "linked-tree:1:1: resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy [path-outside]",
      "linked-tree/aepsync.yaml:1:1: resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy [path-outside]",
    ]);
    expect(JSON.stringify(result)).not.toContain(leaked);
  });

  it("accepts the repository's own files from a subfolder as working directory", async () => {
    const result = await loadManifests(["../pipelines/ok.yaml"], { cwd: join(repo, ".git"), now });
    expect(record(result)).toEqual([]);
    expect(result.manifests.map((m) => m.name)).toEqual(["s"]);
    expect(result.config.file).toBe(join(repo, "aepsync.yaml"));
  });

  it("refuses an aepsync.yaml that is a symlink out of the repository", async () => {
    const other = join(base, "other-repo");
    await mkdir(join(other, ".git"), { recursive: true });
    await writeFile(join(outsideDir, "config.yaml"), `namespace: ${leaked}\nenvironments: {}\n`);
    await symlink(join(outsideDir, "config.yaml"), join(other, "aepsync.yaml"));
    await writeFile(
      join(other, "s.yaml"),
      "apiVersion: aepsync/v1\nkind: Schema\nmetadata: { name: s }\nspec: { title: S, class: https://ns.adobe.com/xdm/context/profile }\n",
    );
    const result = await loadManifests(["s.yaml"], { cwd: other, now });
    expect(record(result)).toEqual([
      "aepsync.yaml:1:1: resolves (symlinks followed) outside the working directory and the repository: aepsync reads nothing there; move the file into the repository or replace the symlink with a copy [path-outside]",
    ]);
    expect(JSON.stringify(result)).not.toContain(leaked);
  });
});

describe("secrets too short to mask", () => {
  it("warns about an empty or short ${secret:} value when the value is known, never quoting it", async () => {
    const values: Record<string, string> = { HUBSPOT_CLIENT_SECRET: "", HUBSPOT_ACCESS_TOKEN: "x9Q" };
    const result = await loadManifests(["base"], { cwd: fixtures, now, secretValue: (name) => values[name] });
    const lines = record(result);
    expect(lines).toEqual([
      "base/base.yaml:10:7 /spec/auth/params/clientSecret: warning: secret HUBSPOT_CLIENT_SECRET is set but empty (an unset GitHub secret arrives as an empty string): set it [short-secret]",
      "base/base.yaml:11:7 /spec/auth/params/accessToken: warning: secret HUBSPOT_ACCESS_TOKEN is shorter than 8 characters: aepsync masks it only where it appears verbatim, not in the encoded forms AEP may echo; use a longer credential [short-secret]",
    ]);
    expect(result.errors).toBe(0);
    expect(lines.join("\n")).not.toContain("x9Q");
  });
});

describe("rule coverage", () => {
  it("every rule id is exercised by a case above", () => {
    const missing = (Object.keys(ruleIds) as RuleId[]).filter((rule) => !seenRules.has(rule));
    expect(missing).toEqual([]);
  });
});
