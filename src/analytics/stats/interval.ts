import { quantile } from "./descriptive.js";

/** An estimate with its interval. */
export interface Interval { value: number; low: number; high: number }

/**
 * Percentile bootstrap interval centred on the estimate, so it always contains it: the draws' quantiles
 * are moved so that their median sits on the estimate. A plain percentile interval can exclude its
 * estimate when the draws are biased against the fit (calibrated or constrained fits, skewed ratios);
 * centring keeps the draws' spread and drops only their bias. When the estimate is below the draws' median
 * and the estimate and draws are positive (ROAS, contributions, outcomes), the quantiles are scaled by
 * estimate ÷ median (a factor below 1), so the interval stays positive; otherwise they are shifted. Scaling
 * up is never used: a median near zero would multiply the spread without bound (an organic channel whose
 * draws mostly fit no effect gave an interval of trillions), while a shift up keeps the draws' own width
 * and stays above their positive low quantile.
 */
export function centredInterval(value: number, draws: readonly number[], level: number): Interval {
  const finite = draws.filter(Number.isFinite);
  if (finite.length === 0 || !Number.isFinite(value)) return { value, low: value, high: value };
  const a = (1 - level) / 2;
  const med = quantile(finite, 0.5), lo = quantile(finite, a), hi = quantile(finite, 1 - a);
  if (value > 0 && lo > 0 && value < med) return { value, low: (lo / med) * value, high: (hi / med) * value };
  return { value, low: value + lo - med, high: value + hi - med };
}
