import { parseArgs } from "node:util";
import {
  DEFAULT_REALISM,
  EMULATOR_DEFAULTS,
  startEmulator,
  type EmulatorOptions,
} from "../../emulator/index.ts";
import { UsageError } from "../../errors.ts";
import type { CliIO } from "../io.ts";

export const emulatorUsage = `Usage: aepsync emulator [options]

Runs a local AEP emulator (IMS, Flow Service, Schema Registry, Catalog, Data Prep) on one port.

Options:
  --port N            port to listen on (default ${EMULATOR_DEFAULTS.cliPort}; 0 picks a free one)
  --state FILE        keep the emulator's data in FILE across restarts (default: in memory)
  --latency-ms N      add N ms to every platform request
  --fault-rate P      fail a share P (0..1) of platform requests: 429, 500, 503, dropped
  --seed N            seed of every random choice, to replay a run (default ${EMULATOR_DEFAULTS.seed})
  --client-id ID      client id (and x-api-key) it accepts (default ${EMULATOR_DEFAULTS.clientId})
  --client-secret S   client secret it accepts (default: the emulator's public dev secret)
  --org-id ORG        IMS org it accepts (default ${EMULATOR_DEFAULTS.orgId})
  --sandboxes A,B     sandboxes it serves (default ${EMULATOR_DEFAULTS.sandboxes.join(",")})
  --realism on|off    behave as real AEP does on its own: system tags, defaults, asynchronous
                      Flow Service operations and their refusals (default ${DEFAULT_REALISM ? "on" : "off"})
  --settle-ms N       how long an asynchronous operation runs with realism on
                      (default ${EMULATOR_DEFAULTS.settleMs}; 0 completes it at once)
  --admin-token T     require 'Authorization: Bearer T' on the admin API (/__emulator/)
  -h, --help          show this help
`;

function readNumber(value: string | undefined, flag: string, min: number, max: number, integer: boolean) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `${flag} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got '${value}'`,
    );
  }
  return n;
}

/** `aepsync emulator`: serves until interrupted (Ctrl-C), then closes and flushes its state. */
export async function runEmulator(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      state: { type: "string" },
      "latency-ms": { type: "string" },
      "fault-rate": { type: "string" },
      seed: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "org-id": { type: "string" },
      sandboxes: { type: "string" },
      realism: { type: "string" },
      "settle-ms": { type: "string" },
      "admin-token": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) {
    io.stdout(emulatorUsage);
    return 0;
  }
  const options: EmulatorOptions = {
    port: readNumber(values.port, "--port", 0, 65535, true) ?? EMULATOR_DEFAULTS.cliPort,
    log: (line) => io.stdout(`${line}\n`),
  };
  const latencyMs = readNumber(values["latency-ms"], "--latency-ms", 0, 600_000, true);
  const faultRate = readNumber(values["fault-rate"], "--fault-rate", 0, 1, false);
  const seed = readNumber(values.seed, "--seed", 0, 2 ** 32 - 1, true);
  const settleMs = readNumber(values["settle-ms"], "--settle-ms", 0, 600_000, true);
  if (settleMs !== undefined) options.settleMs = settleMs;
  if (values.realism !== undefined) {
    if (values.realism !== "on" && values.realism !== "off") {
      throw new UsageError(`--realism takes on or off, got '${values.realism}'`);
    }
    options.realism = values.realism === "on";
  }
  if (values["admin-token"] !== undefined) options.adminToken = values["admin-token"];
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  if (faultRate !== undefined) options.faultRate = faultRate;
  if (seed !== undefined) options.seed = seed;
  if (values.state !== undefined) options.statePath = values.state;
  for (const [flag, value] of [
    ["--client-id", values["client-id"]],
    ["--client-secret", values["client-secret"]],
    ["--org-id", values["org-id"]],
    ["--admin-token", values["admin-token"]],
  ] as const) {
    if (value?.trim() === "") throw new UsageError(`${flag} must not be empty`);
  }
  if (values["client-id"] !== undefined) options.clientId = values["client-id"];
  if (values["client-secret"] !== undefined) options.clientSecret = values["client-secret"];
  if (values["org-id"] !== undefined) options.orgId = values["org-id"];
  if (values.sandboxes !== undefined) {
    const sandboxes = values.sandboxes.split(",").map((s) => s.trim());
    if (sandboxes.some((s) => !/^[a-z0-9][a-z0-9-]*$/.test(s))) {
      throw new UsageError(
        `--sandboxes takes lowercase sandbox names separated by commas, got '${values.sandboxes}'`,
      );
    }
    options.sandboxes = sandboxes;
  }

  const emulator = await startEmulator(options);
  const sandbox = emulator.sandboxes.find((s) => s !== "prod") ?? emulator.sandboxes[0] ?? "prod";
  // The default secret is the emulator's public dev secret (DESIGN.md §6); a secret passed in is never echoed.
  const secret = values["client-secret"] === undefined ? EMULATOR_DEFAULTS.clientSecret : "<as given>";
  io.stdout(
    [
      `AEP emulator listening on ${emulator.url}`,
      `  sandboxes: ${emulator.sandboxes.join(", ")}`,
      `  state: ${options.statePath ?? "in memory"}`,
      `  realism: ${emulator.realism ? `on (operations settle in ${emulator.settleMs} ms)` : "off"}`,
      // The admin token is a credential: never echoed.
      `  admin API: ${emulator.url}/__emulator/ (loopback only${options.adminToken === undefined ? "" : ", token required"})`,
      "",
      "Point aepsync at it with:",
      `  export AEP_PLATFORM_URL=${emulator.url}`,
      `  export AEP_IMS_URL=${emulator.url}`,
      `  export AEP_CLIENT_ID=${emulator.clientId}`,
      `  export AEP_CLIENT_SECRET=${secret}`,
      `  export AEP_ORG_ID=${emulator.orgId}`,
      `  export AEP_SANDBOX=${sandbox}`,
      "",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  await io.interrupted;
  await emulator.close();
  io.stdout("AEP emulator stopped.\n");
  return 0;
}
