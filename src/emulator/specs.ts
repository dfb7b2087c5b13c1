/**
 * Read-only Flow Service specs, seeded from the connector catalog (src/data/connectors.ts):
 * one connection spec per connector plus the Data Lake target, and the flow specs.
 */
import {
  connectors,
  DATA_LAKE_CONNECTION_SPEC,
  DATA_LAKE_PROVIDER_ID,
  findConnectorBySpecId,
  flowSpecs,
  LIST_SOURCE_PARAMS,
  periodicScheduleSpec,
  type ConnectorCategory,
  type ConnectorInfo,
  type FlowSpecInfo,
} from "../data/connectors.ts";
import { asArray, asObj, isObj, type Obj } from "./json.ts";

const JSON_SCHEMA = "http://json-schema.org/draft-07/schema#";

const CATEGORY: Record<ConnectorCategory, { ui: string; name: string }> = {
  crm: { ui: "crm", name: "CRM" },
  "marketing-automation": { ui: "marketingAutomation", name: "Marketing Automation" },
  "cloud-storage": { ui: "cloudStorage", name: "Cloud Storage" },
};

/**
 * The source connection params as a JSON Schema: every param of every form, and the forms as
 * `oneOf` when there are several (a Salesforce source takes `path` or `tableName`, not both).
 */
function sourceParamsSpec(c: ConnectorInfo): Obj {
  const names = [...new Set(c.sourceParamSets.flatMap((s) => [...s.required, ...s.optional]))];
  const spec: Obj = {
    $schema: JSON_SCHEMA,
    type: "object",
    properties: Object.fromEntries(
      names.map((p) => [
        p,
        LIST_SOURCE_PARAMS.has(p) ? { type: "array" } : { type: ["string", "number", "boolean"] },
      ]),
    ),
  };
  const [only, ...more] = c.sourceParamSets;
  if (only !== undefined && more.length === 0) spec.required = [...only.required];
  else spec.oneOf = c.sourceParamSets.map((s) => ({ required: [...s.required] }));
  return spec;
}

function buildConnectionSpecs(): Obj[] {
  const sources: Obj[] = connectors.map((c) => ({
    id: c.connectionSpec.id,
    name: c.alias,
    providerId: DATA_LAKE_PROVIDER_ID,
    version: c.connectionSpec.version,
    authSpec: c.authSpecs.map((auth) => ({
      name: auth.name,
      type: auth.name,
      spec: {
        $schema: JSON_SCHEMA,
        type: "object",
        description: `${c.title} ${auth.name}`,
        properties: Object.fromEntries(
          auth.params.map((p) => [
            p,
            auth.secret.includes(p) ? { type: "string", format: "password" } : { type: "string" },
          ]),
        ),
        required: [...auth.required],
      },
    })),
    sourceSpec: {
      attributes: {
        uiAttributes: { isSource: true, isBeta: false, category: CATEGORY[c.category].ui },
      },
      spec: sourceParamsSpec(c),
    },
    attributes: { category: CATEGORY[c.category].name, connectorName: c.title, isSource: true },
  }));
  // The Data Lake spec: no auth (help/sources/tutorials/api/create-dataset-base-connection.md); aepp
  // looks it up by the name "datalake" (aepp/flowservice.py), a name Adobe's documents do not confirm.
  const dataLake: Obj = {
    id: DATA_LAKE_CONNECTION_SPEC.id,
    name: "datalake",
    providerId: DATA_LAKE_PROVIDER_ID,
    version: DATA_LAKE_CONNECTION_SPEC.version,
    authSpec: [],
    targetSpec: {
      name: "Data Lake",
      spec: {
        $schema: JSON_SCHEMA,
        type: "object",
        properties: { dataSetId: { type: "string", description: "Target dataset id" } },
        required: ["dataSetId"],
      },
    },
    attributes: { category: "Database", isSource: false, isDestination: true },
    permissionsInfo: {
      view: [{ "@type": "lowLevel", name: "Dataset", permissions: ["read"] }],
      manage: [{ "@type": "lowLevel", name: "Dataset", permissions: ["write"] }],
    },
  };
  return [...sources, dataLake];
}

const copySpec = {
  name: "Copy",
  spec: {
    $schema: JSON_SCHEMA,
    type: "object",
    properties: {
      deltaColumn: {
        type: "object",
        properties: {
          name: { type: "string" },
          dateFormat: { type: "string" },
          timezone: { type: "string" },
        },
        required: ["name"],
      },
    },
    required: ["deltaColumn"],
  },
};

const mappingSpec = {
  name: "Mapping",
  spec: {
    $schema: JSON_SCHEMA,
    type: "object",
    description: "defines various params required for different mapping from source to target",
    properties: { mappingId: { type: "string" }, mappingVersion: { type: "string" } },
  },
};

function buildFlowSpec(info: FlowSpecInfo): Obj {
  return {
    id: info.id,
    name: info.name,
    providerId: DATA_LAKE_PROVIDER_ID,
    version: info.version,
    attributes: { isSourceFlow: true, flacValidationSupported: false, frequency: "batch" },
    sourceConnectionSpecIds: [...info.sourceConnectionSpecIds],
    targetConnectionSpecIds: [...info.targetConnectionSpecIds],
    transformationSpecs: info.copyTransformation ? [copySpec, mappingSpec] : [mappingSpec],
    scheduleSpec: periodicScheduleSpec,
    runSpec: {
      name: "ProviderParams",
      spec: {
        $schema: JSON_SCHEMA,
        type: "object",
        properties: {
          startTime: { type: "integer" },
          windowStartTime: { type: "integer" },
          windowEndTime: { type: "integer" },
          deltaColumn: { type: "object", properties: { name: { type: "string" } } },
        },
      },
    },
  };
}

export const connectionSpecItems: readonly Obj[] = buildConnectionSpecs();
export const flowSpecItems: readonly Obj[] = flowSpecs.map(buildFlowSpec);

export function findConnectionSpec(id: string): Obj | undefined {
  return connectionSpecItems.find((s) => s.id === id);
}

export function findFlowSpecInfo(id: string): FlowSpecInfo | undefined {
  return flowSpecs.find((f) => f.id === id);
}

const SECRET_NAME = /secret|password|token|key/i;

/** Params AEP masks on read: the catalog's secrets, or any credential-looking name for other specs. */
export function isSecretParam(
  connectionSpecId: string | undefined,
  specName: string | undefined,
  param: string,
): boolean {
  const connector = connectionSpecId === undefined ? undefined : findConnectorBySpecId(connectionSpecId);
  const auth = connector?.authSpecs.find((a) => a.name === specName);
  if (auth !== undefined) return auth.secret.includes(param);
  return SECRET_NAME.test(param);
}

/**
 * Why a source connection's params do not fit its connection spec's sourceSpec, or undefined.
 * Adobe's Sources SDK documents `sourceSpec.spec.properties` as "the user-provided parameters"
 * (help/sources/sources-sdk/config/sourcespec.md); whether AEP refuses a source connection that
 * misses one, and with which error, it does not say: the emulator refuses (the harder choice).
 * Reads the subset of JSON Schema the seeded specs use: required, oneOf of required, array types.
 */
export function sourceParamsProblem(connectionSpec: Obj, params: Obj | undefined): string | undefined {
  const spec = asObj(asObj(connectionSpec.sourceSpec)?.spec);
  if (spec === undefined) return undefined;
  const given = params ?? {};
  const has = (name: unknown): boolean => typeof name === "string" && given[name] !== undefined;
  const required = (asArray(spec.required) ?? []).filter((r): r is string => typeof r === "string");
  const missing = required.filter((r) => !has(r));
  if (missing.length > 0) return `'params.${missing.join("', 'params.")}' is required`;
  const forms = (asArray(spec.oneOf) ?? []).filter(isObj).map((f) => asArray(f.required) ?? []);
  if (forms.length > 0) {
    const fitting = forms.filter((f) => f.every(has));
    const names = forms.map((f) => f.map((r) => `params.${String(r)}`).join(" + ")).join(" or ");
    if (fitting.length !== 1) return `exactly one of ${names} is required`;
  }
  for (const [name, property] of Object.entries(asObj(spec.properties) ?? {})) {
    if (asObj(property)?.type === "array" && has(name) && !Array.isArray(given[name]))
      return `'params.${name}' must be an array`;
  }
  return undefined;
}
