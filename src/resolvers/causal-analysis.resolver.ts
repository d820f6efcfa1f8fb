import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { recommendBudget } from "../analytics/causal/budget-recommendation.service.js";
import { deleteCausalAnalysis, getCausalAnalysis, pageCausalAnalyses, runCausalAnalysis, type CausalOutcome } from "../analytics/causal/causal-analysis.service.js";
import type { CausalAnalysisRow } from "../db/tables/index.js";
import { CausalMethod } from "../schema/causal-analysis-enums.js";
import { CausalAnalysisInput, RecommendBudgetInput } from "../schema/causal-analysis.input.js";
import { CausalAnalysis, CausalAnalysisConnection, ThompsonBudgetRecommendation } from "../schema/causal-analysis.type.js";
import { PageArgs } from "../schema/page.args.js";
import { toConnection } from "../schema/connection-of.js";
import type { Context } from "../server/context.js";

/** A stored row as the GraphQL type: the method's result lifted out of the stored outcome. */
export const toGraphql = (row: CausalAnalysisRow): CausalAnalysis => {
  const o = row.result as unknown as CausalOutcome;
  return {
    nodeId: "", id: row.id, name: row.name, method: row.method as CausalMethod, observations: row.observations, createdAt: row.createdAt,
    droppedRows: o.droppedRows, refutations: o.refutations, verdict: o.verdict, warnings: o.warnings,
    result: (o.iv ?? o.rdd ?? o.matching ?? o.prePost) as CausalAnalysis["result"],
  };
};

@Resolver(() => CausalAnalysis)
export class CausalAnalysisResolver {
  @Query(() => CausalAnalysisConnection, { description: "This organization's observational analyses, newest first." })
  async causalAnalyses(@Arg("method", () => CausalMethod, { nullable: true }) method: CausalMethod | undefined, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    const p = await pageCausalAnalyses(ctx.scope, method, page);
    return toConnection({ ...p, nodes: p.nodes.map(toGraphql) });
  }

  @Query(() => CausalAnalysis)
  async causalAnalysis(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return toGraphql(await getCausalAnalysis(ctx.scope, id));
  }

  @Authorized("editor")
  @Mutation(() => CausalAnalysis, { description: "Run an IV, RDD, matching or pre/post analysis with its robustness checks, and store it." })
  async runCausalAnalysis(@Arg("input", () => CausalAnalysisInput) input: CausalAnalysisInput, @Ctx() ctx: Context) {
    return toGraphql(await runCausalAnalysis(ctx.scope, { ...input }, ctx.budget.signal));
  }

  @Authorized("editor")
  @Mutation(() => Boolean)
  deleteCausalAnalysis(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return deleteCausalAnalysis(ctx.scope, id);
  }

  @Query(() => ThompsonBudgetRecommendation, { description: "Split a daily budget across platforms or campaigns by Thompson sampling over their results in the range." })
  recommendBudget(@Arg("input", () => RecommendBudgetInput) input: RecommendBudgetInput, @Ctx() ctx: Context) {
    return recommendBudget(ctx.scope, { ...input, level: input.level ?? "platform", model: input.model ?? "gaussian_roas" });
  }
}
