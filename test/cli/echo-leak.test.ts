import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { startEmulator } from "../../src/emulator/index.ts";
import type { RunningEmulator } from "../../src/emulator/index.ts";
import { leakPattern } from "../aep/leak-check.ts";
import { startScriptedServer } from "../aep/scripted-server.ts";
import type { RecordedRequest, ScriptedReply, ScriptedServer } from "../aep/scripted-server.ts";
import { captureIO } from "../support/io.ts";

// `aepsync apply` and `plan` with AEPSYNC_DEBUG=1 against a gateway that passes everything to the
// emulator but answers the connection create with a 400 echoing the request in several encodings.
// Nothing the CLI prints may hold a 6-character piece of any secret.
const root = fileURLToPath(new URL("../../", import.meta.url));

const SECRETS = {
  AEP_CLIENT_SECRET: "Ec5#wR8 t/Nm2&yQ+ä7Hv",
  AEPSYNC_FINGERPRINT_KEY: "fpK3nQ8vW2xL6zR9tYb",
  HUBSPOT_CLIENT_SECRET: `Hs9"kL\\2 m/Qw7&xZ+ö5Rt`,
  HUBSPOT_ACCESS_TOKEN: "hAt4Vn8Kp2Wq6Zr1Ys",
  HUBSPOT_REFRESH_TOKEN: "hRt7Bm3Xc9Lf5Gd2Jk",
};

const forbidden = leakPattern(Object.values(SECRETS));

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** Everything the request carried, in four encodings, after `pad` characters. */
function echo(req: RecordedRequest, pad: number): string {
  return [
    "z".repeat(pad),
    `raw auth=${String(req.headers.authorization)} body=${req.body}`,
    `json=${JSON.stringify({ request: req.body })}`,
    `form=${new URLSearchParams({ body: req.body }).toString()}`,
    `b64=${b64(req.body)}`,
  ].join(" ");
}

const HOP_HEADERS = new Set(["host", "content-length", "connection", "keep-alive", "transfer-encoding"]);

async function forward(emulator: RunningEmulator, req: RecordedRequest): Promise<ScriptedReply> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (!HOP_HEADERS.has(key) && typeof value === "string") headers[key] = value;
  }
  const res = await fetch(`${emulator.url}${req.url}`, {
    method: req.method,
    headers,
    ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: req.body }),
  });
  const text = await res.text();
  const replyHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    if (!HOP_HEADERS.has(key)) replyHeaders[key] = value;
  });
  return { status: res.status, headers: replyHeaders, ...(text === "" ? {} : { body: text }) };
}

describe("apply and plan with AEPSYNC_DEBUG=1 against AEP errors that echo requests", () => {
  let emulator: RunningEmulator;
  let gateway: ScriptedServer;
  let dir: string;
  // The gateway pads its echo so that `target` (as the JSON body holds it) starts `at` characters
  // into AEP's message: just before one of the cuts aepsync makes.
  let target = "";
  let at = 0;
  let echoed = 0;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, clientSecret: SECRETS.AEP_CLIENT_SECRET });
    gateway = await startScriptedServer(
      (req) => {
        // The connection that carries the credentials (not apply's lock object, which has none).
        const isLock = req.body.includes('"aepsync-lock-');
        if (req.method === "POST" && req.path.endsWith("/flowservice/connections") && !isLock) {
          echoed++;
          const index = echo(req, 0).indexOf(JSON.stringify(target).slice(1, -1));
          expect(index).toBeGreaterThan(0);
          return {
            status: 400,
            body: { code: "1415-400", errorMessage: echo(req, Math.max(0, at - index)) },
          };
        }
        return forward(emulator, req);
      },
      (req) => forward(emulator, req),
    );
    dir = await mkdtemp(join(tmpdir(), "aepsync-echo-"));
    await mkdir(join(dir, "pipelines"));
    await cp(join(root, "aepsync.yaml"), join(dir, "aepsync.yaml"));
    for (const file of ["hubspot.yaml", "profile-schema.yaml"]) {
      await cp(join(root, "pipelines", file), join(dir, "pipelines", file));
    }
  });

  afterAll(async () => {
    await gateway.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  function env(): Record<string, string> {
    return {
      ...SECRETS,
      AEP_PLATFORM_URL: gateway.url,
      AEP_IMS_URL: gateway.url,
      AEP_CLIENT_ID: emulator.clientId,
      AEP_ORG_ID: emulator.orgId,
      HUBSPOT_CLIENT_ID: "hubspot-client-id",
      AEPSYNC_DEBUG: "1",
    };
  }

  // "1415-400: " comes first in the message's 300 characters (cut at 299); the error's field keeps
  // 2,000; a debug line's body keeps 2,000 of `{"code":"1415-400","errorMessage":"…`.
  const cuts: [string, number][] = [
    [SECRETS.HUBSPOT_CLIENT_SECRET, 299 - 10 - 3],
    [SECRETS.HUBSPOT_ACCESS_TOKEN, 299 - 10 - 3],
    [SECRETS.HUBSPOT_REFRESH_TOKEN, 299 - 10 - 9],
    [SECRETS.HUBSPOT_CLIENT_SECRET, 2000 - 4],
    [SECRETS.HUBSPOT_ACCESS_TOKEN, 2000 - 36 - 4],
  ];

  it("apply: the echo is cut nowhere near a secret's prefix, and debug lines mask every form", async () => {
    for (const [secret, position] of cuts) {
      target = secret;
      at = position;
      const p = `${position} for ${secret.slice(0, 2)}…`;
      const before = echoed;
      const io = captureIO(env(), dir);
      const code = await main(["apply", "--env", "dev"], io);
      const output = io.out() + io.err();
      expect(code, output).toBe(1);
      expect(echoed, "the connection create reached the echoing gateway").toBe(before + 1);
      expect(io.err()).toContain("aepsync:http POST");
      expect(io.err()).toMatch(/1415-400/);
      expect(forbidden.exec(output)?.[0], `echo at ${p}:\n${output}`).toBeUndefined();
    }
  });

  it("plan in every format", async () => {
    for (const format of ["text", "markdown", "json"]) {
      const io = captureIO(env(), dir);
      const code = await main(["plan", "--env", "dev", "--format", format], io);
      const output = io.out() + io.err();
      expect(code, output).toBe(0);
      expect(io.err()).toContain("aepsync:http GET");
      expect(forbidden.exec(output)?.[0], `${format}:\n${output}`).toBeUndefined();
    }
  });
});
