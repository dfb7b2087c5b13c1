/**
 * Waiting for AEP's asynchronous work: Flow Service operations run after their request answered
 * (help/sources/tutorials/api/update-dataflows.md), and a write to an object in the middle of one
 * is refused (1416, 1420, 1421, 1457, 1458; 1447 and 1418 while a deleted flow still holds its
 * connections, help/sources/errors/flow-service-errors.md). Apply retries such refusals once the
 * object settles, and returns only when everything it touched has settled.
 */
import type { LiveObject } from "../model/objects.ts";
import type { ApplyStore, FlowServiceStateKind } from "./store.ts";
import { isBusy } from "./store.ts";

export interface PollItem {
  address: string;
  kind: FlowServiceStateKind;
  id: string;
  /** Whether it should end `enabled` (a new connection, a new enabled flow). */
  expectEnabled: boolean;
}

export interface Waits {
  sleep: (ms: number) => Promise<void>;
  /** How long a busy object is waited for before its write fails. */
  busyTimeoutMs: number;
}

/**
 * Runs a write; while AEP refuses it as busy, waits for the object to settle (and a little more,
 * for a refusal caused by another object, such as a flow still finalizing its delete) and retries.
 */
export async function retryWhileBusy<T>(
  write: () => Promise<T>,
  settle: () => Promise<unknown>,
  waits: Waits,
): Promise<T> {
  let waited = 0;
  let delay = 250;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!isBusy(error) || waited >= waits.busyTimeoutMs) throw error;
    }
    await settle();
    await waits.sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, 5_000);
  }
}

/**
 * Polls everything apply touched, in batches, until AEP has settled it; returns the addresses of
 * objects that should be enabled and are not (still provisioning when the time ran out, or failed).
 */
export async function pollSettled(
  items: readonly PollItem[],
  store: Pick<ApplyStore, "readMany">,
  sleep: (ms: number) => Promise<void>,
  timeoutMs: number,
): Promise<string[]> {
  let pending = dedupe(items);
  const final = new Map<string, LiveObject | undefined>();
  let waited = 0;
  let delay = 250;
  while (pending.length > 0) {
    const next: PollItem[] = [];
    // The kinds are read side by side: one round trip per round, not one per kind.
    const rounds = await Promise.all(
      (["connection", "flow"] as const).map(async (kind) => {
        const ofKind = pending.filter((p) => p.kind === kind);
        if (ofKind.length === 0) return { ofKind, found: new Map<string, LiveObject>() };
        return {
          ofKind,
          found: await store.readMany(
            kind,
            ofKind.map((p) => p.id),
          ),
        };
      }),
    );
    for (const { ofKind, found } of rounds)
      for (const p of ofKind) {
        const object = found.get(p.id);
        final.set(p.address, object);
        if (object?.settling !== undefined) next.push(p);
      }
    pending = next;
    if (pending.length === 0 || waited >= timeoutMs) break;
    await sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, 5_000);
  }
  return dedupe(items)
    .filter((p) => p.expectEnabled && final.get(p.address)?.raw.state !== "enabled")
    .map((p) => p.address);
}

/** The last item per id wins (a flow created, then patched, is polled once). */
function dedupe(items: readonly PollItem[]): PollItem[] {
  const byId = new Map<string, PollItem>();
  for (const item of items)
    byId.set(`${item.kind}:${item.id}`, {
      ...item,
      expectEnabled: item.expectEnabled || (byId.get(`${item.kind}:${item.id}`)?.expectEnabled ?? false),
    });
  return [...byId.values()];
}
