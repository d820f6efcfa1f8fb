import { describe, expect, it } from "vitest";
import { prePostImpact } from "../../../src/analytics/causal/impact.js";
import { addDays } from "../../../src/dates.js";
import { normalDraw, seededRandom } from "../../../src/analytics/stats/index.js";

function series(lift: number, seed: number) {
  const rand = seededRandom(seed);
  const periods: string[] = [], outcome: number[] = [], c1: number[] = [], c2: number[] = [];
  for (let t = 0; t < 120; t++) {
    const a = 100 + 10 * Math.sin(t / 7) + 3 * normalDraw(rand), b = 50 + 0.1 * t + 2 * normalDraw(rand);
    periods.push(addDays("2026-01-01", t)); c1.push(a); c2.push(b);
    outcome.push(20 + 1.5 * a + 0.8 * b + (t >= 90 ? lift : 0) + 2 * normalDraw(rand));
  }
  return { periods, outcome, controls: [{ name: "c1", values: c1 }, { name: "c2", values: c2 }], interventionStart: "2026-04-01" };
}

describe("pre/post impact", () => {
  it("recovers a known lift of 12 a day: the cumulative interval covers 30 × 12 and excludes 0", () => {
    const r = prePostImpact(series(12, 1));
    expect(r.prePeriods).toBe(90);
    expect(r.postPeriods).toBe(30);
    expect(r.cumulativeEffect.low).toBeLessThan(360);
    expect(r.cumulativeEffect.high).toBeGreaterThan(360);
    expect(r.cumulativeEffect.low).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(0.001);
    expect(r.preFit.r2).toBeGreaterThan(0.9);
    expect(r.series).toHaveLength(120);
    expect(r.series[89]!.effect).toBe(0);
  });

  it("finds nothing where nothing happened: the interval contains 0", () => {
    const r = prePostImpact(series(0, 5));
    expect(r.cumulativeEffect.low).toBeLessThan(0);
    expect(r.cumulativeEffect.high).toBeGreaterThan(0);
  });

  it("cumulative intervals widen with time after the change", () => {
    const r = prePostImpact(series(12, 6));
    const w = (i: number) => r.series[i]!.cumulativeHigh - r.series[i]!.cumulativeLow;
    expect(w(119)).toBeGreaterThan(w(100));
    expect(w(100)).toBeGreaterThan(w(90));
  });

  it("over 200 draws its 95 % cumulative interval covers the true lift in 90–99 % of them", () => {
    let covered = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const c = prePostImpact(series(12, seed)).cumulativeEffect;
      if (c.low <= 360 && c.high >= 360) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(180);
    expect(covered).toBeLessThanOrEqual(198);
  });

  it("refuses an intervention date that is not a period", () => {
    expect(() => prePostImpact({ ...series(0, 1), interventionStart: "2030-01-01" })).toThrow("interventionStart 2030-01-01 is not one of the periods");
  });
});
