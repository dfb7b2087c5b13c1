/* Generated from specs/manifest.schema.json by `npm run gen:types`. Do not edit. */

/**
 * One aepsync manifest document (apiVersion aepsync/v1): a Connection, a Schema, a Dataset or a Pipeline. Files under pipelines/ may hold several documents separated by '---'.
 */
export type Manifest = ConnectionManifest | SchemaManifest | DatasetManifest | PipelineManifest;
/**
 * What the connection connects to and how it authenticates: a connector alias from aepsync's catalog (connector), or a raw AEP connection spec (connectionSpec).
 */
export type ConnectionManifestSpec = ConnectionByConnector | ConnectionBySpecId;
/**
 * Either class (with fieldGroups) for a target schema, or adhoc for a raw source schema.
 */
export type SchemaManifestSpec = XdmSchemaSpec | AdhocSchemaSpec;
/**
 * One Data Prep mapping: a source field or an expression, into a destination field path of the target schema.
 */
export type MappingRule = FieldMapping | ExpressionMapping;

/**
 * A base connection: one account of a source system (HubSpot portal, Salesforce org, …) with its credentials, shared by any number of pipelines. Becomes a Flow Service connection.
 */
export interface ConnectionManifest {
  /**
   * Manifest format version: aepsync/v1.
   */
  apiVersion: "aepsync/v1";
  /**
   * Connection: a source account with its credentials.
   */
  kind: "Connection";
  metadata: Metadata;
  spec: ConnectionManifestSpec;
}
/**
 * Identity of the manifest. metadata.name is the stable key that aepsync writes into the markers of the AEP objects it creates: renaming it replaces those objects, unless metadata.renamedFrom names the old name.
 */
export interface Metadata {
  /**
   * Stable key of the manifest, unique per kind: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (e.g. hubspot-contacts).
   */
  name: string;
  /**
   * The manifest's previous metadata.name: the live objects of the old name are taken over and re-marked (an update of names, descriptions and markers) instead of being deleted and created again, so a renamed pipeline keeps its flow and does not backfill. Keep it until the rename has been applied everywhere, then remove it.
   */
  renamedFrom?: string;
  /**
   * Free key/value labels for people and tools (owner, team, domain). aepsync does not send them to AEP.
   */
  labels?: {
    /**
     * A label value.
     */
    [k: string]: string | undefined;
  };
  /**
   * Free key/value notes for people and tools (links, tickets). aepsync does not send them to AEP.
   */
  annotations?: {
    /**
     * An annotation value.
     */
    [k: string]: string | undefined;
  };
}
/**
 * A connection to a connector of aepsync's catalog: its connection spec id, default auth spec, flow spec and required params come from the catalog, and validate checks the auth params against it.
 */
export interface ConnectionByConnector {
  /**
   * Connector alias from aepsync's catalog: hubspot, salesforce, microsoft-dynamics, oracle-eloqua, salesforce-marketing-cloud, mailchimp or amazon-s3.
   */
  connector: string;
  /**
   * The base connection's name in AEP. Default: metadata.name. Set it to keep the name of a connection made in the AEP UI (aepsync export does).
   */
  name?: string;
  /**
   * Human description, sent to AEP as the connection's description (aepsync appends its ownership marker).
   */
  description?: string;
  auth: ConnectionAuth;
}
/**
 * Credentials of the connection. Every param is a reference (${secret:NAME} for credentials, ${env:NAME} for the rest), resolved from the environment at plan time and never printed: literal values do not belong in Git.
 */
export interface ConnectionAuth {
  /**
   * Name of one of the connection spec's auth specs ("OAuth2 Client Credential", "Basic Authentication", "oAuth2RefreshCode", …). Without it, the catalog connector's auth spec whose params are given; its default when several fit.
   */
  specName?: string;
  /**
   * Auth spec params by name, each a ${secret:NAME} or ${env:NAME} reference.
   */
  params: {
    /**
     * A reference: ${secret:NAME} (credentials) or ${env:NAME}.
     */
    [k: string]: string | undefined;
  };
}
/**
 * A connection to any AEP source by its connection spec id, for connectors that aepsync's catalog does not know (their params are not checked offline).
 */
export interface ConnectionBySpecId {
  connectionSpec: ConnectionSpecRef;
  /**
   * The base connection's name in AEP. Default: metadata.name. Set it to keep the name of a connection made in the AEP UI (aepsync export does).
   */
  name?: string;
  /**
   * Human description, sent to AEP as the connection's description (aepsync appends its ownership marker).
   */
  description?: string;
  auth: ConnectionAuth;
}
/**
 * An AEP connection spec (GET /connectionSpecs), by id.
 */
export interface ConnectionSpecRef {
  /**
   * Connection spec id, a UUID (HubSpot: cc6a4487-9e91-433e-a3a3-9cf6626c1806).
   */
  id: string;
  /**
   * Connection spec version; AEP uses the latest when it is omitted.
   */
  version?: string;
}
/**
 * An XDM schema in the tenant container: a target schema made of a class and field groups, or an ad-hoc schema that describes a source's raw fields.
 */
export interface SchemaManifest {
  /**
   * Manifest format version: aepsync/v1.
   */
  apiVersion: "aepsync/v1";
  /**
   * Schema: an XDM schema (class + field groups, or ad-hoc fields).
   */
  kind: "Schema";
  metadata: Metadata;
  spec: SchemaManifestSpec;
}
/**
 * A schema composed of one class and field groups (POST /schemaregistry/tenant/schemas with an allOf of $refs).
 */
export interface XdmSchemaSpec {
  /**
   * Schema title shown in AEP; also its AEP name. Must be unique in the sandbox.
   */
  title: string;
  /**
   * Schema description (aepsync appends its ownership marker).
   */
  description?: string;
  /**
   * $id of the XDM class, e.g. https://ns.adobe.com/xdm/context/profile (XDM Individual Profile) or a tenant class https://ns.adobe.com/<tenant>/classes/<id>.
   */
  class: string;
  /**
   * $ids of the field groups to add, each once, e.g. https://ns.adobe.com/xdm/context/profile-person-details. Mapping destinations are checked against their fields.
   */
  fieldGroups?: string[];
  /**
   * Enable the schema for Real-Time Customer Profile: aepsync sets meta:immutableTags [union] (irreversible in AEP: once true, it stays true). Needs primaryIdentity; a Dataset with profileEnabled needs a schema with profile.
   */
  profile?: boolean;
  primaryIdentity?: PrimaryIdentity;
}
/**
 * The schema's primary identity, an identity descriptor (POST /schemaregistry/tenant/descriptors with xdm:isPrimary): the field and its identity namespace.
 */
export interface PrimaryIdentity {
  /**
   * Dotted path of the identity field in the schema, e.g. personalEmail.address.
   */
  field: string;
  /**
   * Identity namespace code, e.g. Email, Phone, ECID, or a custom namespace's code.
   */
  namespace: string;
}
/**
 * An ad-hoc schema for a source's raw data: aepsync creates an ad-hoc class with these fields and a schema on it, and a pipeline names it in source.schema.
 */
export interface AdhocSchemaSpec {
  /**
   * Schema title shown in AEP; also its AEP name. Must be unique in the sandbox.
   */
  title: string;
  /**
   * Schema description (aepsync appends its ownership marker).
   */
  description?: string;
  adhoc: AdhocFields;
}
/**
 * The raw fields of the source, as the connector names them (e.g. Properties_Email_Value).
 */
export interface AdhocFields {
  /**
   * Field name → XDM type. Mapping sources of pipelines that use this schema must be among these names.
   */
  fields: {
    /**
     * XDM type of the field: string, integer, long, int, short, byte, number, double, boolean, date, date-time.
     */
    [k: string]:
      | (
          | "string"
          | "integer"
          | "long"
          | "int"
          | "short"
          | "byte"
          | "number"
          | "double"
          | "boolean"
          | "date"
          | "date-time"
        )
      | undefined;
  };
  /**
   * The ad-hoc class's title in AEP. Default: '<title> (ad-hoc class)'. Set it to keep the title of a class made outside aepsync (aepsync export does).
   */
  classTitle?: string;
}
/**
 * A Catalog dataset on a schema: the place a pipeline lands its data.
 */
export interface DatasetManifest {
  /**
   * Manifest format version: aepsync/v1.
   */
  apiVersion: "aepsync/v1";
  /**
   * Dataset: a Catalog dataset on an XDM schema.
   */
  kind: "Dataset";
  metadata: Metadata;
  spec: DatasetManifestSpec;
}
/**
 * The dataset's name and schema.
 */
export interface DatasetManifestSpec {
  /**
   * Dataset name shown in AEP. May use ${var:NAME} to differ per environment.
   */
  name: string;
  /**
   * Dataset description.
   */
  description?: string;
  /**
   * The schema: a Schema manifest's metadata.name, or the $id of a schema that exists already (https://ns.adobe.com/<tenant>/schemas/<id>).
   */
  schema: string;
  /**
   * Catalog tags: tag name → values (aepsync adds its own marker tag).
   */
  tags?: {
    /**
     * Values of one tag.
     */
    [k: string]: string[] | undefined;
  };
  /**
   * Enable the dataset for Real-Time Customer Profile (the schema must be enabled too). Default false.
   */
  profileEnabled?: boolean;
}
/**
 * A source dataflow: read one object of a connection, map it onto a dataset's schema, on a schedule. aepsync owns its source connection, target connection, mapping set and flow.
 */
export interface PipelineManifest {
  /**
   * Manifest format version: aepsync/v1.
   */
  apiVersion: "aepsync/v1";
  /**
   * Pipeline: a scheduled dataflow from a connection into a dataset.
   */
  kind: "Pipeline";
  metadata: Metadata;
  spec: PipelineManifestSpec;
}
/**
 * Where the data comes from, where it goes, how its fields map, and when it runs.
 */
export interface PipelineManifestSpec {
  /**
   * The flow's name in AEP. Default: <metadata.name>-flow. Set it to keep the name of a dataflow made in the AEP UI (aepsync export does).
   */
  name?: string;
  /**
   * Human description, sent to AEP as the flow's description (aepsync appends its ownership marker).
   */
  description?: string;
  source: PipelineSource;
  target: PipelineTarget;
  /**
   * Data Prep mapping: one rule per destination field of the target schema.
   *
   * @minItems 1
   */
  mapping: MappingRule[];
  deltaColumn?: DeltaColumn;
  schedule: Schedule;
  /**
   * Whether the flow runs. false disables it in AEP without deleting it. Default true.
   */
  enabled?: boolean;
}
/**
 * The object to read: a connection and the connector's params (becomes a Flow Service source connection).
 */
export interface PipelineSource {
  /**
   * metadata.name of a Connection manifest.
   */
  connection: string;
  /**
   * The source connection's name in AEP. Default: <metadata.name>-source.
   */
  name?: string;
  /**
   * The source object, sent as params.path (HubSpot: Hubspot.Contacts; Salesforce: Contact, or params.tableName instead; Amazon S3: a file or folder path).
   */
  path?: string;
  /**
   * Other source connection params the connector needs (Mailchimp: listId; Salesforce: tableName with optional columns; Microsoft Dynamics: tableName with optional primaryKey; Amazon S3: optional recursive).
   */
  params?: {
    /**
     * A param value; a list for Salesforce columns (column names, or Adobe's column objects {name, type, xdm}). Numbers are exact integers or decimals JSON parsers read without loss (at most 2^53 - 1 in magnitude).
     */
    [k: string]: (string | number | boolean | (string | {})[]) | undefined;
  };
  /**
   * metadata.name of an ad-hoc Schema manifest describing the raw source fields; its $id goes into the source connection's data.schema, and mapping sources are checked against its fields.
   */
  schema?: string;
  /**
   * The source connection's data.format. Defaults to the connector's (tabular for CRM and marketing automation, json for Mailchimp, delimited for Amazon S3); parquet_xdm with an ad-hoc schema.
   */
  format?: "tabular" | "json" | "parquet_xdm" | "delimited" | "parquet";
}
/**
 * Where the data lands (becomes a Data Lake target connection).
 */
export interface PipelineTarget {
  /**
   * metadata.name of a Dataset manifest.
   */
  dataset: string;
  /**
   * The target connection's name in AEP. Default: <metadata.name>-target.
   */
  name?: string;
}
/**
 * Copy one source field into one destination field.
 */
export interface FieldMapping {
  /**
   * Source field name (e.g. Properties_Firstname_Value).
   */
  source: string;
  /**
   * XDM field path in the target schema, API names (person.name.firstName, personalEmail.address, _id, _<tenant>.field).
   */
  destination: string;
  /**
   * Why this mapping exists.
   */
  description?: string;
}
/**
 * Compute a destination field with a Data Prep expression.
 */
export interface ExpressionMapping {
  /**
   * Data Prep calculated field, e.g. lower(Properties_Email_Value).
   */
  expression: string;
  /**
   * XDM field path in the target schema, API names (person.name.firstName, personalEmail.address, _id, _<tenant>.field).
   */
  destination: string;
  /**
   * Why this mapping exists.
   */
  description?: string;
}
/**
 * The column that tells new and changed rows apart (the flow's Copy transformation). Required by CRM sources (CRMToAEP); ignored by flows without a Copy transformation (Mailchimp).
 */
export interface DeltaColumn {
  /**
   * Column name, e.g. updatedAt or LastModifiedDate.
   */
  name: string;
  /**
   * Date format of the column, e.g. YYYY-MM-DD.
   */
  dateFormat?: string;
  /**
   * Time zone of the column's values, e.g. UTC.
   */
  timezone?: string;
}
/**
 * When the flow runs (the flow's scheduleParams). minute needs interval >= 15; once takes no interval or backfill.
 */
export interface Schedule {
  /**
   * once, minute, hour, day or week.
   */
  frequency: "once" | "minute" | "hour" | "day" | "week";
  /**
   * Runs every <interval> <frequency>s: >= 15 for minute, >= 1 otherwise, absent for once; at most one year (525600 minutes, 8760 hours, 365 days, 52 weeks). A number, not a reference.
   */
  interval?: number;
  /**
   * First run: an RFC 3339 date-time (2027-01-01T00:00:00Z) or epoch seconds, from 1970 to 2099. AEP cannot change it once it has passed.
   */
  startTime: string | number;
  /**
   * Whether the first run ingests historical data. Default true; not allowed with once.
   */
  backfill?: boolean;
}
