import { Node } from "./node.js";
import { createUnionType, Field, Float, ID, Int, ObjectType } from "type-graphql";
import type * as O from "../analytics/attribution/model-outputs.js";
import type { MmmConfig, MmmRoasPrior } from "../analytics/attribution/mmm/types.js";
import type { MtaOptions as MtaOptionsShape } from "../analytics/attribution/mta/attribute.js";
import type { TrainInput } from "../analytics/attribution/model-service.js";
import { AttributionMethod, AttributionModelStatus, AttributionModelType, MmmAdstock, MmmGrain, MmmSelection, ModelOutcome, MtaMethod, ShapleyMethod } from "./attribution-enums.js";
import { DateScalar } from "./scalars.js";
import { connectionOf } from "./connection-of.js";

@ObjectType({ description: "One point of a response curve." })
export class ResponseCurvePoint implements O.ResponseCurvePoint {
  @Field(() => Float, { description: "Spend per period (volume for an organic channel)." })
  spend!: number;

  @Field(() => Float, { description: "Predicted steady-state outcome per period from the channel." })
  response!: number;

  @Field(() => Float, { nullable: true, description: "Marginal ROAS: d response ÷ d spend here; null where unbounded (zero spend, Hill shape below 1)." })
  marginalRoas!: number | null;

  @Field(() => Boolean, { description: "This point is the current (average) spend." })
  isCurrent!: boolean;
}

@ObjectType({ description: "Spend → predicted outcome and marginal ROAS at 0 … 3× the current spend, the current spend marked." })
export class ResponseCurve implements O.ResponseCurve {
  @Field(() => Float, { description: "Average spend per period in the model's data." })
  currentSpend!: number;

  @Field(() => [ResponseCurvePoint])
  points!: ResponseCurvePoint[];
}

@ObjectType({ description: "A channel's value in one period." })
export class ChannelValue {
  @Field(() => String)
  channel!: string;

  @Field(() => Float)
  value!: number;
}

@ObjectType({ description: "One period of an MMM: the outcome split into base, trend, seasonality, calendar, events and channels." })
export class DecompositionPeriod implements O.DecompositionPeriod {
  @Field(() => DateScalar)
  date!: string;

  @Field(() => Float)
  actual!: number;

  @Field(() => Float)
  predicted!: number;

  @Field(() => Float, { description: "Intercept." })
  base!: number;

  @Field(() => Float)
  trend!: number;

  @Field(() => Float)
  seasonality!: number;

  @Field(() => Float, { description: "Holidays and other calendar controls." })
  calendar!: number;

  @Field(() => Float, { description: "The org's marketing events." })
  events!: number;

  @Field(() => [ChannelValue])
  channels!: ChannelValue[];
}

@ObjectType({ description: "Share of the explained variation of one channel or control group." })
export class FeatureImportance {
  @Field(() => String)
  name!: string;

  @Field(() => Float)
  share!: number;
}

@ObjectType({ description: "How well a marketing mix model fits." })
export class MmmFitMetrics implements O.MmmFitMetrics {
  @Field(() => Float)
  r2!: number;

  @Field(() => Float)
  nrmse!: number;

  @Field(() => Float, { nullable: true, description: "Null when an actual is 0." })
  mape!: number | null;

  @Field(() => Float)
  rmse!: number;

  @Field(() => Float, { description: "Cross-validated RMSE that chose the transforms." })
  cvRmse!: number;

  @Field(() => [String], { description: "Channels left out for having neither spend nor volume." })
  droppedChannels!: string[];

  @Field(() => [String], { description: "Channels fitted on volume (no spend)." })
  organicChannels!: string[];
}

@ObjectType({ description: "What a multi-touch model credited." })
export class MtaFitMetrics implements O.MtaFitMetrics {
  @Field(() => Int)
  journeys!: number;

  @Field(() => Int)
  conversions!: number;

  @Field(() => Float)
  conversionRate!: number;

  @Field(() => Float, { description: "Σ conversion value." })
  value!: number;
}

export const AttributionFitMetrics = createUnionType({
  name: "AttributionFitMetrics",
  description: "MmmFitMetrics or MtaFitMetrics.",
  types: () => [MmmFitMetrics, MtaFitMetrics] as const,
  resolveType: (v) => ("journeys" in v ? "MtaFitMetrics" : "MmmFitMetrics"),
});

@ObjectType({ description: "A prior on a channel's ROAS, as given." })
export class RoasPrior implements MmmRoasPrior {
  @Field(() => String)
  channel!: string;

  @Field(() => Float)
  roas!: number;

  @Field(() => Float)
  standardError!: number;
}

@ObjectType({ description: "MMM options as given (defaults are not filled in)." })
export class MmmOptions implements MmmConfig {
  @Field(() => MmmAdstock, { nullable: true })
  adstock?: MmmConfig["adstock"];

  @Field(() => Int, { nullable: true })
  folds?: number;

  @Field(() => Int, { nullable: true })
  bootstrap?: number;

  @Field(() => Int, { nullable: true })
  seed?: number;

  @Field(() => Int, { nullable: true })
  fourierOrder?: number;

  @Field(() => Int, { nullable: true })
  passes?: number;

  @Field(() => Float, { nullable: true })
  level?: number;

  @Field(() => MmmGrain, { nullable: true })
  grain?: MmmConfig["grain"];

  @Field(() => MmmSelection, { nullable: true })
  selection?: MmmConfig["selection"];

  @Field(() => [RoasPrior], { nullable: true })
  roasPriors?: RoasPrior[];
}

@ObjectType({ description: "MTA options as given." })
export class MtaOptions implements MtaOptionsShape {
  @Field(() => Float, { nullable: true })
  halfLifeDays?: number;

  @Field(() => Float, { nullable: true })
  positionEnds?: number;

  @Field(() => Int, { nullable: true })
  shapleyMaxExact?: number;

  @Field(() => Int, { nullable: true })
  shapleySamples?: number;
}

@ObjectType({ description: "A lift measured by an experiment, given to calibrate a channel." })
export class Calibration {
  @Field(() => String)
  channel!: string;

  @Field(() => DateScalar)
  start!: string;

  @Field(() => DateScalar)
  end!: string;

  @Field(() => Float)
  incremental!: number;

  @Field(() => Float)
  standardError!: number;
}

@ObjectType({ description: "What training was asked to do." })
export class TrainingConfig implements Omit<TrainInput, "name" | "type"> {
  @Field(() => DateScalar, { nullable: true })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true })
  to?: string | null;

  @Field(() => ModelOutcome, { nullable: true })
  outcome?: TrainInput["outcome"];

  @Field(() => MmmOptions, { nullable: true })
  mmm?: MmmOptions | null;

  @Field(() => [Calibration], { nullable: true })
  calibration?: Calibration[] | null;

  @Field(() => [String], { nullable: true })
  calibrationExperimentIds?: string[] | null;

  @Field(() => [MtaMethod], { nullable: true })
  methods?: TrainInput["methods"];

  @Field(() => MtaOptions, { nullable: true })
  mta?: MtaOptions | null;
}

@ObjectType({ description: "An estimate with its bootstrap interval." })
export class EstimateInterval {
  @Field(() => Float)
  value!: number;

  @Field(() => Float, { nullable: true })
  low!: number | null;

  @Field(() => Float, { nullable: true })
  high!: number | null;
}

@ObjectType({ description: "What a model credits to one channel (MMM: method \"mmm\"; MTA: one row per method)." })
export class AttributionResult {
  @Field(() => AttributionMethod)
  method!: string;

  @Field(() => String)
  channel!: string;

  @Field(() => Float, { nullable: true, description: "Spend in the data window (MMM; null for an organic channel)." })
  spend!: number | null;

  @Field(() => Boolean, { description: "MMM: media without spend (e-mail sends, organic posts), credited a contribution and share but no ROAS." })
  organic!: boolean;

  @Field(() => Float, { nullable: true, description: "Conversions credited (MTA)." })
  conversions!: number | null;

  @Field(() => EstimateInterval, { description: "Outcome credited: MMM contribution with interval; MTA conversion value." })
  contribution!: EstimateInterval;

  @Field(() => Float, { description: "Share of all credited outcome." })
  share!: number;

  @Field(() => EstimateInterval, { nullable: true })
  roas!: EstimateInterval | null;

  @Field(() => EstimateInterval, { nullable: true, description: "Extra outcome per extra unit of spend at current levels." })
  marginalRoas!: EstimateInterval | null;

  @Field(() => ResponseCurve, { nullable: true, description: "MMM: spend → predicted outcome and marginal ROAS, the current spend marked." })
  responseCurve!: ResponseCurve | null;

  @Field(() => Float, { nullable: true, description: "MMM organic channel: its media volume in the window." })
  volume!: number | null;

  @Field(() => Float, { nullable: true, description: "Markov: drop in conversion probability without the channel." })
  removalEffect!: number | null;

  @Field(() => Float, { nullable: true, description: "Shapley: error bound of a sampled value." })
  errorBound!: number | null;

  @Field(() => ShapleyMethod, { nullable: true, description: "Shapley: exact or sampled." })
  shapleyMethod!: "exact" | "sampled" | null;

  @Field(() => Int, { nullable: true, description: "Shapley: permutations drawn (sampled)." })
  samples!: number | null;
}

@ObjectType({ implements: Node })
export class AttributionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AttributionModelType)
  type!: string;

  @Field(() => AttributionModelStatus)
  status!: string;

  @Field(() => TrainingConfig, { description: "What training was asked to do." })
  config!: TrainingConfig;

  @Field(() => DateScalar, { nullable: true })
  dataFrom!: string | null;

  @Field(() => DateScalar, { nullable: true })
  dataTo!: string | null;

  @Field(() => AttributionFitMetrics, { nullable: true, description: "Null until trained." })
  fitMetrics!: O.MmmFitMetrics | O.MtaFitMetrics | null;

  @Field(() => Float)
  progress!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType()
export class BudgetAllocation {
  @Field(() => String)
  channel!: string;

  @Field(() => Float, { description: "Over all periods." })
  spend!: number;

  @Field(() => Float)
  perPeriod!: number;

  @Field(() => Float, { description: "Average spend per period in the model's data." })
  currentPerPeriod!: number;

  @Field(() => Float, { description: "The current mix scaled to this budget (moved inside the bounds): what the proposal is compared with." })
  currentPlanPerPeriod!: number;

  @Field(() => Float, { description: "Media outcome of the channel over all periods under the proposal." })
  expectedContribution!: number;

  @Field(() => Float, { description: "The same under the current plan." })
  currentContribution!: number;

  @Field(() => EstimateInterval, { description: "Outcome per extra unit of spend at the proposed spend." })
  marginalRoas!: EstimateInterval;

  @Field(() => EstimateInterval, { description: "Outcome per extra unit of spend at the current plan's spend." })
  currentMarginalRoas!: EstimateInterval;

  @Field(() => String, { nullable: true, description: "min when the proposal sits on the channel's minimum (0 unless constrained), max on its maximum, else null." })
  bound!: string | null;
}

@ObjectType({ description: "The allocation that maximises predicted outcome within the bounds." })
export class BudgetPlan {
  @Field(() => Float)
  periods!: number;

  @Field(() => [BudgetAllocation])
  allocation!: BudgetAllocation[];

  @Field(() => EstimateInterval, { description: "Outcome from media over the periods, with interval." })
  expectedMediaOutcome!: EstimateInterval;

  @Field(() => EstimateInterval, { description: "Media plus the model's baseline." })
  expectedTotalOutcome!: EstimateInterval;

  @Field(() => EstimateInterval, { description: "Media outcome of the current mix at the same budget (moved inside the bounds), with interval." })
  currentMediaOutcome!: EstimateInterval;

  @Field(() => EstimateInterval, { description: "Media plus the model's baseline under the current mix." })
  currentTotalOutcome!: EstimateInterval;

  @Field(() => Float, { description: "Media outcome of the current mix at the same budget (currentMediaOutcome.value)." })
  currentMixMediaOutcome!: number;

  @Field(() => EstimateInterval, { description: "Proposed minus current media outcome; the interval covers the paired bootstrap draws and the optimiser's optimism re-measured per replicate. Never negative: the current mix is the floor." })
  gain!: EstimateInterval;

  @Field(() => [String], { description: "What to know before acting on the plan (current mix outside the bounds, a gain within the model's uncertainty)." })
  warnings!: string[];
}

@ObjectType({ description: "A progress event of a training run." })
export class TrainingProgress {
  @Field(() => ID)
  modelId!: string;

  @Field(() => AttributionModelStatus)
  status!: string;

  @Field(() => String)
  stage!: string;

  @Field(() => Float, { description: "0 to 1." })
  progress!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

export const AttributionModelConnection = connectionOf(AttributionModel, "AttributionModel");
