import { parseArgs } from "node:util";
import {
  DEFAULT_REALISM,
  EMULATOR_DEFAULTS,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../emulator/index.ts";
import { UsageError } from "../../errors.ts";
import { EMULATOR_FINGERPRINT_KEY } from "../../engine/index.ts";
import { checkCommandLinePath } from "../../manifest/index.ts";
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
    // stdout is kept a shell script (see emulatorExports): the access log goes to stderr.
    log: (line) => io.stderr(`${line}\n`),
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
  // The state file is read and rewritten: only inside the working directory or the repository.
  if (values.state !== undefined) options.statePath = checkCommandLinePath("--state", values.state, io.cwd);
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
  io.stdout(
    emulatorExports(emulator, {
      statePath: options.statePath,
      // A secret passed in is never echoed; the default one is the emulator's public development secret.
      clientSecretGiven: values["client-secret"] !== undefined,
      sandbox,
      adminToken: options.adminToken !== undefined,
    }),
  );
  await io.interrupted;
  await emulator.close();
  io.stderr("AEP emulator stopped.\n");
  return 0;
}

/** A value as one shell word: single-quoted, with each `'` closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * What `aepsync emulator` prints on stdout: a shell script, the variables the next aepsync command
 * needs as `export` lines and everything else as comments, so that it can be pasted or `eval`ed, or
 * redirected to a file and sourced (`aepsync emulator > emulator.env &`, then `. ./emulator.env`).
 */
export function emulatorExports(
  emulator: Pick<RunningEmulator, "url" | "clientId" | "clientSecret" | "orgId" | "sandboxes"> &
    Partial<Pick<RunningEmulator, "realism" | "settleMs">>,
  options: {
    statePath: string | undefined;
    clientSecretGiven: boolean;
    sandbox: string;
    adminToken?: boolean;
  },
): string {
  const variables: [string, string][] = [
    ["AEP_PLATFORM_URL", emulator.url],
    ["AEP_IMS_URL", emulator.url],
    ["AEP_CLIENT_ID", emulator.clientId],
  ];
  if (!options.clientSecretGiven) variables.push(["AEP_CLIENT_SECRET", emulator.clientSecret]);
  variables.push(
    ["AEP_ORG_ID", emulator.orgId],
    ["AEP_SANDBOX", options.sandbox],
    // The same fixed key as `--emulator`, so that both see the same fingerprints in one state file.
    ["AEPSYNC_FINGERPRINT_KEY", EMULATOR_FINGERPRINT_KEY],
  );
  return [
    `# AEP emulator listening on ${emulator.url}`,
    `#   sandboxes: ${emulator.sandboxes.join(", ")}`,
    `#   state: ${oneLine(options.statePath ?? "in memory")}`,
    ...(emulator.realism === undefined
      ? []
      : [
          `#   realism: ${emulator.realism ? `on (operations settle in ${emulator.settleMs ?? 0} ms)` : "off"}`,
        ]),
    // The admin token is a credential: never echoed.
    `#   admin API: ${emulator.url}/__emulator/ (loopback only${options.adminToken === true ? ", token required" : ""})`,
    "# Point aepsync at it (paste these lines, or eval them):",
    ...variables.map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    ...(options.clientSecretGiven
      ? ["# and AEP_CLIENT_SECRET: the --client-secret given to the emulator (not printed)"]
      : []),
    "# Then run aepsync plan or apply without --emulator: they talk to this emulator.",
    "# Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

/** A comment stays one comment: a line break in a value (a --state path) would end it and run the rest. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return text.replace(/[\u0000-\u001f\u007f]/g, "?");
}
