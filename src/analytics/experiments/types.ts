import type { BayesianResult } from "./bayesian.js";
import type { GeoDesign, GeoEffect } from "./geo.js";
import type { SampleRatioCheck } from "./sample-ratio.js";
import type { SequentialResult } from "./sequential.js";

/** Sufficient statistics of one variant's metric (and of its pre-period covariate, for CUPED). */
export interface VariantAggregate {
  /** Variant name, e.g. "control" or "treatment". */
  variant: string;
  /** Units in the variant. */
  n: number;
  /** Σ metric over units. */
  sum: number;
  /** Σ metric² over units. */
  sumSquares: number;
  /** Σ pre-period covariate (CUPED); all three covariate sums or none. */
  covariateSum?: number;
  /** Σ covariate². */
  covariateSumSquares?: number;
  /** Σ metric × covariate. */
  crossSum?: number;
}

/** A two-sided interval at the stated confidence. */
export interface Interval {
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
}

/** Absolute and relative lift of treatment over control with intervals and p-value. */
export interface LiftEstimate {
  /** Control mean (after CUPED when applied). */
  controlMean: number;
  /** Treatment mean. */
  treatmentMean: number;
  /** treatment − control. */
  absoluteLift: number;
  /** Standard error of the absolute lift. */
  standardError: number;
  /** Interval for the absolute lift. */
  absoluteInterval: Interval;
  /** treatment / control − 1. */
  relativeLift: number;
  /** Delta-method standard error of the relative lift. */
  relativeStandardError: number;
  /** Interval for the relative lift (delta method; t quantile at the Welch degrees of freedom, normal for proportions). */
  relativeInterval: Interval;
  /** Two-sided p-value of "no relative lift" from the relative lift's own statistic (gbstats' p-value). */
  relativePValue: number;
  /** Test statistic (t or z). */
  statistic: number;
  /** Degrees of freedom (Welch–Satterthwaite); Infinity for z tests. */
  degreesOfFreedom: number;
  /** Two-sided p-value of "no difference". */
  pValue: number;
}

/** One treatment variant against the control: lift, intervals, p-value, Bayesian and (when asked) sequential results. */
export interface AbComparison extends Omit<LiftEstimate, "degreesOfFreedom"> {
  /** Treatment variant name. */
  variant: string;
  /** Welch–Satterthwaite degrees of freedom; null for z tests (infinite; JSON has no Infinity). */
  degreesOfFreedom: number | null;
  /** CUPED: the adjustment coefficient θ. */
  theta?: number;
  /** CUPED: share of the variance the covariate removed. */
  varianceReduction?: number;
  /** Chance to win and expected losses. */
  bayesian: BayesianResult;
  /** Always-valid interval and p-value (mSPRT); null unless sequential was asked for. */
  sequential: SequentialResult | null;
}

/** A stored A/B (or holdout) analysis result. */
export interface AbAnalysisResult {
  /** welch, cuped or proportions. */
  method: "welch" | "cuped" | "proportions";
  /** The control variant's name. */
  control: string;
  /** Units and mean per variant. */
  variants: { variant: string; n: number; mean: number }[];
  comparisons: AbComparison[];
  /** Sample-ratio-mismatch check against the planned weights. */
  sampleRatio: SampleRatioCheck;
}

/** What an A/B analysis used. */
export interface AbAnalysisInputs {
  metric: string;
  alpha: number;
  metricType: "binary" | "continuous";
  sequential: boolean;
  aggregates: VariantAggregate[];
}

/** A stored geo (or pre/post) analysis result. */
export interface GeoAnalysisResult extends GeoEffect {
  /** The spend change the treatment caused (experiment's treatment.spendChange). */
  spendChange: number | null;
  /** incremental ÷ spendChange; null without spendChange. */
  iroas: number | null;
}

/** What a geo analysis used. */
export interface GeoAnalysisInputs {
  metric: string;
  design: GeoDesign;
  /** Geos and days in the panel. */
  geos: number;
  days: number;
}

export const ANALYSIS_METHODS = ["welch", "cuped", "proportions", "synthetic_control", "did"] as const;
export type AnalysisMethod = (typeof ANALYSIS_METHODS)[number];
