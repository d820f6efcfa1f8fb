import { describe, expect, it } from "vitest";
import { percentileInterval } from "../../../src/analytics/stats/interval.js";

describe("percentileInterval", () => {
  it("is the draws' percentile interval when it contains the estimate", () => {
    const draws = Array.from({ length: 101 }, (_, i) => 1 + i / 100); // 1.00 … 2.00
    expect(percentileInterval(1.3, draws, 0.9)).toEqual({ value: 1.3, low: expect.closeTo(1.05, 12), high: expect.closeTo(1.95, 12) });
  });
  it("reaches down to its estimate when every draw lies above it (a calibrated fit whose bootstrap drifts away), keeping the draws' upper end", () => {
    const draws = Array.from({ length: 101 }, (_, i) => 2 + i / 100); // 2.00 … 3.00: the percentile interval 2.05 … 2.95 excludes 1.86
    expect(percentileInterval(1.86, draws, 0.9)).toEqual({ value: 1.86, low: 1.86, high: expect.closeTo(2.95, 12) });
  });
  it("reaches up to its estimate when every draw lies below it (an optimised plan's gain)", () => {
    const draws = Array.from({ length: 101 }, (_, i) => -1 + i / 50); // −1 … 1
    expect(percentileInterval(1.5, draws, 0.9)).toEqual({ value: 1.5, low: expect.closeTo(-0.9, 12), high: 1.5 });
  });
  it("keeps the draws' own spread when most of them fit no effect (an organic channel's contribution)", () => {
    const draws = [...Array.from({ length: 60 }, (_, i) => (i + 1) / 10_000), ...Array.from({ length: 41 }, () => 100_000)];
    expect(percentileInterval(20_209, draws, 0.9)).toEqual({ value: 20_209, low: expect.closeTo(0.0006, 12), high: 100_000 });
  });
  it("is the point itself without finite draws", () => {
    expect(percentileInterval(3, [], 0.9)).toEqual({ value: 3, low: 3, high: 3 });
    expect(percentileInterval(3, [NaN, Infinity], 0.9)).toEqual({ value: 3, low: 3, high: 3 });
  });
});
