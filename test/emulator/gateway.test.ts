/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.ts";
import { CAT, FS, fetchToken, hubspotConnection, SR, startClient } from "./helpers.ts";

describe("IMS token endpoint", () => {
  it("issues a bearer token for client_credentials, expires_in in seconds", async () => {
    const { emu } = await startClient({ tokenTtlSeconds: 3600 });
    const res = await fetch(`${emu.url}/ims/token/v3`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}`,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(typeof body.access_token).toBe("string");
  });

  it("accepts the form in the query string", async () => {
    const { emu } = await startClient();
    const query = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
    });
    const res = await fetch(`${emu.url}/ims/token/v3?${query.toString()}`, { method: "POST" });
    expect(res.status).toBe(200);
  });

  it.each([
    ["wrong secret", { client_secret: "nope" }, 401, "invalid_client"],
    ["wrong client id", { client_id: "someone-else" }, 401, "invalid_client"],
    ["other grant type", { grant_type: "authorization_code" }, 400, "unsupported_grant_type"],
  ])("refuses a %s", async (_name, change, status, error) => {
    const { emu } = await startClient();
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
      ...change,
    });
    const res = await fetch(`${emu.url}/ims/token/v3`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error });
  });

  it("rejects a token once it has expired", async () => {
    const emu = await startEmulator({ port: 0, tokenTtlSeconds: 0 });
    try {
      const token = await fetchToken(emu);
      const res = await fetch(`${emu.url}${FS}/flows`, {
        headers: {
          authorization: `Bearer ${token}`,
          "x-api-key": emu.clientId,
          "x-gw-ims-org-id": emu.orgId,
        },
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error_code: "401013", message: "Oauth token is not valid" });
    } finally {
      await emu.close();
    }
  });
});

describe("gateway", () => {
  it.each([
    [
      "no Authorization",
      { omit: ["authorization"] },
      403,
      { error_code: "403010", message: "Oauth token is missing." },
    ],
    [
      "an unknown token",
      { headers: { authorization: "Bearer not-issued" } },
      401,
      { error_code: "401013", message: "Oauth token is not valid" },
    ],
    ["no x-api-key", { omit: ["x-api-key"] }, 403, { error_code: "403000", message: "Api Key is required" }],
    [
      "a wrong x-api-key",
      { headers: { "x-api-key": "other" } },
      403,
      { error_code: "403003", message: "Api Key is invalid" },
    ],
    [
      "no x-gw-ims-org-id",
      { omit: ["x-gw-ims-org-id"] },
      400,
      { error_code: "400003", message: "Missing header" },
    ],
    [
      "another org",
      { headers: { "x-gw-ims-org-id": "OTHER@AdobeOrg" } },
      403,
      { error_code: "403025", message: "Profile is not valid" },
    ],
  ])("answers %s with the gateway body", async (_name, options, status, body) => {
    const client = await startClient();
    const answer = await client.call("GET", `${FS}/flows`, options);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual(body);
  });

  it("checks the token before the api key", async () => {
    const client = await startClient();
    const answer = await client.call("GET", `${FS}/flows`, { omit: ["authorization", "x-api-key"] });
    expect(answer.body.error_code).toBe("403010");
  });

  it("lands a request without x-sandbox-name in prod, and keeps sandboxes apart", async () => {
    const client = await startClient();
    const created = await client.call("POST", `${FS}/connections`, {
      body: hubspotConnection,
      sandbox: null,
    });
    expect(created.status).toBe(201);
    const inProd = await client.call("GET", `${FS}/connections/${created.body.id}`, { sandbox: "prod" });
    expect(inProd.status).toBe(200);
    expect(inProd.body.items[0].sandboxName).toBe("prod");
    const inDev = await client.call("GET", `${FS}/connections/${created.body.id}`, { sandbox: "dev" });
    expect(inDev.status).toBe(404);
    const devList = await client.call("GET", `${FS}/connections`);
    expect(devList.body.items).toEqual([]);
  });

  it("answers 404 with the Flow Service body for a sandbox it does not have", async () => {
    const client = await startClient();
    const answer = await client.call("GET", `${CAT}/dataSets`, { sandbox: "staging" });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: "2100-404", errorMessage: "sandbox not found" });
  });

  it("requires a JSON content type on body requests", async () => {
    const client = await startClient();
    const answer = await client.call("POST", `${FS}/connections`, {
      raw: JSON.stringify(hubspotConnection),
      headers: { "content-type": "text/plain" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      type: "/placeholder/type/uri",
      status: 400,
      title: "BadRequestError",
      detail: "A valid content-type must be specified",
    });
    const noType = await client.call("POST", `${SR}/tenant/schemas`, { raw: "{}" });
    expect(noType.status).toBe(400);
    expect(noType.body.title).toBe("BadRequestError");
  });

  it("accepts application/json-patch+json on PATCH only", async () => {
    const client = await startClient();
    const created = await client.call("POST", `${FS}/connections`, { body: hubspotConnection });
    const patch = JSON.stringify([{ op: "replace", path: "/name", value: "renamed" }]);
    const ok = await client.call("PATCH", `${FS}/connections/${created.body.id}`, {
      raw: patch,
      headers: { "content-type": "application/json-patch+json", "if-match": created.body.etag },
    });
    expect(ok.status).toBe(200);
    const post = await client.call("POST", `${FS}/connections`, {
      raw: JSON.stringify(hubspotConnection),
      headers: { "content-type": "application/json-patch+json" },
    });
    expect(post.status).toBe(400);
  });

  it("rejects malformed JSON", async () => {
    const client = await startClient();
    const answer = await client.call("POST", `${FS}/connections`, {
      raw: '{"name": "x"',
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(/Malformed JSON/);
  });

  it("answers 404 outside the known services", async () => {
    const client = await startClient();
    expect((await client.call("GET", "/data/foundation/unknown/things")).status).toBe(404);
    expect((await client.call("GET", `${FS}/widgets`)).status).toBe(404);
  });

  it("invalidates every token on revoke, and a new token works", async () => {
    const client = await startClient();
    expect((await client.admin("POST", "/tokens/revoke")).status).toBe(204);
    const answer = await client.call("GET", `${FS}/flows`);
    expect(answer.status).toBe(401);
    const token = await fetchToken(client.emu);
    const again = await client.call("GET", `${FS}/flows`, { headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(200);
  });
});
