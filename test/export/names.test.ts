import { describe, expect, it } from "vitest";
import {
  NameAllocator,
  slugOf,
  upperSnake,
  variablePrefix,
  VariableAllocator,
} from "../../src/export/names.ts";

describe("slugOf", () => {
  it.each([
    ["HubSpot – Marketing Account", "hubspot-marketing-account"],
    ["Café Données (EU) #2", "cafe-donnees-eu-2"],
    ["  --Contacts__2024--  ", "contacts-2024"],
    ["データフロー", ""],
    ["x".repeat(70), "x".repeat(63)],
    [`${"a".repeat(62)} b`, "a".repeat(62)],
  ])("%s → %s", (display, slug) => {
    expect(slugOf(display)).toBe(slug);
    if (slug !== "") expect(slug).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
  });
});

describe("NameAllocator", () => {
  it("makes names unique per allocator, never taking a reserved one", () => {
    const names = new NameAllocator(["hubspot-prod"]);
    expect(names.allocate("HubSpot Prod", "connection")).toBe("hubspot-prod-2");
    expect(names.allocate("hubspot-prod", "connection")).toBe("hubspot-prod-3");
    expect(names.allocate("データ", "connection")).toBe("connection");
    expect(names.allocate("", "connection")).toBe("connection-2");
  });

  it("keeps a suffixed long name within 63 characters and valid", () => {
    const names = new NameAllocator();
    const long = `${"a".repeat(61)}-b`;
    expect(names.allocate(long, "x")).toBe(long);
    const second = names.allocate(long, "x");
    expect(second).toBe(`${"a".repeat(61)}-2`);
    expect(second).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
  });
});

describe("variable names", () => {
  it.each([
    ["hubspot-marketing-account", "hubspot", "HUBSPOT_MARKETING_ACCOUNT"],
    ["marketing-account", "hubspot", "HUBSPOT_MARKETING_ACCOUNT"],
    ["hubspot", "hubspot", "HUBSPOT"],
    ["s3-landing", "amazon-s3", "S3_LANDING"],
    ["eloqua-prod", "oracle-eloqua", "ELOQUA_PROD"],
    ["landing-bucket", "amazon-s3", "AMAZON_S3_LANDING_BUCKET"],
    ["aep-sandbox-feed", undefined, "SOURCE_AEP_SANDBOX_FEED"],
    ["aepsync", undefined, "SOURCE_AEPSYNC"],
    ["2024-import", undefined, "SOURCE_2024_IMPORT"],
  ])("%s (%s) → %s", (name, alias, prefix) => {
    expect(variablePrefix(name, alias)).toBe(prefix);
  });

  it("spells params as environment variables, unique across the export", () => {
    expect(upperSnake("clientSecret")).toBe("CLIENT_SECRET");
    expect(upperSnake("s3SessionToken")).toBe("S3_SESSION_TOKEN");
    expect(upperSnake("authorizationTestUrl")).toBe("AUTHORIZATION_TEST_URL");
    const vars = new VariableAllocator();
    expect(vars.allocate("HUBSPOT_X", "clientSecret")).toBe("HUBSPOT_X_CLIENT_SECRET");
    expect(vars.allocate("HUBSPOT_X", "client_secret")).toBe("HUBSPOT_X_CLIENT_SECRET_2");
    expect(vars.allocate("HUBSPOT_X", "")).toBe("HUBSPOT_X_PARAM");
  });
});
