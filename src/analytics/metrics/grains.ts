import { sql, type SQL } from "drizzle-orm";
import { addDays, isoDayOfWeek, isoWeek, ymd } from "../../dates.js";
import { fiscalPosition } from "../calendar/fiscal.js";
import type { Grain } from "./query.js";

/** SQL: the start date of the grain bucket that fact `f` (calendar row `c`) falls in. */
export function bucketExpr(g: Grain): SQL {
  switch (g) {
    case "day": return sql`f.date`;
    case "week": return sql`(f.date - (extract(isodow from f.date)::int - 1))`;
    case "month": case "fiscalMonth": return sql`date_trunc('month', f.date)::date`;
    case "quarter": return sql`date_trunc('quarter', f.date)::date`;
    case "year": return sql`date_trunc('year', f.date)::date`;
    case "fiscalQuarter": return sql`c.fiscal_quarter_start`;
    case "fiscalYear": return sql`c.fiscal_year_start`;
  }
}

export const grainNeedsCalendar = (g?: Grain): boolean => g === "fiscalQuarter" || g === "fiscalYear";

/** The start date of the bucket `date` falls in (JS twin of bucketExpr). */
export function bucketStart(date: string, g: Grain, fiscalStartMonth: number): string {
  const y = Number(date.slice(0, 4)), m = Number(date.slice(5, 7));
  switch (g) {
    case "day": return date;
    case "week": return addDays(date, 1 - isoDayOfWeek(date));
    case "month": case "fiscalMonth": return ymd(y, m, 1);
    case "quarter": return ymd(y, Math.floor((m - 1) / 3) * 3 + 1, 1);
    case "year": return ymd(y, 1, 1);
    case "fiscalQuarter": return fiscalPosition(date, fiscalStartMonth).fiscalQuarterStart;
    case "fiscalYear": return fiscalPosition(date, fiscalStartMonth).fiscalYearStart;
  }
}

const MONTHS_PER: Partial<Record<Grain, number>> = { month: 1, fiscalMonth: 1, quarter: 3, fiscalQuarter: 3, year: 12, fiscalYear: 12 };

/** SQL: the bucket's position counted from the range's first bucket, so compared periods line up. */
export function ordinalExpr(g: Grain | undefined, bucket: SQL, firstBucket: string): SQL {
  if (!g) return sql`0`;
  if (g === "day") return sql`(${bucket} - ${firstBucket}::date)`;
  if (g === "week") return sql`((${bucket} - ${firstBucket}::date) / 7)`;
  const months = sql`((extract(year from ${bucket})::int * 12 + extract(month from ${bucket})::int) - (extract(year from ${firstBucket}::date)::int * 12 + extract(month from ${firstBucket}::date)::int))`;
  return sql`(${months} / ${MONTHS_PER[g]!})`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A readable label of the bucket starting on `start`: 2024-W09, 2024-03, 2024-Q1, FY2025-Q1 … */
export function bucketLabel(start: string, g: Grain, fiscalStartMonth: number): string {
  const y = start.slice(0, 4), m = Number(start.slice(5, 7));
  switch (g) {
    case "day": return start;
    case "week": { const w = isoWeek(start); return `${w.isoYear}-W${pad(w.isoWeek)}`; }
    case "month": return start.slice(0, 7);
    case "quarter": return `${y}-Q${Math.ceil(m / 3)}`;
    case "year": return y;
    default: {
      const p = fiscalPosition(start, fiscalStartMonth);
      if (g === "fiscalMonth") return `FY${p.fiscalYear}-M${pad(p.fiscalMonth)}`;
      if (g === "fiscalQuarter") return `FY${p.fiscalYear}-Q${p.fiscalQuarter}`;
      return `FY${p.fiscalYear}`;
    }
  }
}
