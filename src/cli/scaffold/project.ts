/**
 * What `aepsync init` writes besides the workflows: aepsync.yaml and one example pipeline for a
 * connector of the catalog. Everything connector-specific comes from the catalog (the default auth
 * spec's params, which of them are credentials, the source params, whether a deltaColumn is needed),
 * so a connector added to src/data/connectors.ts gets a scaffold that validates and plans as written.
 */
import type { ConnectorInfo } from "../../data/connectors.ts";
import type { EnvReference } from "./workflows.ts";

export interface PipelineScaffold {
  readonly path: string;
  readonly content: string;
  /** References of the lines that are not commented out. */
  readonly references: readonly EnvReference[];
  /** Values to replace before running against AEP (`CHANGE-ME`), as "what (where)". */
  readonly placeholders: readonly string[];
}

/** The value of every source param the user has to fill in. */
export const PLACEHOLDER = "CHANGE-ME";

const DAY_MS = 86_400_000;

/** A YAML scalar: plain when that cannot be misread, else double-quoted (JSON is valid YAML). */
function scalar(text: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9 ._()/-]*$/.test(text) && !/ $/.test(text) ? text : JSON.stringify(text);
}

/** aepsync.yaml: the namespace, a dev environment and a protected prod environment. */
export function renderConfig(namespace: string): string {
  return `# yaml-language-server: $schema=node_modules/aepsync/specs/config.schema.json
# The environments of this repository: \`aepsync plan --env dev\`, \`aepsync apply --env prod --allow-protected\`.
# The namespace marks the AEP objects this repository owns; changing it later orphans them.
namespace: ${namespace}
environments:
  dev:
    sandbox: dev
  prod:
    sandbox: prod
    protected: true
`;
}

/** A namespace from a directory name: lowercase letters, digits and '-', at most 63 characters. */
export function namespaceFrom(directoryName: string): string {
  const name = directoryName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
  return name === "" ? "default" : name;
}

/** `clientSecret` of `oracle-eloqua` → `ORACLE_ELOQUA_CLIENT_SECRET`. */
export function variableName(alias: string, param: string): string {
  const words = param.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_");
  return `${alias}_${words}`
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

// Names that read as credentials are refused in ${env:} (they would be printed): such a param is a
// ${secret:} even where the catalog does not list it as one.
const CREDENTIAL_NAME = /SECRET|TOKEN|PASSWORD|KEY/;

function referenceFor(connector: ConnectorInfo, param: string, secret: boolean): EnvReference {
  const name = variableName(connector.alias, param);
  return { name, scheme: secret || CREDENTIAL_NAME.test(name) ? "secret" : "env" };
}

/**
 * The example pipeline: a Connection (the default auth spec, credentials as `${secret:}`, other params
 * as `${env:}`; optional params commented out), the XDM Individual Profile schema with person and
 * personal contact details, a dataset, and a disabled Pipeline mapping a few profile fields.
 * `now` (epoch ms) dates the first run: the second midnight UTC from now, so it is still ahead a day later.
 */
export function renderPipeline(connector: ConnectorInfo, now: number): PipelineScaffold {
  const alias = connector.alias;
  const auth = connector.authSpecs[0];
  const references: EnvReference[] = [];
  const authLines: string[] = [];
  if (auth !== undefined) {
    const optional: string[] = [];
    for (const param of auth.params) {
      const reference = referenceFor(connector, param, auth.secret.includes(param));
      const line = `${param}: \${${reference.scheme}:${reference.name}}`;
      if (auth.required.includes(param)) {
        authLines.push(`      ${line}`);
        references.push(reference);
      } else optional.push(`      # ${line}`);
    }
    if (optional.length > 0) authLines.push("      # Optional:", ...optional);
  }
  const authBlock =
    auth === undefined
      ? ""
      : `  # \${secret:NAME} and \${env:NAME} are read from the environment when aepsync runs; secrets are
  # never printed. On GitHub, NAME is a secret or a variable of the job's environment.
  auth:
    specName: ${scalar(auth.name)}
    params:
${authLines.join("\n")}
`;

  const placeholders: string[] = [];
  const sourceLines: string[] = [];
  const params: string[] = [];
  // The first form of the source params Adobe documents (e.g. `path`, or `tableName`).
  for (const param of connector.sourceParamSets[0]?.required ?? []) {
    if (param === "path") {
      sourceLines.push(`    # The object to read, as the ${connector.title} source names it.`);
      sourceLines.push(`    path: ${PLACEHOLDER}`);
      placeholders.push(`the object to read (source.path)`);
    } else {
      params.push(`      ${param}: ${PLACEHOLDER}`);
      placeholders.push(`source.params.${param}`);
    }
  }
  if (params.length > 0) {
    sourceLines.push(`    # What to read, as the ${connector.title} source names it.`);
    sourceLines.push("    params:", ...params);
  }

  const title = connector.title;
  const start = new Date((Math.floor(now / DAY_MS) + 2) * DAY_MS).toISOString().replace(".000Z", "Z");
  const deltaColumn = connector.deltaColumnRequired
    ? `  # The source field that says when a record last changed: each run reads what changed since.
  deltaColumn: { name: updatedAt }
`
    : "";
  const warning = connector.warning === undefined ? "" : `# Note: ${connector.warning}.\n`;

  const content = `# yaml-language-server: $schema=../node_modules/aepsync/specs/manifest.schema.json
# ${title} into Adobe Experience Platform, written by \`aepsync init\`: the connection to the account,
# the profile schema and dataset the records land in, and the pipeline (what to read, the mapping,
# the schedule). Replace ${PLACEHOLDER}, then: aepsync validate && aepsync plan --emulator --env dev
${warning}apiVersion: aepsync/v1
kind: Connection
metadata:
  name: ${alias}
spec:
  connector: ${alias}
  description: ${scalar(`${title} account`)}
${authBlock}---
apiVersion: aepsync/v1
kind: Schema
metadata:
  name: ${alias}-profile
spec:
  title: ${scalar(`${title} profiles`)}
  description: ${scalar(`People from ${title}`)}
  class: https://ns.adobe.com/xdm/context/profile
  fieldGroups:
    - https://ns.adobe.com/xdm/context/profile-person-details
    - https://ns.adobe.com/xdm/context/profile-personal-details
---
apiVersion: aepsync/v1
kind: Dataset
metadata:
  name: ${alias}-profiles
spec:
  name: ${scalar(`${title} profiles`)}
  schema: ${alias}-profile
---
apiVersion: aepsync/v1
kind: Pipeline
metadata:
  name: ${alias}-profiles
spec:
  description: ${scalar(`${title} records into the ${title} profiles dataset`)}
  source:
    connection: ${alias}
${sourceLines.join("\n")}
  target:
    dataset: ${alias}-profiles
  # source: a field of the records as the source delivers them (rename to yours);
  # destination: a field of the target schema (validate checks it against Adobe's XDM).
  mapping:
    - { source: id, destination: _id }
    - { source: firstName, destination: person.name.firstName }
    - { source: lastName, destination: person.name.lastName }
    - { expression: "lower(email)", destination: personalEmail.address }
${deltaColumn}  schedule: { frequency: hour, interval: 1, startTime: ${start} }
  # Created disabled: set true to start ingesting on the schedule.
  enabled: false
`;
  return { path: `pipelines/${alias}.yaml`, content, references, placeholders };
}
