import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { runMetrics } from "../analytics/metrics/metrics.service.js";
import { getInsights, type Kpi as KpiValue } from "../analytics/metrics/insights.service.js";
import type { CompareTo, MetricsQuery } from "../analytics/metrics/query.js";
import { DateRangeInput } from "../schema/date-range.input.js";
import { Insights } from "../schema/insights.type.js";
import { CompareToInput, MetricsQueryInput } from "../schema/metrics.input.js";
import { MetricsResult } from "../schema/metrics.type.js";
import { MetricsRow } from "../schema/metrics-row.type.js";
import { toTypedRow } from "../analytics/metrics/typed-row.js";
import type { Context } from "../server/context.js";

/** The GraphQL input as the service's MetricsQuery (the shapes differ only in compareTo). */
export function toMetricsQuery(input: MetricsQueryInput): MetricsQuery {
  const { compareTo, orderBy, ...rest } = input;
  return {
    ...rest,
    orderBy: orderBy?.map((o) => ({ field: o.field as never, direction: o.direction })),
    compareTo: compareTo ? toCompareTo(compareTo) : undefined,
  };
}

const toCompareTo = (c: CompareToInput): CompareTo =>
  c.type === "custom" ? { type: "custom", range: c.range as never } : { type: c.type };

const str = (v: KpiValue["value"]) => (v === null ? null : String(v));

@Resolver()
export class MetricsResolver {
  @Query(() => MetricsResult, { description: "Aggregate facts: measures by dimensions and grain, with comparison, filters, totals and cursor pages." })
  async metrics(@Arg("query", () => MetricsQueryInput) query: MetricsQueryInput, @Ctx() ctx: Context): Promise<MetricsResult> {
    const r = await runMetrics(ctx.scope, toMetricsQuery(query));
    return { ...r, rows: r.rows.map(toTypedRow) };
  }

  @Query(() => Insights, { description: "KPI summary per platform and overall, with period-over-period change (previous period by default)." })
  async insights(
    @Arg("dateRange", () => DateRangeInput) dateRange: DateRangeInput,
    @Arg("compareTo", () => CompareToInput, { nullable: true }) compareTo: CompareToInput | undefined,
    @Ctx() ctx: Context,
  ): Promise<Insights> {
    const r = await getInsights(ctx.scope, dateRange, compareTo ? toCompareTo(compareTo) : undefined);
    const map = (s: typeof r.overall) => ({ platform: s.platform, kpis: s.kpis.map((k) => ({ ...k, value: str(k.value), compared: str(k.compared), change: str(k.change) })) });
    return { ...r, overall: map(r.overall), platforms: r.platforms.map(map) };
  }
}

@Resolver(() => MetricsRow)
export class MetricsRowResolver {
  @FieldResolver(() => String, { nullable: true, description: "The value of one breakdown field (alias it for a flat column: age: breakdown(field: \"age\"))." })
  breakdown(@Root() row: MetricsRow, @Arg("field", () => String) field: string): string | null {
    return row.breakdowns?.find((b) => b.field === field)?.value ?? null;
  }
}
