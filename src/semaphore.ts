/** A counting semaphore: at most `limit` holders at once, served in arrival order. */
export interface Semaphore {
  acquire(): Promise<void>;
  release(): void;
  /** Holders right now (for tests and the benchmark). */
  active(): number;
}

export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire() {
      if (active < limit) {
        active += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next !== undefined) next();
      else active -= 1;
    },
    active: () => active,
  };
}
