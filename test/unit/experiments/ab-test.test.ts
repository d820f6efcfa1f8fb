import { describe, expect, it } from "vitest";
import { aggregateUnits, cupedTest, meanTest, proportionTest } from "../../../src/analytics/experiments/ab-test.js";
import { AppError } from "../../../src/errors.js";

// Reference numbers computed independently with scipy 1.17 (stats.ttest_ind(equal_var=False),
// its confidence_interval(), and (jstat's t quantile is good to ~1e-8, hence 7 digits there) stats.chi2_contingency), not with this code.
const units = (xs: number[]) => xs.map((value) => ({ value }));

describe("Welch t test on variant aggregates", () => {
  const control = aggregateUnits("control", units([1, 2, 3, 4, 5]));
  const treatment = aggregateUnits("treatment", units([2, 4, 6, 8, 10]));
  const r = meanTest(control, treatment);

  it("matches scipy's Welch statistic, degrees of freedom and p-value", () => {
    expect(r.absoluteLift).toBe(3);
    expect(r.statistic).toBeCloseTo(1.8973665961010275, 12);
    expect(r.degreesOfFreedom).toBeCloseTo(5.882352941176471, 12);
    expect(r.pValue).toBeCloseTo(0.10753119493062728, 9);
  });

  it("gives scipy's 95% t interval for the absolute lift", () => {
    expect(r.absoluteInterval.low).toBeCloseTo(-0.887741643736975, 7);
    expect(r.absoluteInterval.high).toBeCloseTo(6.887741643736975, 7);
  });

  it("computes the relative lift with the delta-method standard error, the t quantile at Welch's df and its own p-value", () => {
    // r = 6/3 − 1 = 1; se² = Var(mt)/mc² + mt²Var(mc)/mc⁴ = 2/9 + 36·0.5/81 = 4/9; scipy t.ppf(0.975, 5.882352941176471) = 2.458823…
    expect(r.relativeLift).toBe(1);
    expect(r.relativeStandardError).toBeCloseTo(2 / 3, 12);
    expect(r.relativeInterval.low).toBeCloseTo(1 - 2.4588237057660964 * (2 / 3), 7);
    expect(r.relativePValue).toBeCloseTo(0.18525106170994965, 7); // scipy: 2·(1 − t.cdf(1 / (2/3), 5.882352941176471))
  });

  it("rejects a variant with fewer than two units with BAD_USER_INPUT", () => {
    expect(() => meanTest(aggregateUnits("c", units([1])), treatment)).toThrow(AppError);
    expect(() => meanTest(aggregateUnits("c", units([1])), treatment)).toThrow(/at least 2 units/);
  });
});

describe("two-proportion z test", () => {
  const r = proportionTest({ n: 1000, conversions: 100 }, { n: 1000, conversions: 130 });
  it("uses the pooled standard error for the statistic (z² equals the uncorrected chi-square 4.421518…)", () => {
    expect(r.statistic).toBeCloseTo(2.102740605622114, 10);
    expect(r.statistic ** 2).toBeCloseTo(4.421518054532056, 9);
    expect(r.pValue).toBeCloseTo(0.03548845046647471, 10);
  });
  it("uses the unpooled standard error for the interval", () => {
    const se = Math.sqrt((0.1 * 0.9) / 1000 + (0.13 * 0.87) / 1000);
    expect(r.standardError).toBeCloseTo(se, 14);
    expect(r.absoluteInterval.high).toBeCloseTo(0.03 + 1.959963984540054 * se, 10);
    expect(r.relativeLift).toBeCloseTo(0.3, 12);
  });
  it("rejects more conversions than units", () => {
    expect(() => proportionTest({ n: 10, conversions: 11 }, { n: 10, conversions: 1 })).toThrow(/0 ≤ conversions ≤ n/);
  });
});

describe("CUPED", () => {
  const xc = [10, 12, 9, 14, 11, 13], yc = [11, 14, 9, 15, 12, 15];
  const xt = [10, 13, 8, 15, 12, 11], yt = [13, 16, 10, 18, 14, 13];
  const rows = (y: number[], x: number[]) => y.map((value, i) => ({ value, covariate: x[i]! }));
  const r = cupedTest(aggregateUnits("control", rows(yc, xc)), aggregateUnits("treatment", rows(yt, xt)));

  it("estimates θ = Cov(x, y)/Var(x) pooled over both variants", () => {
    expect(r.theta).toBeCloseTo(1.1702127659574468, 12);
  });
  it("matches Welch on per-unit adjusted values y − θ(x − x̄) computed by scipy", () => {
    expect(r.absoluteLift).toBeCloseTo(1.333333333333334, 10);
    expect(r.statistic).toBeCloseTo(4.236448280507259, 9);
    expect(r.degreesOfFreedom).toBeCloseTo(9.549759987372521, 9);
    expect(r.pValue).toBeCloseTo(0.00191329720252221, 9);
    expect(r.absoluteInterval.low).toBeCloseTo(0.6275658503946435, 8);
    expect(r.absoluteInterval.high).toBeCloseTo(2.0391008162720246, 8);
  });
  it("reports the variance reduction against the unadjusted estimate", () => {
    expect(r.varianceReduction).toBeCloseTo(0.9558668632820729, 10);
  });
  it("asks for the covariate sums when they are missing", () => {
    expect(() => cupedTest(aggregateUnits("control", units(yc)), aggregateUnits("treatment", units(yt)))).toThrow(/covariateSum/);
  });
});
