import { quantile } from "./descriptive.js";

/** An estimate with its interval. */
export interface Interval { value: number; low: number; high: number }

/**
 * Percentile bootstrap interval centred on the estimate, so it always contains it: the draws' quantiles
 * are moved so that their median sits on the estimate — by a ratio when the estimate and every draw are
 * positive (ROAS, contributions and outcomes stay positive), else by a shift. A plain percentile interval
 * can exclude its estimate when the draws are biased against the fit (calibrated or constrained fits,
 * skewed ratios); centring keeps the draws' spread and drops only their bias.
 */
export function centredInterval(value: number, draws: readonly number[], level: number): Interval {
  const finite = draws.filter(Number.isFinite);
  if (finite.length === 0 || !Number.isFinite(value)) return { value, low: value, high: value };
  const a = (1 - level) / 2;
  const med = quantile(finite, 0.5), lo = quantile(finite, a), hi = quantile(finite, 1 - a);
  if (value > 0 && lo > 0) return { value, low: (lo / med) * value, high: (hi / med) * value };
  return { value, low: value + lo - med, high: value + hi - med };
}
