import { badInput } from "../../errors.js";
import { normalQuantile, studentTQuantile, twoSidedTP, twoSidedZP } from "../stats/distributions.js";
import type { LiftEstimate, VariantAggregate } from "./types.js";

/** Mean and sample variance of a variant from its sums. */
export function moments(v: VariantAggregate): { mean: number; variance: number } {
  if (!(v.n >= 2)) throw badInput(`Variant "${v.variant}" needs at least 2 units to estimate a variance; it has ${v.n}.`);
  const mean = v.sum / v.n;
  const variance = Math.max((v.sumSquares - v.n * mean * mean) / (v.n - 1), 0);
  return { mean, variance };
}

/**
 * Welch's unequal-variance t test on two means with a t interval for the absolute lift, and for the
 * relative lift a delta-method variance Var(m_t/m_c) ≈ Var(m_t)/m_c² + m_t²·Var(m_c)/m_c⁴ with the t
 * quantile at the same Welch degrees of freedom and its own p-value, as GrowthBook's gbstats
 * (`TwoSidedTTest`, packages/stats/gbstats/frequentist/tests.py).
 */
export function welchLift(
  control: { mean: number; variance: number; n: number },
  treatment: { mean: number; variance: number; n: number },
  alpha = 0.05,
): LiftEstimate {
  const vc = control.variance / control.n;
  const vt = treatment.variance / treatment.n;
  const se = Math.sqrt(vc + vt);
  const df = (vc + vt) ** 2 / (vc ** 2 / (control.n - 1) + vt ** 2 / (treatment.n - 1));
  const diff = treatment.mean - control.mean;
  const t = se === 0 ? 0 : diff / se;
  const q = studentTQuantile(1 - alpha / 2, df);
  return { ...relative(control.mean, treatment.mean, vc, vt, alpha, df), absoluteLift: diff, standardError: se,
    absoluteInterval: { low: diff - q * se, high: diff + q * se }, statistic: t, degreesOfFreedom: df, pValue: se === 0 ? 1 : twoSidedTP(t, df) };
}

/** Relative lift with its delta-method standard error; t quantile and p-value at `df` (Infinity: normal). */
function relative(mc: number, mt: number, vc: number, vt: number, alpha: number, df: number) {
  if (mc === 0) throw badInput("The control mean is 0, so a relative lift is undefined; report the absolute lift instead.");
  const r = mt / mc - 1;
  const rse = Math.sqrt(vt / mc ** 2 + (mt ** 2 * vc) / mc ** 4);
  const finite = Number.isFinite(df);
  const q = finite ? studentTQuantile(1 - alpha / 2, df) : normalQuantile(1 - alpha / 2);
  const stat = rse === 0 ? 0 : r / rse;
  return { controlMean: mc, treatmentMean: mt, relativeLift: r, relativeStandardError: rse, relativeInterval: { low: r - q * rse, high: r + q * rse },
    relativePValue: rse === 0 ? 1 : finite ? twoSidedTP(stat, df) : twoSidedZP(stat) };
}

/** Welch test from variant aggregates. */
export function meanTest(control: VariantAggregate, treatment: VariantAggregate, alpha = 0.05): LiftEstimate {
  return welchLift({ ...moments(control), n: control.n }, { ...moments(treatment), n: treatment.n }, alpha);
}

/**
 * Two-proportion z test: the statistic uses the pooled proportion (the null of equal rates); the
 * interval for the difference uses the unpooled standard error.
 */
export function proportionTest(control: { n: number; conversions: number }, treatment: { n: number; conversions: number }, alpha = 0.05): LiftEstimate {
  for (const [name, v] of [["control", control], ["treatment", treatment]] as const) {
    if (!(v.n > 0) || v.conversions < 0 || v.conversions > v.n) throw badInput(`The ${name} needs 0 ≤ conversions ≤ n and n > 0 (got ${v.conversions} of ${v.n}).`);
  }
  const pc = control.conversions / control.n;
  const pt = treatment.conversions / treatment.n;
  const pooled = (control.conversions + treatment.conversions) / (control.n + treatment.n);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / treatment.n));
  const vc = (pc * (1 - pc)) / control.n;
  const vt = (pt * (1 - pt)) / treatment.n;
  const se = Math.sqrt(vc + vt);
  const z = sePooled === 0 ? 0 : (pt - pc) / sePooled;
  const q = normalQuantile(1 - alpha / 2);
  return { ...relative(pc, pt, vc, vt, alpha, Infinity), absoluteLift: pt - pc, standardError: se, absoluteInterval: { low: pt - pc - q * se, high: pt - pc + q * se },
    statistic: z, degreesOfFreedom: Infinity, pValue: sePooled === 0 ? 1 : twoSidedZP(z) };
}

/**
 * CUPED (Deng et al. 2013, https://doi.org/10.1145/2433396.2433413): y − θ(x − x̄), θ = Cov(x, y)/Var(x)
 * pooled over both variants; then Welch on the adjusted metric. Returns the estimate and θ and the variance reduction.
 */
export function cupedTest(control: VariantAggregate, treatment: VariantAggregate, alpha = 0.05): LiftEstimate & { theta: number; varianceReduction: number } {
  for (const v of [control, treatment]) {
    if (v.covariateSum === undefined || v.covariateSumSquares === undefined || v.crossSum === undefined) {
      throw badInput(`CUPED needs covariateSum, covariateSumSquares and crossSum for variant "${v.variant}".`);
    }
  }
  const n = control.n + treatment.n;
  const sx = control.covariateSum! + treatment.covariateSum!;
  const sy = control.sum + treatment.sum;
  const covXY = (control.crossSum! + treatment.crossSum! - (sx * sy) / n) / (n - 1);
  const varX = (control.covariateSumSquares! + treatment.covariateSumSquares! - (sx * sx) / n) / (n - 1);
  if (!(varX > 0)) throw badInput("The pre-period covariate has no variance, so CUPED cannot adjust; analyse without it.");
  const theta = covXY / varX;
  const xBar = sx / n;
  const adjust = (v: VariantAggregate) => {
    const my = v.sum / v.n, mx = v.covariateSum! / v.n;
    const vy = (v.sumSquares - v.n * my * my) / (v.n - 1);
    const vx = (v.covariateSumSquares! - v.n * mx * mx) / (v.n - 1);
    const cxy = (v.crossSum! - v.n * mx * my) / (v.n - 1);
    return { n: v.n, mean: my - theta * (mx - xBar), variance: Math.max(vy - 2 * theta * cxy + theta * theta * vx, 0), raw: vy };
  };
  const c = adjust(control), t = adjust(treatment);
  const est = welchLift(c, t, alpha);
  const rawVar = c.raw / c.n + t.raw / t.n;
  return { ...est, theta, varianceReduction: rawVar === 0 ? 0 : 1 - est.standardError ** 2 / rawVar };
}

/** Aggregates of per-unit rows (metric and optional covariate) for one variant. */
export function aggregateUnits(variant: string, rows: readonly { value: number; covariate?: number | null }[]): VariantAggregate {
  const agg: VariantAggregate = { variant, n: rows.length, sum: 0, sumSquares: 0 };
  const withCov = rows.length > 0 && rows.every((r) => r.covariate !== undefined && r.covariate !== null);
  if (withCov) Object.assign(agg, { covariateSum: 0, covariateSumSquares: 0, crossSum: 0 });
  for (const r of rows) {
    agg.sum += r.value;
    agg.sumSquares += r.value * r.value;
    if (withCov) {
      agg.covariateSum! += r.covariate!;
      agg.covariateSumSquares! += r.covariate! ** 2;
      agg.crossSum! += r.value * r.covariate!;
    }
  }
  return agg;
}
