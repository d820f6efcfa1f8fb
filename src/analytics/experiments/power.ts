import { badInput } from "../../errors.js";
import { normalQuantile } from "../stats/distributions.js";

/** Inputs of a two-arm power calculation (equal allocation, two-sided test, normal approximation). */
export interface PowerInput {
  /** Baseline mean (or conversion rate for binary metrics). */
  baseline: number;
  /** Per-unit variance of the metric; for binary metrics omit it and set binary = true. */
  variance?: number;
  /** The metric is a conversion (0/1); variance is p(1 − p). */
  binary?: boolean;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Power 1 − β (default 0.8). */
  power?: number;
}

const zs = (i: PowerInput) => {
  const alpha = i.alpha ?? 0.05, power = i.power ?? 0.8;
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) throw badInput("alpha and power must be between 0 and 1.");
  return normalQuantile(1 - alpha / 2) + normalQuantile(power);
};

/**
 * Units per arm to detect an absolute effect `mde`. Means: 2σ²(z₁₋α/₂ + z₁₋β)²/δ². Binary: the
 * Fleiss form without continuity correction, (z₁₋α/₂√(2p̄q̄) + z₁₋β√(p₁q₁ + p₂q₂))²/δ².
 */
export function sampleSizePerArm(input: PowerInput & { mde: number }): number {
  if (!(input.mde !== 0)) throw badInput("The minimum detectable effect must be non-zero.");
  const d = Math.abs(input.mde);
  if (input.binary) {
    const p1 = input.baseline, p2 = input.baseline + input.mde;
    if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1)) throw badInput("Baseline and baseline + MDE must be rates between 0 and 1.");
    const pBar = (p1 + p2) / 2;
    const za = normalQuantile(1 - (input.alpha ?? 0.05) / 2), zb = normalQuantile(input.power ?? 0.8);
    return Math.ceil((za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / d ** 2);
  }
  return Math.ceil((2 * varianceOf(input) * zs(input) ** 2) / d ** 2);
}

/** Smallest absolute effect detectable with `n` units per arm: (z₁₋α/₂ + z₁₋β)·√(2σ²/n) (σ² = p(1−p) under the null for binary). */
export function minimumDetectableEffect(input: PowerInput & { n: number }): number {
  if (!(input.n > 0)) throw badInput("The sample size per arm must be positive.");
  return zs(input) * Math.sqrt((2 * varianceOf(input)) / input.n);
}

function varianceOf(i: PowerInput): number {
  if (i.binary) {
    if (!(i.baseline > 0 && i.baseline < 1)) throw badInput("A binary baseline must be a rate between 0 and 1.");
    return i.baseline * (1 - i.baseline);
  }
  if (!(i.variance! > 0)) throw badInput("Give the metric's per-unit variance (or set binary for conversion rates).");
  return i.variance!;
}
