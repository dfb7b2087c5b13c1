import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  loadConfigOnly,
  loadManifests,
  validateManifests,
  validationSteps,
} from "../../src/manifest/index.ts";
import { generateManifests } from "../../scripts/generate-pipelines.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const now = Date.UTC(2026, 10, 1);
const cleanups: string[] = [];

afterEach(async () => {
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "aepsync-load-"));
  cleanups.push(dir);
  return dir;
}

describe("loading in steps", () => {
  it("gives what validateManifests gives, run to the end", async () => {
    const names = (await readdir(join(root, "pipelines"))).filter((f) => f.endsWith(".yaml")).sort();
    const files = await Promise.all(
      names.map(async (name) => ({
        file: `pipelines/${name}`,
        content: await readFile(join(root, "pipelines", name)),
      })),
    );
    const config = { file: "aepsync.yaml", content: await readFile(join(root, "aepsync.yaml")) };
    const steps = validationSteps({ files, config, now });
    let pauses = 0;
    let step = steps.next();
    for (; step.done !== true; step = steps.next()) pauses += 1;
    expect(pauses).toBeGreaterThanOrEqual(files.length);
    // Compared as data (each run has locate functions of its own).
    expect(JSON.stringify(step.value)).toBe(JSON.stringify(validateManifests({ files, config, now })));
    expect(step.value.manifests.length).toBeGreaterThan(5);
  });

  it("lets the event loop run between files while it loads", async () => {
    const dir = await tempDir();
    await generateManifests(dir, { pipelines: 400, layout: "file-per-pipeline" });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    let loaded;
    try {
      loaded = await loadManifests(["pipelines"], { cwd: dir, now });
    } finally {
      clearInterval(timer);
    }
    expect(loaded.errors).toBe(0);
    expect(loaded.manifests.filter((m) => m.kind === "Pipeline")).toHaveLength(400);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe("loadConfigOnly", () => {
  it("reads aepsync.yaml as loadManifests does, without the manifests", async () => {
    const loaded = await loadManifests(["pipelines"], { cwd: root, now });
    expect(loadConfigOnly(["pipelines"], { cwd: root })).toEqual(loaded.config.config);
    expect(loadConfigOnly([], { cwd: root })).toEqual(loaded.config.config);
  });

  it("gives the defaults without aepsync.yaml, and nothing for one that is invalid", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".git"), "");
    expect(loadConfigOnly(["pipelines"], { cwd: dir })).toEqual({ namespace: "default", environments: {} });
    await writeFile(join(dir, "aepsync.yaml"), "namespace: [not, a, name]\n");
    expect(loadConfigOnly(["pipelines"], { cwd: dir })).toBeUndefined();
    await writeFile(join(dir, "aepsync.yaml"), "environments: { dev: { sandbox: dev } }\n---\nextra: doc\n");
    expect(loadConfigOnly(["pipelines"], { cwd: dir })).toBeUndefined();
  });
});
