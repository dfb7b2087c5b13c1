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
import { defineDriver, epochOf, obj, setOp, str } from "./driver.ts";
import type { Json } from "./driver.ts";

export type ConnectionSpec = {
  name: string;
  description: string;
  connectionSpec: { id: string | undefined };
  specName: string | undefined;
  fingerprint: string | undefined;
};

/** Placeholder in a patch op for the credentials, which never enter a plan. */
export const SECRET_PARAMS = { $secret: "auth.params" } as const;

export function isSecretParams(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Json).$secret === "auth.params";
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
  patchOps({ spec, live, changed, adopt, marker }) {
    const ops: PatchOp[] = [];
    if (changed.has("name")) ops.push({ op: "replace", path: "/name", value: spec.name });
    if (changed.has("fingerprint") || adopt)
      ops.push({ op: "replace", path: "/auth/params", value: SECRET_PARAMS });
    if (changed.has("description") || changed.has("fingerprint") || adopt)
      ops.push({
        op: setOp(live.raw, "description"),
        path: "/description",
        value: withMarker(spec.description, marker),
      });
    return ops;
  },
  body: ({ spec, marker, credentials }) => ({
    name: spec.name,
    description: withMarker(spec.description, marker),
    auth: { specName: spec.specName, params: credentials ?? {} },
    connectionSpec: { id: spec.connectionSpec.id, version: "1.0" },
  }),
});
