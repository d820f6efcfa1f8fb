/**
 * Media transforms of the marketing mix model. Adstock weights are normalised to sum to 1, so a
 * constant spend s adstocks to s in steady state and the response curve is β·hill(s).
 */

/** Geometric adstock, normalised: a_t = θ·a_{t−1} + (1 − θ)·x_t (Jin et al. 2017, Google's MMM paper). */
export function geometricAdstock(x: ArrayLike<number>, theta: number): Float64Array {
  const out = new Float64Array(x.length);
  let carry = 0;
  for (let t = 0; t < x.length; t++) {
    carry = theta * carry + (1 - theta) * x[t]!;
    out[t] = carry;
  }
  return out;
}

/**
 * Adstock over a finite lag window with weights w_0 … w_L normalised to sum to 1, as Meridian's
 * AdstockTransformer (google/meridian, meridian/model/adstock_hill.py): a_t = Σ_{l ≤ min(t, L)} w_l·x_{t−l} / Σ_{l ≤ L} w_l.
 * Periods before the data count as zero spend, so the first periods are low by the missing lags' weight only.
 */
export function windowAdstock(x: ArrayLike<number>, weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) {
    let s = 0;
    for (let l = 0; l < weights.length && l <= t; l++) s += weights[l]! * x[t - l]!;
    out[t] = s / total;
  }
  return out;
}

/** Meridian's geometric decay weights θ^l for lags 0 … maxLag. */
export const geometricWeights = (theta: number, maxLag: number): number[] => Array.from({ length: maxLag + 1 }, (_, l) => (l === 0 ? 1 : theta ** l));

/**
 * Meridian's binomial decay weights for lags 0 … maxLag: (1 − l/(maxLag + 1))^((1 − α)/α); α = 0 keeps only
 * lag 0, α = 1 weighs every lag equally.
 */
export function binomialWeights(alpha: number, maxLag: number): number[] {
  if (alpha <= 0) return Array.from({ length: maxLag + 1 }, (_, l) => (l === 0 ? 1 : 0));
  const p = (1 - alpha) / alpha;
  return Array.from({ length: maxLag + 1 }, (_, l) => (1 - l / (maxLag + 1)) ** p);
}

/** Normalised Weibull-PDF lag weights for lags 0 … maxLag − 1 (Robyn's "weibull_pdf" adstock). */
export function weibullWeights(shape: number, scale: number, maxLag: number): number[] {
  const w = Array.from({ length: maxLag }, (_, l) => {
    const z = (l + 1) / scale;
    return (shape / scale) * z ** (shape - 1) * Math.exp(-(z ** shape));
  });
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
}

/** Weibull adstock: a_t = Σ_l w_l·x_{t−l} with normalised Weibull weights. */
export function weibullAdstock(x: ArrayLike<number>, shape: number, scale: number, maxLag: number): Float64Array {
  const w = weibullWeights(shape, scale, maxLag);
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) {
    let s = 0;
    for (let l = 0; l < w.length && l <= t; l++) s += w[l]! * x[t - l]!;
    out[t] = s;
  }
  return out;
}

/** Hill saturation x^α / (x^α + K^α): 0 at 0, ½ at x = K, → 1. */
export function hill(x: number, alpha: number, k: number): number {
  if (x <= 0) return 0;
  const xa = x ** alpha;
  return xa / (xa + k ** alpha);
}

/** Adstock parameters of one channel. */
export type AdstockParams =
  /**
   * `steps`: sub-periods per period (7 for weekly data): θ and maxLag are per step, each period's spend is
   * spread evenly over its steps, and the Hill curve applies to each step's adstock (see mediaFeature).
   */
  | { type: "geometric"; theta: number; maxLag?: number; steps?: number }
  | { type: "binomial"; alpha: number; maxLag: number }
  | { type: "weibull"; shape: number; scale: number; maxLag: number };

/** Adstock a series: geometric over a finite window of maxLag periods (the recursive infinite form without one), binomial or Weibull. */
export function adstock(spend: ArrayLike<number>, params: AdstockParams): Float64Array {
  if (params.type === "geometric") return params.maxLag === undefined ? geometricAdstock(spend, params.theta) : windowAdstock(spend, geometricWeights(params.theta, params.maxLag));
  if (params.type === "binomial") return windowAdstock(spend, binomialWeights(params.alpha, params.maxLag));
  return weibullAdstock(spend, params.shape, params.scale, params.maxLag);
}

/**
 * Adstock then saturate a spend series. With `steps` (geometric adstock of weekly data: steps 7) the carry-over
 * and saturation run within the period, as media work day by day: each period's spend x is spread evenly over its
 * steps (each step at the period's rate x), adstocked step by step with θ per step, saturated per step, and the
 * period's feature is the mean of its steps' Hill values. A constant spend x still gives hill(x, α, k), so β, α and k
 * keep their per-period meaning (the optimiser's steady-state curve); what changes is the carry-over into the next
 * period, which depends on when within a period the spend fell and on the saturation of each day's adstock,
 * not of the period's sum.
 */
export function mediaFeature(spend: ArrayLike<number>, params: AdstockParams, alpha: number, k: number): Float64Array {
  if (params.type === "geometric" && (params.steps ?? 1) > 1) {
    const steps = params.steps!;
    const fine = new Float64Array(spend.length * steps);
    for (let t = 0; t < spend.length; t++) fine.fill(spend[t]!, t * steps, (t + 1) * steps);
    return stepFeature(fine, params, alpha, k);
  }
  const a = adstock(spend, params);
  for (let t = 0; t < a.length; t++) a[t] = hill(a[t]!, alpha, k);
  return a;
}

/**
 * The period features of a series given step by step (each step at its period's rate, as mediaFeature spreads it):
 * geometric adstock with θ per step, Hill per step, each period the mean of its `steps` steps. Lets a replay change
 * spend on some days of a week only (an experiment that starts mid-week).
 */
export function stepFeature(fine: Float64Array, params: Extract<AdstockParams, { type: "geometric" }>, alpha: number, k: number): Float64Array {
  const steps = params.steps ?? 1;
  const h = stepHills(fine, params, alpha, k);
  const out = new Float64Array(Math.floor(fine.length / steps));
  for (let t = 0; t < out.length; t++) {
    let s = 0;
    for (let i = t * steps; i < (t + 1) * steps; i++) s += h[i]!;
    out[t] = s / steps;
  }
  return out;
}

/** The Hill value of each step's adstock (geometric, θ per step): what stepFeature averages into periods. */
export function stepHills(fine: Float64Array, params: Extract<AdstockParams, { type: "geometric" }>, alpha: number, k: number): Float64Array {
  const a = adstock(fine, { type: "geometric", theta: params.theta, maxLag: params.maxLag });
  for (let i = 0; i < a.length; i++) a[i] = hill(a[i]!, alpha, k);
  return a;
}
