import type { RequestStats } from "../model/result.ts";

export type { RequestStats };

export interface StatsRecorder {
  record(method: string, route: string, platform: boolean): void;
  snapshot(): RequestStats;
}

export function createStatsRecorder(): StatsRecorder {
  let total = 0;
  const byRoute = new Map<string, number>();
  return {
    record(method, route, platform) {
      if (platform) total += 1;
      const key = `${method} ${route}`;
      byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
    },
    snapshot: () => ({ total, byRoute: Object.fromEntries(byRoute) }),
  };
}
