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
  /** The query's range and the compared one, if any (they may overlap). */
  ranges: DateRange[];
  period: RollupPeriod;
  /** The whole periods to read from metrics_periods (those of the range, and of a compared range that does not overlap it). */
  spans: WholePeriods[];
  /** Only rows in this currency come from the periods (the reporting one: rates are per day); null: every currency. */
  currency: string | null;
}

/** The days of `ranges` outside every span, as disjoint inclusive ranges in order. */
export function daysOutside(ranges: readonly DateRange[], spans: readonly WholePeriods[]): DateRange[] {
  const cuts = [...spans].sort((a, b) => (a.first < b.first ? -1 : 1));
  const merged: DateRange[] = [];
  for (const r of [...ranges].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    const last = merged[merged.length - 1];
    if (last && r.from <= addDays(last.to, 1)) { if (r.to > last.to) last.to = r.to; } else merged.push({ ...r });
  }
  const out: DateRange[] = [];
  for (const r of merged) {
    let from = r.from;
    for (const c of cuts) {
      if (c.end < from || c.first > r.to) continue;
      if (c.first > from) out.push({ from, to: addDays(c.first, -1) });
      from = addDays(c.end, 1);
    }
    if (from <= r.to) out.push({ from, to: r.to });
  }
  return out;
}

/**
 * A table expression with metrics_daily's columns: rows of whole periods from metrics_periods (`date` the period's
 * first day) and every other day in range from metrics_daily, so each fact is summed exactly once. Three branches,
 * each an index range: the periods; the days outside them; and, when only the reporting currency is read from the
 * periods, the other currencies' days inside them. `levels` (the condition on the chosen levels) goes inside each
 * branch, where the planner has the table's statistics: applied outside the UNION ALL, the rows were estimated at 1
 * and the exchange rates nested-looped (5M comparisons for 7k rows). `allCurrencies`: read every currency from the
 * periods (for which sources, levels and currencies have rows, not for sums).
 */
export function periodSource(s: PeriodSource, levels?: SQL, allCurrencies = false): SQL {
  const between = (rs: readonly { from: string; to: string }[]) => sql.join(rs.map((w) => sql`f.date between ${w.from} and ${w.to}`), sql` or `);
  const scope = sql`f.org_id = ${s.orgId} and f.kind = ${s.kind} and f.breakdown_set = ${s.breakdownSet}${levels ? sql` and ${levels}` : sql``}`;
  const cur = allCurrencies ? null : s.currency;
  const branches = [sql`select ${sql.raw(COLS)} from metrics_periods f where ${scope} and f.period = ${s.period}
    and (${between(s.spans.map((w) => ({ from: w.first, to: w.last })))})${cur === null ? sql`` : sql` and f.currency = ${cur}`}`];
  const outside = daysOutside(s.ranges, s.spans);
  if (outside.length) branches.push(sql`select ${sql.raw(COLS)} from metrics_daily f where ${scope} and (${between(outside)})`);
  // (< or >) rather than <>: each side is an index range on a key that has the currency.
  if (cur !== null) branches.push(sql`select ${sql.raw(COLS)} from metrics_daily f where ${scope} and (f.currency < ${cur} or f.currency > ${cur})
    and (${between(s.spans.map((w) => ({ from: w.first, to: w.end })))})`);
  return sql`(${sql.join(branches, sql` union all `)})`;
}
