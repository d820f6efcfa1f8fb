import { badInput } from "../../errors.js";
import type { Interval } from "./types.js";

/** An always-valid result: safe to look at after every observation (mixture SPRT). */
export interface SequentialResult {
  /** Always-valid two-sided interval for the lift. */
  interval: Interval;
  /** Always-valid p-value: min(1, 1/Λ). */
  pValue: number;
  /** Mixing variance τ² of the normal prior on the effect. */
  tau2: number;
  /** The tuning N* that set τ² (null when τ² was given). */
  tuning: number | null;
}

/** GrowthBook's default sequential tuning parameter N* (units at which the interval is tightest). */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/**
 * Normal-mixture SPRT (Johari, Pekelis, Walsh 2017, https://arxiv.org/abs/1512.04922) for an
 * estimate d with variance V: Λ = √(V/(V+τ²))·exp(τ²d²/(2V(V+τ²))); the interval is every θ with
 * Λ(θ) < 1/α: d ± √(V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V))).
 * τ² is GrowthBook's (gbstats `sequential_rho`, eq. 161 of Waudby-Smith et al., https://arxiv.org/abs/2103.06476):
 * τ² = ρ²·s², ρ² = (−2 ln α + ln(−2 ln α + 1))/N*, s² = V·n the per-observation variance with n the units of
 * both arms, so the interval and p-value equal gbstats' `SequentialTwoSidedTTest` for the same N*.
 */
export function sequentialInterval(difference: number, variance: number, alpha: number, opts: { tau2?: number; n?: number; tuning?: number } = {}): SequentialResult {
  if (!(variance > 0)) throw badInput("A sequential interval needs a positive variance of the estimate.");
  let tau2 = opts.tau2;
  const tuning = tau2 === undefined ? opts.tuning ?? DEFAULT_SEQUENTIAL_TUNING : null;
  if (tau2 === undefined) {
    if (!(opts.n! >= 1)) throw badInput("Give tau2 or the number of units n for the sequential test.");
    if (!(tuning! > 0)) throw badInput(`The sequential tuning must be a positive number of units; got ${tuning}.`);
    const la = -2 * Math.log(alpha);
    tau2 = ((la + Math.log(la + 1)) / tuning!) * variance * opts.n!;
  }
  const V = variance;
  const half = Math.sqrt(((V * (V + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((V + tau2) / V)));
  const logLambda = 0.5 * Math.log(V / (V + tau2)) + (tau2 * difference * difference) / (2 * V * (V + tau2));
  return { interval: { low: difference - half, high: difference + half }, pValue: Math.min(1, Math.exp(-logLambda)), tau2, tuning };
}
