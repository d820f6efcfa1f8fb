import { describe, expect, it } from "vitest";
import { regressionDiscontinuity } from "../../../src/analytics/causal/rdd.js";
import { normalDraw, seededRandom } from "../../../src/analytics/stats/index.js";

function design(n: number, seed: number, opts: { fuzzy?: boolean; sorting?: boolean } = {}) {
  const r = seededRandom(seed);
  const running: number[] = [], outcome: number[] = [], treatment: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = 2 * r() - 1;
    // Sorting: half the units just below the cutoff push themselves over it.
    if (opts.sorting && x > -0.1 && x < 0 && r() < 0.5) x = -x;
    const above = x >= 0;
    const d = opts.fuzzy ? (r() < (above ? 0.8 : 0.2) ? 1 : 0) : above ? 1 : 0;
    running.push(x); treatment.push(d);
    outcome.push(0.5 + 1.2 * x - 0.8 * x * x + (opts.fuzzy ? 3 : 2) * d + 0.3 * normalDraw(r));
  }
  return { running, outcome, treatment: opts.fuzzy ? treatment : null, cutoff: 0 };
}

describe("regression discontinuity", () => {
  it("sharp: the robust interval covers the true jump 2, the placebo cutoffs show none, the density is smooth", () => {
    const r = regressionDiscontinuity(design(3000, 7));
    expect(r.design).toBe("sharp");
    expect(r.robustInterval.low).toBeLessThan(2);
    expect(r.robustInterval.high).toBeGreaterThan(2);
    expect(Math.abs(r.estimate - 2)).toBeLessThan(0.15);
    expect(r.pValue).toBeLessThan(1e-6);
    expect(r.bandwidthMethod).toBe("imbens_kalyanaraman");
    expect(r.bandwidth).toBeGreaterThan(0.05);
    expect(r.bandwidth).toBeLessThan(1);
    expect(r.placebos).toHaveLength(2);
    expect(r.placebos.every((p) => p.passed)).toBe(true);
    expect(r.density.manipulationSuspected).toBe(false);
  });

  it("fuzzy: the jump in outcome over the jump in take-up recovers the effect 3 of treatment received", () => {
    const r = regressionDiscontinuity(design(4000, 9, { fuzzy: true }));
    expect(r.design).toBe("fuzzy");
    expect(r.firstStageJump).toBeGreaterThan(0.5);
    expect(r.firstStageJump).toBeLessThan(0.7);
    expect(r.robustInterval.low).toBeLessThan(3);
    expect(r.robustInterval.high).toBeGreaterThan(3);
  });

  it("the density test catches units sorting themselves over the cutoff", () => {
    const r = regressionDiscontinuity(design(4000, 13, { sorting: true }));
    expect(r.density.manipulationSuspected).toBe(true);
    expect(r.density.logDifference).toBeGreaterThan(0);
  });

  it("a user bandwidth is used as given", () => {
    const r = regressionDiscontinuity(design(1000, 2), { bandwidth: 0.25 });
    expect(r.bandwidth).toBe(0.25);
    expect(r.bandwidthMethod).toBe("user");
  });

  it("refuses too few units on a side, naming the counts", () => {
    expect(() => regressionDiscontinuity({ running: [-1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], outcome: new Array(12).fill(1), cutoff: 0.5 })).toThrow("at least 10 units on each side of the cutoff 0.5; it has 1 below and 11 at or above");
  });
});
