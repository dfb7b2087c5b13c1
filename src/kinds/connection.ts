/**
 * Base connections (Flow Service `/connections`): one account with its credentials. AEP masks
 * credentials on read, so a rotation is detected by the HMAC fingerprint in the marker, and a
 * rotation is one PATCH of `/auth/params` with the new fingerprint in `/description`.
 */
import { chooseAuthSpec, findConnector, findConnectorBySpecId } from "../data/connectors.ts";
import { canonicalJson } from "../model/canonical.ts";
import { parseMarker, stripMarker, withMarker } from "../model/marker.ts";
import type { DesiredObject, LiveObject } from "../model/objects.ts";
import type { PatchOp } from "../model/plan.ts";
import type { DesiredContext, ManifestView } from "./context.ts";
import { defineDriver, epochOf, obj, str, markedDescriptionOp } from "./driver.ts";
import type { Json } from "./driver.ts";

export type ConnectionSpec = {
  name: string;
  description: string;
  connectionSpec: { id: string | undefined };
  specName: string | undefined;
  fingerprint: string | undefined;
};

/**
 * The value a run without connector secrets gives an unset `${secret:}` (a pull-request plan):
 * the connection's fingerprint is then unknown and taken from the sandbox, never a change.
 */
export const UNSET_SECRET = "\u0000aepsync-unset-secret";

/** Placeholder in a patch op for the credentials, which never enter a plan. */
export const SECRET_PARAMS = { $secret: "auth.params" } as const;

export function isSecretParams(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Json).$secret === "auth.params";
}

/**
 * Flow Service states in which AEP is still working on an object: operations are asynchronous
 * and its `lastOperation.status.value` stays `inProgress` until they complete
 * (help/sources/tutorials/api/update-dataflows.md; a new base connection is `initializing`,
 * help/sources/tutorials/api/create/crm/salesforce.md).
 */
const SETTLING_STATES = new Set([
  "inprogress",
  "in progress",
  "updating",
  "enabling",
  "disabling",
  "initializing",
  "deleting",
]);
const DELETING_STATES = new Set(["delete-finalizing", "deleting"]);

/** The state AEP is still moving a Flow Service object through, or undefined when it has settled. */
export function settlingState(raw: Json): string | undefined {
  const state = str(raw.state) ?? "";
  if (SETTLING_STATES.has(state.toLowerCase()) || DELETING_STATES.has(state.toLowerCase())) return state;
  const status = str(obj(obj(raw.lastOperation).status).value);
  if (status !== undefined && /^(inprogress|in progress|queued|pending|running)$/i.test(status))
    return `${str(obj(raw.lastOperation).operation) ?? "operation"} in progress`;
  return undefined;
}

/** A Flow Service object as the planner sees it (the marker ends its description). */
export function flowServiceObject(kind: LiveObject["kind"], raw: Json): LiveObject {
  const object: LiveObject = {
    kind,
    id: String(raw.id),
    name: str(raw.name) ?? "",
    createdAt: epochOf(raw.createdAt),
    raw,
  };
  const etag = str(raw.etag);
  if (etag !== undefined) object.etag = etag;
  const marker = parseMarker(str(raw.description));
  if (marker !== undefined) object.marker = marker;
  const settling = settlingState(raw);
  if (settling !== undefined) object.settling = settling;
  if (DELETING_STATES.has((str(raw.state) ?? "").toLowerCase())) object.deleting = true;
  return object;
}

export function connectionDesired(
  view: ManifestView<"Connection">,
  ctx: DesiredContext,
): DesiredObject<ConnectionSpec> | undefined {
  const spec = view.manifest.spec;
  const connector = "connector" in spec ? findConnector(spec.connector) : undefined;
  const connectionSpec =
    "connectionSpec" in spec
      ? { id: spec.connectionSpec.id, version: spec.connectionSpec.version ?? "1.0" }
      : connector !== undefined
        ? { ...connector.connectionSpec }
        : undefined;
  if (connectionSpec === undefined) {
    view.problem(`unknown connector in ${view.owner}`, "/spec");
    return undefined;
  }
  const known = connector ?? findConnectorBySpecId(connectionSpec.id);
  const specName =
    known === undefined
      ? (spec.auth.specName ?? "Basic Authentication")
      : chooseAuthSpec(known, spec.auth.specName, Object.keys(spec.auth.params)).name;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.auth.params)) if (v !== undefined) params[k] = v;
  const fingerprint = ctx.fingerprint(canonicalJson({ connectionSpec, specName, params }));
  const name = spec.name ?? view.name;
  return {
    address: view.owner,
    kind: "connection",
    owner: view.owner,
    name,
    spec: {
      name,
      description: spec.description ?? "",
      connectionSpec: { id: connectionSpec.id },
      specName,
      fingerprint,
    },
    dependsOn: [],
    declaredAt: view.at(""),
    credentials: params,
    fingerprint,
    ...(Object.values(params).some((v) => v.includes(UNSET_SECRET)) ? { unknownKeys: ["fingerprint"] } : {}),
  };
}

export const connectionDriver = defineDriver<ConnectionSpec>({
  kind: "connection",
  rules: {
    patchable: new Set(["name", "description", "fingerprint"]),
    replace: new Set(["connectionSpec", "specName"]),
    forbidden: new Map(),
  },
  precondition: "etag",
  update: "patch",
  store: { service: "flowService", collection: "connections" },
  fromRaw: (raw) => flowServiceObject("connection", raw),
  comparable: (live) => ({
    name: live.name,
    description: stripMarker(str(live.raw.description)),
    connectionSpec: { id: str(obj(live.raw.connectionSpec).id) },
    specName: str(obj(live.raw.auth).specName),
    fingerprint: live.marker?.fingerprint,
  }),
  patchOps({ spec, live, changed, adopt, writeMarker, marker }) {
    const ops: PatchOp[] = [];
    if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
    if (changed.has("fingerprint") || adopt)
      ops.push({ op: "replace", path: "/auth/params", value: SECRET_PARAMS });
    if (changed.has("description") || changed.has("fingerprint") || writeMarker)
      ops.push(markedDescriptionOp(live.raw, spec.description, marker));
    return ops;
  },
  body: ({ spec, marker, credentials }) => ({
    name: spec.name,
    description: withMarker(spec.description, marker),
    auth: { specName: spec.specName, params: credentials ?? {} },
    connectionSpec: { id: spec.connectionSpec.id, version: "1.0" },
  }),
});
