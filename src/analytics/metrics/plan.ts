import { sql, type SQL } from "drizzle-orm";
import type { OrgAnalyticsSettings } from "../calendar/org-settings.js";
import { compareRange } from "./compare.js";
import { breakdownExpr, DIMENSION_DEFS, filterSql, joinSql, type JoinName, type PlannedDimension } from "./dimensions.js";
import { bucketExpr, bucketStart, grainNeedsCalendar, ordinalExpr } from "./grains.js";
import { changeOut, MEASURE_DEFS, measureOut, relativeOut, type MeasureKind } from "./measures.js";
import { chosenLevels, mediaFactsFrom, scopeTriples } from "./media-facts.sql.js";
import type { DateRange, MeasureOperator, MetricsQuery } from "./query.js";
import { periodSource, rollupPeriod, wholePeriods, type WholePeriods } from "./rollup-periods.js";

export const COLUMN_ROLES = ["dimension", "date", "period", "measure", "compared", "change", "relativeChange"] as const;
export const COLUMN_TYPES = ["string", "number", "boolean", "money", "decimal", "date"] as const;
export type ResultColumnType = (typeof COLUMN_TYPES)[number];

/** One column of the flat result. */
export interface ResultColumn {
  /** The key in each row, named after the request (spend, campaign, spendCompared, breakdown.age …). */
  name: string;
  role: (typeof COLUMN_ROLES)[number];
  /** string | number | boolean | money (a decimal string) | decimal (an exact decimal string, e.g. conversions) | date (YYYY-MM-DD). */
  type: ResultColumnType;
}

export interface MetricsPlan {
  columns: ResultColumn[];
  /** Rows of the page (with totals in `__t_*` columns unless planned for export). */
  query: SQL;
  /** Rows of facts left out of money sums for want of an exchange rate, per currency. */
  missingRatesQuery: SQL;
  compareRange?: DateRange;
  /** Whether the query joins calendar_days (which must then cover both ranges). */
  needsCalendar: boolean;
  /** Whether it reads the daily rollup (metrics_daily) rather than the facts. */
  usesRollup: boolean;
  /** The weekly or monthly rollup (metrics_periods) it reads whole periods from, beside metrics_daily for the other days. */
  period: "week" | "month" | null;
}

/** Options of one compilation: the page, the kind of facts, and whether the rollup may be used (default true). */
export interface PlanOptions {
  offset: number;
  /** null: every row, no totals (the CSV export). */
  limit: number | null;
  kind?: "media" | "outcome";
  rollup?: boolean;
  /** Whether whole weeks or months may be read from metrics_periods when the rollup is used (default true). */
  periods?: boolean;
}

// ECB reference rates exist on TARGET business days only: a weekend or holiday uses the last rate up to 7 days back.
const FX_LOOKBACK_DAYS = 7;
const OPS: Record<MeasureOperator, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "=", neq: "<>" };
export const BOOLEAN_DIMS = new Set(["isWeekend", "isBusinessDay", "isHoliday", "isMonthEnd", "isQuarterEnd"]);
export const NUMBER_DIMS = new Set(["seasonalityIndex", "dayOfWeek", "fiscalYear", "fiscalQuarter", "fiscalMonth", "weekOfYear", "monthOfYear", "quarterOfYear", "dayOfYear", "daysSinceFirstSpend"]);
// A fact without an exchange rate is left out of every measure (so ratios stay consistent) and reported instead.
const K = "filter (where rate is not null)";
const SUM_SQL = sql.raw(`coalesce(sum(spend * rate) ${K}, 0) as s_spend, coalesce(sum(revenue * rate) ${K}, 0) as s_revenue,
  coalesce(sum(impressions) ${K}, 0)::numeric as s_impressions, coalesce(sum(clicks) ${K}, 0)::numeric as s_clicks,
  coalesce(sum(conversions) ${K}, 0) as s_conversions, (sum(reach) ${K})::numeric as s_reach, (sum(video_views) ${K})::numeric as s_video_views,
  coalesce(sum(n) filter (where rate is null), 0) as n_missing, coalesce(sum(n) filter (where rate is not null), 0) as n_ok`);
const PER_CAMPAIGN_DIMS = new Set(["account", "accountName", "campaign", "campaignName", "adGroup", "adGroupName", "ad", "adName"]);
const SUM_COLS = ["spend", "revenue", "impressions", "clicks", "conversions", "reach", "video_views"];

/**
 * A CTE body with columns (currency, date, rate): the reporting-currency rate of each currency of the CTE `triples`
 * (but the reporting one) on each day from `lo` to `hi`, the last rate up to FX_LOOKBACK_DAYS back, the org's own
 * rates (org_scope = its id) winning over the shared ones ('') on the same day; direct, inverse or through a common
 * base. Computed once per query as a set (each stored rate covers the days it may serve), then hash-joined to the
 * rows: a lookup per row (or per day) cost more than the sums themselves and kept the planner from hash aggregation.
 */
function ratesSql(rep: string, orgId: string, lo: string, hi: string, triples: string): SQL {
  const within = (a: string) => sql`${sql.raw(`${a}.date`)} between ${lo}::date - ${sql.raw(String(FX_LOOKBACK_DAYS))} and ${hi}::date and ${sql.raw(a)}.org_scope in ('', ${orgId})`;
  const wanted = sql.raw(`(select currency from ${triples})`);
  return sql`select distinct on (x.currency, g.day) x.currency, g.day as date, x.rate from (
      select r.base as currency, r.date, r.rate, r.org_scope <> '' as own from fx_rates r where r.quote = ${rep} and r.base in ${wanted} and ${within("r")}
      union all select r.quote, r.date, 1 / r.rate, r.org_scope <> '' from fx_rates r where r.base = ${rep} and r.quote in ${wanted} and ${within("r")}
      union all select a.quote, a.date, b.rate / a.rate, a.org_scope <> '' from fx_rates a join fx_rates b on b.base = a.base and b.date = a.date and b.quote = ${rep}
        and b.org_scope = a.org_scope where a.quote in ${wanted} and ${within("a")}
    ) x cross join lateral (select x.date + i as day from generate_series(0, ${sql.raw(String(FX_LOOKBACK_DAYS))}) i) g
    where g.day between ${lo}::date and ${hi}::date
    order by x.currency, g.day, x.date desc, x.own desc`;
}

const kindType = (k: MeasureKind): ResultColumn["type"] => (k === "count" || k === "ratio" ? "number" : k);

/** Compile a validated MetricsQuery to one SQL statement. `limit` null: every row, no totals (the CSV export). */
export function planMetrics(orgId: string, q: MetricsQuery, st: OrgAnalyticsSettings, page: PlanOptions): MetricsPlan {
  const joins = new Set<JoinName>();
  let minRank = 0;
  const use = (d: keyof typeof DIMENSION_DEFS) => {
    const def = DIMENSION_DEFS[d];
    def.joins?.forEach((j) => joins.add(j));
    minRank = Math.max(minRank, def.minRank ?? 0);
    return def.expr;
  };
  const fields = q.breakdownFields ?? [];
  const dims: PlannedDimension[] = [];
  for (const d of q.dimensions ?? []) {
    if (d === "breakdown") fields.forEach((f) => dims.push({ name: `breakdown.${f}`, expr: breakdownExpr(f) }));
    else dims.push({ name: d, expr: use(d) });
  }
  for (const f of q.filters ?? []) if (f.dimension !== "breakdown" && f.dimension !== "event") use(f.dimension);
  if (grainNeedsCalendar(q.grain)) joins.add("calendar");

  const cmp = q.compareTo ? compareRange(q.dateRange, q.compareTo) : undefined;
  const inMain = sql`f.date between ${q.dateRange.from} and ${q.dateRange.to}`;
  const dates = cmp ? sql`(${inMain} or f.date between ${cmp.from} and ${cmp.to})` : inMain;
  // The rollup keeps days, sources, platforms, levels, accounts, campaigns and currencies: enough for every query
  // that groups and filters on nothing finer than a campaign and on no breakdown value.
  const usesRollup = page.rollup !== false && minRank <= 1 && !dims.some((d) => d.name.startsWith("breakdown."))
    && !(q.filters ?? []).some((f) => f.dimension === "breakdown");
  const convert = q.convertCurrency !== false;
  const breakdownSet = [...fields].sort().join(",");
  // Whole weeks or months of the range (and of a compared range apart from it) come from metrics_periods; only in the
  // reporting currency when converting, as other currencies are converted at each day's rate.
  const period = usesRollup && page.periods !== false ? rollupPeriod(q.grain, q.dimensions ?? [], q.filters ?? []) : null;
  const spans = period ? [q.dateRange, ...(cmp && (cmp.to < q.dateRange.from || cmp.from > q.dateRange.to) ? [cmp] : [])]
    .map((r) => wholePeriods(r, period)).filter((w): w is WholePeriods => w !== null) : [];
  const from = period && spans.length
    ? (levels?: SQL) => periodSource({ orgId, kind: page.kind ?? "media", breakdownSet, ranges: cmp ? [q.dateRange, cmp] : [q.dateRange], period, spans,
      currency: convert ? st.reportingCurrency : null }, levels, levels === undefined)
    : undefined;
  const m = { orgId, dates, breakdownSet, minRank, kind: page.kind, table: usesRollup ? "metrics_daily" as const : undefined, from };
  // Rows are summed per side, group and currency first, and per day too in the currencies that need converting (rates
  // are daily): the exchange rates then join a few rows per day instead of every row, and the reporting currency not
  // at all; exact, as numeric sums and products are. Not when grouping by account or campaign: the rollup has about
  // one row per group and day already, and on the facts the planner, multiplying the days by the groups, expects
  // nearly a group per row and sorts (spilling at 1M facts) instead of hash-aggregating.
  const presum = !dims.some((d) => PER_CAMPAIGN_DIMS.has(d.name));
  const agg1 = (e: string) => sql.raw(presum ? `sum(${e})` : e);
  const perRow = usesRollup
    ? sql`${agg1("case when f.reach_count > 0 then f.reach end")} as reach, ${agg1("case when f.video_views_count > 0 then f.video_views end")} as video_views, ${agg1("f.fact_count")} as n`
    : sql`${agg1("f.reach")} as reach, ${agg1("f.video_views")} as video_views, ${presum ? sql`count(*)` : sql`1`} as n`;
  const rep = st.reportingCurrency;
  const lo = cmp && cmp.from < q.dateRange.from ? cmp.from : q.dateRange.from;
  const hi = cmp && cmp.to > q.dateRange.to ? cmp.to : q.dateRange.to;
  const dimSel = dims.map((d, i) => sql`, ${d.expr} as ${sql.raw(`d${i}`)}`);
  const bk = q.grain ? sql`, ${bucketExpr(q.grain)} as bk` : sql``;
  const where = (q.filters ?? []).map((f) => sql` and ${filterSql(f)}`);
  const day = presum ? (convert ? sql`(case when f.currency = ${rep} then null else f.date end)` : sql`null::date`) : sql`f.date`;
  const preKeys = sql.raw(Array.from({ length: 3 + dims.length + (q.grain ? 1 : 0) }, (_, i) => String(i + 1)).join(", "));
  // lvc, lv and fx are tiny (a row per source, level and currency; per currency and day): materialised so each is computed once.
  const base = sql`lvc as materialized (${scopeTriples(m)}),
    lv as materialized (${chosenLevels(m, "lvc")}),${convert ? sql`
    fx as materialized (${ratesSql(rep, orgId, lo, hi, "lvc")}),` : sql``}
    r as (select ${cmp ? sql`(case when ${inMain} then 0 else 1 end)` : sql`0`} as side, f.currency, ${day} as day${sql.join(dimSel, sql``)}${bk},
      ${agg1("f.spend")} as spend, ${agg1("f.revenue")} as revenue, ${agg1("f.impressions")} as impressions, ${agg1("f.clicks")} as clicks,
      ${agg1("f.conversions")} as conversions, ${perRow}
      from ${mediaFactsFrom(m, "lv", sql.join([...joins].map((j) => joinSql(j, orgId)), sql` `))}${sql.join(where, sql``)}
      ${presum ? sql`group by ${preKeys}` : sql``}),
    b as (select r.*, r.day as date, ${convert ? sql`(case when r.currency = ${rep} then 1::numeric else fx.rate end)` : sql`1::numeric`} as rate
      from r${convert ? sql` left join fx on r.currency <> ${rep} and fx.currency = r.currency and fx.date = r.day` : sql``})`;

  const fsb = (d: string) => bucketStart(d, q.grain!, st.fiscalYearStartMonth);
  const ord = q.grain
    ? sql`(case when side = 0 then ${ordinalExpr(q.grain, sql`bk`, fsb(q.dateRange.from))} else ${ordinalExpr(q.grain, sql`bk`, fsb(cmp?.from ?? q.dateRange.from))} end)`
    : sql`0`;
  const groupCols = [...dims.map((_, i) => `d${i}`), ...(q.grain ? ["bk"] : [])];
  const groupBy = sql.raw(["side", ...groupCols].join(", "));
  const having = (q.having ?? []).map((h) => sql` and ${MEASURE_DEFS[h.measure].expr("a.s_")} ${sql.raw(OPS[h.operator])} ${h.value}`);

  const order: SQL[] = [];
  for (const o of q.orderBy ?? []) {
    const dir = sql.raw(o.direction === "desc" ? "desc nulls last" : "asc nulls last");
    if (o.field === "date") order.push(sql`cur.bk ${dir}`);
    else if (o.field in MEASURE_DEFS) order.push(sql`${MEASURE_DEFS[o.field as keyof typeof MEASURE_DEFS].expr("cur.s_")} ${dir}`);
    else {
      const i = dims.findIndex((d) => d.name === o.field || (o.field === "breakdown" && d.name.startsWith("breakdown.")));
      order.push(sql`${sql.raw(`cur.d${i}`)} ${dir}`);
    }
  }
  // Tie-breakers keep pages stable: the bucket, then every dimension.
  for (const c of q.grain ? ["bk", ...groupCols.filter((c) => c !== "bk")] : groupCols) order.push(sql.raw(`cur.${c} asc nulls first`));
  const orderSql = order.length ? sql.join(order, sql`, `) : sql`1`;
  // Rows pair up on their dimensions and aligned bucket; a jsonb key makes that one hashable equality (nulls included).
  // Current and compared rows pair up by grouping on that key (a hash aggregate): a join would be planned as a
  // nested loop from the CTEs' one-row estimates, quadratic in the rows.
  const rowKey = sql.raw(`jsonb_build_array(${[...dims.map((_, i) => `d${i}`), "ord"].join(", ")})`);
  const first = (col: string, side: number) => `(array_agg(${col}) filter (where side = ${side}))[1]`;
  const pairCols = sql.raw([
    ...dims.map((_, i) => `${first(`d${i}`, 0)} as d${i}`),
    ...(q.grain ? [`${first("bk", 0)} as bk`, `${first("bk", 1)} as cbk`] : ["null::date as cbk"]),
    ...SUM_COLS.map((c) => `${first(`s_${c}`, 0)} as s_${c}, ${first(`s_${c}`, 1)} as cs_${c}`),
  ].join(", "));
  const limit = page.limit === null ? sql`` : sql` limit ${page.limit + 1} offset ${page.offset}`;

  const columns: ResultColumn[] = dims.map((d) => ({
    name: d.name, role: "dimension" as const,
    type: BOOLEAN_DIMS.has(d.name) ? "boolean" as const : NUMBER_DIMS.has(d.name) ? "number" as const : "string" as const,
  }));
  const out: SQL[] = dims.map((d, i) => sql`p.${sql.raw(`d${i}`)} as ${sql.identifier(d.name)}`);
  if (q.grain) {
    columns.push({ name: "date", role: "date", type: "date" }, { name: "period", role: "period", type: "string" });
    out.push(sql`p.bk::text as "date"`);
    if (cmp) { columns.push({ name: "comparedDate", role: "date", type: "date" }); out.push(sql`p.cbk::text as "comparedDate"`); }
  }
  const totals: SQL[] = [];
  for (const ms of q.measures) {
    const t = kindType(MEASURE_DEFS[ms].kind);
    columns.push({ name: ms, role: "measure", type: t });
    out.push(sql`${measureOut(ms, "p.s_")} as ${sql.identifier(ms)}`);
    totals.push(sql`${measureOut(ms, "t.s_")} as ${sql.identifier(`__t_${ms}`)}`);
    if (cmp) {
      columns.push({ name: `${ms}Compared`, role: "compared", type: t }, { name: `${ms}Change`, role: "change", type: t }, { name: `${ms}RelativeChange`, role: "relativeChange", type: "number" });
      out.push(sql`${measureOut(ms, "p.cs_")} as ${sql.identifier(`${ms}Compared`)}`, sql`${changeOut(ms, "p.s_", "p.cs_")} as ${sql.identifier(`${ms}Change`)}`,
        sql`${relativeOut(ms, "p.s_", "p.cs_")} as ${sql.identifier(`${ms}RelativeChange`)}`);
      totals.push(sql`${measureOut(ms, "ct.s_")} as ${sql.identifier(`__t_${ms}Compared`)}`, sql`${changeOut(ms, "t.s_", "ct.s_")} as ${sql.identifier(`__t_${ms}Change`)}`,
        sql`${relativeOut(ms, "t.s_", "ct.s_")} as ${sql.identifier(`__t_${ms}RelativeChange`)}`);
    }
  }
  const totalSums = (from: string) => sql.raw(`select ${SUM_COLS.map((c) => (c === "reach" || c === "video_views" ? `sum(s_${c})` : `coalesce(sum(s_${c}), 0)`) + ` as s_${c}`).join(", ")}, count(*)::int as n from ${from}`);
  const ctes = sql`with ${base},
    agg as (select side, ${sql.raw(groupCols.map((c) => `${c}, `).join(""))}${ord} as ord, ${SUM_SQL} from b group by ${groupBy}),
    pair as (select ${pairCols} from agg where n_ok > 0 group by ${rowKey} having bool_or(side = 0)),
    cur as (select * from pair a where true${sql.join(having, sql``)}),
    cmp as (select * from agg where side = 1 and n_ok > 0),
    page as (select cur.*, row_number() over (order by ${orderSql}) as rn from cur order by ${orderSql}${limit})`;
  const query = page.limit === null
    ? sql`${ctes} select ${sql.join(out, sql`, `)} from page p order by p.rn`
    : sql`${ctes}, tot as (${totalSums("cur")}), ctot as (${totalSums("cmp")})
      select ${sql.join([...out, ...totals], sql`, `)}, p.rn as __rn, t.n as __total, (select coalesce(sum(n_missing), 0)::int from agg) as __missing
      from tot t cross join ctot ct left join page p on true order by p.rn`;
  const missingRatesQuery = sql`with ${base}
    select currency, count(distinct date)::int as days, min(date)::text as "from", max(date)::text as "to",
      trim_scale(sum(spend))::text as spend, trim_scale(sum(revenue))::text as revenue
    from b where rate is null group by currency order by currency`;
  return { columns, query, missingRatesQuery, compareRange: cmp, needsCalendar: joins.has("calendar"), usesRollup, period: from ? period : null };
}
