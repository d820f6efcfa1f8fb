import { sql, type SQL } from "drizzle-orm";
import type { Dimension, DimensionFilter } from "./query.js";
import { SEASONALITY_MIN_HISTORY_DAYS, seasonalitySql } from "../calendar/seasonality.js";

/** A join a dimension needs; each is added to the query once. */
export type JoinName = "calendar" | "account" | "campaign" | "adGroup" | "ad" | "firstSpend" | "seasonality";

interface DimensionDef {
  /** The value for fact `f` (and the joins it names). */
  expr: SQL;
  joins?: JoinName[];
  /** The finest fact level the dimension needs (0 account … 3 ad). */
  minRank?: number;
}

const cal = (col: string): DimensionDef => ({ expr: sql.raw(`c.${col}`), joins: ["calendar"] });

export const DIMENSION_DEFS: Record<Exclude<Dimension, "breakdown">, DimensionDef> = {
  platform: { expr: sql`f.platform` },
  connection: { expr: sql`f.source` },
  account: { expr: sql`f.account_id`, minRank: 0 },
  accountName: { expr: sql`ea.name`, joins: ["account"], minRank: 0 },
  campaign: { expr: sql`f.campaign_id`, minRank: 1 },
  campaignName: { expr: sql`ec.name`, joins: ["campaign"], minRank: 1 },
  adGroup: { expr: sql`f.ad_group_id`, minRank: 2 },
  adGroupName: { expr: sql`eg.name`, joins: ["adGroup"], minRank: 2 },
  ad: { expr: sql`f.ad_id`, minRank: 3 },
  adName: { expr: sql`ead.name`, joins: ["ad"], minRank: 3 },
  dayOfWeek: cal("day_of_week"),
  isWeekend: cal("is_weekend"),
  isBusinessDay: cal("is_business_day"),
  isHoliday: cal("is_holiday"),
  holidayName: cal("holiday_name"),
  isMonthEnd: cal("is_month_end"),
  isQuarterEnd: cal("is_quarter_end"),
  season: cal("season"),
  peakSeason: cal("peak_season"),
  fiscalYear: cal("fiscal_year"),
  fiscalQuarter: cal("fiscal_quarter"),
  fiscalMonth: cal("fiscal_month"),
  weekOfYear: cal("iso_week"),
  monthOfYear: cal("month"),
  quarterOfYear: cal("quarter"),
  dayOfYear: cal("day_of_year"),
  event: {
    expr: sql`(select string_agg(me.name, ', ' order by me.name) from marketing_events me
      where me.org_id = f.org_id and f.date between me.start_date and me.end_date)`,
  },
  daysSinceFirstSpend: { expr: sql`(case when f.date >= fs.first_date then f.date - fs.first_date end)`, joins: ["firstSpend"], minRank: 1 },
  seasonalityIndex: { expr: sql.raw(`(case when si.span >= ${SEASONALITY_MIN_HISTORY_DAYS} then si.idx end)`), joins: ["seasonality"] },
};

const entityJoin = (alias: string, level: string, col: string) =>
  sql.raw(`left join ad_entities ${alias} on ${alias}.org_id = f.org_id and ${alias}.platform = f.platform and ${alias}.level = '${level}' and ${alias}.external_id = f.${col}`);

/** The JOIN clause of each join name. */
export function joinSql(j: JoinName, orgId: string): SQL {
  switch (j) {
    case "calendar": return sql`join calendar_days c on c.org_id = f.org_id and c.date = f.date`;
    case "account": return entityJoin("ea", "account", "account_id");
    case "campaign": return entityJoin("ec", "campaign", "campaign_id");
    case "adGroup": return entityJoin("eg", "ad_group", "ad_group_id");
    case "ad": return entityJoin("ead", "ad", "ad_id");
    case "firstSpend": return sql`left join (select platform, campaign_id, min(date) as first_date from marketing_facts
      where org_id = ${orgId} and kind = 'media' and spend > 0 and campaign_id <> '' group by platform, campaign_id) fs
      on fs.platform = f.platform and fs.campaign_id = f.campaign_id`;
    case "seasonality": return sql`left join (${seasonalitySql(orgId)}) si on si.month = extract(month from f.date)::int`;
  }
}

/** A requested output dimension: its column name and SQL value. */
export interface PlannedDimension { name: string; expr: SQL }

/** The SQL value of a breakdown field. */
export const breakdownExpr = (field: string): SQL => sql`(f.breakdowns ->> ${field})`;

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A WHERE condition for one dimension filter (compared as text: booleans are "true"/"false"). */
export function filterSql(f: DimensionFilter): SQL {
  if (f.dimension === "event") {
    const match = f.operator === "contains"
      ? sql.join(f.values.map((v) => sql`me.name ilike ${"%" + escapeLike(v) + "%"}`), sql` or `)
      : sql`me.name in (${sql.join(f.values.map((v) => sql`${v}`), sql`, `)})`;
    const exists = sql`exists (select 1 from marketing_events me where me.org_id = f.org_id and f.date between me.start_date and me.end_date and (${match}))`;
    return f.operator === "notIn" ? sql`not ${exists}` : exists;
  }
  const expr = f.dimension === "breakdown" ? breakdownExpr(f.breakdownField!) : DIMENSION_DEFS[f.dimension].expr;
  const text = sql`(${expr})::text`;
  const list = sql.join(f.values.map((v) => sql`${v}`), sql`, `);
  switch (f.operator) {
    case "equals": return sql`${text} = ${f.values[0]}`;
    case "in": return sql`${text} in (${list})`;
    case "notIn": return sql`coalesce(${text}, '') not in (${list})`;
    case "contains": return sql`(${sql.join(f.values.map((v) => sql`${text} ilike ${"%" + escapeLike(v) + "%"}`), sql` or `)})`;
  }
}
