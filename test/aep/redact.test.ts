import { describe, expect, it } from "vitest";
import {
  MASK,
  redact,
  redactBody,
  redactHeaders,
  redactJson,
  registerCredentialParams,
  registerSecret,
} from "../../src/aep/redact.ts";

describe("redact", () => {
  it("masks registered secrets in every form they take", () => {
    const secret = `unit-"secret"/with spaces&more`;
    registerSecret(secret);
    expect(redact(`a ${secret} b`)).toBe(`a ${MASK} b`);
    expect(redact(`q=${encodeURIComponent(secret)}`)).toBe(`q=${MASK}`);
    expect(redact(JSON.stringify({ x: secret }))).toBe(`{"x":"${MASK}"}`);
  });

  it("ignores values too short to be secrets", () => {
    registerSecret("dev");
    expect(redact("dev sandbox")).toBe("dev sandbox");
  });

  it("masks bearer tokens and credential fields of forms and JSON text", () => {
    expect(redact("Authorization: Bearer eyJhbGciOi.abc.def")).toBe(`Authorization: Bearer ${MASK}`);
    expect(redact("grant_type=client_credentials&client_secret=abc123&scope=x")).toBe(
      `grant_type=client_credentials&client_secret=${MASK}&scope=x`,
    );
    expect(redact('{"access_token":"tok\\"en","expires_in":1}')).toBe(
      `{"access_token":"${MASK}","expires_in":1}`,
    );
    expect(redact('{"clientSecret": "zzz", "name": "n"}')).toBe(`{"clientSecret": "${MASK}", "name": "n"}`);
  });
});

describe("redactJson", () => {
  it("masks every auth.params value, whatever its name, and credential keys anywhere", () => {
    const body = {
      name: "hubspot",
      auth: { specName: "Basic Authentication", params: { clientId: "id-1", nested: { deep: "x" }, n: 5 } },
      extra: [{ password: "p" }, { token: "t", keep: "k" }],
    };
    expect(redactJson(body)).toEqual({
      name: "hubspot",
      auth: { specName: "Basic Authentication", params: { clientId: MASK, nested: MASK, n: MASK } },
      extra: [{ password: MASK }, { token: MASK, keep: "k" }],
    });
  });

  it("masks the params of a PATCH op replacing /auth/params when they come with specName", () => {
    expect(redactJson({ specName: "Basic Authentication", params: { password: "x", user: "u" } })).toEqual({
      specName: "Basic Authentication",
      params: { password: MASK, user: MASK },
    });
  });
});

describe("redactBody and redactHeaders", () => {
  it("masks form fields by name", () => {
    const form = "grant_type=client_credentials&client_id=abc&client_secret=s%26cret&scope=openid";
    expect(redactBody(form, "application/x-www-form-urlencoded")).toBe(
      `grant_type=client_credentials&client_id=abc&client_secret=${MASK}&scope=openid`,
    );
  });

  it("falls back to text redaction for a truncated JSON body", () => {
    expect(redactBody('{"access_token":"abc","x":', "application/json")).toBe(
      `{"access_token":"${MASK}","x":`,
    );
  });

  it("masks Authorization and cookies", () => {
    expect(redactHeaders({ Authorization: "Bearer abc", cookie: "a=b", "x-api-key": "id" })).toEqual({
      Authorization: `Bearer ${MASK}`,
      cookie: MASK,
      "x-api-key": "id",
    });
  });
});

describe("registerCredentialParams", () => {
  it("registers auth.params strings of bodies and of /auth/params patch values", () => {
    registerCredentialParams({
      auth: { specName: "Basic Authentication", params: { a: "param-value-one" } },
    });
    registerCredentialParams([{ op: "replace", path: "/auth/params", value: { b: "param-value-two" } }]);
    registerCredentialParams([{ op: "replace", path: "/description", value: "not-a-secret-text" }]);
    expect(redact("param-value-one param-value-two not-a-secret-text Basic Authentication")).toBe(
      `${MASK} ${MASK} not-a-secret-text Basic Authentication`,
    );
  });
});
