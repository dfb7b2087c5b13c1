/** The HTTP server: IMS, the gateway, the four platform services and the admin API on one port. */
import { createServer } from "node:http";
import type { Socket } from "node:net";
import { ConfigError } from "../errors.ts";
import type { AdminHost } from "./admin.ts";
import type { EmulatorEnv } from "./context.ts";
import { resolveFaults, validateFaults } from "./faults.ts";
import { persistInstance } from "./flow-service.ts";
import { createRequestHandler, type Knobs } from "./handler.ts";
import { TokenIssuer } from "./ims.ts";
import {
  checkLatency,
  resolveOptions,
  type EmulatorOptions,
  type FaultConfig,
  type ResolvedOptions,
  type RunningEmulator,
} from "./options.ts";
import { ViewCache } from "./query.ts";
import { deriveSeed, Random } from "./random.ts";
import { RequestLog } from "./request-log.ts";
import { readStateFile, StateFile } from "./state-file.ts";
import { EmulatorStore } from "./store.ts";

/** Starts the emulator; resolves once it listens. Throws a ConfigError for a bad option or a taken port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const store = new EmulatorStore(resolved.sandboxes, new Random(deriveSeed(resolved.seed, "ids")));
  const stateFile = await openStateFile(store, resolved);
  let baseUrl = "";
  const env: EmulatorEnv = {
    store,
    views: new ViewCache(),
    clientId: resolved.clientId,
    orgId: resolved.orgId,
    tenantId: resolved.tenantId,
    realism: resolved.realism,
    settleMs: resolved.settleMs,
    url: () => baseUrl,
  };
  const tokens = new TokenIssuer(
    {
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      orgId: resolved.orgId,
      tokenTtlSeconds: resolved.tokenTtlSeconds,
    },
    new Random(deriveSeed(resolved.seed, "tokens")),
  );
  const knobs: Knobs = { faults: resolved.faults, latencyMs: resolved.latencyMs };
  const requestLog = new RequestLog();
  const admin: AdminHost = {
    env,
    requestLog: () => requestLog.snapshot(),
    resetRequestLog: () => requestLog.reset(),
    setFaults: (next) => {
      knobs.faults = resolveFaults(undefined, next);
    },
    setLatency: (ms) => {
      knobs.latencyMs = ms;
    },
    revokeTokens: () => tokens.revokeAll(),
  };
  const handle = createRequestHandler({
    env,
    tokens,
    admin,
    knobs,
    faultRandom: new Random(deriveSeed(resolved.seed, "faults")),
    requestLog,
    adminToken: resolved.adminToken,
    clock: resolved.clock,
    log: resolved.log,
  });

  const server = createServer((req, res) => void handle(req, res));
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server, resolved.port, resolved.host);
  const host = resolved.host;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    orgId: resolved.orgId,
    sandboxes: resolved.sandboxes,
    realism: resolved.realism,
    settleMs: resolved.settleMs,
    setFaults: (next: FaultConfig | undefined) => {
      const problem = next === undefined ? undefined : validateFaults(next);
      if (problem !== undefined) throw new ConfigError(`emulator faults: ${problem}`);
      admin.setFaults(next);
    },
    setLatency: (ms: number) => {
      checkLatency(ms);
      admin.setLatency(ms);
    },
    requestCounts: () => requestLog.counts(),
    peakInFlight: () => requestLog.peakInFlight(),
    flush: async () => {
      await stateFile?.flush();
    },
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await closed;
        await stateFile?.flush();
      })();
      return closing;
    },
  };
}

/** Loads the state file into the store, and has every change of the store written back to it. */
async function openStateFile(store: EmulatorStore, options: ResolvedOptions): Promise<StateFile | undefined> {
  const path = options.statePath;
  if (path === undefined) return undefined;
  const data = await readStateFile(path);
  if (data !== undefined) store.load(data, path);
  const file = new StateFile(
    path,
    // Credentials stay in memory, as AEP keeps them; the file gets what a GET shows (masked), so
    // no secret is ever written to disk. Reads are masked anyway, so nothing observable changes.
    () => store.toPersisted(persistInstance),
    (error) => options.log?.(`emulator: writing ${path} failed: ${String(error)}`),
  );
  store.onChange = () => file.markDirty();
  return file;
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigError(`port ${port} on ${host} is already in use; pick another with --port`, {
              cause: error,
            })
          : error,
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address != null ? address.port : port);
    });
  });
}
