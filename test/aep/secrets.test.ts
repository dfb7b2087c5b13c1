import { afterEach, describe, expect, it } from "vitest";
import { AepError, registerSecret } from "../../src/aep/index.ts";
import type { AepClient } from "../../src/aep/index.ts";
import { recordSleeps, scriptedClient, startScriptedServer, TEST_CLIENT_SECRET } from "./scripted-server.ts";
import type { RecordedRequest, ScriptedReply, ScriptedServer } from "./scripted-server.ts";

// Values a leak would show verbatim. The token is what the hostile IMS below hands out.
const ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.leaky-access-token.sig";
const PARAMS = {
  clientId: "hubspot-client-id-visible",
  clientSecret: "hubspot-client-secret-123",
  accessToken: "hubspot-access-token-456",
  refreshToken: "hubspot-refresh-token-789",
};
const RESOLVED_SECRET = "resolved-secret-from-env-000";
const SECRETS = [TEST_CLIENT_SECRET, ACCESS_TOKEN, ...Object.values(PARAMS), RESOLVED_SECRET];

const connectionBody = {
  name: "hubspot",
  description: `uses ${RESOLVED_SECRET} somewhere it should not`,
  auth: { specName: "Basic Authentication", params: PARAMS },
  connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" },
};

/** Everything a request carried, echoed back as text: the worst a service could do. */
function echo(req: RecordedRequest): string {
  return `echo ${req.method} ${req.url} auth=${String(req.headers.authorization)} body=${req.body}`;
}

let server: ScriptedServer | undefined;
let client: AepClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function hostile(
  reply: (req: RecordedRequest) => ScriptedReply,
  ims?: (req: RecordedRequest) => ScriptedReply,
) {
  server = await startScriptedServer(
    reply,
    ims ??
      ((req) => ({
        status: 200,
        body: { access_token: ACCESS_TOKEN, token_type: "bearer", expires_in: 86399, echo: req.body },
      })),
  );
  const lines: string[] = [];
  const clock = recordSleeps();
  client = scriptedClient(server, {
    debug: (line) => lines.push(line),
    sleep: clock.sleep,
    now: clock.now,
    retry: { maxAttempts: 2 },
  });
  return { client, lines };
}

function everythingVisible(error: unknown, lines: string[]): string {
  const e = error as AepError;
  const cause = e.cause instanceof Error ? `${e.cause.message} ${String(e.cause.stack)}` : "";
  return [
    e.message,
    String(e),
    e.stack,
    JSON.stringify(e),
    e.aepMessage,
    e.aepCode,
    e.path,
    cause,
    ...lines,
  ].join("\n");
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text, `leaked ${secret}`).not.toContain(secret);
}

async function failure(promise: Promise<unknown>): Promise<AepError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AepError);
  return error as AepError;
}

describe("secrets never appear in errors or debug lines", () => {
  registerSecret(RESOLVED_SECRET);

  it("IMS refusing the credentials and echoing them", async () => {
    const { client, lines } = await hostile(
      () => ({ status: 200 }),
      (req) => ({ status: 401, body: { error: "invalid_client", error_description: echo(req) } }),
    );
    const error = await failure(client.flowService.connections.get("c1"));
    expect(error.code).toBe("E_AUTH");
    expect(lines.length).toBeGreaterThan(0);
    expectNoSecret(everythingVisible(error, lines));
  });

  it("a 400 that echoes the Authorization header and the connection body as JSON and as text", async () => {
    for (const asText of [false, true]) {
      const { client, lines } = await hostile((req) =>
        asText
          ? { status: 400, body: echo(req), headers: { "content-type": "text/plain" } }
          : { status: 400, body: { errorMessage: echo(req), errorDetails: req.body, code: "1415-400" } },
      );
      const error = await failure(client.flowService.connections.create(connectionBody));
      expect(error.status).toBe(400);
      expectNoSecret(everythingVisible(error, lines));
      await client.close();
      await server?.close();
    }
    client = undefined;
    server = undefined;
  });

  it("a 400 that names the credential values bare, without their keys", async () => {
    const { client, lines } = await hostile((req) => {
      const sent = JSON.parse(req.body) as typeof connectionBody;
      return {
        status: 400,
        body: { errorMessage: `rejected: ${Object.values(sent.auth.params).join(" / ")}` },
      };
    });
    const error = await failure(client.flowService.connections.create(connectionBody));
    expect(error.aepMessage).toContain("rejected: ***");
    expectNoSecret(everythingVisible(error, lines));
  });

  it("an ambiguous 500 and a dropped connection on create", async () => {
    for (const reply of [{ status: 500, body: { errorMessage: "x" } }, "drop"] as const) {
      const { client, lines } = await hostile((req) =>
        reply === "drop" ? "drop" : { ...reply, body: { errorMessage: echo(req) } },
      );
      const error = await failure(client.flowService.connections.create(connectionBody));
      expect(error.ambiguous).toBe(true);
      expectNoSecret(everythingVisible(error, lines));
      await client.close();
      await server?.close();
    }
    client = undefined;
    server = undefined;
  });

  it("a 412 on a credential rotation echoing the new params", async () => {
    const { client, lines } = await hostile((req) => ({
      status: 412,
      body: { errorMessage: echo(req), code: "1404-412" },
    }));
    const rotation = [
      {
        op: "replace" as const,
        path: "/auth/params",
        value: { ...PARAMS, clientSecret: "rotated-secret-abc-999" },
      },
    ];
    const error = await failure(client.flowService.connections.patch("c1", rotation, '"e"'));
    expect(error.code).toBe("E_CONFLICT");
    const visible = everythingVisible(error, lines);
    expectNoSecret(visible);
    expect(visible).not.toContain("rotated-secret-abc-999");
  });

  it("a successful read that returns credentials unmasked (debug lines only)", async () => {
    const { client, lines } = await hostile(() => ({
      status: 200,
      body: { items: [{ id: "c1", etag: '"e"', ...connectionBody }] },
    }));
    const connection = await client.flowService.connections.get("c1");
    // The value itself is returned to the caller (the planner needs the shape), only output is masked.
    expect(connection?.auth?.params).toEqual(PARAMS);
    expect(lines.join("\n")).toContain("aepsync:http GET");
    expectNoSecret(lines.join("\n"));
  });

  it("a 404 and an unexpected response shape", async () => {
    const { client, lines } = await hostile((req) =>
      req.method === "GET"
        ? { status: 404, body: { errorMessage: echo(req) } }
        : { status: 201, body: { unexpected: echo(req) } },
    );
    expect(await client.flowService.connections.get("c1")).toBeUndefined();
    const error = await failure(client.flowService.connections.create(connectionBody));
    expect(error.message).toContain("unexpected response");
    expectNoSecret(everythingVisible(error, lines));
  });

  it("debug lines carry method, URL, status, time and redacted headers and bodies", async () => {
    const { client, lines } = await hostile(() => ({ status: 201, body: { id: "c1", etag: '"e"' } }));
    await client.flowService.connections.create(connectionBody);
    const [ims, post] = lines;
    expect(ims).toMatch(/^aepsync:http POST http:\/\/127\.0\.0\.1:\d+\/ims\/token\/v3 200 \d+ms /);
    expect(ims).toContain("client_secret=***");
    expect(post).toMatch(
      /^aepsync:http POST http:\/\/127\.0\.0\.1:\d+\/data\/foundation\/flowservice\/connections 201 \d+ms /,
    );
    expect(post).toContain('"authorization":"***"');
    expect(post).toContain(
      '"params":{"clientId":"***","clientSecret":"***","accessToken":"***","refreshToken":"***"}',
    );
    expectNoSecret(lines.join("\n"));
  });
});
