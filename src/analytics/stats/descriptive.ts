/** Small descriptive helpers shared by the causal estimators. */
export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : sum(xs) / xs.length);

/** Sample variance (n − 1 denominator). */
export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Empirical quantile with linear interpolation (R type 7, numpy's default). */
export function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

/** Fit quality of predictions against observations. */
export function fitMetrics(y: readonly number[], yhat: readonly number[]): { r2: number; rmse: number; nrmse: number; mape: number | null } {
  const m = mean(y);
  let ssr = 0, sst = 0, ape = 0, apeN = 0;
  for (let i = 0; i < y.length; i++) {
    ssr += (y[i]! - yhat[i]!) ** 2;
    sst += (y[i]! - m) ** 2;
    if (y[i] !== 0) { ape += Math.abs((y[i]! - yhat[i]!) / y[i]!); apeN++; }
  }
  const rmse = Math.sqrt(ssr / y.length);
  const range = Math.max(...y) - Math.min(...y);
  // NRMSE as Robyn reports it: RMSE over the range of the observed series.
  return { r2: 1 - ssr / sst, rmse, nrmse: range === 0 ? NaN : rmse / range, mape: apeN === 0 ? null : ape / apeN };
}

/** A seeded PRNG (mulberry32) so bootstraps and sampled Shapley values are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller) from a uniform source. */
export function normalDraw(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
