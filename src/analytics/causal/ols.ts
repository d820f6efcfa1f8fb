import { Matrix, inverse } from "ml-matrix";
import { studentTQuantile, twoSidedTP } from "../stats/index.js";

/** A linear fit with heteroskedasticity-robust (HC1) standard errors. */
export interface LinearFit {
  /** One coefficient per design column. */
  coefficients: number[];
  /** HC1 robust standard errors (White 1980 with the n/(n−k) correction, Stata's `robust`). */
  standardErrors: number[];
  /** Two-sided p-values from Student's t with n − k degrees of freedom. */
  pValues: number[];
  /** Residual degrees of freedom, n − k. */
  degreesOfFreedom: number;
  /** y − Xβ. */
  residuals: number[];
  /** Robust covariance of the coefficients. */
  covariance: Matrix;
  /** Share of the variance of y explained. */
  r2: number;
}

/** Rows of a design matrix with an intercept column first. */
export const withIntercept = (rows: readonly (readonly number[])[]): number[][] => rows.map((r) => [1, ...r]);

/** (AᵀA)⁻¹, falling back to the pseudo-inverse when columns are collinear. */
export function gramInverse(a: Matrix): Matrix {
  const g = a.transpose().mmul(a);
  try {
    return inverse(g);
  } catch {
    return inverse(g, true);
  }
}

/** Sandwich covariance bread · Xᵀdiag(e²)X · bread, scaled by n/(n−k). */
export function hc1Covariance(x: Matrix, residuals: readonly number[], bread: Matrix): Matrix {
  const n = x.rows, k = x.columns;
  const meat = Matrix.zeros(k, k);
  for (let i = 0; i < n; i++) {
    const e2 = residuals[i]! ** 2;
    for (let a = 0; a < k; a++) {
      const xa = x.get(i, a) * e2;
      for (let b = 0; b < k; b++) meat.set(a, b, meat.get(a, b) + xa * x.get(i, b));
    }
  }
  return bread.mmul(meat).mmul(bread).mul(n / Math.max(n - k, 1));
}

/** Ordinary least squares of y on the design rows (include the intercept column yourself). */
export function ols(rows: readonly (readonly number[])[], y: readonly number[]): LinearFit {
  const x = new Matrix(rows.map((r) => [...r]));
  const bread = gramInverse(x);
  const beta = bread.mmul(x.transpose()).mmul(Matrix.columnVector([...y])).to1DArray();
  return finish(x, y, beta, x, bread);
}

/** Standard errors, p-values and fit of β estimated on `x`, with residuals from `xResid` (2SLS uses the structural X). */
export function finish(x: Matrix, y: readonly number[], beta: number[], xResid: Matrix, bread: Matrix): LinearFit {
  const fitted = xResid.mmul(Matrix.columnVector(beta)).to1DArray();
  const residuals = y.map((v, i) => v - fitted[i]!);
  const covariance = hc1Covariance(x, residuals, bread);
  const df = Math.max(x.rows - x.columns, 1);
  const standardErrors = beta.map((_, j) => Math.sqrt(Math.max(covariance.get(j, j), 0)));
  const pValues = beta.map((b, j) => (standardErrors[j]! > 0 ? twoSidedTP(b / standardErrors[j]!, df) : NaN));
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  const sst = y.reduce((s, v) => s + (v - my) ** 2, 0);
  const ssr = residuals.reduce((s, e) => s + e * e, 0);
  return { coefficients: beta, standardErrors, pValues, degreesOfFreedom: df, residuals, covariance, r2: sst > 0 ? 1 - ssr / sst : NaN };
}

/** A two-sided interval from an estimate and its standard error (t quantile when df is finite). */
export function tInterval(estimate: number, se: number, alpha: number, df = Infinity): { low: number; high: number } {
  const q = studentTQuantile(1 - alpha / 2, df);
  return { low: estimate - q * se, high: estimate + q * se };
}
