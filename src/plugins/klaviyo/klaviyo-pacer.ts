/** Sliding-window limits of one endpoint: calls per second, per minute and per day. */
export interface PaceLimits {
  perSecond: number;
  perMinute: number;
  perDay: number;
}

const WINDOWS = (l: PaceLimits): [limit: number, ms: number][] => [[l.perSecond, 1_000], [l.perMinute, 60_000], [l.perDay, 86_400_000]];

/**
 * Paces calls to one endpoint so that no sliding window (second, minute, day) holds more calls than its limit.
 * `delayMs` says how long the next call must wait; `record` notes a call made now.
 */
export function createPacer(limits: PaceLimits, clock: () => number = Date.now) {
  const stamps: number[] = [];
  return {
    delayMs(): number {
      const now = clock();
      while (stamps.length && stamps[0]! <= now - 86_400_000) stamps.shift();
      let wait = 0;
      for (const [limit, ms] of WINDOWS(limits)) {
        const recent = stamps.filter((t) => t > now - ms);
        const max = Math.max(1, Math.floor(limit));
        if (recent.length >= max) wait = Math.max(wait, recent[recent.length - max]! + ms - now);
      }
      return wait;
    },
    record(): void {
      stamps.push(clock());
    },
  };
}
export type Pacer = ReturnType<typeof createPacer>;
