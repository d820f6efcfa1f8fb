import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { analyzeExperiment } from "../analytics/experiments/experiment-analysis.js";
import { memoryFor } from "../analytics/search/memory.js";
import { rememberExperimentAnalysis } from "../analytics/search/remember-results.js";
import { uploadExperimentData } from "../analytics/experiments/experiment-data.js";
import { createExperiment, deleteExperiment, getExperiment, pageExperiments, updateExperiment, type ExperimentFields } from "../analytics/experiments/experiment-service.js";
import { minimumDetectableEffect, sampleSizePerArm } from "../analytics/experiments/power.js";
import type { ExperimentResultRow, ExperimentRow } from "../db/tables/index.js";
import type { AbAnalysisInputs, AbAnalysisResult, AnalysisMethod, GeoAnalysisInputs, GeoAnalysisResult } from "../analytics/experiments/types.js";
import { AbAnalysis, GeoAnalysis } from "../schema/experiment-analysis.type.js";
import { badInput } from "../errors.js";
import { ExperimentStatus, ExperimentType, GeoMethod } from "../schema/experiment-enums.js";
import { CreateExperimentInput, ExperimentDataInput, PowerInput, UpdateExperimentInput } from "../schema/experiment.input.js";
import { Experiment, ExperimentAnalysis, ExperimentConnection, ExperimentDataResult, PowerResult } from "../schema/experiment.type.js";
import { ExperimentAnalysisConnection } from "../schema/experiment-analysis.type.js";
import { toConnection } from "../schema/connection-of.js";
import { PageArgs } from "../schema/page.args.js";
import type { Context } from "../server/context.js";

/** A stored analysis row as its typed GraphQL shape (geo donor weights as a list). */
export function toAnalysis(row: ExperimentResultRow): AbAnalysis | GeoAnalysis {
  const base = { id: row.id, metric: row.metric, method: row.method as AnalysisMethod, createdAt: row.createdAt };
  if (row.method === "synthetic_control" || row.method === "did") {
    const r = row.result as unknown as GeoAnalysisResult;
    const weights = r.weights ? Object.entries(r.weights).map(([geo, weight]) => ({ geo, weight })) : null;
    return Object.assign(new GeoAnalysis(), base, r, { method: base.method, weights, parallelTrends: r.parallelTrends ?? null, warnings: r.warnings ?? [], series: r.series ?? null, inputs: row.inputs as unknown as GeoAnalysisInputs });
  }
  const r = row.result as unknown as AbAnalysisResult;
  return Object.assign(new AbAnalysis(), base, r, { method: base.method, inputs: row.inputs as unknown as AbAnalysisInputs });
}

@Resolver(() => Experiment)
export class ExperimentResolver {
  @Query(() => ExperimentConnection, { description: "This organization's experiments, newest first." })
  async experiments(@Arg("status", () => ExperimentStatus, { nullable: true }) status: ExperimentStatus | undefined, @Arg("type", () => ExperimentType, { nullable: true }) type: ExperimentType | undefined,
    @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await pageExperiments(ctx.scope, { status, type }, page));
  }

  @Query(() => Experiment)
  experiment(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return getExperiment(ctx.scope, id);
  }

  @Authorized("editor")
  @Mutation(() => Experiment)
  createExperiment(@Arg("input", () => CreateExperimentInput) input: CreateExperimentInput, @Ctx() ctx: Context) {
    return createExperiment(ctx.scope, { ...input } as ExperimentFields);
  }

  @Authorized("editor")
  @Mutation(() => Experiment)
  updateExperiment(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateExperimentInput) input: UpdateExperimentInput, @Ctx() ctx: Context) {
    return updateExperiment(ctx.scope, id, { ...input } as Partial<ExperimentFields>);
  }

  @Authorized("editor")
  @Mutation(() => Boolean, { description: "Delete an experiment with its data and analyses." })
  deleteExperiment(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return deleteExperiment(ctx.scope, id);
  }

  @Authorized("editor")
  @Mutation(() => ExperimentDataResult, { description: "Upload per-variant aggregates, per-unit rows or a geo × day panel (or a CSV of one); same keys replace earlier rows." })
  uploadExperimentData(@Arg("experimentId", () => ID) experimentId: string, @Arg("input", () => ExperimentDataInput) input: ExperimentDataInput, @Ctx() ctx: Context) {
    return uploadExperimentData(ctx.scope, experimentId, { ...input, csvKind: input.csvKind ?? null });
  }

  @Authorized("editor")
  @Mutation(() => ExperimentAnalysis, { description: "Analyse now and store the result with its method and inputs." })
  async analyzeExperiment(
    @Arg("experimentId", () => ID) experimentId: string,
    @Arg("metric", () => String, { nullable: true }) metric: string | undefined,
    @Arg("sequential", () => Boolean, { nullable: true }) sequential: boolean | undefined,
    @Arg("geoMethod", () => GeoMethod, { nullable: true }) geoMethod: GeoMethod | undefined,
    @Arg("sequentialTuning", () => Float, { nullable: true, description: "gbstats' sequential tuning N*: units of both arms at which the always-valid interval is tightest (default 5000)." }) sequentialTuning: number | undefined,
    @Ctx() ctx: Context,
  ) {
    const analysis = await analyzeExperiment(ctx.scope, experimentId, { metric, sequential, geoMethod, sequentialTuning, signal: ctx.budget.signal });
    const experiment = await getExperiment(ctx.scope, experimentId);
    ctx.app.events.publish("EXPERIMENT_ANALYSED", { orgId: ctx.scope.orgId, experimentId: experiment.id, analysisId: analysis.id });
    // Search memory follows results; a failure to index never fails the analysis.
    await rememberExperimentAnalysis(ctx.scope, memoryFor(ctx.app), experiment, analysis as never).catch((err: Error) =>
      ctx.logger.warn({ err: err.message, experimentId }, "could not index the experiment result for search"));
    return toAnalysis(analysis);
  }

  @FieldResolver(() => ExperimentAnalysis, { nullable: true, description: "The latest stored analysis (of the primary metric unless given); null before the first analyzeExperiment." })
  async analysis(@Root() e: ExperimentRow, @Arg("metric", () => String, { nullable: true }) metric: string | undefined, @Ctx() ctx: Context) {
    const m = metric ?? e.primaryMetric;
    const row = (await ctx.loaders.analyses.load(e.id)).find((a) => a.metric === m);
    return row ? toAnalysis(row) : null;
  }

  @FieldResolver(() => ExperimentAnalysisConnection, { description: "Every stored analysis, newest first." })
  async analyses(@Root() e: ExperimentRow, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    const p = await ctx.loaders.analysisPage.load({ parent: e.id, arg: page });
    return toConnection({ ...p, nodes: p.nodes.map(toAnalysis) });
  }

  @Query(() => PowerResult, { description: "Sample size per arm for an MDE, or the MDE for n per arm." })
  experimentPower(@Arg("input", () => PowerInput) input: PowerInput): PowerResult {
    const base = { baseline: input.baseline, variance: input.variance ?? undefined, binary: input.binary ?? false, alpha: input.alpha, power: input.power };
    if (input.mde != null) return { sampleSizePerArm: sampleSizePerArm({ ...base, mde: input.mde }), minimumDetectableEffect: Math.abs(input.mde) };
    if (input.n != null) return { sampleSizePerArm: Math.ceil(input.n), minimumDetectableEffect: minimumDetectableEffect({ ...base, n: input.n }) };
    throw badInput("Give mde (to get a sample size) or n (to get the minimum detectable effect).");
  }
}
