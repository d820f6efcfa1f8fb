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
  it("is the point itself without draws", () => {
    expect(centredInterval(3, [], 0.9)).toEqual({ value: 3, low: 3, high: 3 });
  });
});
