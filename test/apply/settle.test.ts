import { describe, expect, it } from "vitest";
import { pollSettled } from "../../src/apply/settle.ts";
import type { PollItem } from "../../src/apply/settle.ts";
import type { LiveObject } from "../../src/model/index.ts";

// Waiting for what apply touched: every kind read in one round, a round per wait, and the
// objects that should end enabled and did not are named.
type Kind = "connection" | "flow";

/** A store whose objects settle after a number of reads; it records each round's kinds. */
function settlingStore(readsUntilSettled: Record<string, number>, endState: Record<string, string> = {}) {
  const reads: { kind: Kind; ids: string[]; at: number }[] = [];
  const inFlight = { now: 0, most: 0 };
  let clock = 0;
  const seen = new Map<string, number>();
  const object = (kind: Kind, id: string): LiveObject => {
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    const settling = count <= (readsUntilSettled[id] ?? 0);
    const live: LiveObject = {
      kind,
      key: id,
      id,
      name: id,
      createdAt: 0,
      raw: { state: settling ? "enabling" : (endState[id] ?? "enabled") },
    } as LiveObject;
    if (settling) live.settling = "enabling";
    return live;
  };
  return {
    reads,
    inFlight,
    sleep: (ms: number) => {
      clock += ms;
      return Promise.resolve();
    },
    store: {
      readMany: async (kind: Kind, ids: readonly string[]) => {
        reads.push({ kind, ids: [...ids], at: clock });
        inFlight.most = Math.max(inFlight.most, ++inFlight.now);
        // A round trip: the answer comes on a later turn of the event loop.
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight.now--;
        return new Map(ids.map((id) => [id, object(kind, id)]));
      },
    },
  };
}

const item = (kind: Kind, id: string, expectEnabled = true): PollItem => ({
  address: `${kind}/${id}`,
  kind,
  id,
  expectEnabled,
});

describe("pollSettled", () => {
  it("reads both kinds in the same round and stops once nothing is settling", async () => {
    const { reads, inFlight, sleep, store } = settlingStore({ f1: 2 });
    const late = await pollSettled([item("connection", "c1"), item("flow", "f1")], store, sleep, 60_000);
    expect(late).toEqual([]);
    expect(inFlight.most).toBe(2);
    // Round 1 reads both kinds before any wait; then only the flow that was still enabling.
    expect(reads).toEqual([
      { kind: "connection", ids: ["c1"], at: 0 },
      { kind: "flow", ids: ["f1"], at: 0 },
      { kind: "flow", ids: ["f1"], at: 250 },
      { kind: "flow", ids: ["f1"], at: 750 },
    ]);
  });

  it("names what should be enabled and is not, when it fails or the time runs out", async () => {
    const { sleep, store } = settlingStore({ f1: 100 }, { f2: "failed" });
    const late = await pollSettled(
      [item("flow", "f1"), item("flow", "f2"), item("flow", "f3", false)],
      store,
      sleep,
      1_000,
    );
    expect(late.sort()).toEqual(["flow/f1", "flow/f2"]);
  });

  it("polls an object written twice once", async () => {
    const { reads, sleep, store } = settlingStore({});
    await pollSettled([item("flow", "f1", false), item("flow", "f1", true)], store, sleep, 60_000);
    expect(reads).toEqual([{ kind: "flow", ids: ["f1"], at: 0 }]);
  });
});
