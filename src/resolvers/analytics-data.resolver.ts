import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { DateScalar } from "../schema/scalars.js";
import { runQualityChecks } from "../analytics/quality/quality.service.js";
import { buildCausalDataset } from "../analytics/causal-dataset/causal-dataset.service.js";
import { upsertFxRates } from "../analytics/fx/fx-rates.service.js";
import { CausalDataset, CausalDatasetCell, CausalDatasetInput, CausalDatasetRow } from "../schema/causal-dataset.type.js";
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
  async causalDataset(@Arg("input", () => CausalDatasetInput) input: CausalDatasetInput, @Ctx() ctx: Context): Promise<CausalDataset> {
    const d = await buildCausalDataset(ctx.scope, input);
    return { ...d, rows: d.rows.map((values) => ({ values })) };
  }

  @Authorized("admin")
  @Mutation(() => Int, { description: "Insert or replace daily exchange rates (shared by every org). Returns how many were stored." })
  setFxRates(@Arg("rates", () => [FxRateInput]) rates: FxRateInput[], @Ctx() ctx: Context): Promise<number> {
    return upsertFxRates(ctx.scope.db, rates, "api", ctx.scope.orgId);
  }
}

const num = (v: unknown) => (typeof v === "number" ? v : null);
const txt = (v: unknown) => (typeof v === "string" ? v : null);

@Resolver(() => CausalDatasetRow)
export class CausalDatasetRowResolver {
  @FieldResolver(() => DateScalar, { description: "The row's day." })
  date(@Root() r: CausalDatasetRow): string {
    return String(r.values.date);
  }

  @FieldResolver(() => [CausalDatasetCell], { description: "Every cell, in column order." })
  cells(@Root() r: CausalDatasetRow): CausalDatasetCell[] {
    return Object.entries(r.values).map(([column, v]) => ({ column, number: num(v), text: txt(v) }));
  }

  @FieldResolver(() => Float, { nullable: true, description: "A numeric column's value (null for a text column or a missing value)." })
  number(@Root() r: CausalDatasetRow, @Arg("column", () => String) column: string): number | null {
    return num(r.values[column]);
  }

  @FieldResolver(() => String, { nullable: true, description: "A text column's value (date, unit, season …)." })
  text(@Root() r: CausalDatasetRow, @Arg("column", () => String) column: string): string | null {
    return txt(r.values[column]);
  }
}
