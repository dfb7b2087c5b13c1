import { describe, expect, it } from "vitest";
import { AepError } from "../../src/aep/errors.ts";
import {
  MASK,
  redact,
  redactBody,
  redactHeaders,
  redactJson,
  registerCredentialParams,
  registerSecret,
  secretForms,
} from "../../src/aep/redact.ts";

describe("redact", () => {
  it("masks registered secrets in every form they take", () => {
    const secret = `unit-"secret"/with spaces&more`;
    registerSecret(secret);
    expect(redact(`a ${secret} b`)).toBe(`a ${MASK} b`);
    expect(redact(`q=${encodeURIComponent(secret)}`)).toBe(`q=${MASK}`);
    expect(redact(JSON.stringify({ x: secret }))).toBe(`{"x":"${MASK}"}`);
  });

  it("ignores values of two characters, masks a 3-character secret verbatim", () => {
    registerSecret("ab");
    expect(redact("ab sandbox")).toBe("ab sandbox");
    registerSecret("q7Z");
    expect(redact("token q7Z, again:q7Z")).toBe(`token ${MASK}, again:${MASK}`);
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

/** Every `size`-character piece of `text`. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= text.length; i++) out.push(text.slice(i, i + size));
  return out;
}

function expectNoPiece(output: string, text: string, size: number): void {
  for (const piece of pieces(text, size))
    expect(output, `'${piece}' leaked from ${output}`).not.toContain(piece);
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const b64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");
// Python's urllib.parse.quote: `/` kept, everything else escaped; lower-case hex as some servers write it.
const pythonQuote = (text: string) =>
  [...Buffer.from(text, "utf8")]
    .map((b) =>
      /[A-Za-z0-9_.~/-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16)}`,
    )
    .join("");

describe("a secret in every encoding a service may echo", () => {
  const secret = `Zq8#rT v/W"x\\k&p+é9Lm`;
  registerSecret(secret);
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  const encodings: [string, string][] = [
    ["raw", secret],
    ["JSON-escaped", json(secret)],
    ["JSON in JSON", json(json(secret))],
    ["JSON with \\u escapes (Python)", json(secret).replace("é", "\\u00e9")],
    ["JSON with \\/ (PHP)", json(secret).replaceAll("/", "\\/")],
    ["percent-encoded", encodeURIComponent(secret)],
    ["percent-encoded twice", encodeURIComponent(encodeURIComponent(secret))],
    ["form-encoded", new URLSearchParams({ p: secret }).toString().slice(2)],
    ["form-encoded JSON", new URLSearchParams({ body: JSON.stringify({ p: secret }) }).toString()],
    ["quoted with / kept, lower-case hex", pythonQuote(secret)],
    ["base64", b64(secret)],
    ["base64 after 1 byte", b64(`a${secret}`)],
    ["base64 after 2 bytes", b64(`ab${secret}`)],
    ["base64 of user:secret (Basic)", b64(`user:${secret}`)],
    ["base64url after 1 byte", b64url(`x${secret}`)],
  ];

  it.each(encodings)("%s", (_name, encoded) => {
    const output = redact(`error: echo ${encoded} (end)`);
    expect(output).toContain(MASK);
    expectNoPiece(output, secret, 6);
    // What is left of the encoded form: at most a few characters of its edges.
    expectNoPiece(output, encoded.length > 12 ? encoded.slice(4, -4) : encoded, 8);
  });

  it("base64 of a whole JSON body holding it", () => {
    const encoded = b64(JSON.stringify({ auth: { params: { p: secret } } }));
    const output = redact(`echo ${encoded}`);
    const [before = "", after = ""] = output.slice(5).split(MASK);
    // What is left decodes to the JSON around the secret, never to a piece of it.
    expect(Buffer.from(before, "base64").toString("latin1")).toMatch(/^\{"auth":\{"params":\{"p":"/);
    expect(after.length).toBeLessThanOrEqual(12);
    expectNoPiece(output, secret, 6);
  });

  it("lists the forms once each, base64 only for secrets of 8 characters or more", () => {
    const forms = secretForms(secret);
    expect(new Set(forms).size).toBe(forms.length);
    expect(forms).toContain(json(json(secret)));
    expect(secretForms("q7Z!k")).toEqual(["q7Z!k", "q7Z!k".replace("!", "%21")]);
  });

  it("masks a piece of a secret that someone else cut short at the edge of a text", () => {
    const long = "hX3tQ9wPz7Lk2Vb8";
    registerSecret(long);
    for (const text of [
      `echo: ${long.slice(0, 9)}`,
      `echo: ${long.slice(0, 6)}…`,
      `echo: ${long.slice(0, 7)}... and more`,
      `${long.slice(5)} was the rest`,
      `…${long.slice(3)} was the rest`,
    ]) {
      const output = redact(text);
      expect(output, text).toContain(MASK);
      expectNoPiece(output, long, 6);
    }
    // Five characters are too few to tell a piece of a secret from ordinary text.
    expect(redact("hX3tQ in the middle of hX3tQ")).toBe("hX3tQ in the middle of hX3tQ");
  });

  it("cuts AEP's message after redacting it, so no prefix of a secret is left at the cut", () => {
    const long = "pF4kW8sN2xR6vB1m";
    registerSecret(long);
    for (let pad = 270; pad <= 300; pad++) {
      const error = new AepError({
        code: "E_HTTP",
        method: "POST",
        path: "/flowservice/connections",
        status: 400,
        aepCode: "1415-400",
        aepMessage: `${"x".repeat(pad)}${long} ${JSON.stringify({ p: long })}`,
      });
      const visible = [error.message, error.aepMessage ?? "", JSON.stringify(error)].join("\n");
      expectNoPiece(visible, long, 6);
      expect(error.message.length).toBeLessThan(400);
    }
  });
});
