import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/index.ts";
import type { Plan } from "../../src/model/index.ts";
import { buildDesired, planChanges } from "../../src/planner/index.ts";
import type { ManifestInput } from "../../src/planner/index.ts";
import type { Manifest } from "../../src/schema/generated/manifest.ts";
import { MemoryStore } from "../support/memory-store.ts";

// Apply through its port alone, against an in-memory store: ordering, failure isolation, and
// settling a write whose answer was lost. The AEP store is covered end to end in test/e2e.
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const NOW = Date.parse("2026-11-28T12:00:00Z");
const noSleep = (): Promise<void> => Promise.resolve();

function manifests(pipelines: string[], interval = 30): ManifestInput[] {
  const docs: Manifest[] = [
    {
      apiVersion: "aepsync/v1",
      kind: "Connection",
      metadata: { name: "crm" },
      spec: {
        connector: "hubspot",
        auth: { params: { clientId: "${env:ID}", clientSecret: "${secret:S}", accessToken: "${secret:T}" } },
      },
    },
    {
      apiVersion: "aepsync/v1",
      kind: "Schema",
      metadata: { name: "profile" },
      spec: { title: "Profiles", class: "https://ns.adobe.com/xdm/context/profile" },
    },
    {
      apiVersion: "aepsync/v1",
      kind: "Dataset",
      metadata: { name: "profiles" },
      spec: { name: "Profiles", schema: "profile" },
    },
    ...pipelines.map((name): Manifest => ({
      apiVersion: "aepsync/v1",
      kind: "Pipeline",
      metadata: { name },
      spec: {
        source: { connection: "crm", path: `Hubspot.${name}` },
        target: { dataset: "profiles" },
        mapping: [{ source: "firstname", destination: "person.name.firstName" }],
        deltaColumn: { name: "updatedAt" },
        schedule: { frequency: "minute", interval, startTime: "2027-01-01T00:00:00Z" },
      },
    })),
  ];
  return docs.map((manifest) => ({
    kind: manifest.kind,
    name: manifest.metadata.name,
    file: "pipelines/x.yaml",
    manifest,
    locate: () => ({ line: 1, column: 1 }),
  }));
}

function planFor(
  store: MemoryStore,
  inputs: ManifestInput[],
): { plan: Plan; credentials: Map<string, Record<string, string>> } {
  const env: Record<string, string> = { ID: "id", S: "secret-value", T: "token-value" };
  const desired = buildDesired(inputs, {
    lookup: (_scheme, name) => env[name],
    fingerprint: (text) => sha256(text).slice(0, 22),
    flowSpecFor: () => ({
      id: "14518937-270c-4525-bdec-c2ba7cce3860",
      name: "CRMToAEP",
      version: "1.0",
      copy: true,
    }),
  });
  expect(desired.problems).toEqual([]);
  const plan = planChanges({
    desired: desired.objects,
    live: store.live(),
    sandbox: "dev",
    namespace: "default",
    prune: false,
    adopt: false,
    now: NOW,
    inputsDigest: "x",
    sha256,
  });
  const credentials = new Map(
    desired.objects.flatMap((d) => (d.credentials ? [[d.address, d.credentials]] : [])),
  );
  return { plan, credentials };
}

async function apply(store: MemoryStore, inputs: ManifestInput[], parallelism = 8) {
  const { plan, credentials } = planFor(store, inputs);
  return applyPlan({ plan, store, credentials, parallelism, sleep: noSleep, pollTimeoutMs: 0 });
}

describe("applyPlan", () => {
  it("creates in dependency order, bounded by the parallelism, and the next plan is empty", async () => {
    const store = new MemoryStore();
    store.latencyMs = 2;
    const names = ["a", "b", "c", "d", "e"];
    const result = await apply(store, manifests(names), 3);
    expect(result.summary).toMatchObject({ done: 3 + 4 * names.length, failed: 0 });
    expect(store.maxActive).toBeLessThanOrEqual(3);
    const seqOf = (kind: string, n = 0) => store.writes.filter((w) => w.kind === kind)[n]!.seq;
    // Every flow after the connections and the mapping set it references.
    for (let i = 0; i < names.length; i++) {
      expect(seqOf("flow", i)).toBeGreaterThan(seqOf("connection"));
      expect(seqOf("flow", i)).toBeGreaterThan(seqOf("dataset"));
    }
    expect(seqOf("dataset")).toBeGreaterThan(seqOf("schema"));
    const again = planFor(store, manifests(names)).plan;
    expect(again.changes.filter((c) => c.action !== "noop")).toEqual([]);
  });

  it("sends the resolved credentials and never puts them in the plan", async () => {
    const store = new MemoryStore();
    const { plan, credentials } = planFor(store, manifests(["a"]));
    expect(JSON.stringify(plan)).not.toContain("secret-value");
    await applyPlan({ plan, store, credentials, parallelism: 2, sleep: noSleep, pollTimeoutMs: 0 });
    const connection = [...store.objects.get("connection")!.values()][0]!;
    expect(connection.auth).toEqual({
      specName: "Basic Authentication",
      params: { clientId: "id", clientSecret: "secret-value", accessToken: "token-value" },
    });
  });

  it("stops only the dependents of a failure; independent pipelines finish", async () => {
    const store = new MemoryStore();
    store.fault = (op, kind, body) =>
      op === "create" && kind === "sourceConnection" && String(body?.name).startsWith("b-")
        ? "fail"
        : undefined;
    const result = await apply(store, manifests(["a", "b"]));
    const status = Object.fromEntries(result.results.map((r) => [r.address, r.status]));
    expect(status["Pipeline/b/source"]).toBe("failed");
    expect(status["Pipeline/b/flow"]).toBe("skipped");
    expect(result.results.find((r) => r.address === "Pipeline/b/flow")?.message).toContain(
      "Pipeline/b/source failed",
    );
    expect(status["Pipeline/b/target"]).toBe("done");
    expect(status["Pipeline/a/flow"]).toBe("done");
    expect(store.writes.filter((w) => w.kind === "flow")).toHaveLength(1);
  });

  it("settles a flow PATCH whose answer was lost after it happened: done, written once", async () => {
    const store = new MemoryStore();
    await apply(store, manifests(["a"]));
    const before = store.writes.length;
    store.fault = (op, kind) => (op === "patch" && kind === "flow" ? "lost-after" : undefined);
    const result = await apply(store, manifests(["a"], 60));
    expect(result.results.find((r) => r.address === "Pipeline/a/flow")?.status).toBe("done");
    expect(store.writes.slice(before).filter((w) => w.op === "patch")).toHaveLength(1);
    store.fault = () => undefined;
    expect(planFor(store, manifests(["a"], 60)).plan.changes.filter((c) => c.action !== "noop")).toEqual([]);
  });

  it("re-sends a flow PATCH whose answer was lost before it happened (the etag did not move)", async () => {
    const store = new MemoryStore();
    await apply(store, manifests(["a"]));
    let lost = false;
    store.fault = (op, kind) => {
      if (op !== "patch" || kind !== "flow" || lost) return undefined;
      lost = true;
      return "lost-before";
    };
    const result = await apply(store, manifests(["a"], 60));
    expect(result.results.find((r) => r.address === "Pipeline/a/flow")?.status).toBe("done");
    expect(planFor(store, manifests(["a"], 60)).plan.changes.filter((c) => c.action !== "noop")).toEqual([]);
  });

  it("refuses an update of an object changed since the plan, and leaves it as it is", async () => {
    const store = new MemoryStore();
    await apply(store, manifests(["a"]));
    const { plan, credentials } = planFor(store, manifests(["a"], 60));
    const flow = [...store.objects.get("flow")!.values()][0]!;
    // Someone changed the schedule in the UI after the plan: what aepsync owns moved.
    flow.etag = '"changed-out-of-band"';
    (flow.scheduleParams as Record<string, unknown>).interval = "90";
    const result = await applyPlan({
      plan,
      store,
      credentials,
      parallelism: 2,
      sleep: noSleep,
      pollTimeoutMs: 0,
    });
    expect(result.results.find((r) => r.address === "Pipeline/a/flow")?.status).toBe("conflict");
    expect((flow.scheduleParams as Record<string, unknown>).interval).toBe("90");
  });

  it("retries with the new etag when only AEP moved it (an operation completed, what aepsync owns is as planned)", async () => {
    const store = new MemoryStore();
    await apply(store, manifests(["a"]));
    const { plan, credentials } = planFor(store, manifests(["a"], 60));
    const flow = [...store.objects.get("flow")!.values()][0]!;
    flow.etag = '"moved-by-aep"';
    const result = await applyPlan({
      plan,
      store,
      credentials,
      parallelism: 2,
      sleep: noSleep,
      pollTimeoutMs: 0,
    });
    expect(result.results.find((r) => r.address === "Pipeline/a/flow")?.status).toBe("done");
    const after = [...store.objects.get("flow")!.values()][0]!;
    expect((after.scheduleParams as Record<string, unknown>).interval).toBe(60);
  });
});

describe("applyPlan, interrupted", () => {
  it("starts no write once aborted: the writes in flight finish, the rest are skipped, a re-run converges", async () => {
    const store = new MemoryStore();
    store.latencyMs = 5;
    const controller = new AbortController();
    const { plan, credentials } = planFor(store, manifests(["a", "b", "c"]));
    let writesAtAbort = -1;
    const result = await applyPlan({
      plan,
      store,
      credentials,
      parallelism: 2,
      sleep: noSleep,
      pollTimeoutMs: 0,
      signal: controller.signal,
      onResult: (r, done) => {
        if (done === 3 && r.status === "done") {
          controller.abort();
          writesAtAbort = store.writes.length;
        }
      },
    });
    expect(result.interrupted).toBe(true);
    // At most the writes already in flight (parallelism 2) complete after the abort.
    expect(store.writes.length - writesAtAbort).toBeLessThanOrEqual(2);
    const skipped = result.results.filter((r) => r.message?.startsWith("interrupted"));
    expect(skipped.length).toBeGreaterThan(0);
    await apply(store, manifests(["a", "b", "c"]));
    expect(
      planFor(store, manifests(["a", "b", "c"])).plan.changes.filter((c) => c.action !== "noop"),
    ).toEqual([]);
  });
});
