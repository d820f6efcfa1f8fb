import { describe, expect, it } from "vitest";
import { bayesianMeans, bayesianProportions, probBetaGreater } from "../../../src/analytics/experiments/bayesian.js";
import { sampleRatioCheck } from "../../../src/analytics/experiments/sample-ratio.js";
import { sequentialInterval } from "../../../src/analytics/experiments/sequential.js";
import { minimumDetectableEffect, sampleSizePerArm } from "../../../src/analytics/experiments/power.js";

// References: scipy 1.17 numerical integration (integrate.quad / dblquad over Beta and normal
// densities), stats.chisquare, optimize.brentq on the mSPRT likelihood ratio; textbook power values.
describe("Bayesian chance to win", () => {
  it("is exactly 53/70 for Beta(3,2) against Beta(2,3)", () => {
    expect(probBetaGreater(3, 2, 2, 3)).toBeCloseTo(53 / 70, 12);
  });
  it("matches numerical integration for 130/1000 against 100/1000 with a uniform prior", () => {
    const r = bayesianProportions({ n: 1000, conversions: 100 }, { n: 1000, conversions: 130 });
    expect(r.method).toBe("beta-binomial");
    expect(r.chanceToWin).toBeCloseTo(0.9821650661163506, 8);
    expect(r.expectedLossControl).toBeCloseTo(0.03003249388771806, 7);
    expect(r.expectedLossTreatment).toBeCloseTo(9.237449150471013e-5, 8);
  });
  it("uses the normal approximation for means: Φ(d/se) and E[max(−D,0)]", () => {
    const r = bayesianMeans(1, 0.5);
    expect(r.method).toBe("normal");
    expect(r.chanceToWin).toBeCloseTo(0.9772498680518208, 12);
    expect(r.expectedLossTreatment).toBeCloseTo(0.004245351308414818, 10);
    expect(r.expectedLossControl).toBeCloseTo(1.0042453513084149, 10);
  });
});

describe("sample-ratio mismatch", () => {
  it("passes a 5050/4950 split of a 50/50 plan (χ² = 1, p = 0.3173)", () => {
    const r = sampleRatioCheck([5050, 4950]);
    expect(r.chiSquare).toBeCloseTo(1, 12);
    expect(r.pValue).toBeCloseTo(0.31731050786291115, 9);
    expect(r.mismatch).toBe(false);
  });
  it("flags 5200/4800 (χ² = 16, p = 6.33e-5)", () => {
    const r = sampleRatioCheck([5200, 4800]);
    expect(r.pValue).toBeCloseTo(6.334248366623988e-5, 10);
    expect(r.mismatch).toBe(true);
  });
  it("uses planned weights for unequal splits (χ² = 20 on 2 df)", () => {
    const r = sampleRatioCheck([300, 200, 500], [1, 1, 2]);
    expect(r.chiSquare).toBeCloseTo(20, 12);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeCloseTo(4.539992976248486e-5, 10);
  });
});

describe("sequential (mSPRT) interval", () => {
  it("equals the set where the mixture likelihood ratio stays below 1/α (found by root search)", () => {
    const r = sequentialInterval(0.5, 0.04, 0.05, { tau2: 0.01 });
    expect(r.interval.low).toBeCloseTo(-0.6148639467147721, 9);
    expect(r.interval.high).toBeCloseTo(1.614863946714772, 9);
    expect(r.pValue).toBeCloseTo(0.5984404699510534, 9);
  });
  it("is wider than the fixed-horizon interval", () => {
    const r = sequentialInterval(0.5, 0.04, 0.05, { n: 200 });
    expect(r.interval.high - 0.5).toBeGreaterThan(1.959963984540054 * 0.2);
  });
});

describe("power", () => {
  it("needs 63 units per arm for δ = 0.5σ at α = 0.05 and 80% power (2·(1.95996+0.84162)²/0.25 = 62.79)", () => {
    expect(sampleSizePerArm({ baseline: 0, variance: 1, mde: 0.5 })).toBe(63);
  });
  it("needs 3841 per arm to move a 10% conversion rate to 12% (Fleiss, no continuity correction: 3840.85)", () => {
    expect(sampleSizePerArm({ baseline: 0.1, binary: true, mde: 0.02 })).toBe(3841);
  });
  it("inverts to the minimum detectable effect for a given n", () => {
    expect(minimumDetectableEffect({ baseline: 0.1, binary: true, n: 3841 })).toBeCloseTo(0.019178645702234546, 10);
    expect(minimumDetectableEffect({ baseline: 0, variance: 1, n: 62.79103787479271 })).toBeCloseTo(0.5, 10);
  });
  it("rejects a zero MDE", () => {
    expect(() => sampleSizePerArm({ baseline: 1, variance: 1, mde: 0 })).toThrow(/non-zero/);
  });
});
