/**
 * The connector catalog, the flow specs and the connection specs: one data module used by the
 * validator, the planner and the emulator alike (DESIGN.md §2). Facts and their sources are in
 * shared/reference/aep-api.md §2.5, §3 and §9.
 */

export interface AuthSpecInfo {
  /** `auth.specName` as AEP spells it. */
  readonly name: string;
  /** Every param the auth spec takes. */
  readonly params: readonly string[];
  /** Params AEP requires. */
  readonly required: readonly string[];
  /** Params that are credentials: masked on read by AEP, must be `${secret:…}` in manifests. */
  readonly secret: readonly string[];
}

export interface ConnectorInfo {
  /** Manifest alias (`spec.connector`). */
  readonly alias: string;
  readonly title: string;
  readonly connectionSpec: { readonly id: string; readonly version: string };
  /** Auth specs the connection spec accepts; the first one is the default `specName`. */
  readonly authSpecs: readonly AuthSpecInfo[];
  /** Name of the flow spec that moves this source into the data lake. */
  readonly flowSpecName: string;
  /** `data.format` of the source connection. */
  readonly sourceFormat: string;
  /** Source connection params the connector requires (`path` is what `source.path` fills). */
  readonly sourceParams: readonly string[];
  /** Whether the flow spec's Copy transformation needs `deltaColumn` (CRM and databases do). */
  readonly deltaColumnRequired: boolean;
  /** `data.format` of the Data Lake target connection in Adobe's tutorial for this source. */
  readonly targetFormat: string;
  /** Free-text caveat shown by `validate` as a warning (deprecations). */
  readonly warning?: string;
}

export const DATA_LAKE_CONNECTION_SPEC = {
  id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c",
  version: "1.0",
} as const;
export const DATA_LAKE_PROVIDER_ID = "0ed90a81-07f4-4586-8190-b40eccef1c5a";

const basicHubspot: AuthSpecInfo = {
  name: "Basic Authentication",
  params: ["clientId", "clientSecret", "accessToken", "refreshToken"],
  required: ["clientId", "clientSecret", "accessToken"],
  secret: ["clientSecret", "accessToken", "refreshToken"],
};

export const connectors: readonly ConnectorInfo[] = [
  {
    alias: "hubspot",
    title: "HubSpot",
    connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" },
    authSpecs: [basicHubspot],
    flowSpecName: "CRMToAEP",
    sourceFormat: "tabular",
    sourceParams: ["path"],
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
  },
  {
    alias: "salesforce",
    title: "Salesforce",
    connectionSpec: { id: "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", version: "1.0" },
    authSpecs: [
      {
        name: "Basic Authentication",
        params: ["username", "password", "securityToken", "environmentUrl"],
        required: ["username", "password", "securityToken"],
        secret: ["password", "securityToken"],
      },
    ],
    flowSpecName: "CRMToAEP",
    sourceFormat: "tabular",
    sourceParams: ["path"],
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
  },
  {
    alias: "oracle-eloqua",
    title: "Oracle Eloqua",
    connectionSpec: { id: "35d6c4d8-c9a9-11eb-b8bc-0242ac130003", version: "1.0" },
    authSpecs: [
      {
        name: "Basic Authentication",
        params: ["endpoint", "username", "password"],
        required: ["endpoint", "username", "password"],
        secret: ["password"],
      },
    ],
    flowSpecName: "CRMToAEP",
    sourceFormat: "tabular",
    sourceParams: ["path"],
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
  },
  {
    alias: "salesforce-marketing-cloud",
    title: "Salesforce Marketing Cloud",
    connectionSpec: { id: "ea1c2a08-b722-11eb-8529-0242ac130003", version: "1.0" },
    authSpecs: [
      {
        name: "Client-Id-Secret Based Authentication",
        params: ["host", "clientId", "clientSecret"],
        required: ["host", "clientId", "clientSecret"],
        secret: ["clientSecret"],
      },
    ],
    flowSpecName: "CRMToAEP",
    sourceFormat: "tabular",
    sourceParams: ["path"],
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
    warning:
      "Adobe deprecated the Salesforce Marketing Cloud source at the end of May 2025; use Data Landing Zone",
  },
  {
    alias: "mailchimp",
    title: "Mailchimp Members",
    connectionSpec: { id: "2e8580db-6489-4726-96de-e33f5f60295f", version: "1.0" },
    authSpecs: [
      {
        name: "Basic Authentication",
        params: ["authorizationTestUrl", "username", "password"],
        required: ["authorizationTestUrl", "username", "password"],
        secret: ["password"],
      },
      {
        name: "oAuth2RefreshCode",
        params: ["authorizationTestUrl", "accessToken"],
        required: ["authorizationTestUrl", "accessToken"],
        secret: ["accessToken"],
      },
    ],
    flowSpecName: "RestStorageToAEP",
    sourceFormat: "json",
    sourceParams: ["listId"],
    deltaColumnRequired: false,
    targetFormat: "parquet_xdm",
  },
];

export function findConnector(alias: string): ConnectorInfo | undefined {
  return connectors.find((c) => c.alias === alias);
}

export function findConnectorBySpecId(id: string): ConnectorInfo | undefined {
  return connectors.find((c) => c.connectionSpec.id === id);
}

/** The schedule rules every batch flow spec here shares (CRMToAEP's scheduleSpec, plus `once`). */
export const periodicScheduleSpec = {
  name: "PeriodicSchedule",
  type: "Periodic",
  spec: {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      startTime: { description: "epoch time", type: "integer" },
      endTime: { description: "epoch time", type: "integer" },
      interval: { type: "integer" },
      frequency: { type: "string", enum: ["once", "minute", "hour", "day", "week"] },
      backfill: { type: "boolean", default: true },
    },
    required: ["startTime", "frequency"],
    // aep-api.md §2.4: once takes no interval/backfill; minute needs interval >= 15; others >= 1.
    if: { properties: { frequency: { const: "once" } } },
    then: { not: { anyOf: [{ required: ["interval"] }, { required: ["backfill"] }] } },
    else: {
      required: ["interval"],
      if: { properties: { frequency: { const: "minute" } } },
      then: { properties: { interval: { minimum: 15 } } },
      else: { properties: { interval: { minimum: 1 } } },
    },
  },
} as const;

export interface FlowSpecInfo {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  /** Whether the flow carries a Copy transformation (with deltaColumn). */
  readonly copyTransformation: boolean;
  readonly deltaColumnRequired: boolean;
  readonly sourceConnectionSpecIds: readonly string[];
  readonly targetConnectionSpecIds: readonly string[];
  /** UNCONFIRMED facts about this spec, said where they are used. */
  readonly unconfirmed?: string;
}

export const flowSpecs: readonly FlowSpecInfo[] = [
  {
    id: "14518937-270c-4525-bdec-c2ba7cce3860",
    name: "CRMToAEP",
    version: "1.0",
    copyTransformation: true,
    deltaColumnRequired: true,
    sourceConnectionSpecIds: connectors
      .filter((c) => c.flowSpecName === "CRMToAEP")
      .map((c) => c.connectionSpec.id),
    targetConnectionSpecIds: [DATA_LAKE_CONNECTION_SPEC.id],
  },
  {
    id: "6499120c-0b15-42dc-936e-847ea3c24d72",
    // UNCONFIRMED: Adobe's Mailchimp tutorial uses this id without naming the spec; we call it
    // RestStorageToAEP (the self-serve REST sources' flow) until a live lookup says otherwise.
    name: "RestStorageToAEP",
    version: "1.0",
    copyTransformation: false,
    deltaColumnRequired: false,
    sourceConnectionSpecIds: connectors
      .filter((c) => c.flowSpecName === "RestStorageToAEP")
      .map((c) => c.connectionSpec.id),
    targetConnectionSpecIds: [DATA_LAKE_CONNECTION_SPEC.id],
    unconfirmed: "name",
  },
];

export function findFlowSpecByName(name: string): FlowSpecInfo | undefined {
  return flowSpecs.find((f) => f.name === name);
}

/** Schedule guardrails as plain rules (the same as periodicScheduleSpec), for located messages. */
export function scheduleProblems(schedule: {
  frequency: string;
  interval?: number | undefined;
  backfill?: boolean | undefined;
}): string[] {
  const problems: string[] = [];
  if (schedule.frequency === "once") {
    if (schedule.interval !== undefined) problems.push("a 'once' schedule takes no interval: remove it");
    if (schedule.backfill !== undefined) problems.push("a 'once' schedule takes no backfill: remove it");
    return problems;
  }
  if (schedule.interval === undefined) {
    problems.push(`a '${schedule.frequency}' schedule needs an interval`);
  } else if (schedule.frequency === "minute" && schedule.interval < 15) {
    problems.push(
      `a 'minute' schedule needs an interval of at least 15 (AEP's flow spec), got ${schedule.interval}`,
    );
  } else if (schedule.interval < 1) {
    problems.push(`the interval must be at least 1, got ${schedule.interval}`);
  }
  return problems;
}
