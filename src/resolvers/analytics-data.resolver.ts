import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { runQualityChecks } from "../analytics/quality/quality.service.js";
import { buildCausalDataset } from "../analytics/causal-dataset/causal-dataset.service.js";
import { upsertFxRates } from "../analytics/fx/fx-rates.service.js";
import { CausalDataset, CausalDatasetInput } from "../schema/causal-dataset.type.js";
import { FxRateInput } from "../schema/calendar.type.js";
import { DateRangeInput } from "../schema/date-range.input.js";
import { QualityReport, toQualityReport } from "../schema/quality.type.js";
import type { Context } from "../server/context.js";

@Resolver()
export class AnalyticsDataResolver {
  @Query(() => QualityReport, { description: "Data quality rules over the org's facts in a range (optionally one connection's), with counts, examples and scores." })
  async dataQuality(
    @Arg("dateRange", () => DateRangeInput) dateRange: DateRangeInput,
    @Arg("connectionId", () => ID, { nullable: true }) connectionId: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<QualityReport> {
    return toQualityReport(await runQualityChecks(ctx.scope, { dateRange, connectionId: connectionId ?? undefined }));
  }

  @Query(() => CausalDataset, { description: "The analysis-ready panel for causal models, with its correlation matrix (also at /export/causal-dataset.csv)." })
  causalDataset(@Arg("input", () => CausalDatasetInput) input: CausalDatasetInput, @Ctx() ctx: Context): Promise<CausalDataset> {
    return buildCausalDataset(ctx.scope, input);
  }

  @Authorized("admin")
  @Mutation(() => Int, { description: "Insert or replace daily exchange rates (shared by every org). Returns how many were stored." })
  setFxRates(@Arg("rates", () => [FxRateInput]) rates: FxRateInput[], @Ctx() ctx: Context): Promise<number> {
    return upsertFxRates(ctx.scope.db, rates, "api", ctx.scope.orgId);
  }
}
