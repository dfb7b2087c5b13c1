import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadManifests } from "../../src/manifest/index.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const now = Date.UTC(2026, 10, 1);

describe("pipelines/ examples", () => {
  it("validate together with zero errors, and no warning but Adobe's deprecation of Oracle Eloqua", async () => {
    const result = await loadManifests(["pipelines/"], { cwd: root, now });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "pipelines/oracle-eloqua.yaml:8:3 /spec/connector: warning: Adobe deprecates the Oracle Eloqua source from January 2026 and announces a new source to replace it: plan new account connections and dataflows on that source [connector-deprecated]",
    ]);
    expect(result.config.file).toBe("aepsync.yaml");
    expect(result.config.config.namespace).toBe("marketing-pipelines");
  });

  it("every file contributes manifests and points editors at the schema", async () => {
    const files = (await readdir(`${root}pipelines`)).filter((f) => /\.ya?ml$/.test(f)).sort();
    const result = await loadManifests(["pipelines/"], { cwd: root, now });
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      expect(
        result.manifests.some((m) => m.file === `pipelines/${file}`),
        file,
      ).toBe(true);
      const text = await readFile(`${root}pipelines/${file}`, "utf8");
      expect(text.startsWith("# yaml-language-server: $schema=../specs/manifest.schema.json\n"), file).toBe(
        true,
      );
    }
  });

  it("cover the four connectors of the brief and all four kinds", async () => {
    const result = await loadManifests(["pipelines/"], { cwd: root, now });
    const kinds = new Set(result.manifests.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(["Connection", "Dataset", "Pipeline", "Schema"]);
    const connectors = result.manifests.flatMap((m) =>
      m.kind === "Connection" && "connector" in m.manifest.spec ? [m.manifest.spec.connector] : [],
    );
    expect(connectors.sort()).toEqual(["hubspot", "mailchimp", "oracle-eloqua", "salesforce"]);
  });

  it("use only references for credentials and a ${var:} from aepsync.yaml", async () => {
    const result = await loadManifests(["pipelines/"], { cwd: root, now });
    const text = JSON.stringify(result.manifests.map((m) => m.manifest));
    expect(text).toContain("${secret:HUBSPOT_CLIENT_SECRET}");
    expect(text).toContain("${var:DATASET_SUFFIX}");
    const environments = result.config.config.environments;
    expect(environments.prod?.protected).toBe(true);
    expect(environments.dev?.sandbox).toBe("dev");
  });
});
