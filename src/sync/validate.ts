import type { FactRow } from "../db/facts.js";
import { isIsoDate, addDays } from "./windows.js";

/** numeric(20, 6) holds 14 integer digits. */
const MAX_ABS = 1e14;
const DECIMAL = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/** A rule violation: which field, and what is wrong, in words that say what to fix. */
export interface RuleViolation {
  field: string;
  reason: string;
}

function measure(row: FactRow, field: "spend" | "conversions" | "revenue" | "impressions" | "clicks" | "reach" | "videoViews", opts: { integer?: boolean; nonNegative?: boolean }): RuleViolation | undefined {
  const v = row[field];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "number" ? v : DECIMAL.test(String(v).trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) return { field, reason: `${field} is not a number` };
  if (opts.integer && !Number.isInteger(n)) return { field, reason: `${field} must be a whole number` };
  if (opts.nonNegative && n < 0) return { field, reason: `${field} is negative` };
  if (Math.abs(n) >= MAX_ABS) return { field, reason: `${field} is too large (at most 14 integer digits)` };
  return undefined;
}

// Rows come day by day: the last valid date and today's limit are remembered rather than parsed again for every row
// (two Date objects a row were ~5 % of a sync's CPU, bench/sync).
let last = { today: "", latest: "", date: "2000-01-01" };

/**
 * The quality rules every fact must pass before it is loaded (DESIGN.md §3 facts rules): a real
 * date not in the future, a 3-letter currency, finite measures, non-negative delivery counts.
 * `today` is the run's date; one day of slack allows for account timezones ahead of UTC.
 */
export function checkFact(row: FactRow, today: string): RuleViolation | undefined {
  if (!row.platform) return { field: "platform", reason: "platform is empty" };
  if (!row.stream) return { field: "stream", reason: "stream is empty" };
  if (row.date !== last.date && !isIsoDate(row.date)) return { field: "date", reason: `date ${JSON.stringify(row.date)} is not a YYYY-MM-DD calendar date` };
  last.date = row.date;
  if (today !== last.today) last = { today, latest: addDays(today, 1), date: row.date };
  if (row.date > last.latest) return { field: "date", reason: `date ${row.date} is in the future` };
  if (typeof row.currency !== "string" || !/^[A-Z]{3}$/.test(row.currency)) return { field: "currency", reason: "currency must be a 3-letter ISO 4217 code" };
  return (
    measure(row, "spend", { nonNegative: true }) ??
    measure(row, "impressions", { integer: true, nonNegative: true }) ??
    measure(row, "clicks", { integer: true, nonNegative: true }) ??
    measure(row, "conversions", {}) ??
    measure(row, "revenue", {}) ??
    measure(row, "reach", { integer: true, nonNegative: true }) ??
    measure(row, "videoViews", { integer: true, nonNegative: true })
  );
}
