/** Plain YYYY-MM-DD date arithmetic in UTC (a calendar day has no timezone). */
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== "string" || !ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const toDate = (s: string): Date => new Date(`${s}T00:00:00Z`);
export const fmt = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (s: string, n: number): string => fmt(new Date(toDate(s).getTime() + n * DAY_MS));
/** Whole days from `a` to `b` (b − a). */
export const daysBetween = (a: string, b: string): number => Math.round((toDate(b).getTime() - toDate(a).getTime()) / DAY_MS);
/** Days in the window [a, b], both ends included. */
export const daysInclusive = (a: string, b: string): number => daysBetween(a, b) + 1;
export const ymd = (y: number, m: number, d: number): string => fmt(new Date(Date.UTC(y, m - 1, d)));
export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Add months, clamping the day to the target month's length (2024-02-29 − 12 months = 2023-02-28). */
export function addMonths(s: string, n: number): string {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + n;
  const ty = Math.floor(idx / 12), tm = (idx % 12) + 1;
  return ymd(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export const isoDayOfWeek = (s: string): number => ((toDate(s).getUTCDay() + 6) % 7) + 1;

/** ISO 8601 week-numbering year and week (the week with the year's first Thursday is week 1). */
export function isoWeek(s: string): { isoYear: number; isoWeek: number; weekStart: string } {
  const weekStart = addDays(s, 1 - isoDayOfWeek(s));
  const thursday = addDays(weekStart, 3);
  const isoYear = Number(thursday.slice(0, 4));
  const isoWeekNo = Math.floor(daysBetween(ymd(isoYear, 1, 1), thursday) / 7) + 1;
  return { isoYear, isoWeek: isoWeekNo, weekStart };
}

/** Every date from `from` to `to`, inclusive. */
export function* eachDay(from: string, to: string): Generator<string> {
  for (let d = from; d <= to; d = addDays(d, 1)) yield d;
}
