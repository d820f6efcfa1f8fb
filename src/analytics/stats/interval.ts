import { quantile } from "./descriptive.js";

/** An estimate with its interval. */
export interface Interval { value: number; low: number; high: number }

/**
 * Percentile interval of posterior or bootstrap draws, stretched to the estimate when the estimate falls
 * outside it, so an interval always contains its estimate. The draws keep their own location: when a
 * calibrated fit's draws sit on one side of its estimate, the interval reaches towards them rather than
 * being moved onto the estimate (centring the draws on the estimate dropped that information, and in
 * bench/causal/sandbox-recovery covered the truth in 41 of 48 channel estimates against 43).
 */
export function percentileInterval(value: number, draws: readonly number[], level: number): Interval {
  const finite = draws.filter(Number.isFinite);
  if (finite.length === 0 || !Number.isFinite(value)) return { value, low: value, high: value };
  const a = (1 - level) / 2;
  return { value, low: Math.min(quantile(finite, a), value), high: Math.max(quantile(finite, 1 - a), value) };
}
