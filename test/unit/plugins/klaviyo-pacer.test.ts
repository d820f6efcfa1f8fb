import { describe, expect, it } from "vitest";
import { createPacer } from "../../../src/plugins/klaviyo/klaviyo-pacer.js";

describe("Klaviyo report pacer (1/s burst, 2/min steady, 225/day)", () => {
  const limits = { perSecond: 1, perMinute: 2, perDay: 225 };

  it("lets the first call through, then spaces the second by a second and the third to the next minute", () => {
    let now = 1_000_000;
    const p = createPacer(limits, () => now);
    expect(p.delayMs()).toBe(0);
    p.record();
    expect(p.delayMs()).toBe(1_000);
    now += 1_000;
    expect(p.delayMs()).toBe(0);
    p.record();
    expect(p.delayMs()).toBe(59_000);
  });

  it("waits until a day-old call leaves the window once 225 calls were made", () => {
    let now = 0;
    const p = createPacer(limits, () => now);
    for (let i = 0; i < 225; i++) { now = i * 30_000; p.record(); }
    now = 225 * 30_000;
    expect(p.delayMs()).toBe(86_400_000 - 225 * 30_000);
  });
});
