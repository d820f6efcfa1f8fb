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
