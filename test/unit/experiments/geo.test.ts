import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { differenceInDifferences, syntheticControl, type GeoObservation } from "../../../src/analytics/experiments/geo.js";

const days = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"];
const panel = (series: Record<string, number[]>): GeoObservation[] =>
  Object.entries(series).flatMap(([geo, vs]) => vs.map((value, i) => ({ geo, date: days[i]!, value })));
const design = { treated: ["T"], start: "2024-01-03", end: "2024-01-04" };

describe("difference-in-differences (hand-checked)", () => {
  const r = differenceInDifferences(panel({ T: [10, 12, 20, 22], C1: [5, 7, 8, 10], C2: [4, 4, 6, 6], C3: [6, 8, 9, 9] }), design);
  it("ATT = (21 − 11) − (8 − 17/3) = 23/3", () => {
    expect(r.att).toBeCloseTo(23 / 3, 12);
    expect(r.incremental).toBeCloseTo(46 / 3, 12);
  });
  it("lift = Σeffect / Σcounterfactual = (46/3)/(80/3)", () => {
    expect(r.lift).toBeCloseTo(0.575, 12);
  });
  it("series for charts: the treated average and the control average shifted by the pre-period gap (11 − 17/3)", () => {
    expect(r.series.dates).toEqual(days);
    expect(r.series.treated).toEqual([10, 12, 20, 22]);
    const shift = 11 - 17 / 3;
    [5, 19 / 3, 23 / 3, 25 / 3].forEach((c, i) => expect(r.series.counterfactual[i]).toBeCloseTo(c + shift, 12));
  });
  it("placebo p-value: no control's placebo effect (1, −0.5, −0.5) reaches 23/3, so p = 1/4", () => {
    expect(r.pValue).toBe(0.25);
  });
});

describe("difference-in-differences: parallel-trends check", () => {
  const dates = Array.from({ length: 20 }, (_, i) => `2024-02-${String(i + 1).padStart(2, "0")}`);
  const rows = (series: Record<string, (t: number) => number>): GeoObservation[] =>
    Object.entries(series).flatMap(([geo, f]) => dates.map((date, t) => ({ geo, date, value: f(t) })));
  const test = { treated: ["T"], start: "2024-02-17", end: "2024-02-20" };
  const wiggle = (t: number) => [0, 1, -1, 0.5, -0.5][t % 5]!;
  it("passes parallel series without warnings: slope 0, placebo 0", () => {
    const r = differenceInDifferences(rows({ T: (t) => 100 + 2 * t + wiggle(t) + (t >= 16 ? 10 : 0), C1: (t) => 50 + 2 * t + wiggle(t), C2: (t) => 60 + 2 * t + wiggle(t) }), test);
    expect(r.att).toBeCloseTo(10, 12);
    expect(r.parallelTrends).toEqual({ gapSlope: expect.closeTo(0, 12), slopePValue: 1, placeboAtt: expect.closeTo(0, 12), placeboDays: 4 });
    expect(r.warnings).toEqual([]);
  });
  it("warns when the treated geo was already pulling away before the test", () => {
    // The gap T − mean(C) = 50 + t grows by 1 a day from the first day: the "ATT" of 17.5 − 7.5 = 10 is all trend.
    const r = differenceInDifferences(rows({ T: (t) => 100 + 3 * t + wiggle(t), C1: (t) => 50 + 2 * t + wiggle(t) * 0.5, C2: (t) => 60 + 2 * t + wiggle(t) * 1.5 }), test);
    expect(r.parallelTrends!.gapSlope).toBeCloseTo(1, 12);
    expect(r.parallelTrends!.slopePValue).toBeLessThan(1e-6);
    expect(r.parallelTrends!.placeboAtt).toBeCloseTo(8, 12); // mean gap of days 12–15 (13.5) − of days 0–11 (5.5)
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings![0]).toMatch(/^The treated − control gap drifts before the test \(1\.00 per day, p = .*\), so parallel trends are doubtful; use synthetic control or a shorter pre-period\.$/);
    expect(r.warnings![1]).toMatch(/^A placebo test on the last 4 pre-period days finds an "effect" of 8\.00, half or more of the measured ATT 10\.0; the estimate may be trend, not treatment\.$/);
  });
});

describe("synthetic control (hand-checked)", () => {
  it("recovers exact donor weights and the post-period effect", () => {
    const c1 = [1, 3, 2, 5], c2 = [2, 1, 4, 3], c3 = [5, 5, 1, 1];
    // 4 pre days, then 2 treated days where T = 0.2·C1 + 0.5·C2 + 0.3·C3 + 4.
    const longDays = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06"];
    const d = { C1: [...c1, 4, 6], C2: [...c2, 6, 5], C3: [...c3, 2, 2] };
    const tt = [0.2 * 1 + 0.5 * 2 + 0.3 * 5, 0.2 * 3 + 0.5 * 1 + 0.3 * 5, 0.2 * 2 + 0.5 * 4 + 0.3 * 1, 0.2 * 5 + 0.5 * 3 + 0.3 * 1, 0.2 * 4 + 0.5 * 6 + 0.3 * 2 + 4, 0.2 * 6 + 0.5 * 5 + 0.3 * 2 + 4];
    const rows = Object.entries({ T: tt, ...d }).flatMap(([geo, vs]) => vs.map((value, i) => ({ geo, date: longDays[i]!, value })));
    const r = syntheticControl(rows, { treated: ["T"], start: "2024-01-05", end: "2024-01-06" }, { intercept: false });
    expect(r.weights!.C1).toBeCloseTo(0.2, 6);
    expect(r.weights!.C2).toBeCloseTo(0.5, 6);
    expect(r.weights!.C3).toBeCloseTo(0.3, 6);
    expect(r.att).toBeCloseTo(4, 5);
    expect(r.incremental).toBeCloseTo(8, 5);
    expect(r.preFit.rmse).toBeCloseTo(0, 6);
    // The chart's counterfactual is the weighted donors: 4 below the treated series on the two treated days.
    expect(r.series.dates).toEqual(longDays);
    expect(r.series.treated[4]! - r.series.counterfactual[4]!).toBeCloseTo(4, 5);
    expect(r.series.counterfactual[0]).toBeCloseTo(tt[0]!, 5);
  });
  it("names the geo with missing days", () => {
    const rows = panel({ T: [1, 2, 3, 4], C1: [1, 2, 3, 4] }).filter((r) => !(r.geo === "C1" && r.date === "2024-01-02"));
    expect(() => syntheticControl(rows, design)).toThrow(/Geo "C1" is missing days/);
  });
  it("rejects treated geos that are not in the panel", () => {
    expect(() => syntheticControl(panel({ T: [1, 2, 3, 4], C1: [1, 2, 3, 4] }), { ...design, treated: ["X"] })).toThrow(/Treated geos not in the data: X/);
  });
});

describe("GeoLift_Test.csv: chicago and portland treated on days 91–105", () => {
  const rows = readFileSync(new URL("../../../../shared/datasets/GeoLift_Test.csv", import.meta.url), "utf8")
    .trim().split("\n").slice(1).map((l) => { const [geo, v, date] = l.split(","); return { geo: geo!, value: Number(v), date: date! }; });
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const r = syntheticControl(rows, { treated: ["chicago", "portland"], start: dates[90]!, end: dates[104]! });
  // Published (GeoLift walkthrough, augmented SCM): ATT ≈ 155.6, lift ≈ 5.4 %, ≈ 4,667 incremental, p ≈ 0.01.
  it("lands within 2 % of the published ATT, lift and incremental total", () => {
    expect(Math.abs(r.att / 155.6 - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.lift / 0.054 - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.incremental / 4667 - 1)).toBeLessThan(0.02);
  });
  it("finds the effect significant (p ≤ 0.05; published 0.01) with a good pre-period fit", () => {
    expect(r.pValue).toBeLessThanOrEqual(0.05);
    expect(r.preFit.r2).toBeGreaterThan(0.95);
    const total = Object.values(r.weights!).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(Object.keys(r.weights!)).not.toContain("chicago");
  });
});
