import { describe, expect, it } from "vitest";
import { addressOf, aepNameOf, parseAddress } from "../../src/manifest/index.ts";
import type { Manifest } from "../../src/schema/index.ts";

const pipeline: Manifest = {
  apiVersion: "aepsync/v1",
  kind: "Pipeline",
  metadata: { name: "hubspot-contacts" },
  spec: {
    source: { connection: "hubspot-prod" },
    target: { dataset: "profiles" },
    mapping: [{ source: "a", destination: "b" }],
    schedule: { frequency: "once", startTime: 1798761600 },
  },
};
const adhoc: Manifest = {
  apiVersion: "aepsync/v1",
  kind: "Schema",
  metadata: { name: "hubspot-contacts-raw" },
  spec: { title: "HubSpot contacts (raw)", adhoc: { fields: { Vid: "string" } } },
};
const dataset: Manifest = {
  apiVersion: "aepsync/v1",
  kind: "Dataset",
  metadata: { name: "profiles" },
  spec: { name: "Marketing profiles", schema: "marketing-profile" },
};
const connection: Manifest = {
  apiVersion: "aepsync/v1",
  kind: "Connection",
  metadata: { name: "hubspot-prod" },
  spec: { connector: "hubspot", auth: { params: {} } },
};

describe("addressOf / parseAddress", () => {
  it.each([
    [["Connection", "hubspot-prod"], "Connection/hubspot-prod"],
    [["Pipeline", "hubspot-contacts", "flow"], "Pipeline/hubspot-contacts/flow"],
    [["Schema", "raw", "class"], "Schema/raw/class"],
  ] as const)("%j → %s and back", (args, address) => {
    const [kind, name, part] = args as unknown as [
      Parameters<typeof addressOf>[0],
      string,
      Parameters<typeof addressOf>[2],
    ];
    expect(addressOf(kind, name, part)).toBe(address);
    expect(parseAddress(address)).toEqual(part === undefined ? { kind, name } : { kind, name, part });
  });

  it("refuses parts a kind does not have", () => {
    expect(() => addressOf("Dataset", "profiles", "flow")).toThrow("Dataset has no address part 'flow'");
    expect(parseAddress("Dataset/profiles/flow")).toBeUndefined();
    expect(parseAddress("Flow/x")).toBeUndefined();
    expect(parseAddress("Pipeline/x/flow/extra")).toBeUndefined();
  });
});

describe("aepNameOf", () => {
  it("uses display names where the manifest has one, else the address", () => {
    expect(aepNameOf(dataset)).toBe("Marketing profiles");
    expect(aepNameOf(connection)).toBe("hubspot-prod");
    expect(aepNameOf(pipeline, "flow")).toBe("hubspot-contacts-flow");
    expect(aepNameOf(pipeline, "source")).toBe("hubspot-contacts-source");
    expect(aepNameOf(adhoc, "schema")).toBe("HubSpot contacts (raw)");
    expect(aepNameOf(adhoc, "class")).toBe("hubspot-contacts-raw-class");
  });
});
