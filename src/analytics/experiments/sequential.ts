import { badInput } from "../../errors.js";
import type { Interval } from "./types.js";

/** An always-valid result: safe to look at after every observation (mixture SPRT). */
export interface SequentialResult {
  /** Always-valid two-sided interval for the absolute lift. */
  interval: Interval;
  /** Always-valid p-value: min(1, 1/Λ). */
  pValue: number;
  /** Mixing variance τ² of the normal prior on the effect. */
  tau2: number;
}

/**
 * Normal-mixture SPRT (Johari, Pekelis, Walsh 2017, https://arxiv.org/abs/1512.04922) for an
 * estimate d with variance V: Λ = √(V/(V+τ²))·exp(τ²d²/(2V(V+τ²))); the interval is every θ with
 * Λ(θ) < 1/α: d ± √(V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V))).
 * τ² defaults to GrowthBook's tuning: σ²·ρ² with ρ² = (−2 ln α + ln(−2 ln α + 1))/N*, N* = 5000 units
 * (https://docs.growthbook.io/statistics/sequential), σ² the per-unit variance of the difference.
 */
export function sequentialInterval(difference: number, variance: number, alpha: number, opts: { tau2?: number; unitVariance?: number; tuningN?: number } = {}): SequentialResult {
  if (!(variance > 0)) throw badInput("A sequential interval needs a positive variance of the estimate.");
  let tau2 = opts.tau2;
  if (tau2 === undefined) {
    if (!(opts.unitVariance! > 0)) throw badInput("Give tau2 or the per-unit variance for the sequential test.");
    const la = -2 * Math.log(alpha);
    tau2 = (opts.unitVariance! * (la + Math.log(la + 1))) / (opts.tuningN ?? 5000);
  }
  const V = variance;
  const half = Math.sqrt(((V * (V + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((V + tau2) / V)));
  const logLambda = 0.5 * Math.log(V / (V + tau2)) + (tau2 * difference * difference) / (2 * V * (V + tau2));
  return { interval: { low: difference - half, high: difference + half }, pValue: Math.min(1, Math.exp(-logLambda)), tau2 };
}
