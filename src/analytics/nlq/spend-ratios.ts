import type { OrgScope } from "../../db/scope.js";
import type { MetricsResult } from "../metrics/metrics.service.js";
import type { Measure, MetricsQuery } from "../metrics/query.js";

/** Ratios with spend in them: meaningless for a channel that has no spend (e-mail), so such channels are left out. */
export const SPEND_RATIOS: Measure[] = ["roas", "cpa", "cpc", "cpm"];

/**
 * For a question about spend-based ratios: the platforms without spend in the period (within the question's own
 * platform filter) are filtered out, and grouped rows without spend are dropped, so "best CPA" is never an
 * e-mail channel at 0.00. Returns the query to run and the platforms left out.
 */
export async function withoutUnpaidChannels(scope: OrgScope, q: MetricsQuery, run: (s: OrgScope, q: MetricsQuery) => Promise<MetricsResult>): Promise<{ query: MetricsQuery; leftOut: string[] }> {
  if (!q.measures.some((m) => SPEND_RATIOS.includes(m))) return { query: q, leftOut: [] };
  const platformFilters = (q.filters ?? []).filter((f) => f.dimension === "platform");
  const probe = await run(scope, { measures: ["spend"], dimensions: ["platform"], dateRange: q.dateRange, filters: platformFilters.length ? platformFilters : undefined });
  const leftOut = probe.rows.filter((r) => !(Number(r.spend) > 0)).map((r) => String(r.platform));
  if (!leftOut.length) return { query: q, leftOut };
  const query: MetricsQuery = { ...q, filters: [...(q.filters ?? []), { dimension: "platform", operator: "notIn", values: leftOut }] };
  if (q.dimensions?.length && !q.dimensions.every((d) => d === "platform")) query.having = [...(q.having ?? []), { measure: "spend", operator: "gt", value: 0 }];
  return { query, leftOut };
}
