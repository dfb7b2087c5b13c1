// Generated from specs/*.schema.json by `npm run gen:validators`. Do not edit.
import { formats as aepsyncFormats, ucs2length } from "../runtime.ts";
export const manifest = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"Manifest","description":"One aepsync manifest document (apiVersion aepsync/v1): a Connection, a Schema, a Dataset or a Pipeline. Files under pipelines/ may hold several documents separated by '---'.","type":"object","discriminator":{"propertyName":"kind"},"oneOf":[{"$ref":"#/definitions/ConnectionManifest"},{"$ref":"#/definitions/SchemaManifest"},{"$ref":"#/definitions/DatasetManifest"},{"$ref":"#/definitions/PipelineManifest"}],"definitions":{"Metadata":{"title":"Metadata","description":"Identity of the manifest. metadata.name is the stable key that aepsync writes into the markers of the AEP objects it creates: renaming it replaces those objects, unless metadata.renamedFrom names the old name.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"description":"Stable key of the manifest, unique per kind: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (e.g. hubspot-contacts).","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit), e.g. hubspot-contacts"},"renamedFrom":{"description":"The manifest's previous metadata.name: the live objects of the old name are taken over and re-marked (an update of names, descriptions and markers) instead of being deleted and created again, so a renamed pipeline keeps its flow and does not backfill. Keep it until the rename has been applied everywhere, then remove it.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use the old metadata.name: lowercase letters, digits and '-'"},"labels":{"description":"Free key/value labels for people and tools (owner, team, domain). aepsync does not send them to AEP.","type":"object","additionalProperties":{"description":"A label value.","type":"string"}},"annotations":{"description":"Free key/value notes for people and tools (links, tickets). aepsync does not send them to AEP.","type":"object","additionalProperties":{"description":"An annotation value.","type":"string"}}}},"ConnectionManifest":{"title":"ConnectionManifest","description":"A base connection: one account of a source system (HubSpot portal, Salesforce org, …) with its credentials, shared by any number of pipelines. Becomes a Flow Service connection.","type":"object","additionalProperties":false,"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"description":"Manifest format version: aepsync/v1.","const":"aepsync/v1"},"kind":{"description":"Connection: a source account with its credentials.","const":"Connection"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/ConnectionManifestSpec"}}},"ConnectionManifestSpec":{"title":"ConnectionManifestSpec","description":"What the connection connects to and how it authenticates: a connector alias from aepsync's catalog (connector), or a raw AEP connection spec (connectionSpec).","type":"object","oneOf":[{"$ref":"#/definitions/ConnectionByConnector"},{"$ref":"#/definitions/ConnectionBySpecId"}]},"ConnectionByConnector":{"title":"ConnectionByConnector","description":"A connection to a connector of aepsync's catalog: its connection spec id, default auth spec, flow spec and required params come from the catalog, and validate checks the auth params against it.","type":"object","additionalProperties":false,"required":["connector","auth"],"properties":{"connector":{"description":"Connector alias from aepsync's catalog: hubspot, salesforce, microsoft-dynamics, oracle-eloqua, salesforce-marketing-cloud, mailchimp or amazon-s3.","type":"string"},"name":{"description":"The base connection's name in AEP. Default: metadata.name. Set it to keep the name of a connection made in the AEP UI (aepsync export does).","type":"string","minLength":1},"description":{"description":"Human description, sent to AEP as the connection's description (aepsync appends its ownership marker).","type":"string"},"auth":{"$ref":"#/definitions/ConnectionAuth"}}},"ConnectionBySpecId":{"title":"ConnectionBySpecId","description":"A connection to any AEP source by its connection spec id, for connectors that aepsync's catalog does not know (their params are not checked offline).","type":"object","additionalProperties":false,"required":["connectionSpec","auth"],"properties":{"connectionSpec":{"$ref":"#/definitions/ConnectionSpecRef"},"name":{"description":"The base connection's name in AEP. Default: metadata.name. Set it to keep the name of a connection made in the AEP UI (aepsync export does).","type":"string","minLength":1},"description":{"description":"Human description, sent to AEP as the connection's description (aepsync appends its ownership marker).","type":"string"},"auth":{"$ref":"#/definitions/ConnectionAuth"}}},"ConnectionSpecRef":{"title":"ConnectionSpecRef","description":"An AEP connection spec (GET /connectionSpecs), by id.","type":"object","additionalProperties":false,"required":["id"],"properties":{"id":{"description":"Connection spec id, a UUID (HubSpot: cc6a4487-9e91-433e-a3a3-9cf6626c1806).","type":"string","format":"uuid"},"version":{"description":"Connection spec version; AEP uses the latest when it is omitted.","type":"string"}}},"ConnectionAuth":{"title":"ConnectionAuth","description":"Credentials of the connection. Every param is a reference (${secret:NAME} for credentials, ${env:NAME} for the rest), resolved from the environment at plan time and never printed: literal values do not belong in Git.","type":"object","additionalProperties":false,"required":["params"],"properties":{"specName":{"description":"Name of one of the connection spec's auth specs (\"OAuth2 Client Credential\", \"Basic Authentication\", \"oAuth2RefreshCode\", …). Without it, the catalog connector's auth spec whose params are given; its default when several fit.","type":"string"},"params":{"description":"Auth spec params by name, each a ${secret:NAME} or ${env:NAME} reference.","type":"object","additionalProperties":{"description":"A reference: ${secret:NAME} (credentials) or ${env:NAME}.","type":"string"}}}},"SchemaManifest":{"title":"SchemaManifest","description":"An XDM schema in the tenant container: a target schema made of a class and field groups, or an ad-hoc schema that describes a source's raw fields.","type":"object","additionalProperties":false,"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"description":"Manifest format version: aepsync/v1.","const":"aepsync/v1"},"kind":{"description":"Schema: an XDM schema (class + field groups, or ad-hoc fields).","const":"Schema"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/SchemaManifestSpec"}}},"SchemaManifestSpec":{"title":"SchemaManifestSpec","description":"Either class (with fieldGroups) for a target schema, or adhoc for a raw source schema.","type":"object","oneOf":[{"$ref":"#/definitions/XdmSchemaSpec"},{"$ref":"#/definitions/AdhocSchemaSpec"}]},"XdmSchemaSpec":{"title":"XdmSchemaSpec","description":"A schema composed of one class and field groups (POST /schemaregistry/tenant/schemas with an allOf of $refs).","type":"object","additionalProperties":false,"required":["title","class"],"properties":{"title":{"description":"Schema title shown in AEP; also its AEP name. Must be unique in the sandbox.","type":"string","minLength":1},"description":{"description":"Schema description (aepsync appends its ownership marker).","type":"string"},"class":{"description":"$id of the XDM class, e.g. https://ns.adobe.com/xdm/context/profile (XDM Individual Profile) or a tenant class https://ns.adobe.com/<tenant>/classes/<id>.","type":"string","format":"uri"},"fieldGroups":{"description":"$ids of the field groups to add, each once, e.g. https://ns.adobe.com/xdm/context/profile-person-details. Mapping destinations are checked against their fields.","type":"array","items":{"description":"$id of a field group (global, or a tenant one: https://ns.adobe.com/<tenant>/mixins/<id>).","type":"string","format":"uri"}},"profile":{"description":"Enable the schema for Real-Time Customer Profile: aepsync sets meta:immutableTags [union] (irreversible in AEP: once true, it stays true). Needs primaryIdentity; a Dataset with profileEnabled needs a schema with profile.","type":"boolean"},"primaryIdentity":{"title":"PrimaryIdentity","description":"The schema's primary identity, an identity descriptor (POST /schemaregistry/tenant/descriptors with xdm:isPrimary): the field and its identity namespace.","type":"object","additionalProperties":false,"required":["field","namespace"],"properties":{"field":{"description":"Dotted path of the identity field in the schema, e.g. personalEmail.address.","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"},"namespace":{"description":"Identity namespace code, e.g. Email, Phone, ECID, or a custom namespace's code.","type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$"}}}}},"AdhocSchemaSpec":{"title":"AdhocSchemaSpec","description":"An ad-hoc schema for a source's raw data: aepsync creates an ad-hoc class with these fields and a schema on it, and a pipeline names it in source.schema.","type":"object","additionalProperties":false,"required":["title","adhoc"],"properties":{"title":{"description":"Schema title shown in AEP; also its AEP name. Must be unique in the sandbox.","type":"string","minLength":1},"description":{"description":"Schema description (aepsync appends its ownership marker).","type":"string"},"adhoc":{"$ref":"#/definitions/AdhocFields"}}},"AdhocFields":{"title":"AdhocFields","description":"The raw fields of the source, as the connector names them (e.g. Properties_Email_Value).","type":"object","additionalProperties":false,"required":["fields"],"properties":{"fields":{"description":"Field name → XDM type. Mapping sources of pipelines that use this schema must be among these names.","type":"object","minProperties":1,"propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]*$","patternErrorMessage":"an ad-hoc field name uses letters, digits and '_' and does not start with a digit"},"additionalProperties":{"description":"XDM type of the field: string, integer, long, int, short, byte, number, double, boolean, date, date-time.","type":"string","enum":["string","integer","long","int","short","byte","number","double","boolean","date","date-time"]}},"classTitle":{"description":"The ad-hoc class's title in AEP. Default: '<title> (ad-hoc class)'. Set it to keep the title of a class made outside aepsync (aepsync export does).","type":"string","minLength":1}}},"DatasetManifest":{"title":"DatasetManifest","description":"A Catalog dataset on a schema: the place a pipeline lands its data.","type":"object","additionalProperties":false,"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"description":"Manifest format version: aepsync/v1.","const":"aepsync/v1"},"kind":{"description":"Dataset: a Catalog dataset on an XDM schema.","const":"Dataset"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/DatasetManifestSpec"}}},"DatasetManifestSpec":{"title":"DatasetManifestSpec","description":"The dataset's name and schema.","type":"object","additionalProperties":false,"required":["name","schema"],"properties":{"name":{"description":"Dataset name shown in AEP. May use ${var:NAME} to differ per environment.","type":"string","minLength":1},"description":{"description":"Dataset description.","type":"string"},"schema":{"description":"The schema: a Schema manifest's metadata.name, or the $id of a schema that exists already (https://ns.adobe.com/<tenant>/schemas/<id>).","type":"string","minLength":1},"tags":{"description":"Catalog tags: tag name → values (aepsync adds its own marker tag).","type":"object","additionalProperties":{"description":"Values of one tag.","type":"array","items":{"description":"A tag value.","type":"string"}}},"profileEnabled":{"description":"Enable the dataset for Real-Time Customer Profile (the schema must be enabled too). Default false.","type":"boolean","default":false}}},"PipelineManifest":{"title":"PipelineManifest","description":"A source dataflow: read one object of a connection, map it onto a dataset's schema, on a schedule. aepsync owns its source connection, target connection, mapping set and flow.","type":"object","additionalProperties":false,"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"description":"Manifest format version: aepsync/v1.","const":"aepsync/v1"},"kind":{"description":"Pipeline: a scheduled dataflow from a connection into a dataset.","const":"Pipeline"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/PipelineManifestSpec"}}},"PipelineManifestSpec":{"title":"PipelineManifestSpec","description":"Where the data comes from, where it goes, how its fields map, and when it runs.","type":"object","additionalProperties":false,"required":["source","target","mapping","schedule"],"properties":{"name":{"description":"The flow's name in AEP. Default: <metadata.name>-flow. Set it to keep the name of a dataflow made in the AEP UI (aepsync export does).","type":"string","minLength":1},"description":{"description":"Human description, sent to AEP as the flow's description (aepsync appends its ownership marker).","type":"string"},"source":{"$ref":"#/definitions/PipelineSource"},"target":{"$ref":"#/definitions/PipelineTarget"},"mapping":{"description":"Data Prep mapping: one rule per destination field of the target schema.","type":"array","minItems":1,"items":{"$ref":"#/definitions/MappingRule"}},"deltaColumn":{"$ref":"#/definitions/DeltaColumn"},"schedule":{"$ref":"#/definitions/Schedule"},"enabled":{"description":"Whether the flow runs. false disables it in AEP without deleting it. Default true.","type":"boolean","default":true}}},"PipelineSource":{"title":"PipelineSource","description":"The object to read: a connection and the connector's params (becomes a Flow Service source connection).","type":"object","additionalProperties":false,"required":["connection"],"properties":{"connection":{"description":"metadata.name of a Connection manifest.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit), e.g. hubspot-contacts"},"name":{"description":"The source connection's name in AEP. Default: <metadata.name>-source.","type":"string","minLength":1},"path":{"description":"The source object, sent as params.path (HubSpot: Hubspot.Contacts; Salesforce: Contact, or params.tableName instead; Amazon S3: a file or folder path).","type":"string","minLength":1},"params":{"description":"Other source connection params the connector needs (Mailchimp: listId; Salesforce: tableName with optional columns; Microsoft Dynamics: tableName with optional primaryKey; Amazon S3: optional recursive).","type":"object","additionalProperties":{"description":"A param value; a list for Salesforce columns (column names, or Adobe's column objects {name, type, xdm}). Numbers are exact integers or decimals JSON parsers read without loss (at most 2^53 - 1 in magnitude).","type":["string","number","boolean","array"],"minimum":-9007199254740991,"maximum":9007199254740991,"items":{"type":["string","object"]}}},"schema":{"description":"metadata.name of an ad-hoc Schema manifest describing the raw source fields; its $id goes into the source connection's data.schema, and mapping sources are checked against its fields.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit), e.g. hubspot-contacts"},"format":{"description":"The source connection's data.format. Defaults to the connector's (tabular for CRM and marketing automation, json for Mailchimp, delimited for Amazon S3); parquet_xdm with an ad-hoc schema.","type":"string","enum":["tabular","json","parquet_xdm","delimited","parquet"]}}},"PipelineTarget":{"title":"PipelineTarget","description":"Where the data lands (becomes a Data Lake target connection).","type":"object","additionalProperties":false,"required":["dataset"],"properties":{"dataset":{"description":"metadata.name of a Dataset manifest.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit), e.g. hubspot-contacts"},"name":{"description":"The target connection's name in AEP. Default: <metadata.name>-target.","type":"string","minLength":1}}},"MappingRule":{"title":"MappingRule","description":"One Data Prep mapping: a source field or an expression, into a destination field path of the target schema.","type":"object","oneOf":[{"$ref":"#/definitions/FieldMapping"},{"$ref":"#/definitions/ExpressionMapping"}]},"FieldMapping":{"title":"FieldMapping","description":"Copy one source field into one destination field.","type":"object","additionalProperties":false,"required":["source","destination"],"properties":{"source":{"description":"Source field name (e.g. Properties_Firstname_Value).","type":"string","minLength":1},"destination":{"description":"XDM field path in the target schema, API names (person.name.firstName, personalEmail.address, _id, _<tenant>.field).","type":"string","minLength":1},"description":{"description":"Why this mapping exists.","type":"string"}}},"ExpressionMapping":{"title":"ExpressionMapping","description":"Compute a destination field with a Data Prep expression.","type":"object","additionalProperties":false,"required":["expression","destination"],"properties":{"expression":{"description":"Data Prep calculated field, e.g. lower(Properties_Email_Value).","type":"string","minLength":1},"destination":{"description":"XDM field path in the target schema, API names (person.name.firstName, personalEmail.address, _id, _<tenant>.field).","type":"string","minLength":1},"description":{"description":"Why this mapping exists.","type":"string"}}},"DeltaColumn":{"title":"DeltaColumn","description":"The column that tells new and changed rows apart (the flow's Copy transformation). Required by CRM sources (CRMToAEP); ignored by flows without a Copy transformation (Mailchimp).","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"description":"Column name, e.g. updatedAt or LastModifiedDate.","type":"string","minLength":1},"dateFormat":{"description":"Date format of the column, e.g. YYYY-MM-DD.","type":"string"},"timezone":{"description":"Time zone of the column's values, e.g. UTC.","type":"string"}}},"Schedule":{"title":"Schedule","description":"When the flow runs (the flow's scheduleParams). minute needs interval >= 15; once takes no interval or backfill.","type":"object","additionalProperties":false,"required":["frequency","startTime"],"properties":{"frequency":{"description":"once, minute, hour, day or week.","type":"string","enum":["once","minute","hour","day","week"]},"interval":{"description":"Runs every <interval> <frequency>s: >= 15 for minute, >= 1 otherwise, absent for once; at most one year (525600 minutes, 8760 hours, 365 days, 52 weeks). A number, not a reference.","type":"integer","minimum":1,"maximum":525600},"startTime":{"description":"First run: an RFC 3339 date-time (2027-01-01T00:00:00Z) or epoch seconds, from 1970 to 2099. AEP cannot change it once it has passed.","type":["string","integer"],"format":"date-time","minimum":0,"maximum":253402300799999},"backfill":{"description":"Whether the first run ingests historical data. Default true; not allowed with once.","type":"boolean"}}}}};
const schema12 = {"title":"ConnectionManifest","description":"A base connection: one account of a source system (HubSpot portal, Salesforce org, …) with its credentials, shared by any number of pipelines. Becomes a Flow Service connection.","type":"object","additionalProperties":false,"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"description":"Manifest format version: aepsync/v1.","const":"aepsync/v1"},"kind":{"description":"Connection: a source account with its credentials.","const":"Connection"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/ConnectionManifestSpec"}}};
const schema13 = {"title":"Metadata","description":"Identity of the manifest. metadata.name is the stable key that aepsync writes into the markers of the AEP objects it creates: renaming it replaces those objects, unless metadata.renamedFrom names the old name.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"description":"Stable key of the manifest, unique per kind: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (e.g. hubspot-contacts).","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit), e.g. hubspot-contacts"},"renamedFrom":{"description":"The manifest's previous metadata.name: the live objects of the old name are taken over and re-marked (an update of names, descriptions and markers) instead of being deleted and created again, so a renamed pipeline keeps its flow and does not backfill. Keep it until the rename has been applied everywhere, then remove it.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use the old metadata.name: lowercase letters, digits and '-'"},"labels":{"description":"Free key/value labels for people and tools (owner, team, domain). aepsync does not send them to AEP.","type":"object","additionalProperties":{"description":"A label value.","type":"string"}},"annotations":{"description":"Free key/value notes for people and tools (links, tickets). aepsync does not send them to AEP.","type":"object","additionalProperties":{"description":"An annotation value.","type":"string"}}}};
const pattern0 = new RegExp("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", "u");
const schema14 = {"title":"ConnectionManifestSpec","description":"What the connection connects to and how it authenticates: a connector alias from aepsync's catalog (connector), or a raw AEP connection spec (connectionSpec).","type":"object","oneOf":[{"$ref":"#/definitions/ConnectionByConnector"},{"$ref":"#/definitions/ConnectionBySpecId"}]};
const schema15 = {"title":"ConnectionByConnector","description":"A connection to a connector of aepsync's catalog: its connection spec id, default auth spec, flow spec and required params come from the catalog, and validate checks the auth params against it.","type":"object","additionalProperties":false,"required":["connector","auth"],"properties":{"connector":{"description":"Connector alias from aepsync's catalog: hubspot, salesforce, microsoft-dynamics, oracle-eloqua, salesforce-marketing-cloud, mailchimp or amazon-s3.","type":"string"},"name":{"description":"The base connection's name in AEP. Default: metadata.name. Set it to keep the name of a connection made in the AEP UI (aepsync export does).","type":"string","minLength":1},"description":{"description":"Human description, sent to AEP as the connection's description (aepsync appends its ownership marker).","type":"string"},"auth":{"$ref":"#/definitions/ConnectionAuth"}}};
const schema16 = {"title":"ConnectionAuth","description":"Credentials of the connection. Every param is a reference (${secret:NAME} for credentials, ${env:NAME} for the rest), resolved from the environment at plan time and never printed: literal values do not belong in Git.","type":"object","additionalProperties":false,"required":["params"],"properties":{"specName":{"description":"Name of one of the connection spec's auth specs (\"OAuth2 Client Credential\", \"Basic Authentication\", \"oAuth2RefreshCode\", …). Without it, the catalog connector's auth spec whose params are given; its default when several fit.","type":"string"},"params":{"description":"Auth spec params by name, each a ${secret:NAME} or ${env:NAME} reference.","type":"object","additionalProperties":{"description":"A reference: ${secret:NAME} (credentials) or ${env:NAME}.","type":"string"}}}};
const func2 = ucs2length;

function validate13(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.connector === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "connector"},message:"must have required property '"+"connector"+"'",schema:schema15.required,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.auth === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "auth"},message:"must have required property '"+"auth"+"'",schema:schema15.required,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "connector") || (key0 === "name")) || (key0 === "description")) || (key0 === "auth"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.connector !== undefined){
let data0 = data.connector;
if(typeof data0 !== "string"){
const err3 = {instancePath:instancePath+"/connector",schemaPath:"#/properties/connector/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.connector.type,parentSchema:schema15.properties.connector,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema15.properties.name,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.name.type,parentSchema:schema15.properties.name,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.description !== undefined){
let data2 = data.description;
if(typeof data2 !== "string"){
const err6 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.description.type,parentSchema:schema15.properties.description,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.auth !== undefined){
let data3 = data.auth;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.params === undefined){
const err7 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/required",keyword:"required",params:{missingProperty: "params"},message:"must have required property '"+"params"+"'",schema:schema16.required,parentSchema:schema16,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data3){
if(!((key1 === "specName") || (key1 === "params"))){
const err8 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data3.specName !== undefined){
let data4 = data3.specName;
if(typeof data4 !== "string"){
const err9 = {instancePath:instancePath+"/auth/specName",schemaPath:"#/definitions/ConnectionAuth/properties/specName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.specName.type,parentSchema:schema16.properties.specName,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data3.params !== undefined){
let data5 = data3.params;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
let data6 = data5[key2];
if(typeof data6 !== "string"){
const err10 = {instancePath:instancePath+"/auth/params/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ConnectionAuth/properties/params/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.params.additionalProperties.type,parentSchema:schema16.properties.params.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath:instancePath+"/auth/params",schemaPath:"#/definitions/ConnectionAuth/properties/params/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.params.type,parentSchema:schema16.properties.params,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
else {
const err12 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema15.type,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
validate13.errors = vErrors;
return errors === 0;
}

const schema17 = {"title":"ConnectionBySpecId","description":"A connection to any AEP source by its connection spec id, for connectors that aepsync's catalog does not know (their params are not checked offline).","type":"object","additionalProperties":false,"required":["connectionSpec","auth"],"properties":{"connectionSpec":{"$ref":"#/definitions/ConnectionSpecRef"},"name":{"description":"The base connection's name in AEP. Default: metadata.name. Set it to keep the name of a connection made in the AEP UI (aepsync export does).","type":"string","minLength":1},"description":{"description":"Human description, sent to AEP as the connection's description (aepsync appends its ownership marker).","type":"string"},"auth":{"$ref":"#/definitions/ConnectionAuth"}}};
const schema18 = {"title":"ConnectionSpecRef","description":"An AEP connection spec (GET /connectionSpecs), by id.","type":"object","additionalProperties":false,"required":["id"],"properties":{"id":{"description":"Connection spec id, a UUID (HubSpot: cc6a4487-9e91-433e-a3a3-9cf6626c1806).","type":"string","format":"uuid"},"version":{"description":"Connection spec version; AEP uses the latest when it is omitted.","type":"string"}}};
const formats0 = aepsyncFormats.uuid;

function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.connectionSpec === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "connectionSpec"},message:"must have required property '"+"connectionSpec"+"'",schema:schema17.required,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.auth === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "auth"},message:"must have required property '"+"auth"+"'",schema:schema17.required,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "connectionSpec") || (key0 === "name")) || (key0 === "description")) || (key0 === "auth"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.connectionSpec !== undefined){
let data0 = data.connectionSpec;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.id === undefined){
const err3 = {instancePath:instancePath+"/connectionSpec",schemaPath:"#/definitions/ConnectionSpecRef/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema18.required,parentSchema:schema18,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key1 in data0){
if(!((key1 === "id") || (key1 === "version"))){
const err4 = {instancePath:instancePath+"/connectionSpec",schemaPath:"#/definitions/ConnectionSpecRef/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema18,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data0.id !== undefined){
let data1 = data0.id;
if(typeof data1 === "string"){
if(!(formats0(data1))){
const err5 = {instancePath:instancePath+"/connectionSpec/id",schemaPath:"#/definitions/ConnectionSpecRef/properties/id/format",keyword:"format",params:{format: "uuid"},message:"must match format \""+"uuid"+"\"",schema:"uuid",parentSchema:schema18.properties.id,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/connectionSpec/id",schemaPath:"#/definitions/ConnectionSpecRef/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.id.type,parentSchema:schema18.properties.id,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data0.version !== undefined){
let data2 = data0.version;
if(typeof data2 !== "string"){
const err7 = {instancePath:instancePath+"/connectionSpec/version",schemaPath:"#/definitions/ConnectionSpecRef/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.version.type,parentSchema:schema18.properties.version,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/connectionSpec",schemaPath:"#/definitions/ConnectionSpecRef/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data:data0};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.name !== undefined){
let data3 = data.name;
if(typeof data3 === "string"){
if(func2(data3) < 1){
const err9 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema17.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.properties.name.type,parentSchema:schema17.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.description !== undefined){
let data4 = data.description;
if(typeof data4 !== "string"){
const err11 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.properties.description.type,parentSchema:schema17.properties.description,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.auth !== undefined){
let data5 = data.auth;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.params === undefined){
const err12 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/required",keyword:"required",params:{missingProperty: "params"},message:"must have required property '"+"params"+"'",schema:schema16.required,parentSchema:schema16,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
for(const key2 in data5){
if(!((key2 === "specName") || (key2 === "params"))){
const err13 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data5.specName !== undefined){
let data6 = data5.specName;
if(typeof data6 !== "string"){
const err14 = {instancePath:instancePath+"/auth/specName",schemaPath:"#/definitions/ConnectionAuth/properties/specName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.specName.type,parentSchema:schema16.properties.specName,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data5.params !== undefined){
let data7 = data5.params;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key3 in data7){
let data8 = data7[key3];
if(typeof data8 !== "string"){
const err15 = {instancePath:instancePath+"/auth/params/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ConnectionAuth/properties/params/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.params.additionalProperties.type,parentSchema:schema16.properties.params.additionalProperties,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/auth/params",schemaPath:"#/definitions/ConnectionAuth/properties/params/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.params.type,parentSchema:schema16.properties.params,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema17.type,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
validate15.errors = vErrors;
return errors === 0;
}


function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(data && typeof data == "object" && !Array.isArray(data))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs1 = errors;
let valid0 = false;
let passing0 = null;
const _errs2 = errors;
if(!(validate13(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate13.errors : vErrors.concat(validate13.errors);
errors = vErrors.length;
}
var _valid0 = _errs2 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
if(!(validate15(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err1 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema14.oneOf,parentSchema:schema14,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
else {
errors = _errs1;
if(vErrors !== null){
if(_errs1){
vErrors.length = _errs1;
}
else {
vErrors = null;
}
}
}
validate12.errors = vErrors;
return errors === 0;
}


function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("aepsync/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "aepsync/v1"},message:"must be equal to constant",schema:"aepsync/v1",parentSchema:schema12.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Connection" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Connection"},message:"must be equal to constant",schema:"Connection",parentSchema:schema12.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!((((key1 === "name") || (key1 === "renamedFrom")) || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/Metadata/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/Metadata/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.renamedFrom !== undefined){
let data4 = data2.renamedFrom;
if(typeof data4 === "string"){
if(!pattern0.test(data4)){
const err11 = {instancePath:instancePath+"/metadata/renamedFrom",schemaPath:"#/definitions/Metadata/properties/renamedFrom/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.renamedFrom,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/metadata/renamedFrom",schemaPath:"#/definitions/Metadata/properties/renamedFrom/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.renamedFrom.type,parentSchema:schema13.properties.renamedFrom,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data2.labels !== undefined){
let data5 = data2.labels;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
let data6 = data5[key2];
if(typeof data6 !== "string"){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Metadata/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/Metadata/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data7 = data2.annotations;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key3 in data7){
let data8 = data7[key3];
if(typeof data8 !== "string"){
const err15 = {instancePath:instancePath+"/metadata/annotations/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Metadata/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/Metadata/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.spec !== undefined){
if(!(validate12(data.spec, {instancePath:instancePath+"/spec",parentData:data,parentDataProperty:"spec",rootData}))){
vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
errors = vErrors.length;
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

const schema20 = {"title":"SchemaManifest","description":"An XDM schema in the tenant container: a target schema made of a class and field groups, or an ad-hoc schema that describes a source's raw fields.","type":"object","additionalProperties":false,"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"description":"Manifest format version: aepsync/v1.","const":"aepsync/v1"},"kind":{"description":"Schema: an XDM schema (class + field groups, or ad-hoc fields).","const":"Schema"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/SchemaManifestSpec"}}};
const schema22 = {"title":"SchemaManifestSpec","description":"Either class (with fieldGroups) for a target schema, or adhoc for a raw source schema.","type":"object","oneOf":[{"$ref":"#/definitions/XdmSchemaSpec"},{"$ref":"#/definitions/AdhocSchemaSpec"}]};
const schema23 = {"title":"XdmSchemaSpec","description":"A schema composed of one class and field groups (POST /schemaregistry/tenant/schemas with an allOf of $refs).","type":"object","additionalProperties":false,"required":["title","class"],"properties":{"title":{"description":"Schema title shown in AEP; also its AEP name. Must be unique in the sandbox.","type":"string","minLength":1},"description":{"description":"Schema description (aepsync appends its ownership marker).","type":"string"},"class":{"description":"$id of the XDM class, e.g. https://ns.adobe.com/xdm/context/profile (XDM Individual Profile) or a tenant class https://ns.adobe.com/<tenant>/classes/<id>.","type":"string","format":"uri"},"fieldGroups":{"description":"$ids of the field groups to add, each once, e.g. https://ns.adobe.com/xdm/context/profile-person-details. Mapping destinations are checked against their fields.","type":"array","items":{"description":"$id of a field group (global, or a tenant one: https://ns.adobe.com/<tenant>/mixins/<id>).","type":"string","format":"uri"}},"profile":{"description":"Enable the schema for Real-Time Customer Profile: aepsync sets meta:immutableTags [union] (irreversible in AEP: once true, it stays true). Needs primaryIdentity; a Dataset with profileEnabled needs a schema with profile.","type":"boolean"},"primaryIdentity":{"title":"PrimaryIdentity","description":"The schema's primary identity, an identity descriptor (POST /schemaregistry/tenant/descriptors with xdm:isPrimary): the field and its identity namespace.","type":"object","additionalProperties":false,"required":["field","namespace"],"properties":{"field":{"description":"Dotted path of the identity field in the schema, e.g. personalEmail.address.","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"},"namespace":{"description":"Identity namespace code, e.g. Email, Phone, ECID, or a custom namespace's code.","type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$"}}}}};
const formats2 = aepsyncFormats.uri;
const pattern4 = new RegExp("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$", "u");
const pattern5 = new RegExp("^[A-Za-z0-9_-]{1,64}$", "u");
const schema24 = {"title":"AdhocSchemaSpec","description":"An ad-hoc schema for a source's raw data: aepsync creates an ad-hoc class with these fields and a schema on it, and a pipeline names it in source.schema.","type":"object","additionalProperties":false,"required":["title","adhoc"],"properties":{"title":{"description":"Schema title shown in AEP; also its AEP name. Must be unique in the sandbox.","type":"string","minLength":1},"description":{"description":"Schema description (aepsync appends its ownership marker).","type":"string"},"adhoc":{"$ref":"#/definitions/AdhocFields"}}};
const schema25 = {"title":"AdhocFields","description":"The raw fields of the source, as the connector names them (e.g. Properties_Email_Value).","type":"object","additionalProperties":false,"required":["fields"],"properties":{"fields":{"description":"Field name → XDM type. Mapping sources of pipelines that use this schema must be among these names.","type":"object","minProperties":1,"propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]*$","patternErrorMessage":"an ad-hoc field name uses letters, digits and '_' and does not start with a digit"},"additionalProperties":{"description":"XDM type of the field: string, integer, long, int, short, byte, number, double, boolean, date, date-time.","type":"string","enum":["string","integer","long","int","short","byte","number","double","boolean","date","date-time"]}},"classTitle":{"description":"The ad-hoc class's title in AEP. Default: '<title> (ad-hoc class)'. Set it to keep the title of a class made outside aepsync (aepsync export does).","type":"string","minLength":1}}};
const pattern6 = new RegExp("^[A-Za-z_][A-Za-z0-9_]*$", "u");

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.title === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "title"},message:"must have required property '"+"title"+"'",schema:schema24.required,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.adhoc === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "adhoc"},message:"must have required property '"+"adhoc"+"'",schema:schema24.required,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "title") || (key0 === "description")) || (key0 === "adhoc"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.title !== undefined){
let data0 = data.title;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema24.properties.title,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema24.properties.title.type,parentSchema:schema24.properties.title,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err5 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema24.properties.description.type,parentSchema:schema24.properties.description,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.adhoc !== undefined){
let data2 = data.adhoc;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.fields === undefined){
const err6 = {instancePath:instancePath+"/adhoc",schemaPath:"#/definitions/AdhocFields/required",keyword:"required",params:{missingProperty: "fields"},message:"must have required property '"+"fields"+"'",schema:schema25.required,parentSchema:schema25,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
for(const key1 in data2){
if(!((key1 === "fields") || (key1 === "classTitle"))){
const err7 = {instancePath:instancePath+"/adhoc",schemaPath:"#/definitions/AdhocFields/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema25,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data2.fields !== undefined){
let data3 = data2.fields;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(Object.keys(data3).length < 1){
const err8 = {instancePath:instancePath+"/adhoc/fields",schemaPath:"#/definitions/AdhocFields/properties/fields/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema25.properties.fields,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
for(const key2 in data3){
const _errs12 = errors;
if(typeof key2 === "string"){
if(!pattern6.test(key2)){
const err9 = {instancePath:instancePath+"/adhoc/fields",schemaPath:"#/definitions/AdhocFields/properties/fields/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*$",parentSchema:schema25.properties.fields.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
var valid3 = _errs12 === errors;
if(!valid3){
const err10 = {instancePath:instancePath+"/adhoc/fields",schemaPath:"#/definitions/AdhocFields/properties/fields/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema25.properties.fields.propertyNames,parentSchema:schema25.properties.fields,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
for(const key3 in data3){
let data4 = data3[key3];
if(typeof data4 !== "string"){
const err11 = {instancePath:instancePath+"/adhoc/fields/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/AdhocFields/properties/fields/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.fields.additionalProperties.type,parentSchema:schema25.properties.fields.additionalProperties,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!(((((((((((data4 === "string") || (data4 === "integer")) || (data4 === "long")) || (data4 === "int")) || (data4 === "short")) || (data4 === "byte")) || (data4 === "number")) || (data4 === "double")) || (data4 === "boolean")) || (data4 === "date")) || (data4 === "date-time"))){
const err12 = {instancePath:instancePath+"/adhoc/fields/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/AdhocFields/properties/fields/additionalProperties/enum",keyword:"enum",params:{allowedValues: schema25.properties.fields.additionalProperties.enum},message:"must be equal to one of the allowed values",schema:schema25.properties.fields.additionalProperties.enum,parentSchema:schema25.properties.fields.additionalProperties,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/adhoc/fields",schemaPath:"#/definitions/AdhocFields/properties/fields/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.properties.fields.type,parentSchema:schema25.properties.fields,data:data3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data2.classTitle !== undefined){
let data5 = data2.classTitle;
if(typeof data5 === "string"){
if(func2(data5) < 1){
const err14 = {instancePath:instancePath+"/adhoc/classTitle",schemaPath:"#/definitions/AdhocFields/properties/classTitle/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema25.properties.classTitle,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/adhoc/classTitle",schemaPath:"#/definitions/AdhocFields/properties/classTitle/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.classTitle.type,parentSchema:schema25.properties.classTitle,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/adhoc",schemaPath:"#/definitions/AdhocFields/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.type,parentSchema:schema25,data:data2};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema24.type,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}


function validate19(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(data && typeof data == "object" && !Array.isArray(data))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.type,parentSchema:schema22,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs1 = errors;
let valid0 = false;
let passing0 = null;
const _errs2 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.title === undefined){
const err1 = {instancePath,schemaPath:"#/definitions/XdmSchemaSpec/required",keyword:"required",params:{missingProperty: "title"},message:"must have required property '"+"title"+"'",schema:schema23.required,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.class === undefined){
const err2 = {instancePath,schemaPath:"#/definitions/XdmSchemaSpec/required",keyword:"required",params:{missingProperty: "class"},message:"must have required property '"+"class"+"'",schema:schema23.required,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "title") || (key0 === "description")) || (key0 === "class")) || (key0 === "fieldGroups")) || (key0 === "profile")) || (key0 === "primaryIdentity"))){
const err3 = {instancePath,schemaPath:"#/definitions/XdmSchemaSpec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.title !== undefined){
let data0 = data.title;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err4 = {instancePath:instancePath+"/title",schemaPath:"#/definitions/XdmSchemaSpec/properties/title/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.title,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/title",schemaPath:"#/definitions/XdmSchemaSpec/properties/title/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.title.type,parentSchema:schema23.properties.title,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err6 = {instancePath:instancePath+"/description",schemaPath:"#/definitions/XdmSchemaSpec/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.description.type,parentSchema:schema23.properties.description,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.class !== undefined){
let data2 = data.class;
if(typeof data2 === "string"){
if(!(formats2(data2))){
const err7 = {instancePath:instancePath+"/class",schemaPath:"#/definitions/XdmSchemaSpec/properties/class/format",keyword:"format",params:{format: "uri"},message:"must match format \""+"uri"+"\"",schema:"uri",parentSchema:schema23.properties.class,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/class",schemaPath:"#/definitions/XdmSchemaSpec/properties/class/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.class.type,parentSchema:schema23.properties.class,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.fieldGroups !== undefined){
let data3 = data.fieldGroups;
if(Array.isArray(data3)){
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
if(typeof data4 === "string"){
if(!(formats2(data4))){
const err9 = {instancePath:instancePath+"/fieldGroups/" + i0,schemaPath:"#/definitions/XdmSchemaSpec/properties/fieldGroups/items/format",keyword:"format",params:{format: "uri"},message:"must match format \""+"uri"+"\"",schema:"uri",parentSchema:schema23.properties.fieldGroups.items,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/fieldGroups/" + i0,schemaPath:"#/definitions/XdmSchemaSpec/properties/fieldGroups/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.fieldGroups.items.type,parentSchema:schema23.properties.fieldGroups.items,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath:instancePath+"/fieldGroups",schemaPath:"#/definitions/XdmSchemaSpec/properties/fieldGroups/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema23.properties.fieldGroups.type,parentSchema:schema23.properties.fieldGroups,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.profile !== undefined){
let data5 = data.profile;
if(typeof data5 !== "boolean"){
const err12 = {instancePath:instancePath+"/profile",schemaPath:"#/definitions/XdmSchemaSpec/properties/profile/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema23.properties.profile.type,parentSchema:schema23.properties.profile,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.primaryIdentity !== undefined){
let data6 = data.primaryIdentity;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
if(data6.field === undefined){
const err13 = {instancePath:instancePath+"/primaryIdentity",schemaPath:"#/definitions/XdmSchemaSpec/properties/primaryIdentity/required",keyword:"required",params:{missingProperty: "field"},message:"must have required property '"+"field"+"'",schema:schema23.properties.primaryIdentity.required,parentSchema:schema23.properties.primaryIdentity,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data6.namespace === undefined){
const err14 = {instancePath:instancePath+"/primaryIdentity",schemaPath:"#/definitions/XdmSchemaSpec/properties/primaryIdentity/required",keyword:"required",params:{missingProperty: "namespace"},message:"must have required property '"+"namespace"+"'",schema:schema23.properties.primaryIdentity.required,parentSchema:schema23.properties.primaryIdentity,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
for(const key1 in data6){
if(!((key1 === "field") || (key1 === "namespace"))){
const err15 = {instancePath:instancePath+"/primaryIdentity",schemaPath:"#/definitions/XdmSchemaSpec/properties/primaryIdentity/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema23.properties.primaryIdentity,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data6.field !== undefined){
let data7 = data6.field;
if(typeof data7 === "string"){
if(!pattern4.test(data7)){
const err16 = {instancePath:instancePath+"/primaryIdentity/field",schemaPath:"#/definitions/XdmSchemaSpec/properties/primaryIdentity/properties/field/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$",parentSchema:schema23.properties.primaryIdentity.properties.field,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/primaryIdentity/field",schemaPath:"#/definitions/XdmSchemaSpec/properties/primaryIdentity/properties/field/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.primaryIdentity.properties.field.type,parentSchema:schema23.properties.primaryIdentity.properties.field,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data6.namespace !== undefined){
let data8 = data6.namespace;
if(typeof data8 === "string"){
if(!pattern5.test(data8)){
const err18 = {instancePath:instancePath+"/primaryIdentity/namespace",schemaPath:"#/definitions/XdmSchemaSpec/properties/primaryIdentity/properties/namespace/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_-]{1,64}$",parentSchema:schema23.properties.primaryIdentity.properties.namespace,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/primaryIdentity/namespace",schemaPath:"#/definitions/XdmSchemaSpec/properties/primaryIdentity/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.primaryIdentity.properties.namespace.type,parentSchema:schema23.properties.primaryIdentity.properties.namespace,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/primaryIdentity",schemaPath:"#/definitions/XdmSchemaSpec/properties/primaryIdentity/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.primaryIdentity.type,parentSchema:schema23.properties.primaryIdentity,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath,schemaPath:"#/definitions/XdmSchemaSpec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.type,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var _valid0 = _errs2 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs25 = errors;
if(!(validate20(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate20.errors : vErrors.concat(validate20.errors);
errors = vErrors.length;
}
var _valid0 = _errs25 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err22 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema22.oneOf,parentSchema:schema22,data};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
else {
errors = _errs1;
if(vErrors !== null){
if(_errs1){
vErrors.length = _errs1;
}
else {
vErrors = null;
}
}
}
validate19.errors = vErrors;
return errors === 0;
}


function validate18(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema20.required,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema20.required,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema20.required,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema20.required,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("aepsync/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "aepsync/v1"},message:"must be equal to constant",schema:"aepsync/v1",parentSchema:schema20.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Schema" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Schema"},message:"must be equal to constant",schema:"Schema",parentSchema:schema20.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!((((key1 === "name") || (key1 === "renamedFrom")) || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/Metadata/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/Metadata/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.renamedFrom !== undefined){
let data4 = data2.renamedFrom;
if(typeof data4 === "string"){
if(!pattern0.test(data4)){
const err11 = {instancePath:instancePath+"/metadata/renamedFrom",schemaPath:"#/definitions/Metadata/properties/renamedFrom/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.renamedFrom,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/metadata/renamedFrom",schemaPath:"#/definitions/Metadata/properties/renamedFrom/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.renamedFrom.type,parentSchema:schema13.properties.renamedFrom,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data2.labels !== undefined){
let data5 = data2.labels;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
let data6 = data5[key2];
if(typeof data6 !== "string"){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Metadata/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/Metadata/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data7 = data2.annotations;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key3 in data7){
let data8 = data7[key3];
if(typeof data8 !== "string"){
const err15 = {instancePath:instancePath+"/metadata/annotations/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Metadata/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/Metadata/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.spec !== undefined){
if(!(validate19(data.spec, {instancePath:instancePath+"/spec",parentData:data,parentDataProperty:"spec",rootData}))){
vErrors = vErrors === null ? validate19.errors : vErrors.concat(validate19.errors);
errors = vErrors.length;
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.type,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
validate18.errors = vErrors;
return errors === 0;
}

const schema26 = {"title":"DatasetManifest","description":"A Catalog dataset on a schema: the place a pipeline lands its data.","type":"object","additionalProperties":false,"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"description":"Manifest format version: aepsync/v1.","const":"aepsync/v1"},"kind":{"description":"Dataset: a Catalog dataset on an XDM schema.","const":"Dataset"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/DatasetManifestSpec"}}};
const schema28 = {"title":"DatasetManifestSpec","description":"The dataset's name and schema.","type":"object","additionalProperties":false,"required":["name","schema"],"properties":{"name":{"description":"Dataset name shown in AEP. May use ${var:NAME} to differ per environment.","type":"string","minLength":1},"description":{"description":"Dataset description.","type":"string"},"schema":{"description":"The schema: a Schema manifest's metadata.name, or the $id of a schema that exists already (https://ns.adobe.com/<tenant>/schemas/<id>).","type":"string","minLength":1},"tags":{"description":"Catalog tags: tag name → values (aepsync adds its own marker tag).","type":"object","additionalProperties":{"description":"Values of one tag.","type":"array","items":{"description":"A tag value.","type":"string"}}},"profileEnabled":{"description":"Enable the dataset for Real-Time Customer Profile (the schema must be enabled too). Default false.","type":"boolean","default":false}}};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema26.required,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema26.required,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema26.required,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema26.required,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("aepsync/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "aepsync/v1"},message:"must be equal to constant",schema:"aepsync/v1",parentSchema:schema26.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Dataset" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Dataset"},message:"must be equal to constant",schema:"Dataset",parentSchema:schema26.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!((((key1 === "name") || (key1 === "renamedFrom")) || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/Metadata/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/Metadata/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.renamedFrom !== undefined){
let data4 = data2.renamedFrom;
if(typeof data4 === "string"){
if(!pattern0.test(data4)){
const err11 = {instancePath:instancePath+"/metadata/renamedFrom",schemaPath:"#/definitions/Metadata/properties/renamedFrom/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.renamedFrom,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/metadata/renamedFrom",schemaPath:"#/definitions/Metadata/properties/renamedFrom/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.renamedFrom.type,parentSchema:schema13.properties.renamedFrom,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data2.labels !== undefined){
let data5 = data2.labels;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
let data6 = data5[key2];
if(typeof data6 !== "string"){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Metadata/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/Metadata/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data7 = data2.annotations;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key3 in data7){
let data8 = data7[key3];
if(typeof data8 !== "string"){
const err15 = {instancePath:instancePath+"/metadata/annotations/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Metadata/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/Metadata/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.spec !== undefined){
let data9 = data.spec;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.name === undefined){
const err18 = {instancePath:instancePath+"/spec",schemaPath:"#/definitions/DatasetManifestSpec/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema28.required,parentSchema:schema28,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data9.schema === undefined){
const err19 = {instancePath:instancePath+"/spec",schemaPath:"#/definitions/DatasetManifestSpec/required",keyword:"required",params:{missingProperty: "schema"},message:"must have required property '"+"schema"+"'",schema:schema28.required,parentSchema:schema28,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
for(const key4 in data9){
if(!(((((key4 === "name") || (key4 === "description")) || (key4 === "schema")) || (key4 === "tags")) || (key4 === "profileEnabled"))){
const err20 = {instancePath:instancePath+"/spec",schemaPath:"#/definitions/DatasetManifestSpec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema28,data:data9};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data9.name !== undefined){
let data10 = data9.name;
if(typeof data10 === "string"){
if(func2(data10) < 1){
const err21 = {instancePath:instancePath+"/spec/name",schemaPath:"#/definitions/DatasetManifestSpec/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema28.properties.name,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/spec/name",schemaPath:"#/definitions/DatasetManifestSpec/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema28.properties.name.type,parentSchema:schema28.properties.name,data:data10};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data9.description !== undefined){
let data11 = data9.description;
if(typeof data11 !== "string"){
const err23 = {instancePath:instancePath+"/spec/description",schemaPath:"#/definitions/DatasetManifestSpec/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema28.properties.description.type,parentSchema:schema28.properties.description,data:data11};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data9.schema !== undefined){
let data12 = data9.schema;
if(typeof data12 === "string"){
if(func2(data12) < 1){
const err24 = {instancePath:instancePath+"/spec/schema",schemaPath:"#/definitions/DatasetManifestSpec/properties/schema/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema28.properties.schema,data:data12};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/spec/schema",schemaPath:"#/definitions/DatasetManifestSpec/properties/schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema28.properties.schema.type,parentSchema:schema28.properties.schema,data:data12};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data9.tags !== undefined){
let data13 = data9.tags;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
for(const key5 in data13){
let data14 = data13[key5];
if(Array.isArray(data14)){
const len0 = data14.length;
for(let i0=0; i0<len0; i0++){
let data15 = data14[i0];
if(typeof data15 !== "string"){
const err26 = {instancePath:instancePath+"/spec/tags/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i0,schemaPath:"#/definitions/DatasetManifestSpec/properties/tags/additionalProperties/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema28.properties.tags.additionalProperties.items.type,parentSchema:schema28.properties.tags.additionalProperties.items,data:data15};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/spec/tags/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/DatasetManifestSpec/properties/tags/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema28.properties.tags.additionalProperties.type,parentSchema:schema28.properties.tags.additionalProperties,data:data14};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/spec/tags",schemaPath:"#/definitions/DatasetManifestSpec/properties/tags/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema28.properties.tags.type,parentSchema:schema28.properties.tags,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data9.profileEnabled !== undefined){
let data16 = data9.profileEnabled;
if(typeof data16 !== "boolean"){
const err29 = {instancePath:instancePath+"/spec/profileEnabled",schemaPath:"#/definitions/DatasetManifestSpec/properties/profileEnabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema28.properties.profileEnabled.type,parentSchema:schema28.properties.profileEnabled,data:data16};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath:instancePath+"/spec",schemaPath:"#/definitions/DatasetManifestSpec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema28.type,parentSchema:schema28,data:data9};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema26.type,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}

const schema29 = {"title":"PipelineManifest","description":"A source dataflow: read one object of a connection, map it onto a dataset's schema, on a schedule. aepsync owns its source connection, target connection, mapping set and flow.","type":"object","additionalProperties":false,"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"description":"Manifest format version: aepsync/v1.","const":"aepsync/v1"},"kind":{"description":"Pipeline: a scheduled dataflow from a connection into a dataset.","const":"Pipeline"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/PipelineManifestSpec"}}};
const schema31 = {"title":"PipelineManifestSpec","description":"Where the data comes from, where it goes, how its fields map, and when it runs.","type":"object","additionalProperties":false,"required":["source","target","mapping","schedule"],"properties":{"name":{"description":"The flow's name in AEP. Default: <metadata.name>-flow. Set it to keep the name of a dataflow made in the AEP UI (aepsync export does).","type":"string","minLength":1},"description":{"description":"Human description, sent to AEP as the flow's description (aepsync appends its ownership marker).","type":"string"},"source":{"$ref":"#/definitions/PipelineSource"},"target":{"$ref":"#/definitions/PipelineTarget"},"mapping":{"description":"Data Prep mapping: one rule per destination field of the target schema.","type":"array","minItems":1,"items":{"$ref":"#/definitions/MappingRule"}},"deltaColumn":{"$ref":"#/definitions/DeltaColumn"},"schedule":{"$ref":"#/definitions/Schedule"},"enabled":{"description":"Whether the flow runs. false disables it in AEP without deleting it. Default true.","type":"boolean","default":true}}};
const schema32 = {"title":"PipelineSource","description":"The object to read: a connection and the connector's params (becomes a Flow Service source connection).","type":"object","additionalProperties":false,"required":["connection"],"properties":{"connection":{"description":"metadata.name of a Connection manifest.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit), e.g. hubspot-contacts"},"name":{"description":"The source connection's name in AEP. Default: <metadata.name>-source.","type":"string","minLength":1},"path":{"description":"The source object, sent as params.path (HubSpot: Hubspot.Contacts; Salesforce: Contact, or params.tableName instead; Amazon S3: a file or folder path).","type":"string","minLength":1},"params":{"description":"Other source connection params the connector needs (Mailchimp: listId; Salesforce: tableName with optional columns; Microsoft Dynamics: tableName with optional primaryKey; Amazon S3: optional recursive).","type":"object","additionalProperties":{"description":"A param value; a list for Salesforce columns (column names, or Adobe's column objects {name, type, xdm}). Numbers are exact integers or decimals JSON parsers read without loss (at most 2^53 - 1 in magnitude).","type":["string","number","boolean","array"],"minimum":-9007199254740991,"maximum":9007199254740991,"items":{"type":["string","object"]}}},"schema":{"description":"metadata.name of an ad-hoc Schema manifest describing the raw source fields; its $id goes into the source connection's data.schema, and mapping sources are checked against its fields.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit), e.g. hubspot-contacts"},"format":{"description":"The source connection's data.format. Defaults to the connector's (tabular for CRM and marketing automation, json for Mailchimp, delimited for Amazon S3); parquet_xdm with an ad-hoc schema.","type":"string","enum":["tabular","json","parquet_xdm","delimited","parquet"]}}};
const schema33 = {"title":"PipelineTarget","description":"Where the data lands (becomes a Data Lake target connection).","type":"object","additionalProperties":false,"required":["dataset"],"properties":{"dataset":{"description":"metadata.name of a Dataset manifest.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit), e.g. hubspot-contacts"},"name":{"description":"The target connection's name in AEP. Default: <metadata.name>-target.","type":"string","minLength":1}}};
const schema37 = {"title":"DeltaColumn","description":"The column that tells new and changed rows apart (the flow's Copy transformation). Required by CRM sources (CRMToAEP); ignored by flows without a Copy transformation (Mailchimp).","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"description":"Column name, e.g. updatedAt or LastModifiedDate.","type":"string","minLength":1},"dateFormat":{"description":"Date format of the column, e.g. YYYY-MM-DD.","type":"string"},"timezone":{"description":"Time zone of the column's values, e.g. UTC.","type":"string"}}};
const schema38 = {"title":"Schedule","description":"When the flow runs (the flow's scheduleParams). minute needs interval >= 15; once takes no interval or backfill.","type":"object","additionalProperties":false,"required":["frequency","startTime"],"properties":{"frequency":{"description":"once, minute, hour, day or week.","type":"string","enum":["once","minute","hour","day","week"]},"interval":{"description":"Runs every <interval> <frequency>s: >= 15 for minute, >= 1 otherwise, absent for once; at most one year (525600 minutes, 8760 hours, 365 days, 52 weeks). A number, not a reference.","type":"integer","minimum":1,"maximum":525600},"startTime":{"description":"First run: an RFC 3339 date-time (2027-01-01T00:00:00Z) or epoch seconds, from 1970 to 2099. AEP cannot change it once it has passed.","type":["string","integer"],"format":"date-time","minimum":0,"maximum":253402300799999},"backfill":{"description":"Whether the first run ingests historical data. Default true; not allowed with once.","type":"boolean"}}};
const schema34 = {"title":"MappingRule","description":"One Data Prep mapping: a source field or an expression, into a destination field path of the target schema.","type":"object","oneOf":[{"$ref":"#/definitions/FieldMapping"},{"$ref":"#/definitions/ExpressionMapping"}]};
const schema35 = {"title":"FieldMapping","description":"Copy one source field into one destination field.","type":"object","additionalProperties":false,"required":["source","destination"],"properties":{"source":{"description":"Source field name (e.g. Properties_Firstname_Value).","type":"string","minLength":1},"destination":{"description":"XDM field path in the target schema, API names (person.name.firstName, personalEmail.address, _id, _<tenant>.field).","type":"string","minLength":1},"description":{"description":"Why this mapping exists.","type":"string"}}};
const schema36 = {"title":"ExpressionMapping","description":"Compute a destination field with a Data Prep expression.","type":"object","additionalProperties":false,"required":["expression","destination"],"properties":{"expression":{"description":"Data Prep calculated field, e.g. lower(Properties_Email_Value).","type":"string","minLength":1},"destination":{"description":"XDM field path in the target schema, API names (person.name.firstName, personalEmail.address, _id, _<tenant>.field).","type":"string","minLength":1},"description":{"description":"Why this mapping exists.","type":"string"}}};

function validate26(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(data && typeof data == "object" && !Array.isArray(data))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs1 = errors;
let valid0 = false;
let passing0 = null;
const _errs2 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.source === undefined){
const err1 = {instancePath,schemaPath:"#/definitions/FieldMapping/required",keyword:"required",params:{missingProperty: "source"},message:"must have required property '"+"source"+"'",schema:schema35.required,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.destination === undefined){
const err2 = {instancePath,schemaPath:"#/definitions/FieldMapping/required",keyword:"required",params:{missingProperty: "destination"},message:"must have required property '"+"destination"+"'",schema:schema35.required,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "source") || (key0 === "destination")) || (key0 === "description"))){
const err3 = {instancePath,schemaPath:"#/definitions/FieldMapping/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.source !== undefined){
let data0 = data.source;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err4 = {instancePath:instancePath+"/source",schemaPath:"#/definitions/FieldMapping/properties/source/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35.properties.source,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/source",schemaPath:"#/definitions/FieldMapping/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.properties.source.type,parentSchema:schema35.properties.source,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.destination !== undefined){
let data1 = data.destination;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err6 = {instancePath:instancePath+"/destination",schemaPath:"#/definitions/FieldMapping/properties/destination/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35.properties.destination,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/destination",schemaPath:"#/definitions/FieldMapping/properties/destination/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.properties.destination.type,parentSchema:schema35.properties.destination,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.description !== undefined){
let data2 = data.description;
if(typeof data2 !== "string"){
const err8 = {instancePath:instancePath+"/description",schemaPath:"#/definitions/FieldMapping/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.properties.description.type,parentSchema:schema35.properties.description,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath,schemaPath:"#/definitions/FieldMapping/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema35.type,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var _valid0 = _errs2 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs12 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.expression === undefined){
const err10 = {instancePath,schemaPath:"#/definitions/ExpressionMapping/required",keyword:"required",params:{missingProperty: "expression"},message:"must have required property '"+"expression"+"'",schema:schema36.required,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data.destination === undefined){
const err11 = {instancePath,schemaPath:"#/definitions/ExpressionMapping/required",keyword:"required",params:{missingProperty: "destination"},message:"must have required property '"+"destination"+"'",schema:schema36.required,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
for(const key1 in data){
if(!(((key1 === "expression") || (key1 === "destination")) || (key1 === "description"))){
const err12 = {instancePath,schemaPath:"#/definitions/ExpressionMapping/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.expression !== undefined){
let data3 = data.expression;
if(typeof data3 === "string"){
if(func2(data3) < 1){
const err13 = {instancePath:instancePath+"/expression",schemaPath:"#/definitions/ExpressionMapping/properties/expression/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema36.properties.expression,data:data3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/expression",schemaPath:"#/definitions/ExpressionMapping/properties/expression/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.expression.type,parentSchema:schema36.properties.expression,data:data3};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.destination !== undefined){
let data4 = data.destination;
if(typeof data4 === "string"){
if(func2(data4) < 1){
const err15 = {instancePath:instancePath+"/destination",schemaPath:"#/definitions/ExpressionMapping/properties/destination/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema36.properties.destination,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/destination",schemaPath:"#/definitions/ExpressionMapping/properties/destination/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.destination.type,parentSchema:schema36.properties.destination,data:data4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.description !== undefined){
let data5 = data.description;
if(typeof data5 !== "string"){
const err17 = {instancePath:instancePath+"/description",schemaPath:"#/definitions/ExpressionMapping/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.description.type,parentSchema:schema36.properties.description,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/definitions/ExpressionMapping/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema36.type,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var _valid0 = _errs12 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err19 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema34.oneOf,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
else {
errors = _errs1;
if(vErrors !== null){
if(_errs1){
vErrors.length = _errs1;
}
else {
vErrors = null;
}
}
}
validate26.errors = vErrors;
return errors === 0;
}

const formats6 = aepsyncFormats["date-time"];

function validate25(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.source === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "source"},message:"must have required property '"+"source"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.target === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "target"},message:"must have required property '"+"target"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.mapping === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "mapping"},message:"must have required property '"+"mapping"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.schedule === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "schedule"},message:"must have required property '"+"schedule"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((((((key0 === "name") || (key0 === "description")) || (key0 === "source")) || (key0 === "target")) || (key0 === "mapping")) || (key0 === "deltaColumn")) || (key0 === "schedule")) || (key0 === "enabled"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.name,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.name.type,parentSchema:schema31.properties.name,data:data0};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err7 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.description.type,parentSchema:schema31.properties.description,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.source !== undefined){
let data2 = data.source;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.connection === undefined){
const err8 = {instancePath:instancePath+"/source",schemaPath:"#/definitions/PipelineSource/required",keyword:"required",params:{missingProperty: "connection"},message:"must have required property '"+"connection"+"'",schema:schema32.required,parentSchema:schema32,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
for(const key1 in data2){
if(!((((((key1 === "connection") || (key1 === "name")) || (key1 === "path")) || (key1 === "params")) || (key1 === "schema")) || (key1 === "format"))){
const err9 = {instancePath:instancePath+"/source",schemaPath:"#/definitions/PipelineSource/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema32,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data2.connection !== undefined){
let data3 = data2.connection;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err10 = {instancePath:instancePath+"/source/connection",schemaPath:"#/definitions/PipelineSource/properties/connection/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema32.properties.connection,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/source/connection",schemaPath:"#/definitions/PipelineSource/properties/connection/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.connection.type,parentSchema:schema32.properties.connection,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data2.name !== undefined){
let data4 = data2.name;
if(typeof data4 === "string"){
if(func2(data4) < 1){
const err12 = {instancePath:instancePath+"/source/name",schemaPath:"#/definitions/PipelineSource/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema32.properties.name,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/source/name",schemaPath:"#/definitions/PipelineSource/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.name.type,parentSchema:schema32.properties.name,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data2.path !== undefined){
let data5 = data2.path;
if(typeof data5 === "string"){
if(func2(data5) < 1){
const err14 = {instancePath:instancePath+"/source/path",schemaPath:"#/definitions/PipelineSource/properties/path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema32.properties.path,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/source/path",schemaPath:"#/definitions/PipelineSource/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.path.type,parentSchema:schema32.properties.path,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data2.params !== undefined){
let data6 = data2.params;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key2 in data6){
let data7 = data6[key2];
if((((typeof data7 !== "string") && (!((typeof data7 == "number") && (isFinite(data7))))) && (typeof data7 !== "boolean")) && (!(Array.isArray(data7)))){
const err16 = {instancePath:instancePath+"/source/params/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/PipelineSource/properties/params/additionalProperties/type",keyword:"type",params:{type: schema32.properties.params.additionalProperties.type},message:"must be string,number,boolean,array",schema:schema32.properties.params.additionalProperties.type,parentSchema:schema32.properties.params.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 9007199254740991 || isNaN(data7)){
const err17 = {instancePath:instancePath+"/source/params/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/PipelineSource/properties/params/additionalProperties/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema32.properties.params.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data7 < -9007199254740991 || isNaN(data7)){
const err18 = {instancePath:instancePath+"/source/params/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/PipelineSource/properties/params/additionalProperties/minimum",keyword:"minimum",params:{comparison: ">=", limit: -9007199254740991},message:"must be >= -9007199254740991",schema:-9007199254740991,parentSchema:schema32.properties.params.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(Array.isArray(data7)){
const len0 = data7.length;
for(let i0=0; i0<len0; i0++){
let data8 = data7[i0];
if((typeof data8 !== "string") && (!(data8 && typeof data8 == "object" && !Array.isArray(data8)))){
const err19 = {instancePath:instancePath+"/source/params/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i0,schemaPath:"#/definitions/PipelineSource/properties/params/additionalProperties/items/type",keyword:"type",params:{type: schema32.properties.params.additionalProperties.items.type},message:"must be string,object",schema:schema32.properties.params.additionalProperties.items.type,parentSchema:schema32.properties.params.additionalProperties.items,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
}
}
else {
const err20 = {instancePath:instancePath+"/source/params",schemaPath:"#/definitions/PipelineSource/properties/params/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.params.type,parentSchema:schema32.properties.params,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data2.schema !== undefined){
let data9 = data2.schema;
if(typeof data9 === "string"){
if(!pattern0.test(data9)){
const err21 = {instancePath:instancePath+"/source/schema",schemaPath:"#/definitions/PipelineSource/properties/schema/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema32.properties.schema,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/source/schema",schemaPath:"#/definitions/PipelineSource/properties/schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.schema.type,parentSchema:schema32.properties.schema,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data2.format !== undefined){
let data10 = data2.format;
if(typeof data10 !== "string"){
const err23 = {instancePath:instancePath+"/source/format",schemaPath:"#/definitions/PipelineSource/properties/format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.format.type,parentSchema:schema32.properties.format,data:data10};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(!(((((data10 === "tabular") || (data10 === "json")) || (data10 === "parquet_xdm")) || (data10 === "delimited")) || (data10 === "parquet"))){
const err24 = {instancePath:instancePath+"/source/format",schemaPath:"#/definitions/PipelineSource/properties/format/enum",keyword:"enum",params:{allowedValues: schema32.properties.format.enum},message:"must be equal to one of the allowed values",schema:schema32.properties.format.enum,parentSchema:schema32.properties.format,data:data10};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/source",schemaPath:"#/definitions/PipelineSource/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.type,parentSchema:schema32,data:data2};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.target !== undefined){
let data11 = data.target;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
if(data11.dataset === undefined){
const err26 = {instancePath:instancePath+"/target",schemaPath:"#/definitions/PipelineTarget/required",keyword:"required",params:{missingProperty: "dataset"},message:"must have required property '"+"dataset"+"'",schema:schema33.required,parentSchema:schema33,data:data11};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
for(const key3 in data11){
if(!((key3 === "dataset") || (key3 === "name"))){
const err27 = {instancePath:instancePath+"/target",schemaPath:"#/definitions/PipelineTarget/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema33,data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data11.dataset !== undefined){
let data12 = data11.dataset;
if(typeof data12 === "string"){
if(!pattern0.test(data12)){
const err28 = {instancePath:instancePath+"/target/dataset",schemaPath:"#/definitions/PipelineTarget/properties/dataset/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema33.properties.dataset,data:data12};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/target/dataset",schemaPath:"#/definitions/PipelineTarget/properties/dataset/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.dataset.type,parentSchema:schema33.properties.dataset,data:data12};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data11.name !== undefined){
let data13 = data11.name;
if(typeof data13 === "string"){
if(func2(data13) < 1){
const err30 = {instancePath:instancePath+"/target/name",schemaPath:"#/definitions/PipelineTarget/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema33.properties.name,data:data13};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
else {
const err31 = {instancePath:instancePath+"/target/name",schemaPath:"#/definitions/PipelineTarget/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.name.type,parentSchema:schema33.properties.name,data:data13};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
else {
const err32 = {instancePath:instancePath+"/target",schemaPath:"#/definitions/PipelineTarget/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.type,parentSchema:schema33,data:data11};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.mapping !== undefined){
let data14 = data.mapping;
if(Array.isArray(data14)){
if(data14.length < 1){
const err33 = {instancePath:instancePath+"/mapping",schemaPath:"#/properties/mapping/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.mapping,data:data14};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
const len1 = data14.length;
for(let i1=0; i1<len1; i1++){
if(!(validate26(data14[i1], {instancePath:instancePath+"/mapping/" + i1,parentData:data14,parentDataProperty:i1,rootData}))){
vErrors = vErrors === null ? validate26.errors : vErrors.concat(validate26.errors);
errors = vErrors.length;
}
}
}
else {
const err34 = {instancePath:instancePath+"/mapping",schemaPath:"#/properties/mapping/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.mapping.type,parentSchema:schema31.properties.mapping,data:data14};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.deltaColumn !== undefined){
let data16 = data.deltaColumn;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
if(data16.name === undefined){
const err35 = {instancePath:instancePath+"/deltaColumn",schemaPath:"#/definitions/DeltaColumn/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema37.required,parentSchema:schema37,data:data16};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
for(const key4 in data16){
if(!(((key4 === "name") || (key4 === "dateFormat")) || (key4 === "timezone"))){
const err36 = {instancePath:instancePath+"/deltaColumn",schemaPath:"#/definitions/DeltaColumn/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema37,data:data16};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data16.name !== undefined){
let data17 = data16.name;
if(typeof data17 === "string"){
if(func2(data17) < 1){
const err37 = {instancePath:instancePath+"/deltaColumn/name",schemaPath:"#/definitions/DeltaColumn/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema37.properties.name,data:data17};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/deltaColumn/name",schemaPath:"#/definitions/DeltaColumn/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema37.properties.name.type,parentSchema:schema37.properties.name,data:data17};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data16.dateFormat !== undefined){
let data18 = data16.dateFormat;
if(typeof data18 !== "string"){
const err39 = {instancePath:instancePath+"/deltaColumn/dateFormat",schemaPath:"#/definitions/DeltaColumn/properties/dateFormat/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema37.properties.dateFormat.type,parentSchema:schema37.properties.dateFormat,data:data18};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data16.timezone !== undefined){
let data19 = data16.timezone;
if(typeof data19 !== "string"){
const err40 = {instancePath:instancePath+"/deltaColumn/timezone",schemaPath:"#/definitions/DeltaColumn/properties/timezone/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema37.properties.timezone.type,parentSchema:schema37.properties.timezone,data:data19};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/deltaColumn",schemaPath:"#/definitions/DeltaColumn/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema37.type,parentSchema:schema37,data:data16};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.schedule !== undefined){
let data20 = data.schedule;
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
if(data20.frequency === undefined){
const err42 = {instancePath:instancePath+"/schedule",schemaPath:"#/definitions/Schedule/required",keyword:"required",params:{missingProperty: "frequency"},message:"must have required property '"+"frequency"+"'",schema:schema38.required,parentSchema:schema38,data:data20};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data20.startTime === undefined){
const err43 = {instancePath:instancePath+"/schedule",schemaPath:"#/definitions/Schedule/required",keyword:"required",params:{missingProperty: "startTime"},message:"must have required property '"+"startTime"+"'",schema:schema38.required,parentSchema:schema38,data:data20};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
for(const key5 in data20){
if(!((((key5 === "frequency") || (key5 === "interval")) || (key5 === "startTime")) || (key5 === "backfill"))){
const err44 = {instancePath:instancePath+"/schedule",schemaPath:"#/definitions/Schedule/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema38,data:data20};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data20.frequency !== undefined){
let data21 = data20.frequency;
if(typeof data21 !== "string"){
const err45 = {instancePath:instancePath+"/schedule/frequency",schemaPath:"#/definitions/Schedule/properties/frequency/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema38.properties.frequency.type,parentSchema:schema38.properties.frequency,data:data21};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(!(((((data21 === "once") || (data21 === "minute")) || (data21 === "hour")) || (data21 === "day")) || (data21 === "week"))){
const err46 = {instancePath:instancePath+"/schedule/frequency",schemaPath:"#/definitions/Schedule/properties/frequency/enum",keyword:"enum",params:{allowedValues: schema38.properties.frequency.enum},message:"must be equal to one of the allowed values",schema:schema38.properties.frequency.enum,parentSchema:schema38.properties.frequency,data:data21};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data20.interval !== undefined){
let data22 = data20.interval;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err47 = {instancePath:instancePath+"/schedule/interval",schemaPath:"#/definitions/Schedule/properties/interval/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema38.properties.interval.type,parentSchema:schema38.properties.interval,data:data22};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 525600 || isNaN(data22)){
const err48 = {instancePath:instancePath+"/schedule/interval",schemaPath:"#/definitions/Schedule/properties/interval/maximum",keyword:"maximum",params:{comparison: "<=", limit: 525600},message:"must be <= 525600",schema:525600,parentSchema:schema38.properties.interval,data:data22};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(data22 < 1 || isNaN(data22)){
const err49 = {instancePath:instancePath+"/schedule/interval",schemaPath:"#/definitions/Schedule/properties/interval/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema38.properties.interval,data:data22};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
}
if(data20.startTime !== undefined){
let data23 = data20.startTime;
if((typeof data23 !== "string") && (!(((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23))) && (isFinite(data23))))){
const err50 = {instancePath:instancePath+"/schedule/startTime",schemaPath:"#/definitions/Schedule/properties/startTime/type",keyword:"type",params:{type: schema38.properties.startTime.type},message:"must be string,integer",schema:schema38.properties.startTime.type,parentSchema:schema38.properties.startTime,data:data23};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 > 253402300799999 || isNaN(data23)){
const err51 = {instancePath:instancePath+"/schedule/startTime",schemaPath:"#/definitions/Schedule/properties/startTime/maximum",keyword:"maximum",params:{comparison: "<=", limit: 253402300799999},message:"must be <= 253402300799999",schema:253402300799999,parentSchema:schema38.properties.startTime,data:data23};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if(data23 < 0 || isNaN(data23)){
const err52 = {instancePath:instancePath+"/schedule/startTime",schemaPath:"#/definitions/Schedule/properties/startTime/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema38.properties.startTime,data:data23};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(typeof data23 === "string"){
if(!(formats6(data23))){
const err53 = {instancePath:instancePath+"/schedule/startTime",schemaPath:"#/definitions/Schedule/properties/startTime/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\"",schema:"date-time",parentSchema:schema38.properties.startTime,data:data23};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
if(data20.backfill !== undefined){
let data24 = data20.backfill;
if(typeof data24 !== "boolean"){
const err54 = {instancePath:instancePath+"/schedule/backfill",schemaPath:"#/definitions/Schedule/properties/backfill/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema38.properties.backfill.type,parentSchema:schema38.properties.backfill,data:data24};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
else {
const err55 = {instancePath:instancePath+"/schedule",schemaPath:"#/definitions/Schedule/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema38.type,parentSchema:schema38,data:data20};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data.enabled !== undefined){
let data25 = data.enabled;
if(typeof data25 !== "boolean"){
const err56 = {instancePath:instancePath+"/enabled",schemaPath:"#/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.enabled.type,parentSchema:schema31.properties.enabled,data:data25};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
else {
const err57 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
validate25.errors = vErrors;
return errors === 0;
}


function validate24(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema29.required,parentSchema:schema29,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema29.required,parentSchema:schema29,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema29.required,parentSchema:schema29,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema29.required,parentSchema:schema29,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema29,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("aepsync/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "aepsync/v1"},message:"must be equal to constant",schema:"aepsync/v1",parentSchema:schema29.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Pipeline" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Pipeline"},message:"must be equal to constant",schema:"Pipeline",parentSchema:schema29.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!((((key1 === "name") || (key1 === "renamedFrom")) || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/Metadata/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/Metadata/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.renamedFrom !== undefined){
let data4 = data2.renamedFrom;
if(typeof data4 === "string"){
if(!pattern0.test(data4)){
const err11 = {instancePath:instancePath+"/metadata/renamedFrom",schemaPath:"#/definitions/Metadata/properties/renamedFrom/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.renamedFrom,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/metadata/renamedFrom",schemaPath:"#/definitions/Metadata/properties/renamedFrom/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.renamedFrom.type,parentSchema:schema13.properties.renamedFrom,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data2.labels !== undefined){
let data5 = data2.labels;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
let data6 = data5[key2];
if(typeof data6 !== "string"){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Metadata/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/Metadata/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data7 = data2.annotations;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key3 in data7){
let data8 = data7[key3];
if(typeof data8 !== "string"){
const err15 = {instancePath:instancePath+"/metadata/annotations/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Metadata/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/Metadata/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/Metadata/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.spec !== undefined){
if(!(validate25(data.spec, {instancePath:instancePath+"/spec",parentData:data,parentDataProperty:"spec",rootData}))){
vErrors = vErrors === null ? validate25.errors : vErrors.concat(validate25.errors);
errors = vErrors.length;
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema29.type,parentSchema:schema29,data};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
validate24.errors = vErrors;
return errors === 0;
}


function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
const tag0 = data.kind;
if(typeof tag0 == "string"){
if(tag0 === "Connection"){
if(!(validate11(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
}
else if(tag0 === "Schema"){
if(!(validate18(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
errors = vErrors.length;
}
}
else if(tag0 === "Dataset"){
if(!(validate23(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
}
else if(tag0 === "Pipeline"){
if(!(validate24(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate24.errors : vErrors.concat(validate24.errors);
errors = vErrors.length;
}
}
else {
const err0 = {instancePath,schemaPath:"#/discriminator",keyword:"discriminator",params:{error: "mapping", tag: "kind", tagValue: tag0},message:"value of tag \"kind\" must be in oneOf",schema:schema11.discriminator,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/discriminator",keyword:"discriminator",params:{error: "tag", tag: "kind", tagValue: tag0},message:"tag \"kind\" must be string",schema:schema11.discriminator,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

export const manifest_ConnectionByConnector = validate33;

function validate33(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.connector === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "connector"},message:"must have required property '"+"connector"+"'",schema:schema15.required,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.auth === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "auth"},message:"must have required property '"+"auth"+"'",schema:schema15.required,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "connector") || (key0 === "name")) || (key0 === "description")) || (key0 === "auth"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.connector !== undefined){
let data0 = data.connector;
if(typeof data0 !== "string"){
const err3 = {instancePath:instancePath+"/connector",schemaPath:"#/properties/connector/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.connector.type,parentSchema:schema15.properties.connector,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema15.properties.name,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.name.type,parentSchema:schema15.properties.name,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.description !== undefined){
let data2 = data.description;
if(typeof data2 !== "string"){
const err6 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.description.type,parentSchema:schema15.properties.description,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.auth !== undefined){
let data3 = data.auth;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.params === undefined){
const err7 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/required",keyword:"required",params:{missingProperty: "params"},message:"must have required property '"+"params"+"'",schema:schema16.required,parentSchema:schema16,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data3){
if(!((key1 === "specName") || (key1 === "params"))){
const err8 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data3.specName !== undefined){
let data4 = data3.specName;
if(typeof data4 !== "string"){
const err9 = {instancePath:instancePath+"/auth/specName",schemaPath:"#/definitions/ConnectionAuth/properties/specName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.specName.type,parentSchema:schema16.properties.specName,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data3.params !== undefined){
let data5 = data3.params;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
let data6 = data5[key2];
if(typeof data6 !== "string"){
const err10 = {instancePath:instancePath+"/auth/params/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ConnectionAuth/properties/params/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.params.additionalProperties.type,parentSchema:schema16.properties.params.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath:instancePath+"/auth/params",schemaPath:"#/definitions/ConnectionAuth/properties/params/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.params.type,parentSchema:schema16.properties.params,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
else {
const err12 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema15.type,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
validate33.errors = vErrors;
return errors === 0;
}

export const manifest_ConnectionBySpecId = validate34;

function validate34(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.connectionSpec === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "connectionSpec"},message:"must have required property '"+"connectionSpec"+"'",schema:schema17.required,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.auth === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "auth"},message:"must have required property '"+"auth"+"'",schema:schema17.required,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "connectionSpec") || (key0 === "name")) || (key0 === "description")) || (key0 === "auth"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.connectionSpec !== undefined){
let data0 = data.connectionSpec;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.id === undefined){
const err3 = {instancePath:instancePath+"/connectionSpec",schemaPath:"#/definitions/ConnectionSpecRef/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema18.required,parentSchema:schema18,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key1 in data0){
if(!((key1 === "id") || (key1 === "version"))){
const err4 = {instancePath:instancePath+"/connectionSpec",schemaPath:"#/definitions/ConnectionSpecRef/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema18,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data0.id !== undefined){
let data1 = data0.id;
if(typeof data1 === "string"){
if(!(formats0(data1))){
const err5 = {instancePath:instancePath+"/connectionSpec/id",schemaPath:"#/definitions/ConnectionSpecRef/properties/id/format",keyword:"format",params:{format: "uuid"},message:"must match format \""+"uuid"+"\"",schema:"uuid",parentSchema:schema18.properties.id,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/connectionSpec/id",schemaPath:"#/definitions/ConnectionSpecRef/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.id.type,parentSchema:schema18.properties.id,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data0.version !== undefined){
let data2 = data0.version;
if(typeof data2 !== "string"){
const err7 = {instancePath:instancePath+"/connectionSpec/version",schemaPath:"#/definitions/ConnectionSpecRef/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.version.type,parentSchema:schema18.properties.version,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/connectionSpec",schemaPath:"#/definitions/ConnectionSpecRef/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data:data0};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.name !== undefined){
let data3 = data.name;
if(typeof data3 === "string"){
if(func2(data3) < 1){
const err9 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema17.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.properties.name.type,parentSchema:schema17.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.description !== undefined){
let data4 = data.description;
if(typeof data4 !== "string"){
const err11 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.properties.description.type,parentSchema:schema17.properties.description,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.auth !== undefined){
let data5 = data.auth;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.params === undefined){
const err12 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/required",keyword:"required",params:{missingProperty: "params"},message:"must have required property '"+"params"+"'",schema:schema16.required,parentSchema:schema16,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
for(const key2 in data5){
if(!((key2 === "specName") || (key2 === "params"))){
const err13 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data5.specName !== undefined){
let data6 = data5.specName;
if(typeof data6 !== "string"){
const err14 = {instancePath:instancePath+"/auth/specName",schemaPath:"#/definitions/ConnectionAuth/properties/specName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.specName.type,parentSchema:schema16.properties.specName,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data5.params !== undefined){
let data7 = data5.params;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key3 in data7){
let data8 = data7[key3];
if(typeof data8 !== "string"){
const err15 = {instancePath:instancePath+"/auth/params/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ConnectionAuth/properties/params/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.params.additionalProperties.type,parentSchema:schema16.properties.params.additionalProperties,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/auth/params",schemaPath:"#/definitions/ConnectionAuth/properties/params/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.params.type,parentSchema:schema16.properties.params,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/auth",schemaPath:"#/definitions/ConnectionAuth/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema17.type,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
validate34.errors = vErrors;
return errors === 0;
}

export const manifest_XdmSchemaSpec = validate35;

function validate35(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.title === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "title"},message:"must have required property '"+"title"+"'",schema:schema23.required,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.class === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "class"},message:"must have required property '"+"class"+"'",schema:schema23.required,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "title") || (key0 === "description")) || (key0 === "class")) || (key0 === "fieldGroups")) || (key0 === "profile")) || (key0 === "primaryIdentity"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.title !== undefined){
let data0 = data.title;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.title,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.title.type,parentSchema:schema23.properties.title,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err5 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.description.type,parentSchema:schema23.properties.description,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.class !== undefined){
let data2 = data.class;
if(typeof data2 === "string"){
if(!(formats2(data2))){
const err6 = {instancePath:instancePath+"/class",schemaPath:"#/properties/class/format",keyword:"format",params:{format: "uri"},message:"must match format \""+"uri"+"\"",schema:"uri",parentSchema:schema23.properties.class,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/class",schemaPath:"#/properties/class/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.class.type,parentSchema:schema23.properties.class,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.fieldGroups !== undefined){
let data3 = data.fieldGroups;
if(Array.isArray(data3)){
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
if(typeof data4 === "string"){
if(!(formats2(data4))){
const err8 = {instancePath:instancePath+"/fieldGroups/" + i0,schemaPath:"#/properties/fieldGroups/items/format",keyword:"format",params:{format: "uri"},message:"must match format \""+"uri"+"\"",schema:"uri",parentSchema:schema23.properties.fieldGroups.items,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/fieldGroups/" + i0,schemaPath:"#/properties/fieldGroups/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.fieldGroups.items.type,parentSchema:schema23.properties.fieldGroups.items,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/fieldGroups",schemaPath:"#/properties/fieldGroups/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema23.properties.fieldGroups.type,parentSchema:schema23.properties.fieldGroups,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.profile !== undefined){
let data5 = data.profile;
if(typeof data5 !== "boolean"){
const err11 = {instancePath:instancePath+"/profile",schemaPath:"#/properties/profile/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema23.properties.profile.type,parentSchema:schema23.properties.profile,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.primaryIdentity !== undefined){
let data6 = data.primaryIdentity;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
if(data6.field === undefined){
const err12 = {instancePath:instancePath+"/primaryIdentity",schemaPath:"#/properties/primaryIdentity/required",keyword:"required",params:{missingProperty: "field"},message:"must have required property '"+"field"+"'",schema:schema23.properties.primaryIdentity.required,parentSchema:schema23.properties.primaryIdentity,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data6.namespace === undefined){
const err13 = {instancePath:instancePath+"/primaryIdentity",schemaPath:"#/properties/primaryIdentity/required",keyword:"required",params:{missingProperty: "namespace"},message:"must have required property '"+"namespace"+"'",schema:schema23.properties.primaryIdentity.required,parentSchema:schema23.properties.primaryIdentity,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
for(const key1 in data6){
if(!((key1 === "field") || (key1 === "namespace"))){
const err14 = {instancePath:instancePath+"/primaryIdentity",schemaPath:"#/properties/primaryIdentity/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema23.properties.primaryIdentity,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data6.field !== undefined){
let data7 = data6.field;
if(typeof data7 === "string"){
if(!pattern4.test(data7)){
const err15 = {instancePath:instancePath+"/primaryIdentity/field",schemaPath:"#/properties/primaryIdentity/properties/field/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$",parentSchema:schema23.properties.primaryIdentity.properties.field,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/primaryIdentity/field",schemaPath:"#/properties/primaryIdentity/properties/field/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.primaryIdentity.properties.field.type,parentSchema:schema23.properties.primaryIdentity.properties.field,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data6.namespace !== undefined){
let data8 = data6.namespace;
if(typeof data8 === "string"){
if(!pattern5.test(data8)){
const err17 = {instancePath:instancePath+"/primaryIdentity/namespace",schemaPath:"#/properties/primaryIdentity/properties/namespace/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_-]{1,64}$",parentSchema:schema23.properties.primaryIdentity.properties.namespace,data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/primaryIdentity/namespace",schemaPath:"#/properties/primaryIdentity/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.primaryIdentity.properties.namespace.type,parentSchema:schema23.properties.primaryIdentity.properties.namespace,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/primaryIdentity",schemaPath:"#/properties/primaryIdentity/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.properties.primaryIdentity.type,parentSchema:schema23.properties.primaryIdentity,data:data6};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.type,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
validate35.errors = vErrors;
return errors === 0;
}

export const manifest_AdhocSchemaSpec = validate36;

function validate36(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.title === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "title"},message:"must have required property '"+"title"+"'",schema:schema24.required,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.adhoc === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "adhoc"},message:"must have required property '"+"adhoc"+"'",schema:schema24.required,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "title") || (key0 === "description")) || (key0 === "adhoc"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.title !== undefined){
let data0 = data.title;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema24.properties.title,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/title",schemaPath:"#/properties/title/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema24.properties.title.type,parentSchema:schema24.properties.title,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err5 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema24.properties.description.type,parentSchema:schema24.properties.description,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.adhoc !== undefined){
let data2 = data.adhoc;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.fields === undefined){
const err6 = {instancePath:instancePath+"/adhoc",schemaPath:"#/definitions/AdhocFields/required",keyword:"required",params:{missingProperty: "fields"},message:"must have required property '"+"fields"+"'",schema:schema25.required,parentSchema:schema25,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
for(const key1 in data2){
if(!((key1 === "fields") || (key1 === "classTitle"))){
const err7 = {instancePath:instancePath+"/adhoc",schemaPath:"#/definitions/AdhocFields/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema25,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data2.fields !== undefined){
let data3 = data2.fields;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(Object.keys(data3).length < 1){
const err8 = {instancePath:instancePath+"/adhoc/fields",schemaPath:"#/definitions/AdhocFields/properties/fields/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema25.properties.fields,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
for(const key2 in data3){
const _errs12 = errors;
if(typeof key2 === "string"){
if(!pattern6.test(key2)){
const err9 = {instancePath:instancePath+"/adhoc/fields",schemaPath:"#/definitions/AdhocFields/properties/fields/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*$",parentSchema:schema25.properties.fields.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
var valid3 = _errs12 === errors;
if(!valid3){
const err10 = {instancePath:instancePath+"/adhoc/fields",schemaPath:"#/definitions/AdhocFields/properties/fields/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema25.properties.fields.propertyNames,parentSchema:schema25.properties.fields,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
for(const key3 in data3){
let data4 = data3[key3];
if(typeof data4 !== "string"){
const err11 = {instancePath:instancePath+"/adhoc/fields/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/AdhocFields/properties/fields/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.fields.additionalProperties.type,parentSchema:schema25.properties.fields.additionalProperties,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!(((((((((((data4 === "string") || (data4 === "integer")) || (data4 === "long")) || (data4 === "int")) || (data4 === "short")) || (data4 === "byte")) || (data4 === "number")) || (data4 === "double")) || (data4 === "boolean")) || (data4 === "date")) || (data4 === "date-time"))){
const err12 = {instancePath:instancePath+"/adhoc/fields/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/AdhocFields/properties/fields/additionalProperties/enum",keyword:"enum",params:{allowedValues: schema25.properties.fields.additionalProperties.enum},message:"must be equal to one of the allowed values",schema:schema25.properties.fields.additionalProperties.enum,parentSchema:schema25.properties.fields.additionalProperties,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/adhoc/fields",schemaPath:"#/definitions/AdhocFields/properties/fields/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.properties.fields.type,parentSchema:schema25.properties.fields,data:data3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data2.classTitle !== undefined){
let data5 = data2.classTitle;
if(typeof data5 === "string"){
if(func2(data5) < 1){
const err14 = {instancePath:instancePath+"/adhoc/classTitle",schemaPath:"#/definitions/AdhocFields/properties/classTitle/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema25.properties.classTitle,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/adhoc/classTitle",schemaPath:"#/definitions/AdhocFields/properties/classTitle/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.classTitle.type,parentSchema:schema25.properties.classTitle,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/adhoc",schemaPath:"#/definitions/AdhocFields/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.type,parentSchema:schema25,data:data2};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema24.type,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
validate36.errors = vErrors;
return errors === 0;
}

export const manifest_FieldMapping = validate37;

function validate37(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.source === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "source"},message:"must have required property '"+"source"+"'",schema:schema35.required,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.destination === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "destination"},message:"must have required property '"+"destination"+"'",schema:schema35.required,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "source") || (key0 === "destination")) || (key0 === "description"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.source !== undefined){
let data0 = data.source;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35.properties.source,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/source",schemaPath:"#/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.properties.source.type,parentSchema:schema35.properties.source,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.destination !== undefined){
let data1 = data.destination;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err5 = {instancePath:instancePath+"/destination",schemaPath:"#/properties/destination/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35.properties.destination,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/destination",schemaPath:"#/properties/destination/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.properties.destination.type,parentSchema:schema35.properties.destination,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.description !== undefined){
let data2 = data.description;
if(typeof data2 !== "string"){
const err7 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.properties.description.type,parentSchema:schema35.properties.description,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema35.type,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
validate37.errors = vErrors;
return errors === 0;
}

export const manifest_ExpressionMapping = validate38;

function validate38(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.expression === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "expression"},message:"must have required property '"+"expression"+"'",schema:schema36.required,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.destination === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "destination"},message:"must have required property '"+"destination"+"'",schema:schema36.required,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "expression") || (key0 === "destination")) || (key0 === "description"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.expression !== undefined){
let data0 = data.expression;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/expression",schemaPath:"#/properties/expression/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema36.properties.expression,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/expression",schemaPath:"#/properties/expression/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.expression.type,parentSchema:schema36.properties.expression,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.destination !== undefined){
let data1 = data.destination;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err5 = {instancePath:instancePath+"/destination",schemaPath:"#/properties/destination/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema36.properties.destination,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/destination",schemaPath:"#/properties/destination/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.destination.type,parentSchema:schema36.properties.destination,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.description !== undefined){
let data2 = data.description;
if(typeof data2 !== "string"){
const err7 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.description.type,parentSchema:schema36.properties.description,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema36.type,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
validate38.errors = vErrors;
return errors === 0;
}

export const config = validate39;
const schema49 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"AepsyncConfig","description":"aepsync.yaml at the repository root: this repository's namespace and its environments (one AEP sandbox each).","type":"object","additionalProperties":false,"required":["environments"],"properties":{"namespace":{"description":"Marks the AEP objects this repository owns (ns=<namespace> in aepsync's markers), so that two repositories can share a sandbox. Changing it orphans existing objects. Default: default.","type":"string","pattern":"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$","patternErrorMessage":"use lowercase letters, digits and '-' (at most 63 characters, starting and ending with a letter or digit)","default":"default"},"environments":{"description":"Environments by name (dev, staging, prod, …), chosen with --env NAME.","type":"object","additionalProperties":{"$ref":"#/definitions/Environment"}},"publicEnv":{"description":"Environment variables whose names look like credentials (…SECRET…, …TOKEN…, …PASSWORD…, …KEY…, …) but are not, so that manifests may read them with ${env:NAME}. ${env:} values are printed in plans and comments and sent to AEP: a credential is a ${secret:NAME} in auth.params. AEP_* and AEPSYNC_* names, and names used as ${secret:NAME}, cannot be listed.","type":"array","uniqueItems":true,"items":{"description":"An environment variable name (upper case, digits, '_').","type":"string","pattern":"^[A-Z_][A-Z0-9_]*$","patternErrorMessage":"an environment variable name uses upper-case letters, digits and '_' and does not start with a digit, e.g. SALESFORCE_KEY_PREFIX"}}},"definitions":{"Environment":{"title":"Environment","description":"One AEP sandbox and the values of ${var:NAME} references in it.","type":"object","additionalProperties":false,"required":["sandbox"],"properties":{"sandbox":{"description":"AEP sandbox name (x-sandbox-name), lowercase, e.g. prod or dev.","type":"string","minLength":1},"protected":{"description":"When true, apply needs --allow-protected (the Action's allow-protected input). Set it for production sandboxes. Default false.","type":"boolean","default":false},"variables":{"description":"Values of ${var:NAME} references in this environment (NAME: upper case, digits, '_'). Literal strings.","type":"object","propertyNames":{"pattern":"^[A-Z_][A-Z0-9_]*$","patternErrorMessage":"a variable name uses upper-case letters, digits and '_' and does not start with a digit, e.g. DATASET_SUFFIX"},"additionalProperties":{"description":"The variable's value.","type":"string"}}}}}};
const schema50 = {"title":"Environment","description":"One AEP sandbox and the values of ${var:NAME} references in it.","type":"object","additionalProperties":false,"required":["sandbox"],"properties":{"sandbox":{"description":"AEP sandbox name (x-sandbox-name), lowercase, e.g. prod or dev.","type":"string","minLength":1},"protected":{"description":"When true, apply needs --allow-protected (the Action's allow-protected input). Set it for production sandboxes. Default false.","type":"boolean","default":false},"variables":{"description":"Values of ${var:NAME} references in this environment (NAME: upper case, digits, '_'). Literal strings.","type":"object","propertyNames":{"pattern":"^[A-Z_][A-Z0-9_]*$","patternErrorMessage":"a variable name uses upper-case letters, digits and '_' and does not start with a digit, e.g. DATASET_SUFFIX"},"additionalProperties":{"description":"The variable's value.","type":"string"}}}};
const pattern18 = new RegExp("^[A-Z_][A-Z0-9_]*$", "u");

function validate39(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.environments === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "environments"},message:"must have required property '"+"environments"+"'",schema:schema49.required,parentSchema:schema49,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "namespace") || (key0 === "environments")) || (key0 === "publicEnv"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema49,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.namespace !== undefined){
let data0 = data.namespace;
if(typeof data0 === "string"){
if(!pattern0.test(data0)){
const err2 = {instancePath:instancePath+"/namespace",schemaPath:"#/properties/namespace/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",parentSchema:schema49.properties.namespace,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/namespace",schemaPath:"#/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema49.properties.namespace.type,parentSchema:schema49.properties.namespace,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.environments !== undefined){
let data1 = data.environments;
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
for(const key1 in data1){
let data2 = data1[key1];
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.sandbox === undefined){
const err4 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Environment/required",keyword:"required",params:{missingProperty: "sandbox"},message:"must have required property '"+"sandbox"+"'",schema:schema50.required,parentSchema:schema50,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
for(const key2 in data2){
if(!(((key2 === "sandbox") || (key2 === "protected")) || (key2 === "variables"))){
const err5 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Environment/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema50,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data2.sandbox !== undefined){
let data3 = data2.sandbox;
if(typeof data3 === "string"){
if(func2(data3) < 1){
const err6 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/sandbox",schemaPath:"#/definitions/Environment/properties/sandbox/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema50.properties.sandbox,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/sandbox",schemaPath:"#/definitions/Environment/properties/sandbox/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema50.properties.sandbox.type,parentSchema:schema50.properties.sandbox,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data2.protected !== undefined){
let data4 = data2.protected;
if(typeof data4 !== "boolean"){
const err8 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/protected",schemaPath:"#/definitions/Environment/properties/protected/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema50.properties.protected.type,parentSchema:schema50.properties.protected,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.variables !== undefined){
let data5 = data2.variables;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key3 in data5){
const _errs18 = errors;
if(typeof key3 === "string"){
if(!pattern18.test(key3)){
const err9 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/variables",schemaPath:"#/definitions/Environment/properties/variables/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Z_][A-Z0-9_]*$"},message:"must match pattern \""+"^[A-Z_][A-Z0-9_]*$"+"\"",schema:"^[A-Z_][A-Z0-9_]*$",parentSchema:schema50.properties.variables.propertyNames,data:key3,propertyName:key3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
var valid4 = _errs18 === errors;
if(!valid4){
const err10 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/variables",schemaPath:"#/definitions/Environment/properties/variables/propertyNames",keyword:"propertyNames",params:{propertyName: key3},message:"property name must be valid",schema:schema50.properties.variables.propertyNames,parentSchema:schema50.properties.variables,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
for(const key4 in data5){
let data6 = data5[key4];
if(typeof data6 !== "string"){
const err11 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/variables/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Environment/properties/variables/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema50.properties.variables.additionalProperties.type,parentSchema:schema50.properties.variables.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
else {
const err12 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/variables",schemaPath:"#/definitions/Environment/properties/variables/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema50.properties.variables.type,parentSchema:schema50.properties.variables,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/environments/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Environment/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema50.type,parentSchema:schema50,data:data2};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/environments",schemaPath:"#/properties/environments/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema49.properties.environments.type,parentSchema:schema49.properties.environments,data:data1};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.publicEnv !== undefined){
let data7 = data.publicEnv;
if(Array.isArray(data7)){
const len0 = data7.length;
for(let i0=0; i0<len0; i0++){
let data8 = data7[i0];
if(typeof data8 === "string"){
if(!pattern18.test(data8)){
const err15 = {instancePath:instancePath+"/publicEnv/" + i0,schemaPath:"#/properties/publicEnv/items/pattern",keyword:"pattern",params:{pattern: "^[A-Z_][A-Z0-9_]*$"},message:"must match pattern \""+"^[A-Z_][A-Z0-9_]*$"+"\"",schema:"^[A-Z_][A-Z0-9_]*$",parentSchema:schema49.properties.publicEnv.items,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/publicEnv/" + i0,schemaPath:"#/properties/publicEnv/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema49.properties.publicEnv.items.type,parentSchema:schema49.properties.publicEnv.items,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
let i1 = data7.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data7[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err17 = {instancePath:instancePath+"/publicEnv",schemaPath:"#/properties/publicEnv/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema49.properties.publicEnv,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err18 = {instancePath:instancePath+"/publicEnv",schemaPath:"#/properties/publicEnv/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema49.properties.publicEnv.type,parentSchema:schema49.properties.publicEnv,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema49.type,parentSchema:schema49,data};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
validate39.errors = vErrors;
return errors === 0;
}

/** oneOf branches by `<schema file>#/definitions/<name>`: their validator and required keys. */
export const unionBranches = {
  "manifest.schema.json#/definitions/ConnectionByConnector": { validate: manifest_ConnectionByConnector, required: ["connector","auth"] },
  "manifest.schema.json#/definitions/ConnectionBySpecId": { validate: manifest_ConnectionBySpecId, required: ["connectionSpec","auth"] },
  "manifest.schema.json#/definitions/XdmSchemaSpec": { validate: manifest_XdmSchemaSpec, required: ["title","class"] },
  "manifest.schema.json#/definitions/AdhocSchemaSpec": { validate: manifest_AdhocSchemaSpec, required: ["title","adhoc"] },
  "manifest.schema.json#/definitions/FieldMapping": { validate: manifest_FieldMapping, required: ["source","destination"] },
  "manifest.schema.json#/definitions/ExpressionMapping": { validate: manifest_ExpressionMapping, required: ["expression","destination"] },
};
