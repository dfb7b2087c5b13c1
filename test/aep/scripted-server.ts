import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createAepClient } from "../../src/aep/index.ts";
import type { AepClient, AepClientConfig } from "../../src/aep/index.ts";

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type ScriptedReply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Destroy the socket without answering (a dropped connection or a lost answer). */
  | "drop";

export type Handler = (req: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Platform requests only (IMS excluded). */
  platformRequests(): RecordedRequest[];
  tokenRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export const TEST_CLIENT_ID = "scripted-client";
export const TEST_CLIENT_SECRET = "s3cr3t-client-Secret-value";

/**
 * A loopback server that answers from a script: for responses the emulator cannot produce on
 * demand (an exact sequence of faults, hostile bodies echoing secrets). IMS is answered by default.
 */
export async function startScriptedServer(
  handler: Handler,
  ims: (req: RecordedRequest, n: number) => ScriptedReply | Promise<ScriptedReply> = (_req, n) => ({
    status: 200,
    body: { access_token: `token-${n}-abcdefgh`, token_type: "bearer", expires_in: 86399 },
  }),
): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  let tokens = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const isIms = recorded.path === "/ims/token/v3";
      if (isIms) tokens += 1;
      void Promise.resolve(isIms ? ims(recorded, tokens) : handler(recorded)).then((reply) => {
        if (reply === "drop") {
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> = { ...reply.headers };
        let text = "";
        if (reply.body !== undefined) {
          text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
          headers["content-type"] ??= "application/json";
        }
        res.writeHead(reply.status, headers);
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    platformRequests: () => requests.filter((r) => r.path !== "/ims/token/v3"),
    tokenRequests: () => requests.filter((r) => r.path === "/ims/token/v3"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SleepRecorder {
  delays: number[];
  sleep: (ms: number) => Promise<void>;
  /** A clock that advances by every recorded sleep (real time does not pass). */
  now: () => number;
}

export function recordSleeps(start = 1_700_000_000_000): SleepRecorder {
  const delays: number[] = [];
  let clock = start;
  return {
    delays,
    sleep: (ms) => {
      delays.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    now: () => clock,
  };
}

export function scriptedClient(server: { url: string }, overrides: Partial<AepClientConfig> = {}): AepClient {
  return createAepClient({
    platformUrl: server.url,
    imsUrl: server.url,
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    orgId: "TESTORG@AdobeOrg",
    sandbox: "dev",
    random: () => 0.5,
    ...overrides,
  });
}

/** Answers a sequence: the n-th call gets replies[n], the last one repeats. */
export function sequence(...replies: ScriptedReply[]): Handler {
  let n = 0;
  return () => replies[Math.min(n++, replies.length - 1)]!;
}
