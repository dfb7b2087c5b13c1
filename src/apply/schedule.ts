/**
 * Runs changes in dependency order: each starts once the changes it depends on have finished,
 * independent ones run at once (apply bounds the writes with a semaphore of its own width).
 */
import type { Change } from "../model/plan.ts";
import type { ChangeStatus } from "../model/result.ts";

/** How a finished dependency lets its dependents go on. */
export function blocksDependents(status: ChangeStatus): boolean {
  return status !== "done" && status !== "unchanged";
}

/**
 * Calls `step` for every change once all of its dependencies have a status; a dependency that is
 * not in the plan counts as unchanged. Resolves with every status, by address.
 */
export async function runInDependencyOrder(
  changes: readonly Change[],
  step: (change: Change, statusOf: (address: string) => Promise<ChangeStatus>) => Promise<ChangeStatus>,
): Promise<Map<string, ChangeStatus>> {
  const done = new Map<string, Promise<ChangeStatus>>();
  const statusOf = (address: string): Promise<ChangeStatus> =>
    done.get(address) ?? Promise.resolve("unchanged");
  const settle = new Map<string, (status: ChangeStatus) => void>();
  for (const change of changes) {
    if (done.has(change.address)) continue;
    done.set(change.address, new Promise<ChangeStatus>((resolve) => settle.set(change.address, resolve)));
  }
  // Every promise exists before any step runs, so a step can wait for a change listed after it.
  for (const change of changes) {
    const resolve = settle.get(change.address);
    if (resolve === undefined) continue;
    settle.delete(change.address);
    queueMicrotask(() => void step(change, statusOf).then(resolve, () => resolve("failed")));
  }
  const statuses = new Map<string, ChangeStatus>();
  for (const [address, pending] of done) statuses.set(address, await pending);
  return statuses;
}
