/** Counts per route and the last requests, for the admin API (`GET /__emulator/requests`). */
export interface RequestLogEntry {
  method: string;
  route: string;
  path: string;
  status: number;
  sandbox: string | undefined;
}

const LOG_SIZE = 1000;

export class RequestLog {
  readonly #counts = new Map<string, number>();
  #entries: RequestLogEntry[] = [];
  #total = 0;
  #inFlight = 0;
  #peakInFlight = 0;

  /** A request to IMS or the platform began: counted in flight until `finished`. */
  started(): void {
    this.#inFlight++;
    this.#peakInFlight = Math.max(this.#peakInFlight, this.#inFlight);
  }

  finished(): void {
    this.#inFlight--;
  }

  /** The most requests served at once since the last reset: what a client's concurrency reached. */
  peakInFlight(): number {
    return this.#peakInFlight;
  }

  record(entry: RequestLogEntry): void {
    this.#total++;
    this.#counts.set(entry.route, (this.#counts.get(entry.route) ?? 0) + 1);
    this.#entries.push(entry);
    if (this.#entries.length > LOG_SIZE * 2) this.#entries = this.#entries.slice(-LOG_SIZE);
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  snapshot(): {
    total: number;
    counts: Record<string, number>;
    peakInFlight: number;
    log: RequestLogEntry[];
  } {
    return {
      total: this.#total,
      counts: this.counts(),
      peakInFlight: this.#peakInFlight,
      log: this.#entries.slice(-LOG_SIZE),
    };
  }

  reset(): void {
    this.#counts.clear();
    this.#entries = [];
    this.#total = 0;
    this.#peakInFlight = this.#inFlight;
  }
}
