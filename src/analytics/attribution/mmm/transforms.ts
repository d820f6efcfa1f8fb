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
export type AdstockParams = { type: "geometric"; theta: number } | { type: "weibull"; shape: number; scale: number; maxLag: number };

/** Adstock then saturate a spend series. */
export function mediaFeature(spend: ArrayLike<number>, adstock: AdstockParams, alpha: number, k: number): Float64Array {
  const a = adstock.type === "geometric" ? geometricAdstock(spend, adstock.theta) : weibullAdstock(spend, adstock.shape, adstock.scale, adstock.maxLag);
  for (let t = 0; t < a.length; t++) a[t] = hill(a[t]!, alpha, k);
  return a;
}
