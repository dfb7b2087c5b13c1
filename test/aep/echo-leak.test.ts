import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AepError, registerSecret } from "../../src/aep/index.ts";
import type { AepClient } from "../../src/aep/index.ts";
import { leakPattern } from "./leak-check.ts";
import { recordSleeps, scriptedClient, startScriptedServer } from "./scripted-server.ts";
import type { RecordedRequest, ScriptedReply, ScriptedServer } from "./scripted-server.ts";

// A hostile (or merely chatty) service echoes what it was sent, in whatever encoding, padded so
// that every secret straddles each cut aepsync makes (300 characters of AEP's message in an
// error, 2,000 in an error field and in an AEPSYNC_DEBUG body). No 6-character piece of any
// secret, raw or encoded (leak-check.ts), may come out: not in the error, its fields, its JSON,
// nor in a debug line.
const SECRETS = {
  client: "Kc7#vQ2 x/Lp9&rW+é4Tz",
  param: `Zr5"mN\\8 b/Yq3&hJ+ü2Wd`,
  resolved: "gT6vB2nM8kL4pQ1xR3",
  token: "eyJhbGciOiJSUzI1NiJ9.Hq4tZ8wV2.sig9Pk",
};
// Five characters: masked verbatim only (validate warns about it); no 6-character piece exists.
const SHORT = "q7Z!k";

const connection = {
  name: "hubspot",
  description: `resolved into a description by mistake: ${SECRETS.resolved}`,
  auth: {
    specName: "OAuth2 Refresh Code",
    params: { clientId: "hs-client-id-1", clientSecret: SECRETS.param, accessToken: SHORT },
  },
  connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" },
};

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const form = (text: string) => new URLSearchParams({ echo: text }).toString();

/** How a service may echo a request body: each returns the text AEP's message would hold. */
const echoes: Record<string, (req: RecordedRequest) => string> = {
  raw: (req) =>
    `rejected ${req.method} ${req.url} auth=${String(req.headers.authorization)} body=${req.body}`,
  "JSON in JSON": (req) => `rejected ${JSON.stringify({ request: req.body })}`,
  "form-encoded": (req) => `rejected ${form(req.body)}`,
  "percent-encoded twice": (req) => `rejected ${encodeURIComponent(encodeURIComponent(req.body))}`,
  base64: (req) => `rejected payload=${b64(req.body)} basic=${b64(`user:${SECRETS.param}`)}`,
  "base64 shifted": (req) => `rejected payload=${b64(`ab${req.body}`)} basic=${b64(`u:${SECRETS.param}`)}`,
};

const forbiddenPattern = leakPattern(Object.values(SECRETS), [SHORT]);

function expectNothingLeaked(visible: string, context: string): void {
  // One regular expression over the text; the readable assertion only when it finds something.
  const found = forbiddenPattern.exec(visible);
  expect(found?.[0], `${context}: a piece of a secret in\n${visible}`).toBeUndefined();
}

function everythingVisible(error: AepError, lines: readonly string[]): string {
  const cause = error.cause instanceof Error ? `${error.cause.message} ${String(error.cause.stack)}` : "";
  return [
    error.message,
    String(error),
    error.stack ?? "",
    JSON.stringify(error),
    error.aepMessage ?? "",
    error.aepCode ?? "",
    cause,
    ...lines,
  ].join("\n");
}

async function failure(promise: Promise<unknown>): Promise<AepError> {
  const error = await promise.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AepError);
  return error as AepError;
}

// Offsets of the echo in AEP's message: around the 300-character cut of an error message, and
// around the 2,000-character cuts of an error's fields and of debug bodies.
// Every secret is at least 18 characters long, so a step of 6 puts each of them across a cut
// at least twice wherever it sits in the echo.
const PADS = [
  ...Array.from({ length: 56 }, (_, i) => i * 6),
  ...Array.from({ length: 61 }, (_, i) => 1650 + i * 6),
];

describe("AEP error bodies echoing requests never show a secret", () => {
  let server: ScriptedServer;
  let client: AepClient;
  const lines: string[] = [];
  let mode = "raw";
  let pad = 0;
  let shape: "gateway" | "flow-service" | "text" = "flow-service";
  // The gateway's shape ({error_code, message}) for one echo: it is parsed like the others.
  const shapes = (name: string) =>
    name === "raw" ? (["flow-service", "gateway", "text"] as const) : (["flow-service", "text"] as const);

  beforeAll(async () => {
    // As run.ts does with resolved ${secret:} values.
    registerSecret(SECRETS.resolved);
    registerSecret(SHORT);
    server = await startScriptedServer(
      (req): ScriptedReply => {
        const text = `${"x".repeat(pad)}${echoes[mode]!(req)}`;
        if (shape === "text") return { status: 400, body: text, headers: { "content-type": "text/plain" } };
        if (shape === "gateway") return { status: 403, body: { error_code: "403027", message: text } };
        return { status: 400, body: { code: "1415-400", errorMessage: text, errorDetails: text } };
      },
      (_req, n) => ({
        status: 200,
        body: { access_token: `${SECRETS.token}${n}`, token_type: "bearer", expires_in: 86399 },
      }),
    );
    const clock = recordSleeps();
    client = scriptedClient(server, {
      clientSecret: SECRETS.client,
      debug: (line) => lines.push(line),
      sleep: clock.sleep,
      now: clock.now,
      retry: { maxAttempts: 1 },
    });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it.each(Object.keys(echoes))("%s, padded across every cut", async (name) => {
    mode = name;
    let checked = 0;
    for (const s of shapes(name)) {
      shape = s;
      for (const p of PADS) {
        pad = p;
        lines.length = 0;
        const error = await failure(client.flowService.connections.create(connection));
        expect(error.status).toBeGreaterThanOrEqual(400);
        expect(lines.length).toBeGreaterThan(0);
        expectNothingLeaked(everythingVisible(error, lines), `${name} ${s} pad ${p}`);
        checked++;
      }
    }
    expect(checked).toBe(PADS.length * shapes(name).length);
  });
});

describe("IMS refusing the client secret and echoing it", () => {
  const imsEchoes: Record<string, (secret: string) => string> = {
    raw: (secret) => `invalid client secret ${secret}`,
    "percent-encoded": (secret) => `invalid client ${encodeURIComponent(secret)}`,
    "form-encoded": (secret) => `invalid ${form(secret)}`,
    "JSON in JSON": (secret) => `invalid ${JSON.stringify(JSON.stringify({ secret }))}`,
    base64: (secret) => `invalid Basic ${b64(`id:${secret}`)}`,
  };

  it.each(Object.keys(imsEchoes))("%s, padded across the cuts", async (name) => {
    let pad = 0;
    const server = await startScriptedServer(
      () => ({ status: 200 }),
      (req) => {
        const secret = new URLSearchParams(req.body).get("client_secret") ?? "";
        return {
          status: 401,
          body: {
            error: "invalid_client",
            error_description: `${"y".repeat(pad)}${imsEchoes[name]!(secret)}`,
          },
        };
      },
    );
    const lines: string[] = [];
    const clock = recordSleeps();
    const client = scriptedClient(server, {
      clientSecret: SECRETS.client,
      debug: (line) => lines.push(line),
      sleep: clock.sleep,
      now: clock.now,
      retry: { maxAttempts: 1 },
    });
    try {
      for (const p of [...PADS.slice(0, 56), 1980, 1990, 2000]) {
        pad = p;
        lines.length = 0;
        const error = await failure(client.flowService.connections.get("c1"));
        expect(error.code).toBe("E_AUTH");
        expectNothingLeaked(everythingVisible(error, lines), `${name} pad ${p}`);
      }
    } finally {
      await client.close();
      await server.close();
    }
  });
});
