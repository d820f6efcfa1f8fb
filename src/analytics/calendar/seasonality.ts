import { sql, type SQL } from "drizzle-orm";
import { queryRows } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import { chosenLevels, mediaFactsFrom } from "../metrics/media-facts.sql.js";

// A month-of-year index needs every month seen at least once: a full year of history.
const MIN_HISTORY_DAYS = 365;

/**
 * Seasonality index per month of year (1–12) learned from the org's revenue history:
 * the average daily revenue of the days in that month ÷ the average daily revenue of all days
 * from the first to the last day with facts (days without facts count as zero). Empty when the
 * history is shorter than a year. Revenue is in native currencies.
 */
export async function seasonalityIndex(scope: OrgScope): Promise<Map<number, number>> {
  const rows = await queryRows<{ month: number; idx: number | null; span: number }>(scope.db, sql`${seasonalitySql(scope.orgId)} order by 1`);
  const out = new Map<number, number>();
  if (rows.length === 0 || Number(rows[0]!.span) < MIN_HISTORY_DAYS) return out;
  for (const r of rows) if (r.idx !== null) out.set(Number(r.month), Number(r.idx));
  return out;
}

/** The month-of-year index rows (month, idx, span in days) as one SELECT, for the metrics dimension too. */
export function seasonalitySql(orgId: string): SQL {
  const m = { orgId, breakdownSet: "", minRank: 0, table: "metrics_daily" as const };
  return sql`with lv as materialized (${chosenLevels(m)}),
    daily as (select f.date, sum(f.revenue) as rev from ${mediaFactsFrom(m, "lv")} group by f.date),
    span as (select min(date) as a, max(date) as b from daily),
    days as (select g::date as date from span, generate_series(span.a::timestamp, span.b::timestamp, interval '1 day') g),
    filled as (select days.date, coalesce(daily.rev, 0) as rev from days left join daily on daily.date = days.date),
    overall as (select avg(rev) as m, count(*) as n from filled)
    select extract(month from filled.date)::int as month, round(avg(filled.rev) / nullif(overall.m, 0), 4)::float8 as idx, overall.n::int as span
    from filled cross join overall group by 1, overall.m, overall.n`;
}

/** The seasonality index of a fact's month, null until a year of history exists (metrics dimension "seasonalityIndex"). */
export const SEASONALITY_MIN_HISTORY_DAYS = MIN_HISTORY_DAYS;
