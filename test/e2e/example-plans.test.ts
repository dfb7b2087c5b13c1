import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRun, planRun, renderJson, renderMarkdown, renderText } from "../../src/index.ts";
import type { Plan, RunSettings } from "../../src/index.ts";
import { aepEnv, editPipeline, makeWorkspace } from "../support/cli.ts";

// The plans of the example pipelines, pinned byte for byte: a restructuring must not change what a
// user reads or what a saved plan holds. A deliberate change of the plan format regenerates these
// files (`vitest -u`) and the diff is reviewed like code.
let dir: string;
let cleanup: () => Promise<void>;
let settings: RunSettings;

const fixtures = join(import.meta.dirname, "..", "fixtures", "plans");

/** Live ids, etags and times differ on every run: name them by order of appearance. */
function normalize(text: string): string {
  const names = new Map<string, string>();
  const name = (value: string, kind: string): string => {
    let n = names.get(value);
    if (n === undefined) {
      n = `<${kind}-${names.size + 1}>`;
      names.set(value, n);
    }
    return n;
  };
  return (
    text
      .replace(/"created_at": "[^"]+"/g, '"created_at": "<time>"')
      // Change digests cover live ids, so they differ too (the create plan pins them).
      .replace(/(aepsync:plan[^>]*)/g, (m) => m.replace(/\b[0-9a-f]{16}\b/g, "<d>"))
      .replace(/\b[0-9a-f]{64}\b/g, "<digest>")
      .replace(/\\"[0-9a-f-]{8,}\\"/g, (m) => name(m, "etag"))
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (m) => name(m, "id"))
      .replace(/\b[0-9a-f]{24}\b|\b[0-9a-f]{32}\b/g, (m) => name(m, "id"))
      .replace(/https:\/\/ns\.adobe\.com\/[a-z0-9]+\/(schemas|classes)\/[0-9a-f]+/g, (m) => name(m, "schema"))
      .replace(/_[a-z0-9]+\.(schemas|classes)\.[0-9a-f]+/g, (m) => name(m, "altid"))
  );
}

function renders(plan: Plan, withIds: boolean): { json: string; text: string; markdown: string } {
  const fix = (s: string): string => (withIds ? normalize(s) : s.replace(/"created_at": "[^"]+"/, ""));
  return {
    json: fix(renderJson(plan)),
    text: fix(renderText(plan, { color: false, verbose: true })),
    markdown: fix(renderMarkdown(plan, { commit: "0123456789abcdef0123456789abcdef01234567" })),
  };
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeWorkspace());
  const env = aepEnv({ url: "", clientId: "", clientSecret: "", orgId: "" } as never);
  settings = { paths: [], cwd: dir, env, environment: "dev", emulator: true };
});

afterAll(async () => {
  await cleanup();
});

describe("the example pipelines' plans", () => {
  it("are the same for an empty sandbox", async () => {
    const { plan } = await planRun(settings);
    const out = renders(plan, false);
    await expect(out.json).toMatchFileSnapshot(join(fixtures, "examples-create.json"));
    await expect(out.text).toMatchFileSnapshot(join(fixtures, "examples-create.txt"));
    await expect(out.markdown).toMatchFileSnapshot(join(fixtures, "examples-create.md"));
  });

  it("are the same for edits after an apply", async () => {
    const applied = await applyRun({ ...settings, parallelism: 1 });
    expect(applied.ok).toBe(true);
    await editPipeline(dir, "hubspot.yaml", "interval: 30", "interval: 45");
    await editPipeline(
      dir,
      "hubspot.yaml",
      "lower(Properties_Email_Value)",
      "trim(lower(Properties_Email_Value))",
    );
    await editPipeline(
      dir,
      "hubspot.yaml",
      "description: HubSpot production portal",
      "description: HubSpot portal",
    );
    await editPipeline(
      dir,
      "mailchimp.yaml",
      "startTime: 2027-01-01T00:00:00Z }",
      "startTime: 2027-01-01T00:00:00Z }\n  enabled: false",
    );
    await editPipeline(dir, "hubspot.yaml", "source: [hubspot]", "source: [hubspot, crm]");
    const { plan } = await planRun(settings);
    const out = renders(plan, true);
    await expect(out.json).toMatchFileSnapshot(join(fixtures, "examples-edit.json"));
    await expect(out.text).toMatchFileSnapshot(join(fixtures, "examples-edit.txt"));
    await expect(out.markdown).toMatchFileSnapshot(join(fixtures, "examples-edit.md"));
  });
});
