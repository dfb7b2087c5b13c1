/** Seeded fault injection: which fault, if any, a platform request gets. */
import type { Random } from "./random.ts";

export interface FaultConfig {
  /** probability (0..1) per platform request of each fault; IMS and /__emulator/ are never faulted */
  rate429?: number;
  /** Retry-After value (integer seconds, 0 allowed) sent with 429; default 1 */
  retryAfterSeconds?: number;
  /** 500 (Flow Service body {errorMessage, errorDetails} / code 1102-500) before doing anything */
  rate500?: number;
  /** 503 before doing anything */
  rate503?: number;
  /** destroy the socket without answering, before doing anything */
  rateDrop?: number;
  /** for writes (POST/PUT/PATCH/DELETE): perform the write, then destroy the socket */
  rateLostAnswer?: number;
  /** only fault requests whose "METHOD /route" matches (e.g. "POST /flows"); default all */
  routes?: string[];
}

export type Fault = "drop" | "429" | "500" | "503" | "lost-answer";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** `faultRate` splits evenly into 429/500/503/drop; explicit fields win. */
export function resolveFaults(faultRate: number | undefined, faults: FaultConfig | undefined): FaultConfig {
  const share = (faultRate ?? 0) / 4;
  const base: FaultConfig =
    faultRate === undefined ? {} : { rate429: share, rate500: share, rate503: share, rateDrop: share };
  return { ...base, ...faults };
}

/**
 * One draw per platform request, whatever the configuration, so that the same seed and the same
 * request sequence give the same faults.
 */
export function pickFault(
  random: Random,
  config: FaultConfig,
  method: string,
  route: string,
): Fault | undefined {
  const draw = random.next();
  if (config.routes !== undefined && !config.routes.includes(route)) return undefined;
  const bands: [Fault, number][] = [
    ["drop", config.rateDrop ?? 0],
    ["429", config.rate429 ?? 0],
    ["500", config.rate500 ?? 0],
    ["503", config.rate503 ?? 0],
  ];
  if (WRITES.has(method)) bands.push(["lost-answer", config.rateLostAnswer ?? 0]);
  let edge = 0;
  for (const [fault, rate] of bands) {
    edge += Math.max(0, rate);
    if (draw < edge) return fault;
  }
  return undefined;
}

export function validateFaults(config: FaultConfig): string | undefined {
  for (const key of ["rate429", "rate500", "rate503", "rateDrop", "rateLostAnswer"] as const) {
    const value = config[key];
    if (value !== undefined && (typeof value !== "number" || value < 0 || value > 1)) {
      return `${key} must be a number between 0 and 1`;
    }
  }
  const retry = config.retryAfterSeconds;
  if (retry !== undefined && (typeof retry !== "number" || !Number.isInteger(retry) || retry < 0)) {
    return "retryAfterSeconds must be a whole number of seconds, 0 or more";
  }
  if (
    config.routes !== undefined &&
    (!Array.isArray(config.routes) || !config.routes.every((r) => typeof r === "string"))
  ) {
    return 'routes must be an array of "METHOD /route" strings';
  }
  return undefined;
}
