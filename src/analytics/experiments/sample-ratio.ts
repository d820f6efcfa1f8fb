import { badInput } from "../../errors.js";
import { chiSquareCdf } from "../stats/distributions.js";

/** Sample-ratio-mismatch check: a chi-square goodness-of-fit of observed units against planned weights. */
export interface SampleRatioCheck {
  /** Chi-square statistic. */
  chiSquare: number;
  /** Degrees of freedom (variants − 1). */
  degreesOfFreedom: number;
  /** P-value; a small one means assignment is broken and the results should not be trusted. */
  pValue: number;
  /** pValue below the threshold (default 0.001, the level GrowthBook and Optimizely use for SRM). */
  mismatch: boolean;
}

export function sampleRatioCheck(observed: readonly number[], weights?: readonly number[], threshold = 0.001): SampleRatioCheck {
  if (observed.length < 2) throw badInput("A sample-ratio check needs at least two variants.");
  const w = weights ?? observed.map(() => 1);
  if (w.length !== observed.length || w.some((x) => !(x > 0))) throw badInput("Give one positive planned weight per variant.");
  const total = observed.reduce((a, b) => a + b, 0);
  const wSum = w.reduce((a, b) => a + b, 0);
  const chi = observed.reduce((s, o, i) => { const e = (total * w[i]!) / wSum; return s + (o - e) ** 2 / e; }, 0);
  const df = observed.length - 1;
  const pValue = 1 - chiSquareCdf(chi, df);
  return { chiSquare: chi, degreesOfFreedom: df, pValue, mismatch: pValue < threshold };
}
