import type { Cell, MetricsRow } from "./metrics.service.js";
import type { Dimension, Measure } from "./query.js";

/**
 * The metrics result as flat typed rows: one field per dimension and per measure, comparison columns as
 * their own fields (spendCompared, spendChange, spendRelativeChange). Fields the query did not ask for are
 * absent (null over GraphQL). Scalar convention: money and conversions are exact decimal strings, whole
 * counts integers, ratios and relative changes floats rounded to 6 decimals.
 */
type DecimalMeasure = "spend" | "revenue" | "conversions";
type CountMeasure = "impressions" | "clicks" | "reach" | "videoViews";
type MeasureValue<M extends Measure> = M extends DecimalMeasure ? string : number;

export type BooleanDimension = "isWeekend" | "isBusinessDay" | "isHoliday" | "isMonthEnd" | "isQuarterEnd";
export type IntDimension = "dayOfWeek" | "fiscalYear" | "fiscalQuarter" | "fiscalMonth" | "weekOfYear" | "monthOfYear" | "quarterOfYear" | "dayOfYear" | "daysSinceFirstSpend";
type DimensionValue<D extends Dimension> = D extends BooleanDimension ? boolean : D extends IntDimension ? number : D extends "seasonalityIndex" ? number : string;

/** The typed measure fields of a row or of the totals. */
export type MeasureFields =
  & { [M in Measure]?: MeasureValue<M> | null }
  & { [M in Measure as `${M}Compared`]?: MeasureValue<M> | null }
  & { [M in Measure as `${M}Change`]?: MeasureValue<M> | null }
  & { [M in Measure as `${M}RelativeChange`]?: number | null };

/** One breakdown value of a row (dimension "breakdown"), e.g. { field: "age", value: "25-34" }. */
export interface BreakdownValue {
  /** Breakdown field, e.g. age. */
  field: string;
  /** Its value; null when the fact had none. */
  value: string | null;
}

/** One typed row of a metrics result. */
export type TypedMetricsRow = MeasureFields
  & { [D in Exclude<Dimension, "breakdown">]?: DimensionValue<D> | null }
  & {
    /** First day of the grain bucket (YYYY-MM-DD). */
    date?: string | null;
    /** The bucket's label (2024-W18, 2024-05, FY2025-Q1 …). */
    period?: string | null;
    /** First day of the compared bucket. */
    comparedDate?: string | null;
    /** Breakdown values, in the order of breakdownFields. */
    breakdowns?: BreakdownValue[];
  };

export const DECIMAL_MEASURES: readonly DecimalMeasure[] = ["spend", "revenue", "conversions"];
export const COUNT_MEASURES: readonly CountMeasure[] = ["impressions", "clicks", "reach", "videoViews"];

/** A result row keyed by column name, as the typed row (breakdown.<field> columns become `breakdowns`). */
export function toTypedRow(row: MetricsRow): TypedMetricsRow {
  const out: Record<string, Cell | BreakdownValue[]> = {};
  const breakdowns: BreakdownValue[] = [];
  for (const [k, v] of Object.entries(row)) {
    if (k.startsWith("breakdown.")) breakdowns.push({ field: k.slice("breakdown.".length), value: v === null ? null : String(v) });
    else out[k] = v;
  }
  out.breakdowns = breakdowns;
  return out as TypedMetricsRow;
}
