import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/server/rate-limit.js";

const refusal = (fn: () => void) => {
  try { fn(); return null; } catch (e) { return (e as { extensions: Record<string, unknown> }).extensions.retryAfter; }
};

describe("per-key token buckets", () => {
  it("lets a key spend its minute's tokens at once, then refuses with the seconds until one is back", () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 6, costUnit: 1000 }, () => now);
    for (let i = 0; i < 6; i++) expect(refusal(() => limiter.take("k1", 10))).toBeNull();
    expect(refusal(() => limiter.take("k1", 10))).toBe(10); // one token refills every 10 s
    now = 9_999;
    expect(refusal(() => limiter.take("k1", 10))).toBe(1);
    now = 10_000;
    expect(refusal(() => limiter.take("k1", 10))).toBeNull();
  });

  it("keeps each key's bucket apart", () => {
    const limiter = createRateLimiter({ perMinute: 1, costUnit: 1000 }, () => 0);
    limiter.take("k1", 0);
    expect(refusal(() => limiter.take("k1", 0))).toBe(60);
    expect(refusal(() => limiter.take("k2", 0))).toBeNull();
  });

  it("weighs an operation by its estimated cost: 1 plus 1 per cost unit", () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, costUnit: 1000 }, () => now);
    limiter.take("k1", 49_999); // 50 tokens
    expect(refusal(() => limiter.take("k1", 10_000))).toBe(1); // 11 needed, 10 left: one more second
    now = 1_000;
    expect(refusal(() => limiter.take("k1", 10_000))).toBeNull();
    expect(refusal(() => limiter.take("k1", 0))).toBe(1);
  });

  it("lets an operation heavier than a whole bucket run once the bucket is full", () => {
    const limiter = createRateLimiter({ perMinute: 10, costUnit: 1 }, () => 0);
    expect(refusal(() => limiter.take("k1", 1_000_000))).toBeNull();
    expect(refusal(() => limiter.take("k1", 0))).toBe(6);
  });

  it("is off at 0 a minute", () => {
    const limiter = createRateLimiter({ perMinute: 0, costUnit: 1 }, () => 0);
    expect(() => { for (let i = 0; i < 1000; i++) limiter.take("k1", 1_000_000); }).not.toThrow();
  });
});
