import { describe, expect, it } from "vitest";
import { Matrix } from "ml-matrix";
import { projectToSimplex, simplexLeastSquares } from "../../../src/analytics/stats/simplex-least-squares.js";
import { ridge } from "../../../src/analytics/stats/ridge.js";
import { fitMetrics, quantile } from "../../../src/analytics/stats/descriptive.js";

describe("projection onto the simplex", () => {
  it.each([
    [[0.5, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]],
    [[2, 0], [1, 0]],
    [[1, 0.5, -1], [0.75, 0.25, 0]],
  ])("projects %j to %j", (v, expected) => {
    projectToSimplex(v).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 12));
  });
});

describe("simplex-constrained least squares", () => {
  it("recovers exact convex weights of a series built from donors", () => {
    const d1 = [1, 3, 2, 5, 4, 6], d2 = [2, 1, 4, 3, 6, 5], d3 = [5, 5, 1, 1, 2, 2];
    const y = d1.map((_, i) => 0.2 * d1[i]! + 0.5 * d2[i]! + 0.3 * d3[i]!);
    const w = simplexLeastSquares(new Matrix(d1.map((_, i) => [d1[i]!, d2[i]!, d3[i]!])), y);
    expect(w[0]).toBeCloseTo(0.2, 6);
    expect(w[1]).toBeCloseTo(0.5, 6);
    expect(w[2]).toBeCloseTo(0.3, 6);
  });
  it("puts all weight on the nearest donor when the target lies outside the hull", () => {
    const w = simplexLeastSquares(new Matrix([[1, 0], [1, 0], [1, 0]]), [3, 3, 3]);
    expect(w[0]).toBeCloseTo(1, 9);
    expect(w[1]).toBeCloseTo(0, 9);
  });
});

describe("ridge", () => {
  const x1 = [1, 2, 3, 4, 5, 6], x2 = [1, 0, 1, 0, 1, 1];
  const y = x1.map((v, i) => 2 + 3 * v - 1.5 * x2[i]!);
  it("recovers exact coefficients with a zero penalty", () => {
    const fit = ridge([x1, x2], y, { lambda: 0 });
    expect(fit.intercept).toBeCloseTo(2, 9);
    expect(fit.coefficients[0]).toBeCloseTo(3, 9);
    expect(fit.coefficients[1]).toBeCloseTo(-1.5, 9);
  });
  it("drops a column whose coefficient must be non-negative and refits without it", () => {
    const fit = ridge([x1, x2], y, { lambda: 0, nonNegative: [true, true] });
    expect(fit.coefficients[1]).toBe(0);
    // OLS of y on x1 alone: slope = Cov(x1, y)/Var(x1)
    const my = y.reduce((a, b) => a + b) / 6;
    const slope = x1.reduce((s, v, i) => s + (v - 3.5) * (y[i]! - my), 0) / 17.5;
    expect(fit.coefficients[0]).toBeCloseTo(slope, 9);
  });
  it("shrinks towards zero as the penalty grows", () => {
    expect(Math.abs(ridge([x1, x2], y, { lambda: 10 }).coefficients[0]!)).toBeLessThan(1);
  });
});

describe("descriptive", () => {
  it("computes numpy's default quantile", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
  });
  it("reports R², RMSE, NRMSE and MAPE", () => {
    const m = fitMetrics([1, 2, 3, 4], [1, 2, 3, 5]);
    expect(m.rmse).toBeCloseTo(0.5, 12);
    expect(m.r2).toBeCloseTo(1 - 1 / 5, 12);
    expect(m.nrmse).toBeCloseTo(0.5 / 3, 12);
    expect(m.mape).toBeCloseTo(0.25 / 4, 12);
  });
});
