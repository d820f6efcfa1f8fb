import { sql, type SQL } from "drizzle-orm";
import type { Measure } from "./query.js";

/** The sums every aggregation keeps; derived measures are ratios of these (never averages). */
export const SUMS = ["spend", "revenue", "impressions", "clicks", "conversions", "reach", "video_views"] as const;
export type SumColumn = (typeof SUMS)[number];

/**
 * How a measure's value travels (the API's one scalar convention): money and other sums of stored decimals
 * (conversions) as exact decimal strings; whole counts as integers; ratios as floats rounded to 6 decimals.
 */
export type MeasureKind = "money" | "decimal" | "count" | "ratio";

interface MeasureDef {
  kind: MeasureKind;
  /** The value from the sum columns named `${p}spend` etc. (p is an alias and prefix such as "p.s_"). */
  expr: (p: string) => SQL;
}

const s = (p: string, col: SumColumn) => sql.raw(`${p}${col}`);
const ratio = (num: SQL, den: SQL) => sql`(${num}::numeric / nullif(${den}, 0))`;

export const MEASURE_DEFS: Record<Measure, MeasureDef> = {
  spend: { kind: "money", expr: (a) => s(a, "spend") },
  revenue: { kind: "money", expr: (a) => s(a, "revenue") },
  impressions: { kind: "count", expr: (a) => s(a, "impressions") },
  clicks: { kind: "count", expr: (a) => s(a, "clicks") },
  conversions: { kind: "decimal", expr: (a) => s(a, "conversions") },
  reach: { kind: "count", expr: (a) => s(a, "reach") },
  videoViews: { kind: "count", expr: (a) => s(a, "video_views") },
  cpm: { kind: "ratio", expr: (a) => ratio(sql`${s(a, "spend")} * 1000`, s(a, "impressions")) },
  cpc: { kind: "ratio", expr: (a) => ratio(s(a, "spend"), s(a, "clicks")) },
  ctr: { kind: "ratio", expr: (a) => ratio(s(a, "clicks"), s(a, "impressions")) },
  cvr: { kind: "ratio", expr: (a) => ratio(s(a, "conversions"), s(a, "clicks")) },
  cpa: { kind: "ratio", expr: (a) => ratio(s(a, "spend"), s(a, "conversions")) },
  roas: { kind: "ratio", expr: (a) => ratio(s(a, "revenue"), s(a, "spend")) },
  aov: { kind: "ratio", expr: (a) => ratio(s(a, "revenue"), s(a, "conversions")) },
};

// Six decimals: exact for money in every ISO 4217 currency and far below any reporting precision.
const out = (kind: MeasureKind, v: SQL): SQL =>
  kind === "money" || kind === "decimal" ? sql`trim_scale(round(${v}, 6))::text` : sql`round((${v})::numeric, 6)::float8`;

/** The output value of measure `m` from the sums prefixed `a`. */
export const measureOut = (m: Measure, a: string): SQL => out(MEASURE_DEFS[m].kind, MEASURE_DEFS[m].expr(a));

/** Absolute change (current − compared) of measure `m` between the sums prefixed `a` and `c`. */
export const changeOut = (m: Measure, a: string, c: string): SQL =>
  out(MEASURE_DEFS[m].kind, sql`(${MEASURE_DEFS[m].expr(a)} - ${MEASURE_DEFS[m].expr(c)})`);

/** Relative change (current − compared) ÷ compared; null when the compared value is 0 or missing. */
export const relativeOut = (m: Measure, a: string, c: string): SQL =>
  sql`round(((${MEASURE_DEFS[m].expr(a)} - ${MEASURE_DEFS[m].expr(c)}) / nullif(${MEASURE_DEFS[m].expr(c)}, 0))::numeric, 6)::float8`;
