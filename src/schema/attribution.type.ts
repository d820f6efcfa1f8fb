import { Field, Float, ID, ObjectType } from "type-graphql";
import { DateScalar, JSONScalar } from "./scalars.js";

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
  @Field(() => String, { description: "mmm, first_touch, last_touch, linear, time_decay, position_based, markov or shapley." })
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

  @Field(() => JSONScalar, { description: "Response curve (MMM; organic channels also carry organic: true and their volume), removal effect (Markov), error bound (Shapley)." })
  details!: Record<string, unknown>;
}

@ObjectType()
export class AttributionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "mmm or mta." })
  type!: string;

  @Field(() => String, { description: "queued, training, ready or failed." })
  status!: string;

  @Field(() => JSONScalar, { description: "What training was asked to do." })
  config!: Record<string, unknown>;

  @Field(() => DateScalar, { nullable: true })
  dataFrom!: string | null;

  @Field(() => DateScalar, { nullable: true })
  dataTo!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "MMM: r2, nrmse, mape, rmse, cvRmse; MTA: journeys, conversions, conversionRate, value." })
  fitMetrics!: Record<string, unknown> | null;

  @Field(() => JSONScalar, { nullable: true, description: "Share of explained outcome per channel and control group." })
  featureImportance!: Record<string, number> | null;

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

  @Field(() => EstimateInterval, { description: "Proposed minus current media outcome; the interval comes from paired bootstrap draws. Never negative: the current mix is the floor." })
  gain!: EstimateInterval;

  @Field(() => [String], { description: "What to know before acting on the plan (current mix outside the bounds, a gain within the model's uncertainty)." })
  warnings!: string[];
}

@ObjectType({ description: "A progress event of a training run." })
export class TrainingProgress {
  @Field(() => ID)
  modelId!: string;

  @Field(() => String)
  status!: string;

  @Field(() => String)
  stage!: string;

  @Field(() => Float, { description: "0 to 1." })
  progress!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;
}
