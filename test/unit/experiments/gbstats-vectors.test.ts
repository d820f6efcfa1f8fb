import { describe, expect, it } from "vitest";
import { meanTest } from "../../../src/analytics/experiments/ab-test.js";
import { sequentialInterval } from "../../../src/analytics/experiments/sequential.js";

// GrowthBook's own test vectors: packages/stats/tests/frequentist/test_tests.py (growthbook/growthbook),
// SampleMeanStatistic(sum, sum_squares, n) for control (a) and treatment (b); expected values rounded to 5 decimals there.
const agg = (sum: number, sumSquares: number, n: number) => ({ variant: "v", sum, sumSquares, n });

describe("gbstats TwoSidedTTest vectors", () => {
  const r = meanTest(agg(1396.87, 52377.9767, 3407), agg(2422.7, 134698.29, 3461));
  it("test_two_sided_ttest (relative): lift 0.70732 ± 0.37879, CI [−0.03526, 1.44989], p 0.06191", () => {
    expect(r.relativeLift).toBeCloseTo(0.70732, 4);
    expect(r.relativeStandardError).toBeCloseTo(0.37879, 4);
    expect(r.relativeInterval.low).toBeCloseTo(-0.03526, 4);
    expect(r.relativeInterval.high).toBeCloseTo(1.44989, 4);
    expect(r.relativePValue).toBeCloseTo(0.06191, 4);
  });
  it("test_two_sided_ttest_absolute: lift 0.29 ± 0.12478, CI [0.04538, 0.53462], p 0.02016", () => {
    expect(r.absoluteLift).toBeCloseTo(0.29, 4);
    expect(r.standardError).toBeCloseTo(0.12478, 4);
    expect(r.absoluteInterval.low).toBeCloseTo(0.04538, 4);
    expect(r.absoluteInterval.high).toBeCloseTo(0.53462, 4);
    expect(r.pValue).toBeCloseTo(0.02016, 4);
  });
});

describe("gbstats SequentialTwoSidedTTest vectors", () => {
  const s = meanTest(agg(1396.87, 52377.9767, 3000), agg(2422.7, 134698.29, 3461));
  it("test_sequential_test_runs (tuning 1000, relative): CI [−0.55844, 1.56516], p 1", () => {
    expect(s.relativeLift).toBeCloseTo(0.50336, 4);
    expect(s.relativeStandardError).toBeCloseTo(0.33341, 4);
    const r = sequentialInterval(s.relativeLift, s.relativeStandardError ** 2, 0.05, { n: 6461, tuning: 1000 });
    expect(r.interval.low).toBeCloseTo(-0.55844, 4);
    expect(r.interval.high).toBeCloseTo(1.56516, 4);
    expect(r.pValue).toBe(1);
    expect(r.tuning).toBe(1000);
  });
  it("test_sequential_test_tuning_as_expected: the interval is tightest when the tuning is near the sample size", () => {
    const width = (tuning: number) => { const r = sequentialInterval(s.relativeLift, s.relativeStandardError ** 2, 0.05, { n: 6461, tuning }).interval; return r.high - r.low; };
    expect(width(10)).toBeGreaterThan(width(10000));
    expect(width(10000)).toBeGreaterThan(width(6461));
  });
});
