import type { OrgScope } from "../../db/scope.js";
import { runMetrics, type MetricsRow } from "./metrics.service.js";
import type { CompareTo, DateRange, Measure } from "./query.js";

/** The KPIs of the summary; CPA doubles as CAC (spend per conversion). */
export const INSIGHT_KPIS: Measure[] = ["spend", "revenue", "roas", "conversions", "cpa", "ctr", "cvr"];

export interface Kpi {
  measure: Measure;
  value: string | number | null;
  compared: string | number | null;
  change: string | number | null;
  relativeChange: number | null;
}

export interface KpiSummary {
  /** null for the overall summary. */
  platform: string | null;
  kpis: Kpi[];
}

export interface Insights {
  currency: string | null;
  compareRange: DateRange | null;
  overall: KpiSummary;
  platforms: KpiSummary[];
}

const kpisOf = (row: MetricsRow, withCompare: boolean): Kpi[] =>
  INSIGHT_KPIS.map((m) => ({
    measure: m,
    value: (row[m] ?? null) as Kpi["value"],
    compared: withCompare ? (row[`${m}Compared`] ?? null) as Kpi["compared"] : null,
    change: withCompare ? (row[`${m}Change`] ?? null) as Kpi["change"] : null,
    relativeChange: withCompare ? (row[`${m}RelativeChange`] ?? null) as number | null : null,
  }));

/** KPI summary per platform and overall, with period-over-period change (previous period unless told otherwise). */
export async function getInsights(scope: OrgScope, dateRange: DateRange, compareTo: CompareTo = { type: "previousPeriod" }): Promise<Insights> {
  const r = await runMetrics(scope, { measures: INSIGHT_KPIS, dimensions: ["platform"], dateRange, compareTo, limit: 10_000 });
  return {
    currency: r.currency,
    compareRange: r.compareRange,
    overall: { platform: null, kpis: kpisOf(r.totals, true) },
    platforms: r.rows.map((row) => ({ platform: String(row.platform), kpis: kpisOf(row, true) })),
  };
}
