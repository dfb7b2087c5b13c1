#!/usr/bin/env bash
# Replays Adobe's marketing-automation tutorial (help/sources/tutorials/api/collect/marketing-automation.md
# in AdobeDocs/experience-platform.en, the older edition this project started from) with curl
# against the emulator, step by step:
#
#   node bin/aepsync.js emulator --port 4010     # in another terminal
#   scripts/tutorial-curl.sh
#
# The tutorial's own defects are fixed as the current English edition does: Authorization on every
# call, the Data Lake spec on the target connection, a closing quote, a Copy/deltaColumn transformation
# and a real start time. Needs curl and jq. Not run in CI (test/emulator/tutorial.test.ts is).
set -euo pipefail

BASE="${AEP_PLATFORM_URL:-http://127.0.0.1:4010}"
IMS="${AEP_IMS_URL:-$BASE}"
CLIENT_ID="${AEP_CLIENT_ID:-aepsync-emulator}"
# The emulator's public development secret (docs/architecture.md, "The emulator"), not a credential.
CLIENT_SECRET="${AEP_CLIENT_SECRET:-aepsync-emulator-secret}"
ORG="${AEP_ORG_ID:-AEPSYNCEMULATOR@AdobeOrg}"
SANDBOX="${AEP_SANDBOX:-dev}"
HUBSPOT="cc6a4487-9e91-433e-a3a3-9cf6626c1806"
DATA_LAKE="c604ff05-7f1a-43c0-8e18-33bf874cb11c"

step() { printf '\n== %s\n' "$*" >&2; }

step "token"
TOKEN="$(curl -sS -X POST "$IMS/ims/token/v3" \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-urlencode 'grant_type=client_credentials' \
  --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode "client_secret=$CLIENT_SECRET" \
  --data-urlencode 'scope=openid,session,AdobeID,read_organizations,additional_info.projectedProductContext' |
  jq -er .access_token)"
echo "token received (not printed)" >&2

# api METHOD PATH [BODY]: one platform call with the headers of the tutorial; prints the response.
api() {
  local method="$1" path="$2" body="${3:-}"
  local args=(-sS -X "$method" "$BASE$path"
    -H "Authorization: Bearer $TOKEN" -H "x-api-key: $CLIENT_ID"
    -H "x-gw-ims-org-id: $ORG" -H "x-sandbox-name: $SANDBOX")
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' -d "$body"); fi
  curl "${args[@]}" | tee /dev/stderr
  echo >&2
}

step "base connection (HubSpot)"
BASE_CONNECTION="$(api POST /data/foundation/flowservice/connections '{
  "name": "connection for HubSpot", "description": "HubSpot connection",
  "auth": {"specName": "Basic Authentication",
           "params": {"clientId": "{CLIENT_ID}", "clientSecret": "{CLIENT_SECRET}",
                      "accessToken": "{ACCESS_TOKEN}", "refreshToken": "{REFRESH_TOKEN}"}},
  "connectionSpec": {"id": "'"$HUBSPOT"'", "version": "1.0"}}' | jq -er .id)"

step "ad-hoc class and schema"
ADHOC_CLASS="$(api POST /data/foundation/schemaregistry/tenant/classes '{
  "title": "HubSpot contacts ad-hoc class '"$RANDOM"'", "type": "object",
  "allOf": [{"$ref": "https://ns.adobe.com/xdm/data/adhoc"},
            {"properties": {"_adhoc": {"type": "object", "properties": {
              "Portal_Id": {"type": "string"}, "Added_At": {"type": "string"},
              "Properties_Firstname_Value": {"type": "string"},
              "Properties_Lastname_Value": {"type": "string"}}}}}]}' | jq -er '."$id"')"
ADHOC_SCHEMA="$(api POST /data/foundation/schemaregistry/tenant/schemas '{
  "type": "object", "title": "HubSpot contacts ad-hoc schema '"$RANDOM"'",
  "allOf": [{"$ref": "'"$ADHOC_CLASS"'"}]}' | jq -er '."$id"')"

step "source connection"
SOURCE="$(api POST /data/foundation/flowservice/sourceConnections '{
  "name": "Marketing automation source connection",
  "baseConnectionId": "'"$BASE_CONNECTION"'",
  "description": "Marketing automation source connection",
  "data": {"format": "parquet_xdm",
           "schema": {"id": "'"$ADHOC_SCHEMA"'",
                      "version": "application/vnd.adobe.xed-full-notext+json; version=1"}},
  "params": {"path": "Hubspot.Contacts"},
  "connectionSpec": {"id": "'"$HUBSPOT"'", "version": "1.0"}}' | jq -er .id)"

step "target XDM schema"
SCHEMA="$(api POST /data/foundation/schemaregistry/tenant/schemas '{
  "type": "object",
  "title": "Target schema for marketing automation '"$RANDOM"'",
  "description": "Target schema for marketing automation",
  "allOf": [{"$ref": "https://ns.adobe.com/xdm/context/profile"},
            {"$ref": "https://ns.adobe.com/xdm/context/profile-person-details"},
            {"$ref": "https://ns.adobe.com/xdm/context/profile-personal-details"}],
  "meta:containerId": "tenant", "meta:resourceType": "schemas", "meta:xdmType": "object",
  "meta:class": "https://ns.adobe.com/xdm/context/profile"}' | jq -er '."$id"')"

step "target dataset"
DATASET="$(api POST '/data/foundation/catalog/dataSets?requestDataSource=true' '{
  "name": "Target dataset for marketing automation",
  "schemaRef": {"id": "'"$SCHEMA"'",
                "contentType": "application/vnd.adobe.xed-full-notext+json; version=1"}}' |
  jq -er '.[0]' | sed 's#^@/dataSets/##')"

step "dataset base connection"
LAKE_BASE="$(api POST /data/foundation/flowservice/connections '{
  "name": "Base connection to Data Lake", "description": "Base connection to Data Lake",
  "connectionSpec": {"id": "'"$DATA_LAKE"'", "version": "1.0"}}' | jq -er .id)"

step "target connection"
TARGET="$(api POST /data/foundation/flowservice/targetConnections '{
  "baseConnectionId": "'"$LAKE_BASE"'",
  "name": "Target Connection for marketing automation",
  "description": "Target Connection for marketing automation",
  "data": {"format": "parquet_xdm",
           "schema": {"id": "'"$SCHEMA"'", "version": "application/vnd.adobe.xed-full+json;version=1.0"}},
  "params": {"dataSetId": "'"$DATASET"'"},
  "connectionSpec": {"id": "'"$DATA_LAKE"'", "version": "1.0"}}' | jq -er .id)"

step "mapping set (legacy body)"
MAPPING="$(api POST /data/foundation/conversion/mappingSets '{
  "version": 0, "xdmSchema": "'"$SCHEMA"'", "xdmVersion": "1.0", "id": null,
  "mappings": [
    {"destinationXdmPath": "person.name.firstName", "sourceAttribute": "Properties_Firstname_Value",
     "identity": false, "identityGroup": null, "namespaceCode": null, "version": 0},
    {"destinationXdmPath": "person.name.lastName", "sourceAttribute": "Properties_Lastname_Value",
     "identity": false, "identityGroup": null, "namespaceCode": null, "version": 0},
    {"destinationXdmPath": "repositoryCreatedBy", "sourceAttribute": "Added_At",
     "identity": false, "identityGroup": null, "namespaceCode": null, "version": 0},
    {"destinationXdmPath": "_id", "sourceAttribute": "Portal_Id",
     "identity": false, "identityGroup": null, "namespaceCode": null, "version": 0}]}' | jq -er .id)"

step "flow spec lookup"
FLOW_SPEC="$(api GET '/data/foundation/flowservice/flowSpecs?property=name==%22CRMToAEP%22' | jq -er '.items[0].id')"

step "dataflow"
START_TIME="$(($(date +%s) + 3600))"
api POST /data/foundation/flowservice/flows '{
  "name": "Dataflow for marketing automation",
  "description": "Dataflow for marketing automation",
  "flowSpec": {"id": "'"$FLOW_SPEC"'", "version": "1.0"},
  "sourceConnectionIds": ["'"$SOURCE"'"],
  "targetConnectionIds": ["'"$TARGET"'"],
  "transformations": [
    {"name": "Copy", "params": {"deltaColumn": {"name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC"}}},
    {"name": "Mapping", "params": {"mappingId": "'"$MAPPING"'", "mappingVersion": "0"}}],
  "scheduleParams": {"startTime": "'"$START_TIME"'", "frequency": "minute", "interval": "30"}}' >/dev/null

step "done"
