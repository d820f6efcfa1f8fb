import { describe, expect, it } from "vitest";
import { centredInterval } from "../../../src/analytics/stats/interval.js";

describe("centredInterval", () => {
  it("keeps a percentile interval whose draws are centred on the estimate", () => {
    const draws = Array.from({ length: 101 }, (_, i) => 1 + i / 100); // 1.00 … 2.00, median 1.5
    expect(centredInterval(1.5, draws, 0.9)).toEqual({ value: 1.5, low: expect.closeTo(1.05, 12), high: expect.closeTo(1.95, 12) });
  });
  it("contains its estimate when every draw lies above it (a calibrated fit whose bootstrap drifts away)", () => {
    // Draws 2.0 … 3.0 (median 2.5) around an estimate of 1.86: the plain percentile interval 2.05 … 2.95 excludes it.
    const draws = Array.from({ length: 101 }, (_, i) => 2 + i / 100);
    const r = centredInterval(1.86, draws, 0.9);
    expect(r.low).toBeCloseTo((2.05 / 2.5) * 1.86, 12);
    expect(r.high).toBeCloseTo((2.95 / 2.5) * 1.86, 12);
    expect(r.low).toBeLessThan(1.86);
    expect(r.high).toBeGreaterThan(1.86);
  });
  it("shifts instead of scaling when the estimate or a draw is not positive", () => {
    const draws = Array.from({ length: 101 }, (_, i) => -1 + i / 50); // −1 … 1, median 0
    expect(centredInterval(-0.5, draws, 0.9)).toEqual({ value: -0.5, low: expect.closeTo(-1.4, 12), high: expect.closeTo(0.4, 12) });
  });
  it("shifts rather than scales up when the draws' median is near zero (an organic channel's contribution)", () => {
    // 60 draws that fit almost no effect (0.0001 … 0.006) and 41 that fit 100,000: median 0.0051, 95th percentile
    // 100,000. Scaling by 20,209 ÷ 0.0051 put the upper end at 3.96e11; the shift keeps the draws' own spread.
    const draws = [...Array.from({ length: 60 }, (_, i) => (i + 1) / 10_000), ...Array.from({ length: 41 }, () => 100_000)];
    const r = centredInterval(20_209, draws, 0.9);
    expect(r.low).toBeCloseTo(20_209 + 0.0006 - 0.0051, 9);
    expect(r.high).toBeCloseTo(20_209 + 100_000 - 0.0051, 9);
  });
  it("is the point itself without draws", () => {
    expect(centredInterval(3, [], 0.9)).toEqual({ value: 3, low: 3, high: 3 });
  });
});
