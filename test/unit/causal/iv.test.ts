import { describe, expect, it } from "vitest";
import { twoStageLeastSquares } from "../../../src/analytics/causal/iv.js";
import { ols, withIntercept } from "../../../src/analytics/causal/ols.js";
import { normalDraw, seededRandom } from "../../../src/analytics/stats/index.js";

/** A price–demand market: an unobserved demand shock raises both price and quantity; a cost shifter moves price only. */
function market(n: number, seed: number, strength = 1) {
  const r = seededRandom(seed);
  const cost: number[] = [], price: number[] = [], qty: number[] = [];
  for (let i = 0; i < n; i++) {
    const shock = normalDraw(r), z = normalDraw(r);
    const p = 10 + strength * z + 0.8 * shock + 0.3 * normalDraw(r);
    cost.push(z); price.push(p); qty.push(100 - 2 * p + 3 * shock + normalDraw(r));
  }
  return { outcome: qty, treatment: price, instruments: [cost], controls: [] as number[][] };
}

describe("OLS with HC1 errors (hand-computed)", () => {
  it("slope 0.8 and its robust standard error match the textbook formula", () => {
    const x = [1, 2, 3, 4, 5], y = [1, 3, 2, 5, 4];
    const fit = ols(withIntercept(x.map((v) => [v])), y);
    // Slope Sxy/Sxx = 8/10; residuals e = y − (0.6 + 0.8x) = [−0.4, 0.8, −1, 1.2, −0.6].
    expect(fit.coefficients[1]).toBeCloseTo(0.8, 12);
    const e = [-0.4, 0.8, -1, 1.2, -0.6], dx = [-2, -1, 0, 1, 2];
    const hc1 = ((5 / 3) * dx.reduce((s, d, i) => s + d * d * e[i]! ** 2, 0)) / 100;
    expect(fit.standardErrors[1]).toBeCloseTo(Math.sqrt(hc1), 12);
  });
});

describe("two-stage least squares", () => {
  it("with one instrument and no controls equals the Wald ratio cov(z, y) / cov(z, d) exactly", () => {
    const d = market(200, 3);
    const z = d.instruments[0]!;
    const cov = (a: number[], b: number[]) => { const ma = a.reduce((s, v) => s + v, 0) / a.length, mb = b.reduce((s, v) => s + v, 0) / b.length; return a.reduce((s, v, i) => s + (v - ma) * (b[i]! - mb), 0); };
    expect(twoStageLeastSquares(d).estimate).toBeCloseTo(cov(z, d.outcome) / cov(z, d.treatment), 9);
  });

  it("recovers the true price effect −2 where OLS is biased by the demand shock", () => {
    const r = twoStageLeastSquares(market(3000, 11));
    expect(r.ols.interval.low).toBeGreaterThan(-2); // OLS excludes the truth, biased upwards
    expect(r.interval.low).toBeLessThan(-2);
    expect(r.interval.high).toBeGreaterThan(-2);
    expect(r.firstStage.fStatistic).toBeGreaterThan(100);
    expect(r.weakInstruments).toBe(false);
    expect(r.observations).toBe(3000);
  });

  it("flags a weak instrument (first-stage F < 10)", () => {
    const r = twoStageLeastSquares(market(300, 5, 0.02));
    expect(r.firstStage.fStatistic).toBeLessThan(10);
    expect(r.weakInstruments).toBe(true);
  });

  it("refuses a model without instruments, with a message that says what one is", () => {
    expect(() => twoStageLeastSquares({ outcome: [1, 2, 3], treatment: [1, 2, 3], instruments: [], controls: [] })).toThrow(/at least one instrument/);
  });
});
