import { Matrix, inverse } from "ml-matrix";
import { fCdf } from "../stats/index.js";
import { finish, gramInverse, ols, tInterval, withIntercept } from "./ols.js";
import { badInput } from "../../errors.js";

/** Data for an instrumental-variables estimate: one value per unit in every array. */
export interface IvData {
  /** Outcome. */
  outcome: number[];
  /** The endogenous treatment (e.g. price, spend). */
  treatment: number[];
  /** Instruments: shift the treatment, affect the outcome only through it. */
  instruments: number[][];
  /** Exogenous controls, included in both stages. */
  controls: number[][];
}

/** Two-stage least squares with robust errors, first-stage strength and the naive OLS for comparison. */
export interface IvResult {
  /** 2SLS effect of one unit of treatment on the outcome. */
  estimate: number;
  /** HC1 robust standard error. */
  standardError: number;
  interval: { low: number; high: number };
  pValue: number;
  /** OLS of outcome on treatment and controls (biased when the treatment is confounded). */
  ols: { estimate: number; standardError: number; interval: { low: number; high: number } };
  /** First stage: treatment on instruments and controls. */
  firstStage: {
    /** Robust Wald F of the excluded instruments (Kleibergen–Paap style, HC1). */
    fStatistic: number;
    /** Its p-value. */
    pValue: number;
    /** Instrument coefficients. */
    coefficients: number[];
    /** Partial R² of the instruments. */
    partialR2: number;
  };
  /** F < 10 (Staiger & Stock 1997): 2SLS is biased towards OLS and its interval is unreliable. */
  weakInstruments: boolean;
  observations: number;
}

/** Columns as rows: cols[j][i] → rows[i][j]. */
export const columnsToRows = (cols: readonly (readonly number[])[], n: number): number[][] =>
  Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!));

/**
 * 2SLS (Wooldridge, Econometric Analysis ch. 5): β = (X̂ᵀX)⁻¹X̂ᵀy with X̂ = P_Z X; robust errors from
 * the structural residuals y − Xβ. The treatment coefficient is reported.
 */
export function twoStageLeastSquares(d: IvData, alpha = 0.05): IvResult {
  const n = d.outcome.length;
  if (d.instruments.length === 0) throw badInput("Give at least one instrument: a variable that moves the treatment and reaches the outcome only through it.");
  for (const c of [d.treatment, ...d.instruments, ...d.controls]) if (c.length !== n) throw badInput("Every column must have one value per row of the outcome.");
  const k = 2 + d.controls.length + d.instruments.length;
  if (n <= k + 1) throw badInput(`2SLS needs more rows than parameters: ${n} rows for ${k} parameters.`);
  const w = columnsToRows(d.controls, n);
  const zRows = withIntercept(columnsToRows([...d.instruments, ...d.controls], n));
  const xRows = withIntercept(w.map((r, i) => [d.treatment[i]!, ...r]));
  const z = new Matrix(zRows);
  const x = new Matrix(xRows);
  // First stage: fitted X̂ = Z (ZᵀZ)⁻¹ Zᵀ X.
  const xHat = z.mmul(gramInverse(z).mmul(z.transpose().mmul(x)));
  const bread = gramInverse(xHat);
  const beta = bread.mmul(xHat.transpose()).mmul(Matrix.columnVector(d.outcome)).to1DArray();
  const fit = finish(xHat, d.outcome, beta, x, bread);
  const naive = ols(xRows, d.outcome);
  const first = firstStage(d, n);
  const se = fit.standardErrors[1]!;
  return {
    estimate: beta[1]!,
    standardError: se,
    interval: tInterval(beta[1]!, se, alpha, fit.degreesOfFreedom),
    pValue: fit.pValues[1]!,
    ols: { estimate: naive.coefficients[1]!, standardError: naive.standardErrors[1]!, interval: tInterval(naive.coefficients[1]!, naive.standardErrors[1]!, alpha, naive.degreesOfFreedom) },
    firstStage: first,
    weakInstruments: !(first.fStatistic >= 10),
    observations: n,
  };
}

/** Robust Wald test that every excluded instrument's first-stage coefficient is 0, as an F. */
function firstStage(d: IvData, n: number): IvResult["firstStage"] {
  const q = d.instruments.length;
  const rows = withIntercept(columnsToRows([...d.instruments, ...d.controls], n));
  const full = ols(rows, d.treatment);
  const restricted = ols(withIntercept(columnsToRows(d.controls, n)), d.treatment);
  const b = full.coefficients.slice(1, 1 + q);
  const v = new Matrix(b.map((_, a) => b.map((__, c) => full.covariance.get(1 + a, 1 + c))));
  const wald = Matrix.rowVector(b).mmul(inverse(v, true)).mmul(Matrix.columnVector(b)).get(0, 0);
  const f = wald / q;
  const ssrR = restricted.residuals.reduce((s, e) => s + e * e, 0);
  const ssrF = full.residuals.reduce((s, e) => s + e * e, 0);
  return { fStatistic: f, pValue: 1 - fCdf(f, q, full.degreesOfFreedom), coefficients: b, partialR2: ssrR > 0 ? 1 - ssrF / ssrR : 0 };
}
