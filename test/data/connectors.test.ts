import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  chooseAuthSpec,
  connectors,
  findConnector,
  findFlowSpecByName,
  fitSourceParams,
  flowSpecs,
  type ConnectorInfo,
} from "../../src/data/connectors.ts";
import { findConnectionSpec, flowSpecItems, sourceParamsProblem } from "../../src/emulator/specs.ts";

function connector(alias: string): ConnectorInfo {
  const found = findConnector(alias);
  if (found === undefined) throw new Error(`no connector ${alias}`);
  return found;
}

const salesforce = connector("salesforce");

describe("the connector catalog", () => {
  it("covers CRM, marketing automation and files", () => {
    expect(new Set(connectors.map((c) => c.category))).toEqual(
      new Set(["crm", "marketing-automation", "cloud-storage"]),
    );
    expect(connectors.map((c) => c.alias)).toEqual([
      "hubspot",
      "salesforce",
      "microsoft-dynamics",
      "oracle-eloqua",
      "salesforce-marketing-cloud",
      "mailchimp",
      "amazon-s3",
    ]);
  });

  it.each(connectors.map((c) => [c.alias, c] as const))(
    "%s is consistent and cites Adobe's guides",
    (_, c) => {
      expect(connectors.filter((o) => o.connectionSpec.id === c.connectionSpec.id)).toHaveLength(1);
      expect(c.authSpecs.length).toBeGreaterThan(0);
      for (const auth of c.authSpecs) {
        for (const p of [...auth.required, ...auth.secret])
          expect(auth.params, `${auth.name}: ${p}`).toContain(p);
      }
      expect(c.sourceParamSets.length).toBeGreaterThan(0);
      const flowSpec = findFlowSpecByName(c.flowSpecName);
      expect(flowSpec?.sourceConnectionSpecIds).toContain(c.connectionSpec.id);
      // A flow spec without a Copy transformation cannot take a deltaColumn, so cannot need one.
      if (flowSpec !== undefined && !flowSpec.copyTransformation) expect(c.deltaColumnRequired).toBe(false);
      expect(c.guides.length).toBeGreaterThan(0);
      for (const guide of c.guides) {
        expect(guide.path).toMatch(/^help\/sources\/.+\.md$/);
        expect(guide.version).not.toBe("");
      }
    },
  );

  it("defaults Salesforce to OAuth2 Client Credential and marks Basic Authentication deprecated", () => {
    expect(salesforce.authSpecs[0]?.name).toBe("OAuth2 Client Credential");
    expect(salesforce.authSpecs[0]?.required).toEqual([
      "environmentUrl",
      "clientId",
      "clientSecret",
      "apiVersion",
    ]);
    const jwt = salesforce.authSpecs.find((a) => a.name === "OAuth2 JWT Token Credential");
    expect(jwt?.params).toEqual(["jwtToken", "clientId", "clientSecret", "instanceUrl"]);
    const basic = salesforce.authSpecs.find((a) => a.name === "Basic Authentication");
    expect(basic?.deprecated).toMatch(/January 2026/);
    expect(salesforce.authSpecs.filter((a) => a.deprecated !== undefined)).toEqual([basic]);
  });

  it("is the README's connector table", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    for (const c of connectors) {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${c.alias}\``));
      expect(row, c.alias).toBeDefined();
      for (const auth of c.authSpecs) expect(row, `${c.alias}: ${auth.name}`).toContain(`\`${auth.name}\``);
      expect(row).toContain(c.flowSpecName);
    }
  });

  it("moves Amazon S3 with CloudStorageToAEP, whose flows have no Copy transformation", () => {
    const s3 = connector("amazon-s3");
    expect(s3.flowSpecName).toBe("CloudStorageToAEP");
    const spec = flowSpecs.find((f) => f.id === "9753525b-82c7-4dce-8a9b-5ccfce2b9876");
    expect(spec).toMatchObject({
      name: "CloudStorageToAEP",
      copyTransformation: false,
      deltaColumnRequired: false,
    });
    expect(connector("microsoft-dynamics").flowSpecName).toBe("CRMToAEP");
  });
});

describe("chooseAuthSpec", () => {
  const pick = (c: ConnectorInfo, specName: string | undefined, params: string[]) => {
    const choice = chooseAuthSpec(c, specName, params);
    return `${choice.by}: ${choice.name}${choice.spec === undefined ? " (unknown)" : ""}`;
  };

  it("keeps the spec that a Salesforce manifest written for Basic Authentication always had", () => {
    expect(pick(salesforce, undefined, ["username", "password", "securityToken", "environmentUrl"])).toBe(
      "params: Basic Authentication",
    );
    expect(pick(salesforce, undefined, ["username", "password", "securityToken"])).toBe(
      "params: Basic Authentication",
    );
  });

  it("picks the spec whose params are given", () => {
    expect(pick(salesforce, undefined, ["environmentUrl", "clientId", "clientSecret", "apiVersion"])).toBe(
      "params: OAuth2 Client Credential",
    );
    expect(pick(salesforce, undefined, ["jwtToken", "clientId", "clientSecret", "instanceUrl"])).toBe(
      "params: OAuth2 JWT Token Credential",
    );
    const mailchimp = connector("mailchimp");
    expect(pick(mailchimp, undefined, ["authorizationTestUrl", "accessToken"])).toBe(
      "params: oAuth2RefreshCode",
    );
    expect(pick(mailchimp, undefined, ["username", "password"])).toBe("params: Basic Authentication");
  });

  it("falls back to the default only when the params leave a choice or fit none", () => {
    // clientId + clientSecret fit both OAuth2 specs and complete neither.
    expect(pick(salesforce, undefined, ["clientId", "clientSecret"])).toBe(
      "default: OAuth2 Client Credential",
    );
    expect(pick(salesforce, undefined, [])).toBe("default: OAuth2 Client Credential");
    expect(pick(salesforce, undefined, ["clientId", "password"])).toBe("default: OAuth2 Client Credential");
  });

  it("takes a named spec as named, known or not", () => {
    expect(pick(salesforce, "Basic Authentication", ["clientId"])).toBe("named: Basic Authentication");
    expect(pick(salesforce, "OAuth2", [])).toBe("named: OAuth2 (unknown)");
  });
});

describe("fitSourceParams", () => {
  it("accepts either Salesforce form", () => {
    expect(fitSourceParams(salesforce, ["path"])).toMatchObject({ kind: "fits", misplaced: [] });
    const table = fitSourceParams(salesforce, ["tableName", "columns"]);
    expect(table).toMatchObject({ kind: "fits", misplaced: [] });
    expect(table.kind === "fits" && table.set.required).toEqual(["tableName"]);
  });

  it("finds no form, two forms, or a param of the other form", () => {
    expect(fitSourceParams(salesforce, ["columns"])).toEqual({ kind: "none" });
    expect(fitSourceParams(salesforce, ["path", "tableName"]).kind).toBe("several");
    expect(fitSourceParams(salesforce, ["path", "columns"])).toMatchObject({
      kind: "fits",
      misplaced: ["columns"],
    });
  });

  it("leaves params no form mentions alone", () => {
    expect(fitSourceParams(connector("hubspot"), ["path", "custom"])).toMatchObject({
      kind: "fits",
      misplaced: [],
    });
    expect(fitSourceParams(connector("microsoft-dynamics"), ["tableName", "primaryKey"])).toMatchObject({
      kind: "fits",
      misplaced: [],
    });
  });
});

describe("the emulator's specs, seeded from the catalog", () => {
  const spec = (alias: string) => {
    const found = findConnectionSpec(connector(alias).connectionSpec.id);
    if (found === undefined) throw new Error(`no connection spec for ${alias}`);
    return found;
  };

  it("refuses Salesforce source params in neither or both forms, and accepts each form", () => {
    const sf = spec("salesforce");
    expect(sourceParamsProblem(sf, { path: "Contact" })).toBeUndefined();
    expect(sourceParamsProblem(sf, { tableName: "Contact", columns: [{ name: "Id" }] })).toBeUndefined();
    expect(sourceParamsProblem(sf, {})).toBe("exactly one of params.path or params.tableName is required");
    expect(sourceParamsProblem(sf, undefined)).toBe(
      "exactly one of params.path or params.tableName is required",
    );
    expect(sourceParamsProblem(sf, { path: "Contact", tableName: "Contact" })).toMatch(/exactly one of/);
    expect(sourceParamsProblem(sf, { tableName: "Contact", columns: "Id" })).toBe(
      "'params.columns' must be an array",
    );
  });

  it("requires the one form of single-form connectors", () => {
    expect(sourceParamsProblem(spec("amazon-s3"), { path: "/a.csv", recursive: "true" })).toBeUndefined();
    expect(sourceParamsProblem(spec("amazon-s3"), {})).toBe("'params.path' is required");
    expect(sourceParamsProblem(spec("microsoft-dynamics"), { primaryKey: "contactid" })).toBe(
      "'params.tableName' is required",
    );
    expect(sourceParamsProblem(spec("mailchimp"), { listId: "10c097ca71" })).toBeUndefined();
  });

  it("lists every auth spec with its required params and masks its secrets", () => {
    const authSpecs = spec("salesforce").authSpec as { name: string; spec: { required: string[] } }[];
    expect(authSpecs.map((a) => a.name)).toEqual([
      "OAuth2 Client Credential",
      "OAuth2 JWT Token Credential",
      "Basic Authentication",
    ]);
    expect(authSpecs[0]?.spec.required).toContain("apiVersion");
    expect(spec("amazon-s3").attributes).toMatchObject({ category: "Cloud Storage" });
  });

  it("serves CloudStorageToAEP with a Mapping transformation only", () => {
    const item = flowSpecItems.find((f) => f.name === "CloudStorageToAEP");
    expect(item?.id).toBe("9753525b-82c7-4dce-8a9b-5ccfce2b9876");
    expect((item?.transformationSpecs as { name: string }[]).map((t) => t.name)).toEqual(["Mapping"]);
    expect(item?.sourceConnectionSpecIds).toEqual([connector("amazon-s3").connectionSpec.id]);
  });
});
