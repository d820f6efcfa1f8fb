// Calendar dates as YYYY-MM-DD strings (UTC arithmetic; no time zones involved).

const DAY = 86_400_000;
export const toDate = (s: string) => new Date(`${s}T00:00:00Z`);
export const iso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (s: string, n: number) => iso(new Date(toDate(s).getTime() + n * DAY));
export const daysBetween = (from: string, to: string) => Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY) + 1;

export interface Range {
  from: string;
  to: string;
}

/** The period of the same length that ends the day before `range` starts. */
export function previousPeriod(range: Range): Range {
  const n = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -n), to: addDays(range.from, -1) };
}

/** The last `days` days ending yesterday (UTC). */
export function lastDays(days: number, today = iso(new Date())): Range {
  const to = addDays(today, -1);
  return { from: addDays(to, -(days - 1)), to };
}
