import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { driverOf } from "../../src/kinds/index.ts";
import type { KnownIds } from "../../src/kinds/index.ts";
import { canonicalJson } from "../../src/model/index.ts";
import { buildDesired } from "../../src/planner/desired.ts";
import type { ManifestInput } from "../../src/planner/desired.ts";
import type { DesiredObject, LiveObject, LiveState } from "../../src/model/index.ts";
import { formatMarker, parseMarker, stripMarker } from "../../src/model/index.ts";
import { markerFor } from "../../src/model/index.ts";
import { planChanges } from "../../src/planner/plan.ts";
import type { PlanInput } from "../../src/planner/plan.ts";
import { inputsDigest } from "../../src/planner/index.ts";
import { sha256Pieces } from "../../src/engine/plan.ts";
import type { Plan } from "../../src/model/index.ts";
import type { Manifest } from "../../src/schema/generated/manifest.ts";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const NOW = Date.parse("2026-11-28T12:00:00Z");

function manifests(
  overrides: { schedule?: object; path?: string; mapping?: object[]; secret?: string } = {},
): ManifestInput[] {
  const docs: Manifest[] = [
    {
      apiVersion: "aepsync/v1",
      kind: "Connection",
      metadata: { name: "hubspot-prod" },
      spec: {
        connector: "hubspot",
        auth: {
          params: { clientId: "${env:ID}", clientSecret: "${secret:SECRET}", accessToken: "${secret:TOKEN}" },
        },
      },
    },
    {
      apiVersion: "aepsync/v1",
      kind: "Schema",
      metadata: { name: "profile" },
      spec: {
        title: "Profiles",
        class: "https://ns.adobe.com/xdm/context/profile",
        fieldGroups: ["https://ns.adobe.com/xdm/context/profile-person-details"],
      },
    },
    {
      apiVersion: "aepsync/v1",
      kind: "Dataset",
      metadata: { name: "profiles" },
      spec: { name: "Profiles", schema: "profile" },
    },
    {
      apiVersion: "aepsync/v1",
      kind: "Pipeline",
      metadata: { name: "contacts" },
      spec: {
        source: { connection: "hubspot-prod", path: overrides.path ?? "Hubspot.Contacts" },
        target: { dataset: "profiles" },
        mapping: (overrides.mapping as never) ?? [
          { source: "firstname", destination: "person.name.firstName" },
        ],
        deltaColumn: { name: "updatedAt" },
        schedule: (overrides.schedule as never) ?? {
          frequency: "minute",
          interval: 30,
          startTime: "2027-01-01T00:00:00Z",
        },
      },
    },
  ];
  return docs.map((manifest) => ({
    kind: manifest.kind,
    name: manifest.metadata.name,
    file: "pipelines/x.yaml",
    manifest,
    locate: () => ({ line: 1, column: 1 }),
  }));
}

function desiredOf(inputs: ManifestInput[], secret = "s3cret"): DesiredObject[] {
  const env: Record<string, string> = { ID: "client", SECRET: secret, TOKEN: "tok" };
  const result = buildDesired(inputs, {
    lookup: (_scheme, name) => env[name],
    fingerprint: (text) => sha256(`key:${text}`).slice(0, 22),
    flowSpecFor: () => ({
      id: "14518937-270c-4525-bdec-c2ba7cce3860",
      name: "CRMToAEP",
      version: "1.0",
      copy: true,
    }),
  });
  expect(result.problems).toEqual([]);
  return result.objects;
}

/** What AEP would hold after creating every desired object (numbers echoed as strings, as AEP does). */
function liveAfterApply(desired: DesiredObject[], namespace = "default"): LiveState {
  const known = new Map<string, LiveObject>();
  const ids: KnownIds = {
    resolve(ref) {
      const live = known.get(ref.$ref)!;
      if (ref.field === "version") return 0;
      return live.schemaId ?? live.id;
    },
  };
  const objects: LiveObject[] = [];
  desired.forEach((d, i) => {
    const body = driverOf(d.kind).body({
      spec: d.spec,
      marker: markerFor(namespace, d.address, 1, d.fingerprint),
      ids,
      ...(d.credentials !== undefined ? { credentials: d.credentials } : {}),
    });
    const id = `id-${i}`;
    const raw: Record<string, unknown> = { ...body, id, etag: `"etag-${i}"`, state: "enabled" };
    if (d.kind === "flow") {
      const schedule = body.scheduleParams as Record<string, unknown>;
      raw.scheduleParams = Object.fromEntries(Object.entries(schedule).map(([k, v]) => [k, String(v)]));
    }
    const markerText =
      d.kind === "dataset"
        ? (body.tags as Record<string, string[]>).aepsync![0]
        : d.kind === "mappingSet"
          ? String(body.name)
          : String(body.description);
    const live: LiveObject = {
      kind: d.kind,
      id,
      name: d.kind === "mappingSet" ? stripMarker(String(body.name)) : String(body.name ?? body.title),
      createdAt: i,
      raw,
      marker: parseMarker(markerText)!,
      etag: `"etag-${i}"`,
    };
    if (d.kind === "schema" || d.kind === "class") {
      live.schemaId = `https://ns.adobe.com/tenant/schemas/${i}`;
      raw["meta:class"] = (body.allOf as { $ref: string }[])[0]!.$ref;
    }
    if (d.kind === "mappingSet") live.version = 0;
    known.set(d.address, live);
    objects.push(live);
  });
  return { sandbox: "dev", objects };
}

function plan(desired: DesiredObject[], live: LiveState, extra: Partial<PlanInput> = {}) {
  return planChanges({
    desired,
    live,
    sandbox: "dev",
    namespace: "default",
    prune: false,
    adopt: false,
    now: NOW,
    inputsDigest: "x",
    sha256,
    ...extra,
  });
}

describe("planChanges", () => {
  const empty: LiveState = { sandbox: "dev", objects: [] };

  it("creates the whole object chain in dependency order on an empty sandbox", () => {
    const p = plan(desiredOf(manifests()), empty);
    expect(p.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      "create Connection/hubspot-prod",
      "create Schema/profile",
      "create Dataset/profiles",
      "create Pipeline/contacts/source",
      "create Pipeline/contacts/target",
      "create Pipeline/contacts/mapping",
      "create Pipeline/contacts/flow",
    ]);
    expect(p.changes.find((c) => c.kind === "flow")?.dataImpact).toBe("reingest");
  });

  it("plans nothing right after an apply, with AEP's string numbers", () => {
    const desired = desiredOf(manifests());
    const p = plan(desired, liveAfterApply(desired));
    expect(p.changes.filter((c) => c.action !== "noop")).toEqual([]);
    expect(p.counts.noop).toBe(7);
  });

  it("never puts a secret into the plan", () => {
    const desired = desiredOf(manifests());
    const text = JSON.stringify(plan(desired, empty));
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain('tok"');
  });

  it("patches only the schedule when the schedule changes", () => {
    const live = liveAfterApply(desiredOf(manifests()));
    const changed = desiredOf(
      manifests({ schedule: { frequency: "minute", interval: 60, startTime: "2027-01-01T00:00:00Z" } }),
    );
    const p = plan(changed, live);
    const flow = p.changes.find((c) => c.address === "Pipeline/contacts/flow")!;
    expect(flow.action).toBe("update");
    // Only the field that changes, on its documented path: the start time is never sent again.
    expect(flow.ops).toEqual([{ op: "replace", path: "/scheduleParams/interval", value: 60 }]);
    expect(flow.diff).toEqual([{ path: "/schedule/interval", before: 30, after: 60 }]);
    expect(p.counts.update).toBe(1);
  });

  it("replaces source, target and flow together when the source path changes", () => {
    const live = liveAfterApply(desiredOf(manifests()));
    const p = plan(desiredOf(manifests({ path: "Hubspot.Companies" })), live);
    const actions = Object.fromEntries(p.changes.map((c) => [c.address, c.action]));
    expect(actions["Pipeline/contacts/source"]).toBe("replace");
    expect(actions["Pipeline/contacts/target"]).toBe("replace");
    expect(actions["Pipeline/contacts/flow"]).toBe("replace");
    expect(actions["Pipeline/contacts/mapping"]).toBe("noop");
    expect(p.changes.find((c) => c.address === "Pipeline/contacts/source")?.generation).toBe(2);
  });

  it("replaces the pipelines on a connection whose connection spec changes", () => {
    const desired = desiredOf(manifests());
    const live = liveAfterApply(desired);
    const connection = live.objects.find((o) => o.kind === "connection")!;
    connection.raw.connectionSpec = { id: "35d6c4d8-c9a9-11eb-b8bc-0242ac130003", version: "1.0" };
    const p = plan(desired, live);
    const actions = Object.fromEntries(p.changes.map((c) => [c.address, c.action]));
    expect(actions).toMatchObject({
      "Connection/hubspot-prod": "replace",
      "Pipeline/contacts/source": "replace",
      "Pipeline/contacts/target": "replace",
      "Pipeline/contacts/flow": "replace",
      "Pipeline/contacts/mapping": "noop",
      "Dataset/profiles": "noop",
    });
  });

  it("detects a rotated secret by fingerprint and patches the credentials with the description", () => {
    const live = liveAfterApply(desiredOf(manifests()));
    const p = plan(desiredOf(manifests(), "rotated"), live);
    const connection = p.changes.find((c) => c.address === "Connection/hubspot-prod")!;
    expect(connection.action).toBe("update");
    expect(connection.ops?.map((o) => o.path)).toEqual(["/auth/params", "/description"]);
    expect(JSON.stringify(p)).not.toContain("rotated");
  });

  it("puts a new mapping-set version and moves the flow to it", () => {
    const live = liveAfterApply(desiredOf(manifests()));
    const mapping = [
      { source: "firstname", destination: "person.name.firstName" },
      { source: "lastname", destination: "person.name.lastName" },
    ];
    const p = plan(desiredOf(manifests({ mapping })), live);
    expect(p.changes.find((c) => c.address === "Pipeline/contacts/mapping")?.action).toBe("update");
    const flow = p.changes.find((c) => c.address === "Pipeline/contacts/flow")!;
    expect(flow.action).toBe("update");
    expect(flow.ops?.[0]?.path).toBe("/transformations/1");
  });

  it("leaves undeclared objects alone without --prune and deletes them in reverse order with it", () => {
    const all = desiredOf(manifests());
    const live = liveAfterApply(all);
    const withoutPipeline = all.filter((d) => !d.address.startsWith("Pipeline/"));
    const kept = plan(withoutPipeline, live);
    expect(kept.changes.filter((c) => c.action !== "noop")).toEqual([]);
    expect(kept.notices.filter((n) => n.code === "orphan")).toHaveLength(4);
    const pruned = plan(withoutPipeline, live, { prune: true });
    const deletes = pruned.changes.filter((c) => c.action === "delete").map((c) => c.kind);
    expect(deletes).toEqual(["flow", "targetConnection", "sourceConnection"]);
    expect(pruned.changes.find((c) => c.kind === "mappingSet")?.ops?.[0]?.value).toMatch(/ retired\]$/);
    const sourceDelete = pruned.changes.find((c) => c.kind === "sourceConnection")!;
    expect(sourceDelete.dependsOn).toEqual([pruned.changes.find((c) => c.kind === "flow")!.address]);
  });

  it("reports an unmanaged look-alike and blocks its create unless --adopt", () => {
    const desired = desiredOf(manifests());
    const live = liveAfterApply(desired);
    const dataset = live.objects.find((o) => o.kind === "dataset")!;
    delete dataset.marker;
    const p = plan(desired, live);
    const change = p.changes.find((c) => c.address === "Dataset/profiles")!;
    expect(change.blocked).toMatch(/exists, not managed/);
    expect(p.notices.map((n) => n.code)).toContain("unmanaged");
    const adopted = plan(desired, live, { adopt: true });
    expect(adopted.changes.find((c) => c.address === "Dataset/profiles")?.action).toBe("adopt");
  });

  it("refuses a dataset schema change as AEP does, with what to do", () => {
    const desired = desiredOf(manifests());
    const live = liveAfterApply(desired);
    const dataset = live.objects.find((o) => o.kind === "dataset")!;
    dataset.raw.schemaRef = { id: "https://ns.adobe.com/tenant/schemas/other" };
    const p = plan(desired, live);
    expect(p.notices.find((n) => n.code === "forbidden")?.message).toMatch(/declare a new Dataset/);
  });

  it("deletes a superseded generation left by an interrupted replace", () => {
    const desired = desiredOf(manifests());
    const live = liveAfterApply(desired);
    const source = live.objects.find((o) => o.kind === "sourceConnection")!;
    live.objects.push({
      ...source,
      id: "old-source",
      marker: { ...source.marker!, generation: 0 },
      createdAt: -1,
    });
    const p = plan(desired, live);
    const del = p.changes.find((c) => c.action === "delete")!;
    expect(del.id).toBe("old-source");
    expect(del.reasons[0]).toMatch(/superseded generation 0/);
  });

  it("digests the plan as RFC 8785 JSON of {format_version, sandbox, namespace, changes}", () => {
    const desired = desiredOf(manifests());
    const p = plan(desired, liveAfterApply(desired));
    const changes = [...p.changes]
      .sort((a, b) => (a.address < b.address ? -1 : 1))
      .map((c) => {
        const view: Record<string, unknown> = { ...c };
        delete view.etag;
        delete view.digest;
        delete view.declaredAt;
        return view;
      });
    expect(p.plan_digest).toBe(
      sha256(canonicalJson({ format_version: "1", sandbox: "dev", namespace: "default", changes })),
    );
    for (const change of p.changes) {
      const view: Record<string, unknown> = { ...change };
      delete view.etag;
      delete view.digest;
      delete view.declaredAt;
      expect(change.digest).toBe(sha256(canonicalJson(view)));
    }
  });

  it("gives the same digest for the same inputs and a different one when live state moves", () => {
    const desired = desiredOf(manifests());
    const live = liveAfterApply(desired);
    expect(plan(desired, live).plan_digest).toBe(plan(desired, structuredClone(live)).plan_digest);
    const moved = structuredClone(live);
    moved.objects.find((o) => o.kind === "flow")!.raw.scheduleParams = {
      startTime: "1798761600",
      frequency: "hour",
      interval: "1",
    };
    expect(plan(desired, moved).plan_digest).not.toBe(plan(desired, live).plan_digest);
  });
});

describe("markers and canonical JSON", () => {
  it("round-trips a marker at the end of a description", () => {
    const text = `HubSpot portal ${formatMarker({ namespace: "acme", address: "Pipeline/a-b/flow", generation: 3, fingerprint: "AbC_-9" })}`;
    expect(parseMarker(text)).toEqual({
      namespace: "acme",
      address: "Pipeline/a-b/flow",
      generation: 3,
      fingerprint: "AbC_-9",
    });
    expect(stripMarker(text)).toBe("HubSpot portal");
    expect(parseMarker("no marker here")).toBeUndefined();
  });

  it("serializes as RFC 8785 does: sorted keys, no whitespace", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: { z: 1e21, y: 0.1 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":0.1,"z":1e+21}}',
    );
  });
});

describe("digests, each value serialized once", () => {
  const digestView = (change: Plan["changes"][number]): Record<string, unknown> => {
    const view: Record<string, unknown> = { ...change };
    delete view.etag;
    delete view.digest;
    delete view.declaredAt;
    return view;
  };

  /** Every digest of `p` as its definition says, computed the plain way. */
  function expectDigestsByDefinition(p: Plan): void {
    for (const change of p.changes) expect(change.digest).toBe(sha256(canonicalJson(digestView(change))));
    const sorted = [...p.changes].sort((a, b) =>
      a.address !== b.address ? (a.address < b.address ? -1 : 1) : (a.id ?? "") < (b.id ?? "") ? -1 : 1,
    );
    expect(p.plan_digest).toBe(
      sha256(
        canonicalJson({
          format_version: "1",
          sandbox: "dev",
          namespace: "default",
          changes: sorted.map(digestView),
        }),
      ),
    );
  }

  /** A sandbox that drifted: a flow's schedule (update) or a source path (replace), a dataset's schema (forbidden), an orphan. */
  function drifted(desired: DesiredObject[], replace = false): LiveState {
    const live = structuredClone(liveAfterApply(desired));
    const byKind = (kind: LiveObject["kind"]) => live.objects.find((o) => o.kind === kind)!;
    if (replace) (byKind("sourceConnection").raw.params as Record<string, unknown>).path = "Hubspot.Leads";
    else byKind("flow").raw.scheduleParams = { startTime: "1798761600", frequency: "hour", interval: "1" };
    byKind("dataset").raw.schemaRef = { id: "https://ns.adobe.com/tenant/schemas/other", contentType: "x" };
    const orphan = structuredClone(byKind("connection"));
    orphan.id = "orphan-1";
    orphan.marker = parseMarker(
      formatMarker({ namespace: "default", address: "Connection/gone", generation: 1 }),
    )!;
    live.objects.push(orphan);
    return live;
  }

  it("digests noop, update, replace, forbidden and delete changes as their canonical JSON", () => {
    const desired = desiredOf(manifests());
    const updated = plan(desired, drifted(desired), { prune: true });
    const replaced = plan(desired, drifted(desired, true), { prune: true });
    const actions = [...updated.changes, ...replaced.changes].map((c) => c.action);
    expect(new Set(actions)).toEqual(new Set(["noop", "update", "replace", "delete"]));
    expect(updated.notices.some((n) => n.code === "forbidden")).toBe(true);
    expectDigestsByDefinition(updated);
    expectDigestsByDefinition(replaced);
    expectDigestsByDefinition(plan(desired, liveAfterApply(desired)));
  });

  it("digests a noop whose sides differ only by a null member as itself, not as its after", () => {
    const desired = desiredOf(manifests());
    const live = liveAfterApply(desired);
    // A null member compares equal to an absent one (so: noop), yet its JSON differs.
    const withNull = desired.map((d) =>
      d.kind === "dataset" ? { ...d, spec: { ...d.spec, note: null } } : d,
    );
    const p = plan(withNull, live);
    expect(p.changes.find((c) => c.kind === "dataset")?.action).toBe("noop");
    expectDigestsByDefinition(p);
  });

  it("computes the inputs digest over {address, dependsOn, spec} when it is not given", () => {
    const desired = desiredOf(manifests());
    const p = planChanges({
      desired,
      live: liveAfterApply(desired),
      sandbox: "dev",
      namespace: "default",
      prune: false,
      adopt: false,
      now: NOW,
      sha256,
    });
    const definition = sha256(
      canonicalJson(desired.map((d) => ({ address: d.address, spec: d.spec, dependsOn: d.dependsOn }))),
    );
    expect(p.inputs_digest).toBe(definition);
    expect(inputsDigest(desired, sha256)).toBe(definition);
    expect(inputsDigest(desired, sha256, sha256Pieces)).toBe(definition);
  });

  it("gives the same digests when texts are hashed in pieces", () => {
    const desired = desiredOf(manifests());
    const live = drifted(desired);
    const joined = plan(desired, live, { prune: true });
    const pieces = plan(desired, live, { prune: true, sha256Pieces });
    expect(pieces.changes.map((c) => c.digest)).toEqual(joined.changes.map((c) => c.digest));
    expect(pieces.plan_digest).toBe(joined.plan_digest);
  });

  it("hashes pieces as the joined text, small and large, across 64 KiB slices", () => {
    const small = Array.from({ length: 5000 }, (_, i) => `{"n":${i}},`);
    const large = ["x".repeat(70_000), "é".repeat(3000), "\ud83d\ude00"];
    for (const pieces of [[], [""], ["a", "b"], small, [...small, ...large, ...small], large]) {
      expect(sha256Pieces(pieces)).toBe(sha256(pieces.join("")));
    }
  });
});
