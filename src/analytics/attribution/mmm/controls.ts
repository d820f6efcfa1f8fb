import Holidays from "date-holidays";
import type { MmmGrain } from "./grain.js";

/** A named regressor column. */
export interface Column {
  /** Column name ("trend", "sin1_year", "weekday_2", "holiday", an event name). */
  name: string;
  /** Group it is reported under in the decomposition. */
  group: "trend" | "seasonality" | "calendar" | "events";
  /** Values per period. */
  values: Float64Array;
}

const DAY_MS = 86_400_000;
/** Observances that move retail demand by far more than a normal day (date-holidays names). */
const RETAIL_PEAKS = new Set(["Day after Thanksgiving Day"]);
const dayIndex = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;

/**
 * Control regressors for the periods: a linear trend, Fourier terms of the year (order `fourierOrder`;
 * period 365.25 days, evaluated at each period's start), weekday dummies (daily data only; Monday is the
 * baseline), a public-holiday indicator from date-holidays (any holiday inside the period for weekly and
 * monthly data) and, for daily data, one column per
 * recurring observance (shopping days), plus event columns.
 */
export function controlColumns(dates: readonly string[], opts: { grain: MmmGrain; fourierOrder?: number; country?: string; region?: string; events?: { name: string; values: number[] }[] }): Column[] {
  const n = dates.length;
  const t0 = dayIndex(dates[0]!);
  const days = dates.map(dayIndex);
  const cols: Column[] = [{ name: "trend", group: "trend", values: Float64Array.from(days, (d) => (d - t0) / 365.25) }];
  for (let k = 1; k <= (opts.fourierOrder ?? 2); k++) {
    cols.push({ name: `sin${k}_year`, group: "seasonality", values: Float64Array.from(days, (d) => Math.sin((2 * Math.PI * k * d) / 365.25)) });
    cols.push({ name: `cos${k}_year`, group: "seasonality", values: Float64Array.from(days, (d) => Math.cos((2 * Math.PI * k * d) / 365.25)) });
  }
  if (opts.grain === "day") {
    const wd = days.map((d) => (((Math.floor(d) + 3) % 7) + 7) % 7); // 0 = Monday (1970-01-01 was a Thursday)
    for (let w = 1; w < 7; w++) cols.push({ name: `weekday_${w + 1}`, group: "calendar", values: Float64Array.from(wd, (x) => (x === w ? 1 : 0)) });
  }
  if (opts.country) {
    const hd = opts.region ? new Holidays(opts.country, opts.region) : new Holidays(opts.country);
    // One getHolidays call per year (isHoliday per day is ~100× slower).
    const years = [...new Set(dates.map((d) => Number(d.slice(0, 4))))];
    const all = years.flatMap((y) => [y, y + 1]).flatMap((y) => hd.getHolidays(y)).map((h) => ({ date: h.date.slice(0, 10), type: h.type, name: h.name }));
    // A period holds a holiday when any of its days is one (a week: 7 days; a month: to the next period's start).
    const span = (t: number) => (opts.grain === "day" ? 1 : opts.grain === "week" ? 7 : t + 1 < n ? days[t + 1]! - days[t]! : 31);
    const indicator = (set: Set<string>) => Float64Array.from(days, (d, t) => {
      for (let i = 0; i < span(t); i++) if (set.has(new Date((d + i) * DAY_MS).toISOString().slice(0, 10))) return 1;
      return 0;
    });
    const add = (name: string, set: Set<string>) => { const values = indicator(set); if (values.some((v) => v !== 0)) cols.push({ name, group: "calendar", values }); };
    add("holiday", new Set(all.filter((h) => h.type === "public").map((h) => h.date)));
    // Daily data: each observance (shopping days such as Black Friday, Halloween) gets its own column when it
    // falls in the window at least twice, so one-off days do not get a free parameter — except retail
    // peaks, whose one day is large enough to bend the whole fit if left in the residuals.
    if (opts.grain === "day") {
      const names = [...new Set(all.filter((h) => h.type === "observance").map((h) => h.name))].sort();
      for (const name of names) {
        const set = new Set(all.filter((h) => h.type === "observance" && h.name === name).map((h) => h.date));
        if (indicator(set).reduce((a, b) => a + b, 0) >= (RETAIL_PEAKS.has(name) ? 1 : 2)) add(`holiday:${name}`, set);
      }
    }
  }
  for (const e of opts.events ?? []) cols.push({ name: e.name, group: "events", values: Float64Array.from(e.values) });
  return cols.filter((c) => c.values.length === n);
}
