import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.ts";
import { aepConfigFromEnv, createAepClient, DEFAULT_SCOPES } from "../../src/aep/index.ts";
import type { AepClientConfig } from "../../src/aep/index.ts";
import { parseErrorBody } from "../../src/aep/errors.ts";
import { mergeQuery } from "../../src/aep/paginate.ts";
import { parseDataSetLink } from "../../src/aep/catalog.ts";
import { inferContainer } from "../../src/aep/schema-registry.ts";
import { startScriptedServer } from "./scripted-server.ts";

const env = {
  AEP_CLIENT_ID: "cid",
  AEP_CLIENT_SECRET: "csecret",
  AEP_ORG_ID: "ORG@AdobeOrg",
};

describe("aepConfigFromEnv", () => {
  it("reads the AEP_* variables with the documented defaults", () => {
    expect(aepConfigFromEnv(env, "dev")).toEqual({
      platformUrl: "https://platform.adobe.io",
      imsUrl: "https://ims-na1.adobelogin.com",
      clientId: "cid",
      clientSecret: "csecret",
      orgId: "ORG@AdobeOrg",
      sandbox: "dev",
    });
    const custom = aepConfigFromEnv(
      {
        ...env,
        AEP_SCOPES: "a,b",
        AEP_PLATFORM_URL: "http://p",
        AEP_IMS_URL: "http://i",
        AEP_SANDBOX: "other",
      },
      undefined,
    );
    expect(custom).toMatchObject({
      scopes: "a,b",
      platformUrl: "http://p",
      imsUrl: "http://i",
      sandbox: "other",
    });
  });

  it("prefers the sandbox the CLI chose over AEP_SANDBOX", () => {
    expect(aepConfigFromEnv({ ...env, AEP_SANDBOX: "prod" }, "dev").sandbox).toBe("dev");
  });

  it("names every missing variable at once", () => {
    const attempt = () => aepConfigFromEnv({ AEP_CLIENT_ID: " " }, undefined);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      "missing AEP settings: set AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID, AEP_SANDBOX (or --sandbox / --env)",
    );
  });

  it("defaults the scopes to the Experience Platform API credential's list", () => {
    expect(DEFAULT_SCOPES).toBe(
      "openid,session,AdobeID,read_organizations,additional_info.projectedProductContext",
    );
  });
});

describe("createAepClient", () => {
  it("refuses a client without a sandbox, before any request", async () => {
    const server = await startScriptedServer(() => ({ status: 200, body: { items: [] } }));
    try {
      const config: AepClientConfig = {
        platformUrl: server.url,
        imsUrl: server.url,
        clientId: "c",
        clientSecret: "secret-x",
        orgId: "o",
        sandbox: "",
      };
      expect(() => createAepClient(config)).toThrow(ConfigError);
      expect(() => createAepClient({ ...config, sandbox: "   " })).toThrow(/sandbox/);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe("parsers", () => {
  it.each([
    [
      { error_code: "403010", message: "Oauth token is missing." },
      { aepCode: "403010", aepMessage: "Oauth token is missing." },
    ],
    [
      { errorMessage: "Version not matching", errorDetails: "d", code: "1404-412" },
      { aepCode: "1404-412", aepMessage: "Version not matching" },
    ],
    [{ errorMessage: "not found", errorDetails: "d" }, { aepMessage: "not found" }],
    [
      {
        type: "http://ns.adobe.com/aep/errors/XDM-1012-404",
        title: "Resource Not Found",
        status: 404,
        detail: "no schema",
      },
      { aepCode: "XDM-1012-404", aepMessage: "no schema" },
    ],
    ["plain text", { aepMessage: "plain text" }],
    [undefined, {}],
  ])("parseErrorBody(%j)", (body, expected) => {
    expect(parseErrorBody(body)).toEqual(expected);
  });

  it("merges a next link's query over the first request's", () => {
    const original = [
      ["property", "name==a"],
      ["limit", 100],
      ["orderby", undefined],
    ] as const;
    expect(mergeQuery(original, "/flows?continuationToken=abc")).toEqual([
      ["property", "name==a"],
      ["limit", "100"],
      ["continuationToken", "abc"],
    ]);
    expect(
      mergeQuery(
        original,
        "https://platform.adobe.io/data/foundation/flowservice/flows?limit=5&continuationToken=x",
      ),
    ).toEqual([
      ["property", "name==a"],
      ["limit", "5"],
      ["continuationToken", "x"],
    ]);
  });

  it("parses Catalog's create answer and rejects anything else", () => {
    expect(parseDataSetLink(["@/dataSets/5c8c3c555033b814b69f947f"])).toBe("5c8c3c555033b814b69f947f");
    expect(() => parseDataSetLink({ id: "x" })).toThrow(/@\/dataSets/);
    expect(() => parseDataSetLink([])).toThrow();
  });

  it("infers the Schema Registry container from the id", () => {
    expect(inferContainer("https://ns.adobe.com/xdm/context/profile")).toBe("global");
    expect(inferContainer("_xdm.context.profile")).toBe("global");
    expect(inferContainer("https://ns.adobe.com/acme/schemas/abc")).toBe("tenant");
    expect(inferContainer("_acme.schemas.abc")).toBe("tenant");
  });
});
