/**
 * The property export exists for: its manifests, planned with --adopt against the sandbox they
 * came from, adopt every live object (same id, same AEP name) and change nothing else in AEP.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validateManifests } from "../../src/manifest/index.ts";
import { buildDesired, planChanges } from "../../src/planner/index.ts";
import type { ManifestInput } from "../../src/planner/index.ts";
import { liveOf, loadFixture, runExport } from "./helpers.ts";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

describe("exported manifests, planned with --adopt against the same sandbox", () => {
  const fixture = loadFixture("ui");
  const live = liveOf(fixture);
  const { result } = runExport(fixture);
  const validation = validateManifests({
    files: result.files.map((f) => ({ file: `pipelines/imported/${f.path}`, content: f.text })),
    now: Date.parse("2026-11-28T12:00:00Z"),
  });

  it("validate without errors or warnings", () => {
    expect(validation.diagnostics).toEqual([]);
  });

  it("adopt every object of every chain, keeping its id and AEP name; nothing is replaced or deleted", () => {
    const inputs: ManifestInput[] = validation.manifests.map((m) => ({
      kind: m.kind,
      name: m.name,
      file: m.file,
      manifest: m.manifest,
      locate: m.locate,
    }));
    const desired = buildDesired(inputs, {
      lookup: () => "value-from-the-environment",
      fingerprint: (text) => sha256(text).slice(0, 22),
      flowSpecFor: () => ({
        id: "14518937-270c-4525-bdec-c2ba7cce3860",
        name: "CRMToAEP",
        version: "1.0",
        copy: true,
      }),
    });
    expect(desired.problems).toEqual([]);
    const plan = planChanges({
      desired: desired.objects,
      live,
      sandbox: "dev",
      namespace: fixture.namespace,
      prune: false,
      adopt: true,
      now: Date.parse("2026-11-28T12:00:00Z"),
      inputsDigest: "",
      sha256,
    });
    expect(plan.notices.filter((n) => n.severity !== "info")).toEqual([]);
    expect(plan.changes.filter((c) => c.action === "replace" || c.action === "delete")).toEqual([]);
    expect(plan.changes.filter((c) => c.dataImpact !== "none")).toEqual([]);
    const adopted = plan.changes
      .filter((c) => c.action === "adopt")
      .map((c) => `${c.address} ${c.id} ${c.name}`)
      .sort();
    expect(adopted).toEqual([
      "Connection/hubspot-marketing-account c0000000-0000-4000-8000-000000000001 HubSpot – Marketing Account",
      "Dataset/marketing-profiles-dataset 5f0000000000000000000001 Marketing Profiles Dataset",
      "Pipeline/hubspot-companies/flow f0000000-0000-4000-8000-000000000002 hubspot-companies-flow",
      "Pipeline/hubspot-companies/source 50000000-0000-4000-8000-000000000002 hubspot-companies-source",
      "Pipeline/hubspot-companies/target 70000000-0000-4000-8000-000000000002 hubspot-companies-target",
      "Pipeline/hubspot-contacts-dataflow/flow f0000000-0000-4000-8000-000000000001 HubSpot Contacts Dataflow",
      // A mapping set made outside aepsync carries no name: it is adopted through its flow.
      "Pipeline/hubspot-contacts-dataflow/mapping a0000000000000000000000000000001 hubspot-contacts-dataflow-mapping",
      "Pipeline/hubspot-contacts-dataflow/source 50000000-0000-4000-8000-000000000001 HubSpot Contacts Source",
      "Pipeline/hubspot-contacts-dataflow/target 70000000-0000-4000-8000-000000000001 HubSpot Contacts Target",
      "Schema/hubspot-contacts-raw _tenant.schemas.contacts-raw HubSpot Contacts Raw",
      "Schema/hubspot-contacts-raw/class _tenant.classes.contacts-raw HubSpot Contacts Raw Class",
      "Schema/marketing-profiles _tenant.schemas.profiles Marketing Profiles",
      // The schema's primary identity has no marker: it is adopted with its schema.
      "Schema/marketing-profiles/identity d0000000000000000000000000000000000000001 Marketing Profiles primary identity",
    ]);
    // This fixture's mapping-set listing leaves out the companies flow's mapping set (the export
    // read it by id): what the listing does not hold cannot be adopted, so it is created.
    const others = plan.changes.filter((c) => c.action !== "adopt").map((c) => `${c.action} ${c.address}`);
    expect(others).toEqual(["create Pipeline/hubspot-companies/mapping"]);
  });
});
