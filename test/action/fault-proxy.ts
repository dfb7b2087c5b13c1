/**
 * A loopback proxy in front of the loopback GitHub (test/support/github-server.ts) that answers
 * scripted failures: a status of its own (5xx, 429, 403 with rate-limit headers), a connection reset
 * before GitHub saw the request, or a reset after GitHub answered (the answer is lost).
 */
import { createServer, request as httpRequest } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  { status: number; headers?: Record<string, string> } | { reset: "before" } | { reset: "after" };

export interface ScriptedFault {
  method: string;
  /** Matched against the request's path and query. */
  path: RegExp;
  fault: Fault;
}

export interface FaultProxy {
  url: string;
  /** Faults still to answer, first match first; each answers once. */
  faults: ScriptedFault[];
  /** Every request the proxy saw, and what it did. */
  seen: { method: string; path: string; outcome: string }[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const faults: ScriptedFault[] = [];
  const seen: FaultProxy["seen"] = [];
  let self = "";

  async function forward(req: IncomingMessage, res: ServerResponse, loseAnswer: boolean): Promise<void> {
    const payload = await body(req);
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        resolve,
      );
      out.on("error", reject);
      out.end(payload);
    });
    const text = await body(answer);
    if (loseAnswer) {
      req.socket.destroy();
      return;
    }
    const headers = { ...answer.headers };
    // Pages link to the proxy, as GitHub's link to itself.
    if (typeof headers.link === "string") headers.link = headers.link.split(upstream).join(self);
    res.writeHead(answer.statusCode ?? 502, headers);
    res.end(text);
  }

  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const index = faults.findIndex((f) => f.method === method && f.path.test(path));
    const fault = index < 0 ? undefined : faults.splice(index, 1)[0]!.fault;
    const outcome =
      fault === undefined ? "forwarded" : "status" in fault ? String(fault.status) : `reset ${fault.reset}`;
    seen.push({ method, path, outcome });
    if (fault !== undefined && "status" in fault) {
      void body(req).then(() => {
        res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        res.end(JSON.stringify({ message: `scripted ${fault.status}` }));
      });
      return;
    }
    if (fault !== undefined && fault.reset === "before") {
      req.socket.destroy();
      return;
    }
    forward(req, res, fault !== undefined).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: self,
    faults,
    seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
