/**
 * The connector catalog, the flow specs and the connection specs: one data module used by the
 * validator, the planner and the emulator alike (docs/architecture.md, "Layout"). Each connector lists the
 * Adobe guides (AdobeDocs/experience-platform.en) it follows and the version of them read.
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
  /** Why Adobe no longer wants this spec: `validate` warns (a warning, never an error). */
  readonly deprecated?: string;
}

/**
 * One form of the source connection's params: a connector takes exactly one of its forms
 * (Salesforce: `path`, or `tableName` with optional `columns`). `path` is what `source.path` fills.
 */
export interface SourceParamSet {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** An Adobe guide a catalog entry follows, and which version of it was read. */
export interface GuideRef {
  /** Path in the AdobeDocs/experience-platform.en repository. */
  readonly path: string;
  /** The version read: a commit of that repository, or how the version was identified. */
  readonly version: string;
  /** What the entry takes from it. */
  readonly facts: string;
}

export type ConnectorCategory = "crm" | "marketing-automation" | "cloud-storage";

export interface ConnectorInfo {
  /** Manifest alias (`spec.connector`). */
  readonly alias: string;
  readonly title: string;
  readonly category: ConnectorCategory;
  readonly connectionSpec: { readonly id: string; readonly version: string };
  /**
   * Auth specs the connection spec accepts. Without `auth.specName` the manifest's params choose
   * one (chooseAuthSpec); the first is the default when they do not.
   */
  readonly authSpecs: readonly AuthSpecInfo[];
  /** Name of the flow spec that moves this source into the data lake. */
  readonly flowSpecName: string;
  /** `data.format` of the source connection when the manifest gives none. */
  readonly sourceFormat: string;
  /** The `data.format` values the source takes, where the guide lists them (file sources). */
  readonly sourceFormats?: readonly string[];
  /** The forms of the source connection params: a pipeline gives exactly one of them. */
  readonly sourceParamSets: readonly SourceParamSet[];
  /** Example values of source params, shown in messages. */
  readonly examples?: Readonly<Record<string, string>>;
  /** Whether the flow spec's Copy transformation needs `deltaColumn` (CRM and databases do). */
  readonly deltaColumnRequired: boolean;
  /** `data.format` of the Data Lake target connection in Adobe's tutorial for this source. */
  readonly targetFormat: string;
  /** Free-text caveat shown by `validate` as a warning (deprecations). */
  readonly warning?: string;
  /** The Adobe guides this entry follows. */
  readonly guides: readonly GuideRef[];
}

/** Source params whose value is a list (Salesforce `columns`); every other param is a scalar. */
export const LIST_SOURCE_PARAMS: ReadonlySet<string> = new Set(["columns"]);

export const DATA_LAKE_CONNECTION_SPEC = {
  id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c",
  version: "1.0",
} as const;
export const DATA_LAKE_PROVIDER_ID = "0ed90a81-07f4-4586-8190-b40eccef1c5a";

const byPath: SourceParamSet = { required: ["path"], optional: [] };

// Every entry below was checked against the guides it lists (AdobeDocs/experience-platform.en).
// Where the stored copy of a guide was older than the text Adobe publishes, the version says how
// the newer text was identified: the commit that Adobe's own translations of it name as their source
// (`source-git-commit` in their front matter), or the date of the Experience League page.
export const connectors: readonly ConnectorInfo[] = [
  {
    alias: "hubspot",
    title: "HubSpot",
    category: "marketing-automation",
    connectionSpec: { id: "cc6a4487-9e91-433e-a3a3-9cf6626c1806", version: "1.0" },
    authSpecs: [
      {
        name: "Basic Authentication",
        params: ["clientId", "clientSecret", "accessToken", "refreshToken"],
        // The guide lists all four without marking one optional; refreshToken stays optional here
        // as it always was (an access token alone authenticates until it expires).
        required: ["clientId", "clientSecret", "accessToken"],
        secret: ["clientSecret", "accessToken", "refreshToken"],
      },
    ],
    flowSpecName: "CRMToAEP",
    sourceFormat: "tabular",
    sourceParamSets: [byPath],
    examples: { path: "Hubspot.Contacts" },
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
    guides: [
      {
        path: "help/sources/tutorials/api/create/marketing-automation/hubspot.md",
        version: "0106465cde0052cb2c023dd36087e04bbd6e5e56 (unchanged in every later version seen)",
        facts:
          "connection spec id; Basic Authentication with clientId, clientSecret, accessToken, refreshToken",
      },
      {
        path: "help/sources/tutorials/api/collect/marketing-automation.md",
        version: "744d87c",
        facts: "params.path (Hubspot.Contacts), data.format tabular, CRMToAEP with Copy deltaColumn",
      },
    ],
  },
  {
    alias: "salesforce",
    title: "Salesforce",
    category: "crm",
    connectionSpec: { id: "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", version: "1.0" },
    authSpecs: [
      {
        name: "OAuth2 Client Credential",
        params: ["environmentUrl", "clientId", "clientSecret", "apiVersion", "includeDeletedObjects"],
        // "This value is mandatory for OAuth2 Client Credential authentication" (apiVersion).
        required: ["environmentUrl", "clientId", "clientSecret", "apiVersion"],
        secret: ["clientSecret"],
      },
      {
        // Experience Platform on AWS.
        name: "OAuth2 JWT Token Credential",
        params: ["jwtToken", "clientId", "clientSecret", "instanceUrl"],
        required: ["jwtToken", "clientId", "clientSecret", "instanceUrl"],
        secret: ["jwtToken", "clientSecret"],
      },
      {
        name: "Basic Authentication",
        params: ["environmentUrl", "username", "password", "securityToken", "apiVersion"],
        required: ["username", "password", "securityToken"],
        secret: ["password", "securityToken"],
        deprecated:
          "Adobe discontinued it in January 2026: move to auth.specName 'OAuth2 Client Credential' (environmentUrl, clientId, clientSecret, apiVersion) to keep ingesting",
      },
    ],
    flowSpecName: "CRMToAEP",
    sourceFormat: "tabular",
    // Adobe's current CRM tutorial sends tableName (+ columns); older pages and aepsync before it, path.
    sourceParamSets: [byPath, { required: ["tableName"], optional: ["columns"] }],
    examples: { path: "Contact", tableName: "Contact" },
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
    guides: [
      {
        path: "help/sources/tutorials/api/create/crm/salesforce.md",
        version:
          "the text with the January 2026 warning and includeDeletedObjects (its translations name source commit 56307d8457ba6d0046ad80a7c97405220aa6161c); the stored 01f655df8679383f57d60796be5274acd9b5df68 has the same auth specs without them",
        facts:
          "Basic Authentication deprecated from January 2026; OAuth2 Client Credential (environmentUrl, clientId, clientSecret, apiVersion mandatory, includeDeletedObjects); OAuth2 JWT Token Credential on AWS (jwtToken, clientId, clientSecret, instanceUrl)",
      },
      {
        path: "help/sources/tutorials/api/collect/crm.md",
        version: "0bb79a6c1a928e30b23f07906c95e90d889b1be2",
        facts: "source connection params.tableName with a columns list, data.format tabular",
      },
    ],
  },
  {
    alias: "microsoft-dynamics",
    title: "Microsoft Dynamics",
    category: "crm",
    connectionSpec: { id: "38ad80fe-8b06-4938-94f4-d4ee80266b07", version: "1.0" },
    authSpecs: [
      {
        name: "Basic Authentication for Dynamics-Online",
        params: ["serviceUri", "username", "password"],
        required: ["serviceUri", "username", "password"],
        secret: ["password"],
      },
      {
        name: "Service Principal Key Based Authentication",
        params: ["serviceUri", "servicePrincipalId", "servicePrincipalKey"],
        required: ["serviceUri", "servicePrincipalId", "servicePrincipalKey"],
        secret: ["servicePrincipalKey"],
      },
    ],
    flowSpecName: "CRMToAEP",
    sourceFormat: "tabular",
    // primaryKey "optimizes" the dataflow; entityType: view reads a Dynamics view.
    sourceParamSets: [{ required: ["tableName"], optional: ["primaryKey", "entityType"] }],
    examples: { tableName: "contact" },
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
    guides: [
      {
        path: "help/sources/tutorials/api/create/crm/ms-dynamics.md",
        version:
          "the text with source connections (its translations name source commit f129c215ebc5dc169b9a7ef9b3faa3463ab413f3)",
        facts:
          "connection spec id; 'Basic Authentication for Dynamics-Online' (serviceUri, username, password) and 'Service Principal Key Based Authentication' (serviceUri, servicePrincipalId, servicePrincipalKey); the auth type cannot change after creation; params.tableName + primaryKey, entityType view",
      },
      {
        path: "help/sources/tutorials/api/collect/crm.md",
        version: "0bb79a6c1a928e30b23f07906c95e90d889b1be2",
        facts: "CRM dataflow: CRMToAEP (38ad80fe-… is in its sourceConnectionSpecIds), Copy deltaColumn",
      },
    ],
  },
  {
    alias: "oracle-eloqua",
    title: "Oracle Eloqua",
    category: "marketing-automation",
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
    sourceParamSets: [byPath],
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
    // The guide announces a deprecation in January 2026 with a replacement source "later this year".
    warning:
      "Adobe deprecates the Oracle Eloqua source from January 2026 and announces a new source to replace it: plan new account connections and dataflows on that source",
    guides: [
      {
        path: "help/sources/tutorials/api/create/marketing-automation/oracle-eloqua.md",
        version:
          "0b95260972a6c74f08c70ee9bbd8e09a972e3443 for the auth spec; the Experience League page of the same guide, updated 2026-05-23, for the deprecation",
        facts:
          "connection spec id; Basic Authentication (endpoint, username site\\user, password); deprecated January 2026",
      },
    ],
  },
  {
    alias: "salesforce-marketing-cloud",
    title: "Salesforce Marketing Cloud",
    category: "marketing-automation",
    connectionSpec: { id: "ea1c2a08-b722-11eb-8529-0242ac130003", version: "1.0" },
    authSpecs: [
      {
        name: "Client-Id-Secret Based Authentication",
        params: ["host", "clientId", "clientSecret"],
        required: ["host", "clientId", "clientSecret"],
        secret: ["clientSecret"],
      },
      {
        // Experience Platform on AWS.
        name: "OAuth2 Client Credential",
        params: ["subdomain", "clientId", "clientSecret"],
        required: ["subdomain", "clientId", "clientSecret"],
        secret: ["clientSecret"],
      },
    ],
    flowSpecName: "CRMToAEP",
    sourceFormat: "tabular",
    sourceParamSets: [byPath],
    deltaColumnRequired: true,
    targetFormat: "parquet_xdm",
    warning:
      "Adobe deprecates the Salesforce Marketing Cloud source from January 2026 and announces a new source to replace it: plan new account connections and dataflows on that source",
    guides: [
      {
        path: "help/sources/tutorials/api/create/marketing-automation/salesforce-marketing-cloud.md",
        version:
          "the text with the January 2026 warning and the AWS section (its translations name source commit 0c0a58df4beae499008e52c118b40bed86ff0596)",
        facts:
          "Client-Id-Secret Based Authentication (host, clientId, clientSecret); OAuth2 Client Credential on AWS (subdomain, clientId, clientSecret); deprecated January 2026",
      },
    ],
  },
  {
    alias: "mailchimp",
    title: "Mailchimp Members",
    category: "marketing-automation",
    connectionSpec: { id: "2e8580db-6489-4726-96de-e33f5f60295f", version: "1.0" },
    authSpecs: [
      {
        name: "Basic Authentication",
        params: ["authorizationTestUrl", "username", "password"],
        // authorizationTestUrl: "(Optional) … If unprovided, credentials are automatically checked
        // during the source connection creation step instead."
        required: ["username", "password"],
        secret: ["password"],
      },
      {
        name: "oAuth2RefreshCode",
        params: ["authorizationTestUrl", "accessToken"],
        required: ["accessToken"],
        secret: ["accessToken"],
      },
    ],
    flowSpecName: "RestStorageToAEP",
    sourceFormat: "json",
    sourceParamSets: [{ required: ["listId"], optional: [] }],
    deltaColumnRequired: false,
    targetFormat: "parquet_xdm",
    guides: [
      {
        path: "help/sources/tutorials/api/create/marketing-automation/mailchimp-members.md",
        version: "2d536bcf8645fe8fd6f088ea423d6e2322fb5553",
        facts:
          "Basic Authentication and oAuth2RefreshCode (authorizationTestUrl optional); params.listId; data.format json; flow spec 6499120c-… with a Mapping transformation only",
      },
      {
        path: "help/sources/sources-sdk/api/update-flow-specs.md",
        version: "0e0651188cdabcaf973a5eb37158fe0832d2d8ef",
        facts: "6499120c-… is RestStorageToAEP; its sourceConnectionSpecIds include 2e8580db-…",
      },
    ],
  },
  {
    alias: "amazon-s3",
    title: "Amazon S3",
    category: "cloud-storage",
    connectionSpec: { id: "ecadc60c-7455-4d87-84dc-2a0e293d997b", version: "1.0" },
    authSpecs: [
      {
        name: "Access Key",
        params: ["s3AccessKey", "s3SecretKey", "s3SessionToken", "serviceUrl", "bucketName", "folderPath"],
        required: ["s3AccessKey", "s3SecretKey"],
        secret: ["s3AccessKey", "s3SecretKey", "s3SessionToken"],
      },
      {
        // Experience Platform on AWS: AEP's IAM role reads the bucket, no key in the connection.
        name: "IAMRole Based",
        params: ["bucketName", "folderPath"],
        required: ["bucketName"],
        secret: [],
      },
    ],
    flowSpecName: "CloudStorageToAEP",
    sourceFormat: "delimited",
    // "Use the following enum values for file-based sources": delimited, json, parquet; the
    // Parquet tutorial lands XDM Parquet through a schema (parquet_xdm).
    sourceFormats: ["delimited", "json", "parquet", "parquet_xdm"],
    sourceParamSets: [{ required: ["path"], optional: ["recursive"] }],
    examples: { path: "/exports/contacts/*.csv" },
    deltaColumnRequired: false,
    targetFormat: "parquet_xdm",
    guides: [
      {
        path: "help/sources/tutorials/api/create/cloud-storage/s3.md",
        version:
          "the Experience League page of this guide updated 2026-05-23 (the stored 0765c4c7a06bee877772f84f3f00da58690edaf6 shows only s3AccessKey and s3SecretKey)",
        facts:
          "connection spec id; Access Key (s3AccessKey, s3SecretKey; optional s3SessionToken, serviceUrl; bucketName, folderPath); IAMRole Based on AWS (bucketName)",
      },
      {
        path: "help/sources/tutorials/api/collect/cloud-storage.md",
        version: "019ab4ead61b129f03ea6f8082e17f472ed3048f",
        facts:
          "params.path (+ recursive), data.format delimited/json/parquet; CloudStorageToAEP 9753525b-… with a Mapping transformation only (no Copy, so no deltaColumn)",
      },
    ],
  },
];

export function findConnector(alias: string): ConnectorInfo | undefined {
  return connectors.find((c) => c.alias === alias);
}

export function findConnectorBySpecId(id: string): ConnectorInfo | undefined {
  return connectors.find((c) => c.connectionSpec.id === id);
}

/** The auth spec a Connection manifest means, and whether its name was given or inferred. */
export interface AuthSpecChoice {
  /** The specName sent to AEP. */
  readonly name: string;
  /** Undefined when the manifest names a spec the connector does not have. */
  readonly spec: AuthSpecInfo | undefined;
  /** "named": auth.specName; "params": the only spec taking the given params; "default": the catalog's first. */
  readonly by: "named" | "params" | "default";
}

/**
 * The auth spec of a connection. A named spec wins. Otherwise the spec that takes every param the
 * manifest gives; when several do, the one whose required params are all given; the catalog's
 * default only when that still leaves a choice (or none fits). So a manifest written before a
 * connector gained a new default keeps the spec it always had.
 */
export function chooseAuthSpec(
  connector: ConnectorInfo,
  specName: string | undefined,
  paramNames: readonly string[],
): AuthSpecChoice {
  const fallback = connector.authSpecs[0]!;
  if (specName !== undefined) {
    return { name: specName, spec: connector.authSpecs.find((a) => a.name === specName), by: "named" };
  }
  const takesAll = connector.authSpecs.filter((a) => paramNames.every((p) => a.params.includes(p)));
  const complete = takesAll.filter((a) => a.required.every((r) => paramNames.includes(r)));
  const only = takesAll.length === 1 ? takesAll[0] : complete.length === 1 ? complete[0] : undefined;
  if (only !== undefined && connector.authSpecs.length > 1)
    return { name: only.name, spec: only, by: "params" };
  return { name: fallback.name, spec: fallback, by: "default" };
}

/** How a pipeline's source params fit the connector's forms (`path` counts when source.path gives it). */
export type SourceParamsFit =
  | { readonly kind: "fits"; readonly set: SourceParamSet; readonly misplaced: readonly string[] }
  | { readonly kind: "none" }
  | { readonly kind: "several"; readonly sets: readonly SourceParamSet[] };

/**
 * Which form of source params a pipeline uses. "fits": exactly one form has all its required
 * params; `misplaced` are given params that belong to another form only (Salesforce `columns`
 * beside `path`). Params no form mentions are the user's business and are left alone.
 */
export function fitSourceParams(connector: ConnectorInfo, given: readonly string[]): SourceParamsFit {
  const sets = connector.sourceParamSets;
  const matching = sets.filter((s) => s.required.every((r) => given.includes(r)));
  if (matching.length === 0) return { kind: "none" };
  if (matching.length > 1) return { kind: "several", sets: matching };
  const set = matching[0]!;
  const own = new Set([...set.required, ...set.optional]);
  const others = new Set(sets.filter((s) => s !== set).flatMap((s) => [...s.required, ...s.optional]));
  return { kind: "fits", set, misplaced: given.filter((p) => !own.has(p) && others.has(p)) };
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
    // once takes no interval/backfill; minute needs interval >= 15; others >= 1 (vendor/openapi/flow-service.yaml;
    // the CRMToAEP scheduleSpec in help/sources/tutorials/api/collect/marketing-automation.md).
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
}

/** The catalog's connection specs whose flows use this flow spec (Adobe's lists are longer). */
function sourcesOf(flowSpecName: string): string[] {
  return connectors.filter((c) => c.flowSpecName === flowSpecName).map((c) => c.connectionSpec.id);
}

export const flowSpecs: readonly FlowSpecInfo[] = [
  {
    id: "14518937-270c-4525-bdec-c2ba7cce3860",
    name: "CRMToAEP",
    version: "1.0",
    copyTransformation: true,
    deltaColumnRequired: true,
    sourceConnectionSpecIds: sourcesOf("CRMToAEP"),
    targetConnectionSpecIds: [DATA_LAKE_CONNECTION_SPEC.id],
  },
  {
    // help/sources/sources-sdk/api/update-flow-specs.md: the Sources SDK (self-serve REST) flow.
    id: "6499120c-0b15-42dc-936e-847ea3c24d72",
    name: "RestStorageToAEP",
    version: "1.0",
    copyTransformation: false,
    deltaColumnRequired: false,
    sourceConnectionSpecIds: sourcesOf("RestStorageToAEP"),
    targetConnectionSpecIds: [DATA_LAKE_CONNECTION_SPEC.id],
  },
  {
    // help/sources/tutorials/api/collect/cloud-storage.md: transformationSpecs hold Mapping only.
    id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876",
    name: "CloudStorageToAEP",
    version: "1.0",
    copyTransformation: false,
    deltaColumnRequired: false,
    sourceConnectionSpecIds: sourcesOf("CloudStorageToAEP"),
    targetConnectionSpecIds: [DATA_LAKE_CONNECTION_SPEC.id],
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
