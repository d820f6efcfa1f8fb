import { sql, type SQL } from "drizzle-orm";
import { addDays, addMonths, daysInMonth, isoDayOfWeek } from "../../dates.js";
import type { DateRange, Dimension, DimensionFilter, Grain } from "./query.js";

/** A period of metrics_periods: ISO weeks (from Monday) or calendar months. */
export type RollupPeriod = "week" | "month";

/** Whole periods of a range: the first's first day, the last's first day and the last's last day. */
export interface WholePeriods { first: string; last: string; end: string }

// Dimensions and filters that read nothing but a rollup row's keys (not its day), so a week or month row serves them.
const KEY_DIMS = new Set<Dimension>(["platform", "connection", "account", "accountName", "campaign", "campaignName"]);

/**
 * The period whose rows can stand in for a query's days: weeks for a weekly grain, months for totals and for grains
 * made of whole months; none when a dimension or filter needs the day (calendar attributes, events, days since first
 * spend, seasonality) or the grain is the day or a fiscal quarter or year (those read the calendar).
 */
export function rollupPeriod(grain: Grain | undefined, dims: readonly Dimension[], filters: readonly DimensionFilter[]): RollupPeriod | null {
  if (!dims.every((d) => KEY_DIMS.has(d)) || !filters.every((f) => KEY_DIMS.has(f.dimension))) return null;
  if (grain === "week") return "week";
  if (grain === undefined || grain === "month" || grain === "fiscalMonth" || grain === "quarter" || grain === "year") return "month";
  return null;
}

/** The whole periods inside an inclusive range, or null when none fits. */
export function wholePeriods(r: DateRange, p: RollupPeriod): WholePeriods | null {
  let first: string, last: string, end: string;
  if (p === "week") {
    first = addDays(r.from, (8 - isoDayOfWeek(r.from)) % 7);
    end = addDays(r.to, -(isoDayOfWeek(r.to) % 7));
    last = addDays(end, -6);
  } else {
    first = r.from.endsWith("-01") ? r.from : addMonths(`${r.from.slice(0, 7)}-01`, 1);
    const lastDay = `${r.to.slice(0, 7)}-${String(daysInMonth(Number(r.to.slice(0, 4)), Number(r.to.slice(5, 7)))).padStart(2, "0")}`;
    last = r.to === lastDay ? `${r.to.slice(0, 7)}-01` : addMonths(`${r.to.slice(0, 7)}-01`, -1);
    end = addDays(addMonths(last, 1), -1);
  }
  return first <= last ? { first, last, end } : null;
}

const COLS = "f.org_id, f.kind, f.breakdown_set, f.date, f.source, f.platform, f.level, f.account_id, f.campaign_id, f.currency, f.spend, f.revenue, "
  + "f.impressions, f.clicks, f.conversions, f.reach, f.reach_count, f.video_views, f.video_views_count, f.fact_count";

export interface PeriodSource {
  orgId: string;
  kind: string;
  breakdownSet: string;
  /** The query's condition on `f.date` (its range, or its range and the compared one). */
  dates: SQL;
  period: RollupPeriod;
  /** The whole periods to read from metrics_periods (those of the range, and of a compared range that does not overlap it). */
  spans: WholePeriods[];
  /** Only rows in this currency come from the periods (the reporting one: rates are per day); null: every currency. */
  currency: string | null;
}

/**
 * A table expression with metrics_daily's columns: rows of whole periods from metrics_periods (`date` the period's
 * first day) and every other day in range from metrics_daily, so each fact is summed exactly once. `levels` (the
 * condition on the chosen levels) goes inside each branch, where the planner has the table's statistics: applied
 * outside the UNION ALL, the rows were estimated at 1 and the exchange rates nested-looped (5M comparisons for 7k rows).
 */
export function periodSource(s: PeriodSource, levels?: SQL): SQL {
  const inSpans = (col: string) => sql.join(s.spans.map((w) => sql`${sql.raw(col)} between ${w.first} and ${w.last}`), sql` or `);
  const inDays = sql.join(s.spans.map((w) => sql`f.date between ${w.first} and ${w.end}`), sql` or `);
  const cur = s.currency === null ? sql`` : sql` and f.currency = ${s.currency}`;
  const notCovered = s.currency === null ? sql`not (${inDays})` : sql`not (f.currency = ${s.currency} and (${inDays}))`;
  const scope = sql`f.org_id = ${s.orgId} and f.kind = ${s.kind} and f.breakdown_set = ${s.breakdownSet}${levels ? sql` and ${levels}` : sql``}`;
  return sql`(select ${sql.raw(COLS)} from metrics_periods f where ${scope} and f.period = ${s.period} and (${inSpans("f.date")})${cur}
    union all select ${sql.raw(COLS)} from metrics_daily f where ${scope} and ${s.dates} and ${notCovered})`;
}
