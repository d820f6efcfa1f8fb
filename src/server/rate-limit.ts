import { GraphQLError } from "graphql";
import type { App } from "../app.js";

/**
 * Per-API-key token buckets, in this process (each gateway instance counts its own requests). A bucket
 * holds `perMinute` tokens and refills at `perMinute` a minute; an operation takes 1 token plus 1 per
 * `costUnit` of its estimated cost, so heavy operations drain it faster. GraphQL (HTTP and WebSocket)
 * and the REST routes (CSV export, signed export links, CSV imports) spend from the same bucket of a key.
 */
export interface RateLimitOptions {
  /** Tokens a key may spend per minute (and hold at most); 0 switches the limit off. */
  perMinute: number;
  /** Estimated cost that counts as one more token. */
  costUnit: number;
}

export interface RateLimiter {
  /** Take an operation's tokens from the key's bucket, or throw RATE_LIMITED with the seconds to wait. */
  take(keyId: string, cost: number): void;
}

// Buckets that refilled completely are dropped once this many keys are tracked.
const SWEEP_AT = 10_000;

export function createRateLimiter(options: RateLimitOptions, clock: () => number = Date.now): RateLimiter {
  const { perMinute, costUnit } = options;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, now: number) => {
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * perMs);
    b.at = now;
  };
  return {
    take(keyId, cost) {
      if (perMinute <= 0) return;
      const now = clock();
      if (buckets.size >= SWEEP_AT) for (const [k, b] of buckets) { refill(b, now); if (b.tokens >= perMinute) buckets.delete(k); }
      const bucket = buckets.get(keyId) ?? { tokens: perMinute, at: now };
      buckets.set(keyId, bucket);
      refill(bucket, now);
      // An operation within the cost limit always fits a full bucket, however heavy.
      const weight = Math.min(perMinute, 1 + Math.floor(cost / costUnit));
      if (bucket.tokens >= weight) { bucket.tokens -= weight; return; }
      const retryAfter = Math.max(1, Math.ceil((weight - bucket.tokens) / perMs / 1000));
      throw new GraphQLError(
        `Rate limit reached for this API key (RATE_LIMIT_PER_MINUTE=${perMinute}; this operation counts ${weight}: 1 plus 1 per ${costUnit} of its estimated cost ${cost}). Retry after ${retryAfter} s, or send fewer or cheaper operations.`,
        { extensions: { code: "RATE_LIMITED", retryAfter, http: { status: 429, headers: new Map([["retry-after", String(retryAfter)]]) } } },
      );
    },
  };
}

const limiters = new WeakMap<App, RateLimiter>();

/** The gateway's one rate limiter (one per App: tests run several gateways in one process), shared by GraphQL and the REST routes. */
export function rateLimiterOf(app: App): RateLimiter {
  let l = limiters.get(app);
  if (!l) limiters.set(app, (l = createRateLimiter(app.config.rateLimit)));
  return l;
}
