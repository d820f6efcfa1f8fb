/**
 * The MetricsQuery contract shared by the metrics engine, GraphQL, CSV export and `ask`.
 * Plain types: the GraphQL input classes mirror them.
 */
export const MEASURES = [
  "spend", "impressions", "clicks", "conversions", "revenue", "reach", "videoViews",
  "cpm", "cpc", "ctr", "cvr", "cpa", "roas", "aov",
] as const;
export type Measure = (typeof MEASURES)[number];

export const DIMENSIONS = [
  "platform", "connection", "account", "accountName", "campaign", "campaignName", "adGroup", "adGroupName", "ad", "adName",
  "breakdown",
  // calendar attributes
  "dayOfWeek", "isWeekend", "isBusinessDay", "isHoliday", "holidayName", "isMonthEnd", "isQuarterEnd",
  "season", "peakSeason", "event", "fiscalYear", "fiscalQuarter", "fiscalMonth",
  "weekOfYear", "monthOfYear", "quarterOfYear", "dayOfYear",
  // days from the campaign's first day with spend; needs "campaign" among the dimensions
  "daysSinceFirstSpend",
  // the org's month-of-year seasonality index (null until a year of revenue history exists)
  "seasonalityIndex",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const GRAINS = ["day", "week", "month", "quarter", "year", "fiscalMonth", "fiscalQuarter", "fiscalYear"] as const;
export type Grain = (typeof GRAINS)[number];

export interface DateRange {
  /** Inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
}

export type DimensionOperator = "equals" | "in" | "notIn" | "contains";
export interface DimensionFilter {
  dimension: Dimension;
  operator: DimensionOperator;
  values: string[];
  /** For dimension "breakdown": which breakdown field. */
  breakdownField?: string;
}

export type MeasureOperator = "gt" | "gte" | "lt" | "lte" | "eq" | "neq";
/** Applied after aggregation (HAVING). */
export interface MeasureFilter {
  measure: Measure;
  operator: MeasureOperator;
  value: number;
}

export type CompareTo =
  | { type: "previousPeriod" }
  | { type: "samePeriodLastYear" }
  | { type: "custom"; range: DateRange };

export interface OrderBy {
  /** A measure or dimension name, or "date". */
  field: Measure | Dimension | "date";
  direction: "asc" | "desc";
}

export interface MetricsQuery {
  measures: Measure[];
  dimensions?: Dimension[];
  /** Time grain; omit for totals over the whole range. */
  grain?: Grain;
  dateRange: DateRange;
  filters?: DimensionFilter[];
  having?: MeasureFilter[];
  compareTo?: CompareTo;
  orderBy?: OrderBy[];
  limit?: number;
  /** Opaque cursor from a previous page. */
  after?: string;
  /** Breakdown field(s) when dimension "breakdown" is used; selects the breakdown set. */
  breakdownFields?: string[];
  /** Convert money to the org's reporting currency (default true). */
  convertCurrency?: boolean;
}
