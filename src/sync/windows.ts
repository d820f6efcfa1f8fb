/** An inclusive date window, YYYY-MM-DD. */
export interface DateWindow {
  start: string;
  end: string;
}

const DAY = 86_400_000;

/** The date `days` after (or before, when negative) an ISO date. */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Days from a to b, inclusive of both. */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY) + 1;

/** Whether a string is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Split [start, end] into consecutive windows of at most `maxDays` days, oldest first. */
export function splitWindows(range: DateWindow, maxDays: number): DateWindow[] {
  if (range.start > range.end) return [];
  const size = Math.max(1, Math.floor(maxDays));
  const out: DateWindow[] = [];
  for (let start = range.start; start <= range.end; start = addDays(start, size)) {
    const end = addDays(start, size - 1);
    out.push({ start, end: end < range.end ? end : range.end });
  }
  return out;
}

/** How far back a first sync reads when the config has no startDate: 90 days is what most platforms keep at full detail. */
export const DEFAULT_HISTORY_DAYS = 90;

/**
 * The range one stream reads. An explicit range is read as given (a backfill); otherwise from the
 * saved cursor minus the lookback (re-reading restated days), or from the config's startDate /
 * the default history on a first sync; always up to `today`.
 */
export function planRange(opts: { today: string; cursor?: string; lookbackDays: number; range?: Partial<DateWindow>; startDate?: string }): DateWindow {
  const end = opts.range?.end ?? opts.today;
  if (opts.range?.start) return { start: opts.range.start, end };
  if (opts.cursor) {
    const fromCursor = addDays(opts.cursor, opts.lookbackDays > 0 ? 1 - opts.lookbackDays : 1);
    return { start: opts.startDate && opts.startDate > fromCursor ? opts.startDate : fromCursor, end };
  }
  return { start: opts.startDate ?? addDays(opts.today, 1 - DEFAULT_HISTORY_DAYS), end };
}
