import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..", "..", "src");

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sources(join(dir, e.name))
        : Promise.resolve(e.name.endsWith(".ts") ? [join(dir, e.name)] : []),
    ),
  );
  return files.flat();
}

describe("the GitHub client's dependencies", () => {
  it("@octokit/* is imported only under src/action/", async () => {
    const outside: string[] = [];
    let inside = 0;
    for (const file of await sources(src)) {
      const text = await readFile(file, "utf8");
      if (!/from\s+["']@octokit\//.test(text)) continue;
      const path = relative(src, file);
      if (path.startsWith(`action${"/"}`)) inside += 1;
      else outside.push(path);
    }
    expect(outside).toEqual([]);
    expect(inside).toBeGreaterThan(0);
  });
});
