/**
 * Waiting for AEP's asynchronous work to settle: new connections and flows are polled until
 * `enabled`, in batches (one `property=id==a,b,…` listing per kind), with a bounded backoff.
 */
import type { ApplyStore, FlowServiceStateKind } from "./store.ts";

export interface PollItem {
  address: string;
  kind: FlowServiceStateKind;
  id: string;
}

/** Addresses still not enabled when the time ran out. */
export async function pollEnabled(
  items: readonly PollItem[],
  store: ApplyStore,
  sleep: (ms: number) => Promise<void>,
  timeoutMs: number,
): Promise<string[]> {
  let pending = [...items];
  let waited = 0;
  let delay = 250;
  while (pending.length > 0) {
    const next: PollItem[] = [];
    for (const kind of ["connection", "flow"] as const) {
      const ofKind = pending.filter((p) => p.kind === kind);
      if (ofKind.length === 0) continue;
      const states = await store.states(
        kind,
        ofKind.map((p) => p.id),
      );
      for (const p of ofKind) if (states.get(p.id) !== "enabled") next.push(p);
    }
    pending = next;
    if (pending.length === 0 || waited >= timeoutMs) break;
    await sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, 5_000);
  }
  return pending.map((p) => p.address);
}
