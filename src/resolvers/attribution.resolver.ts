import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscriptionHandlerData } from "type-graphql";
import { cancelTraining, getAttributionModel, pageAttributionModels, readyMmm, trainAttributionModel, type TrainInput, type TrainingProgressEvent } from "../analytics/attribution/model-service.js";
import { compute } from "../compute/pool.js";
import { ingestTouchpoints, touchpointsFromCsv } from "../analytics/attribution/touchpoint-service.js";
import type { AttributionModelRow, AttributionResultRow } from "../db/tables/index.js";
import { badInput } from "../errors.js";
import { toConnection } from "../schema/connection-of.js";
import { PageArgs } from "../schema/page.args.js";
import { AttributionModel, AttributionModelConnection, AttributionResult, BudgetPlan, DecompositionPeriod, FeatureImportance, TrainingProgress } from "../schema/attribution.type.js";
import { BudgetConstraintInput, TouchpointInput, TrainAttributionModelInput } from "../schema/attribution.input.js";
import { AttributionMethod, AttributionModelType } from "../schema/attribution-enums.js";
import { decompositionOf, featureImportanceOf, responseCurveOf, type AttributionDetails } from "../analytics/attribution/model-outputs.js";
import type { MmmChannel, MmmModel } from "../analytics/attribution/mmm/types.js";
import type { Context } from "../server/context.js";

@ArgsType()
class TrainingProgressArgs {
  @Field(() => ID, { nullable: true, description: "Only this model's events." })
  modelId?: string;
}

const interval = (value: number | null, low: number | null, high: number | null) => (value === null ? null : { value, low, high });
const toResult = (r: AttributionResultRow, channels: Map<string, MmmChannel>) => {
  const d = r.details as AttributionDetails;
  const ch = r.method === "mmm" ? channels.get(r.channel) : undefined;
  return {
  method: r.method, channel: r.channel, spend: r.spend, conversions: r.conversions, share: r.share, organic: d.organic === true,
  responseCurve: ch ? responseCurveOf(ch) : null, volume: d.volume ?? null, removalEffect: d.removalEffect ?? null,
  errorBound: d.errorBound ?? null, shapleyMethod: d.shapley ?? null, samples: d.samples ?? null,
  contribution: { value: r.value, low: r.valueLow, high: r.valueHigh },
  roas: interval(r.roas, r.roasLow, r.roasHigh), marginalRoas: interval(r.marginalRoas, r.marginalRoasLow, r.marginalRoasHigh),
  };
};
const mmmState = (m: AttributionModelRow) => (m.type === "mmm" && m.state ? (m.state as unknown as MmmModel) : null);

@Resolver(() => AttributionModel)
export class AttributionResolver {
  @Query(() => AttributionModelConnection, { description: "Marketing mix and multi-touch models, newest first." })
  async attributionModels(@Arg("type", () => AttributionModelType, { nullable: true }) type: AttributionModelType | undefined, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await pageAttributionModels(ctx.scope, { type }, page));
  }

  @Query(() => AttributionModel)
  attributionModel(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return getAttributionModel(ctx.scope, id);
  }

  @FieldResolver(() => [AttributionResult], { description: "Per-channel results (of one method when given)." })
  async results(@Root() m: AttributionModelRow, @Arg("method", () => AttributionMethod, { nullable: true }) method: AttributionMethod | undefined, @Ctx() ctx: Context) {
    const channels = new Map((mmmState(m)?.channels ?? []).map((c) => [c.name, c]));
    return (await ctx.loaders.attributionResults.load({ parent: m.id, arg: method ?? null })).map((r) => toResult(r, channels));
  }

  @FieldResolver(() => [DecompositionPeriod], { nullable: true, description: "MMM: outcome per period split into base, trend, seasonality, calendar, events and channels; null for MTA or before training." })
  decomposition(@Root() m: AttributionModelRow) {
    const s = mmmState(m);
    return s?.decomposition ? decompositionOf(s) : null;
  }

  @FieldResolver(() => [FeatureImportance], { nullable: true, description: "Share of explained outcome per channel and control group, largest first; null before training." })
  featureImportance(@Root() m: AttributionModelRow) {
    return m.featureImportance ? featureImportanceOf(m.featureImportance as Record<string, number>) : null;
  }

  @Authorized("editor")
  @Mutation(() => AttributionModel, { description: "Queue a model and train it in the background; follow trainingProgress." })
  async trainAttributionModel(@Arg("input", () => TrainAttributionModelInput) input: TrainAttributionModelInput, @Ctx() ctx: Context) {
    // A `train-model` job trains it; the worker also lets search memory learn the result.
    const { model } = await trainAttributionModel(ctx.scope, ctx.app.events, { ...input } as TrainInput, ctx.logger, undefined, ctx.app.jobs);
    return model;
  }

  @Authorized("editor")
  @Mutation(() => AttributionModel, { description: "Cancel a queued or training model: a queued job is skipped, a running fit is stopped (its worker thread terminated, in whichever process trains it); the model ends cancelled. CONFLICT when it already ended." })
  cancelTraining(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return cancelTraining(ctx.scope, ctx.app.events, id);
  }

  @Query(() => BudgetPlan, { description: "The allocation of a total budget over the model's channels that maximises predicted outcome, within per-channel bounds." })
  async optimizeBudget(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("budget", () => Float) budget: number,
    @Arg("periods", () => Int, { nullable: true, defaultValue: 1, description: "Periods (model grain) the budget covers." }) periods: number,
    @Arg("constraints", () => [BudgetConstraintInput], { nullable: true }) constraints: BudgetConstraintInput[] | undefined,
    @Ctx() ctx: Context,
  ) {
    // The grid search runs in the compute pool and stops at the operation's deadline.
    const model = await readyMmm(ctx.scope, modelId);
    return compute("optimizeBudget", [model, budget, { periods, constraints: constraints?.map((c) => ({ channel: c.channel, min: c.min ?? undefined, max: c.max ?? undefined })) }], { signal: ctx.budget.signal });
  }

  @Authorized("editor")
  @Mutation(() => Int, { description: "Store journey touchpoints and conversions (rows or a CSV: journey_id, occurred_at, kind, url, channel, campaign, value); returns rows stored." })
  ingestTouchpoints(@Arg("touchpoints", () => [TouchpointInput], { nullable: true }) rows: TouchpointInput[] | undefined, @Arg("csv", () => String, { nullable: true }) csv: string | undefined, @Ctx() ctx: Context) {
    if (!rows?.length && !csv) throw badInput("Give touchpoints or a csv.");
    return ingestTouchpoints(ctx.scope, [...(rows ?? []), ...(csv ? touchpointsFromCsv(csv) : [])]);
  }

  @Subscription(() => TrainingProgress, {
    topics: "TRAINING_PROGRESS",
    description: "Progress of this organization's model training runs.",
    filter: ({ payload, args, context }: SubscriptionHandlerData<TrainingProgressEvent, TrainingProgressArgs, Context>) =>
      payload.orgId === context.auth.orgId && (!args.modelId || payload.modelId === args.modelId),
  })
  trainingProgress(@Root() event: TrainingProgressEvent, @Args(() => TrainingProgressArgs) _args: TrainingProgressArgs): TrainingProgress {
    return event;
  }
}
