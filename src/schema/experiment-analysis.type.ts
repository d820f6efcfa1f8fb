import { Field, Float, ID, Int, InterfaceType, ObjectType } from "type-graphql";
import type * as S from "../analytics/experiments/types.js";
import type { BayesianResult as BayesianShape } from "../analytics/experiments/bayesian.js";
import type { SampleRatioCheck as SampleRatioShape } from "../analytics/experiments/sample-ratio.js";
import type { SequentialResult as SequentialShape } from "../analytics/experiments/sequential.js";
import type { GeoDesign as GeoDesignShape } from "../analytics/experiments/geo.js";
import { Node } from "./node.js";
import { AnalysisMethod, BayesianMethod, MetricType } from "./experiment-enums.js";
import { DateScalar } from "./scalars.js";
import { connectionOf } from "./connection-of.js";

@ObjectType({ description: "A two-sided interval at the experiment's confidence (1 − alpha)." })
export class ConfidenceInterval implements S.Interval {
  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  high!: number;
}

@ObjectType({ description: "Chance that the treatment beats the control, and the expected loss of shipping each arm." })
export class BayesianResult implements BayesianShape {
  @Field(() => BayesianMethod)
  method!: BayesianShape["method"];

  @Field(() => Float, { description: "P(treatment > control)." })
  chanceToWin!: number;

  @Field(() => Float, { description: "E[max(control − treatment, 0)]: what shipping the treatment costs if it is worse." })
  expectedLossTreatment!: number;

  @Field(() => Float, { description: "E[max(treatment − control, 0)]: what keeping the control costs if the treatment is better." })
  expectedLossControl!: number;
}

@ObjectType({ description: "An always-valid result (mixture SPRT): safe to read after every observation." })
export class SequentialResult implements SequentialShape {
  @Field(() => ConfidenceInterval, { description: "Always-valid interval for the absolute lift." })
  interval!: ConfidenceInterval;

  @Field(() => Float, { description: "Always-valid p-value." })
  pValue!: number;

  @Field(() => Float, { description: "Mixing variance τ² of the normal prior on the effect." })
  tau2!: number;

  @Field(() => Float, { nullable: true, description: "The tuning N* (units at which the interval is tightest) that set τ²; null when τ² was given." })
  tuning!: number | null;
}

@ObjectType({ description: "Sample-ratio-mismatch check: chi-square of observed units against the planned weights." })
export class SampleRatioCheck implements SampleRatioShape {
  @Field(() => Float)
  chiSquare!: number;

  @Field(() => Float)
  degreesOfFreedom!: number;

  @Field(() => Float)
  pValue!: number;

  @Field(() => Boolean, { description: "pValue below 0.001: assignment looks broken; do not trust the comparison." })
  mismatch!: boolean;
}

@ObjectType({ description: "One treatment variant against the control." })
export class AbComparison implements Omit<S.AbComparison, "bayesian" | "sequential"> {
  @Field(() => String)
  variant!: string;

  @Field(() => Float, { description: "Control mean (after CUPED when applied); the conversion rate for proportions." })
  controlMean!: number;

  @Field(() => Float)
  treatmentMean!: number;

  @Field(() => Float, { description: "treatment − control." })
  absoluteLift!: number;

  @Field(() => Float)
  standardError!: number;

  @Field(() => ConfidenceInterval)
  absoluteInterval!: ConfidenceInterval;

  @Field(() => Float, { description: "treatment ÷ control − 1." })
  relativeLift!: number;

  @Field(() => Float)
  relativeStandardError!: number;

  @Field(() => ConfidenceInterval, { description: "Delta-method interval of the relative lift." })
  relativeInterval!: ConfidenceInterval;

  @Field(() => Float, { description: "Two-sided p-value of the relative lift (its own test, as gbstats reports it)." })
  relativePValue!: number;

  @Field(() => Float, { description: "Test statistic (t or z)." })
  statistic!: number;

  @Field(() => Float, { nullable: true, description: "Welch–Satterthwaite degrees of freedom; null for z tests." })
  degreesOfFreedom!: number | null;

  @Field(() => Float, { description: "Two-sided p-value of no difference." })
  pValue!: number;

  @Field(() => Float, { nullable: true, description: "CUPED: adjustment coefficient θ; null for other methods." })
  theta?: number;

  @Field(() => Float, { nullable: true, description: "CUPED: share of variance removed by the covariate; null for other methods." })
  varianceReduction?: number;

  @Field(() => BayesianResult)
  bayesian!: BayesianResult;

  @Field(() => SequentialResult, { nullable: true, description: "Null unless the analysis was sequential." })
  sequential!: SequentialResult | null;
}

@ObjectType({ description: "Units and mean of one variant." })
export class VariantSummary {
  @Field(() => String)
  variant!: string;

  @Field(() => Float)
  n!: number;

  @Field(() => Float)
  mean!: number;
}

@ObjectType({ description: "Sufficient statistics of one variant as analysed." })
export class VariantAggregate implements S.VariantAggregate {
  @Field(() => String)
  variant!: string;

  @Field(() => Float)
  n!: number;

  @Field(() => Float)
  sum!: number;

  @Field(() => Float)
  sumSquares!: number;

  @Field(() => Float, { nullable: true })
  covariateSum?: number;

  @Field(() => Float, { nullable: true })
  covariateSumSquares?: number;

  @Field(() => Float, { nullable: true })
  crossSum?: number;
}

@ObjectType({ description: "What an A/B analysis used." })
export class AbAnalysisInputs implements S.AbAnalysisInputs {
  @Field(() => String)
  metric!: string;

  @Field(() => Float)
  alpha!: number;

  @Field(() => MetricType)
  metricType!: S.AbAnalysisInputs["metricType"];

  @Field(() => Boolean)
  sequential!: boolean;

  @Field(() => [VariantAggregate])
  aggregates!: VariantAggregate[];
}

@ObjectType({ description: "Treated geos and the treatment window." })
export class GeoDesign implements GeoDesignShape {
  @Field(() => [String])
  treated!: string[];

  @Field(() => DateScalar)
  start!: string;

  @Field(() => DateScalar)
  end!: string;
}

@ObjectType({ description: "What a geo analysis used." })
export class GeoAnalysisInputs implements S.GeoAnalysisInputs {
  @Field(() => String)
  metric!: string;

  @Field(() => GeoDesign)
  design!: GeoDesign;

  @Field(() => Float, { description: "Geos in the panel." })
  geos!: number;

  @Field(() => Float, { description: "Days in the panel." })
  days!: number;
}

@ObjectType({ description: "Pre-period fit of the counterfactual." })
export class PrePeriodFit {
  @Field(() => Float)
  rmse!: number;

  @Field(() => Float)
  r2!: number;
}

@ObjectType({ description: "A donor geo's weight in the synthetic control." })
export class GeoWeight {
  @Field(() => String)
  geo!: string;

  @Field(() => Float)
  weight!: number;
}

@InterfaceType({
  implements: Node,
  description: "A stored analysis: AbAnalysis (welch, cuped, proportions) or GeoAnalysis (synthetic_control, did).",
  resolveType: (v: { method: string }) => (v.method === "synthetic_control" || v.method === "did" ? "GeoAnalysis" : "AbAnalysis"),
})
export abstract class ExperimentAnalysis {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  metric!: string;

  @Field(() => AnalysisMethod)
  method!: S.AnalysisMethod;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ implements: [ExperimentAnalysis, Node], description: "An A/B or holdout analysis: per-variant comparisons with intervals, p-values, Bayesian and sequential results, and the sample-ratio check." })
export class AbAnalysis extends ExperimentAnalysis implements Omit<S.AbAnalysisResult, "method" | "comparisons"> {
  @Field(() => String)
  control!: string;

  @Field(() => [VariantSummary])
  variants!: VariantSummary[];

  @Field(() => [AbComparison])
  comparisons!: AbComparison[];

  @Field(() => SampleRatioCheck)
  sampleRatio!: SampleRatioCheck;

  @Field(() => AbAnalysisInputs)
  inputs!: AbAnalysisInputs;
}

@ObjectType({ description: "Difference-in-differences' parallel-trends checks on the pre-period." })
export class ParallelTrendsCheck {
  @Field(() => Float, { description: "Slope per day of the treated − control gap before the test." })
  gapSlope!: number;

  @Field(() => Float, { description: "Two-sided p-value of that slope (OLS)." })
  slopePValue!: number;

  @Field(() => Float, { description: "DiD effect of a fake treatment on the last pre-period days (about 0 when trends are parallel)." })
  placeboAtt!: number;

  @Field(() => Int, { description: "Days the placebo treated." })
  placeboDays!: number;
}

@ObjectType({ description: "The treated geos' average and its counterfactual per day (pre and post periods), for charts." })
export class GeoSeries {
  @Field(() => [DateScalar])
  dates!: string[];

  @Field(() => [Float], { description: "Observed: the treated geos' average per day." })
  treated!: number[];

  @Field(() => [Float], { description: "Synthetic control (or shifted control average for DiD) per day." })
  counterfactual!: number[];
}

@ObjectType({ implements: [ExperimentAnalysis, Node], description: "A geo or pre/post analysis: effect, pre-period fit, p-value, donor weights and iROAS." })
export class GeoAnalysis extends ExperimentAnalysis implements Omit<S.GeoAnalysisResult, "method" | "weights" | "warnings" | "parallelTrends" | "series"> {
  @Field(() => Float, { description: "Average treatment effect on the treated, per location-day." })
  att!: number;

  @Field(() => Float, { description: "Σ(observed − counterfactual) ÷ Σ counterfactual over treated location-days." })
  lift!: number;

  @Field(() => Float, { description: "ATT × treated location-days." })
  incremental!: number;

  @Field(() => PrePeriodFit)
  preFit!: PrePeriodFit;

  @Field(() => Float)
  pValue!: number;

  @Field(() => String, { description: "How the p-value was computed." })
  inference!: string;

  @Field(() => [GeoWeight], { nullable: true, description: "Donor weights (synthetic control only)." })
  weights!: GeoWeight[] | null;

  @Field(() => GeoSeries, { nullable: true, description: "Treated vs counterfactual per day; null for analyses stored before it was kept." })
  series!: GeoSeries | null;

  @Field(() => Float, { nullable: true, description: "Spend change the treatment caused (the experiment's treatment.spendChange)." })
  spendChange!: number | null;

  @Field(() => Float, { nullable: true, description: "Incremental outcome ÷ spend change; null without spendChange." })
  iroas!: number | null;

  @Field(() => ParallelTrendsCheck, { nullable: true, description: "Difference-in-differences only: pre-period checks of parallel trends." })
  parallelTrends!: ParallelTrendsCheck | null;

  @Field(() => [String], { description: "What makes the estimate doubtful (DiD: failed parallel-trends checks); empty when nothing does." })
  warnings!: string[];

  @Field(() => GeoAnalysisInputs)
  inputs!: GeoAnalysisInputs;
}

export const ExperimentAnalysisConnection = connectionOf(ExperimentAnalysis, "ExperimentAnalysis");
