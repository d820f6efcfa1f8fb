import { addDays, addMonths, daysInMonth, ymd } from "../../dates.js";
import type { CompareTo, DateRange } from "../metrics/query.js";

const parts = (d: string) => d.split("-").map(Number) as [number, number, number];
const isMonthStart = (d: string) => parts(d)[2] === 1;
const isMonthEnd = (d: string) => parts(d)[2] === daysInMonth(parts(d)[0], parts(d)[1]);
const monthsSpanned = (r: DateRange) => (parts(r.to)[0] - parts(r.from)[0]) * 12 + parts(r.to)[1] - parts(r.from)[1] + 1;

/**
 * "The period before" a range: for whole calendar months, quarters or years, the same number of calendar
 * months before (October → September, not the 31 days before); for any other range, the days just before.
 */
export function periodBefore(r: DateRange): CompareTo {
  if (isMonthStart(r.from) && isMonthEnd(r.to)) {
    const n = monthsSpanned(r);
    const from = addMonths(r.from, -n);
    const end = addMonths(r.from, -1);
    return { type: "custom", range: { from, to: ymd(parts(end)[0], parts(end)[1], daysInMonth(parts(end)[0], parts(end)[1])) } };
  }
  return { type: "previousPeriod" };
}

/**
 * A to-date period compared with the unit before it ("this month vs last month", "this week vs last week"):
 * the same days of the unit before, so a half month is not set against a whole one. Null when the phrases are not that.
 */
export function toDateShift(main: { text: string; range: DateRange }, other: { text: string }): CompareTo | null {
  const unit = (s: string) => /\b(?:this|current) (week|month|quarter|year)\b|\b(w|m|q|y)td\b|\b(week|month|quarter|year) to date\b/.exec(s);
  const last = /\b(?:last|previous|prior|past) (week|month|quarter|year)\b/.exec(other.text);
  const u = unit(main.text);
  const mainUnit = u ? (u[1] ?? u[3] ?? { w: "week", m: "month", q: "quarter", y: "year" }[u[2]!]) : undefined;
  if (!mainUnit || !last || last[1] !== mainUnit) return null;
  if (mainUnit === "week") return { type: "custom", range: { from: addDays(main.range.from, -7), to: addDays(main.range.to, -7) } };
  const n = { month: 1, quarter: 3, year: 12 }[mainUnit as "month" | "quarter" | "year"];
  return { type: "custom", range: { from: addMonths(main.range.from, -n), to: addMonths(main.range.to, -n) } };
}

/** Month over month: a single month compares with the calendar month before; a longer range is shown by month. */
export function monthOverMonth(r: DateRange): { compareTo?: CompareTo; grain?: "month" } {
  return isMonthStart(r.from) && isMonthEnd(r.to) && monthsSpanned(r) === 1 ? { compareTo: periodBefore(r) } : { grain: "month" };
}
