import { Matrix } from "ml-matrix";
import { badInput } from "../../errors.js";
import { fitMetrics, normalQuantile, twoSidedZP } from "../stats/index.js";
import { gramInverse } from "./ols.js";

/** One treated series and its control series over a pre-period and a post-period. */
export interface ImpactData {
  /** Period labels (dates), in order. */
  periods: string[];
  /** The series the change hit. */
  outcome: number[];
  /** Series the change did not touch (other regions, markets, a search-interest index…). */
  controls: { name: string; values: number[] }[];
  /** First period of the change (must be one of `periods`). */
  interventionStart: string;
}

export interface ImpactOptions {
  /** Add a linear time trend to the pre-period model (default false). */
  trend?: boolean | null;
  alpha?: number | null;
}

export interface ImpactPoint {
  period: string;
  actual: number;
  /** Counterfactual: what the pre-period model predicts without the change. */
  predicted: number;
  /** Prediction interval of the counterfactual. */
  predictedLow: number;
  predictedHigh: number;
  /** actual − predicted (post-period only; 0 before). */
  effect: number;
  /** Running sum of effects from the start of the change. */
  cumulativeEffect: number;
  cumulativeLow: number;
  cumulativeHigh: number;
}

export interface ImpactResult {
  series: ImpactPoint[];
  /** Mean effect per post period, with interval. */
  averageEffect: { estimate: number; low: number; high: number };
  /** Total effect over the post-period, with interval. */
  cumulativeEffect: { estimate: number; low: number; high: number };
  /** Cumulative effect ÷ cumulative counterfactual. */
  relativeEffect: { estimate: number; low: number; high: number };
  /** Two-sided p-value of "no effect" on the cumulative effect. */
  pValue: number;
  /** How well the model tracks the pre-period. */
  preFit: { r2: number; mape: number | null };
  /** Lag-1 autocorrelation of the pre-period residuals (used in the intervals). */
  residualAutocorrelation: number;
  prePeriods: number;
  postPeriods: number;
}

/**
 * Pre/post impact for a single treated series (in the spirit of Brodersen et al. 2015, CausalImpact):
 * a regression of the outcome on its controls fitted on the pre-period predicts the counterfactual;
 * intervals carry the parameter uncertainty and AR(1) residual correlation, so cumulative intervals
 * widen as they should. A linear model rather than a Bayesian structural time series: exact and fast,
 * and it says in its fit how far to trust it.
 */
export function prePostImpact(d: ImpactData, opts: ImpactOptions = {}): ImpactResult {
  const n = d.periods.length;
  if (d.outcome.length !== n || d.controls.some((c) => c.values.length !== n)) throw badInput("outcome and every control must have one value per period.");
  const t0 = d.periods.indexOf(d.interventionStart);
  if (t0 < 0) throw badInput(`interventionStart ${d.interventionStart} is not one of the periods; give the first period of the change.`);
  const k = 1 + d.controls.length + (opts.trend ? 1 : 0);
  if (t0 < k + 3) throw badInput(`The pre-period has ${t0} periods; it needs at least ${k + 3} for ${k} parameters. Start the series earlier or use fewer controls.`);
  if (t0 >= n) throw badInput("There is no post-period after interventionStart.");
  const row = (t: number) => [1, ...d.controls.map((c) => c.values[t]!), ...(opts.trend ? [t] : [])];
  const x = new Matrix(Array.from({ length: t0 }, (_, t) => row(t)));
  const xtxInv = gramInverse(x);
  const y = d.outcome.slice(0, t0);
  const beta = xtxInv.mmul(x.transpose()).mmul(Matrix.columnVector(y)).to1DArray();
  const predict = (t: number) => row(t).reduce((s, v, j) => s + v * beta[j]!, 0);
  const fitted = y.map((_, t) => predict(t));
  const resid = y.map((v, t) => v - fitted[t]!);
  const sigma2 = resid.reduce((s, e) => s + e * e, 0) / (t0 - k);
  let num = 0, den = 0;
  for (let t = 1; t < t0; t++) num += resid[t]! * resid[t - 1]!;
  for (let t = 0; t < t0; t++) den += resid[t]! ** 2;
  const rho = Math.min(Math.max(den > 0 ? num / den : 0, 0), 0.95);
  // Parameter covariance σ²(XᵀX)⁻¹, inflated for AR(1) errors by (1 + ρ)/(1 − ρ).
  const paramCov = xtxInv.mul(sigma2 * ((1 + rho) / (1 - rho)));
  const alpha = opts.alpha ?? 0.05;
  const z = normalQuantile(1 - alpha / 2);
  const post = Array.from({ length: n - t0 }, (_, i) => t0 + i);
  const xp = post.map(row);
  const quad = (a: number[], b: number[]) => { let s = 0; for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) s += a[i]! * paramCov.get(i, j) * b[j]!; return s; };
  // Running sums: Var(Σ_{s≤m} ε̂) = Σ_s Σ_t [σ²ρ^|s−t| + x_sᵀ C x_t], accumulated incrementally.
  let cumEffect = 0, cumVar = 0, cumPred = 0;
  let xSum = new Array<number>(k).fill(0);
  const series: ImpactPoint[] = d.periods.map((period, t) => {
    const pred = predict(t);
    if (t < t0) {
      const half = z * Math.sqrt(sigma2 + quad(row(t), row(t)));
      return { period, actual: d.outcome[t]!, predicted: pred, predictedLow: pred - half, predictedHigh: pred + half, effect: 0, cumulativeEffect: 0, cumulativeLow: 0, cumulativeHigh: 0 };
    }
    const m = t - t0;
    const xt = xp[m]!;
    let ar = 1;
    for (let s = 0; s < m; s++) ar += 2 * rho ** (m - s);
    cumVar += sigma2 * ar + 2 * quad(xSum, xt) + quad(xt, xt);
    xSum = xSum.map((v, j) => v + xt[j]!);
    const effect = d.outcome[t]! - pred;
    cumEffect += effect;
    cumPred += pred;
    const half = z * Math.sqrt(sigma2 + quad(xt, xt));
    const cumHalf = z * Math.sqrt(cumVar);
    return { period, actual: d.outcome[t]!, predicted: pred, predictedLow: pred - half, predictedHigh: pred + half, effect, cumulativeEffect: cumEffect, cumulativeLow: cumEffect - cumHalf, cumulativeHigh: cumEffect + cumHalf };
  });
  const last = series[n - 1]!;
  const m = post.length;
  const fit = fitMetrics(y, fitted);
  return {
    series,
    averageEffect: { estimate: last.cumulativeEffect / m, low: last.cumulativeLow / m, high: last.cumulativeHigh / m },
    cumulativeEffect: { estimate: last.cumulativeEffect, low: last.cumulativeLow, high: last.cumulativeHigh },
    relativeEffect: { estimate: last.cumulativeEffect / cumPred, low: last.cumulativeLow / cumPred, high: last.cumulativeHigh / cumPred },
    pValue: twoSidedZP(last.cumulativeEffect / Math.sqrt(cumVar)),
    preFit: { r2: fit.r2, mape: fit.mape },
    residualAutocorrelation: rho,
    prePeriods: t0, postPeriods: m,
  };
}
