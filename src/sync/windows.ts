import { addDays } from "../dates.js";

/** An inclusive date window, YYYY-MM-DD. */
export interface DateWindow {
  start: string;
  end: string;
}

// Date arithmetic lives in src/dates.ts; re-exported for the sync engine and connector tests.
export { addDays, isIsoDate } from "../dates.js";

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
