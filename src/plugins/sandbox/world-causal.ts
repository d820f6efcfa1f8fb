import Holidays from "date-holidays";
import { normal, uniform } from "./random.js";
import type { BaseParams, ChannelParams } from "./world-params.js";

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
/** The YYYY-MM-DD date of a day number. */
export const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** ISO weekday index, Monday = 0 … Sunday = 6. */
export const weekdayIndex = (day: number): number => (new Date(day * DAY_MS).getUTCDay() + 6) % 7;

/** Every date from start to end inclusive; throws on a malformed or reversed range. */
export function dateRange(start: string, end: string): string[] {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  if (!re.test(start) || !re.test(end) || Number.isNaN(dayNumber(start)) || Number.isNaN(dayNumber(end)))
    throw new Error(`Sandbox world range must be YYYY-MM-DD dates; got start=${start} end=${end}.`);
  const a = dayNumber(start), b = dayNumber(end);
  if (b < a) throw new Error(`Sandbox world end ${end} is before start ${start}; swap them.`);
  return Array.from({ length: b - a + 1 }, (_, i) => dateOf(a + i));
}

/** Geometric adstock: a(t) = x(t) + λ·a(t−1), starting from the steady state of the first week's mean. */
export function geometricAdstock(media: readonly number[], decay: number): number[] {
  const head = media.slice(0, 7);
  const mean = head.length ? head.reduce((s, x) => s + x, 0) / head.length : 0;
  let prev = decay < 1 ? mean / (1 - decay) : 0;
  return media.map((x) => (prev = x + decay * prev));
}

/** Hill saturation x^s / (x^s + K^s), in [0, 1). */
export function hill(x: number, halfSaturation: number, slope: number): number {
  if (x <= 0) return 0;
  const xs = Math.pow(x, slope);
  return xs / (xs + Math.pow(halfSaturation, slope));
}

/** Incremental revenue per day of a channel, from its daily media. */
export function channelContribution(media: readonly number[], p: ChannelParams): { adstock: number[]; contribution: number[] } {
  const adstock = geometricAdstock(media, p.adstockDecay);
  return { adstock, contribution: adstock.map((a) => p.coefficient * hill(a, p.halfSaturation, p.hillSlope)) };
}

/** US holiday multipliers by date, from date-holidays (public holidays and named shopping days). */
export function holidayMultipliers(dates: readonly string[], base: BaseParams): Map<string, { name: string; multiplier: number }> {
  const hd = new Holidays("US");
  const years = new Set(dates.map((d) => Number(d.slice(0, 4))));
  const wanted = new Set(dates);
  const out = new Map<string, { name: string; multiplier: number }>();
  for (const y of years) {
    for (const h of hd.getHolidays(y)) {
      const date = h.date.slice(0, 10);
      if (!wanted.has(date)) continue;
      const multiplier = base.shoppingDays[h.name] ?? (h.type === "public" ? base.publicHoliday : undefined);
      if (multiplier !== undefined) out.set(date, { name: h.name, multiplier });
    }
  }
  return out;
}

/** The business's base revenue per day: level × trend × weekday × holiday × log-normal noise. */
export function baseRevenue(seed: number, dates: readonly string[], base: BaseParams): number[] {
  const holidays = holidayMultipliers(dates, base);
  return dates.map((date, i) => {
    const day = dayNumber(date);
    const noise = Math.exp(base.noiseSd * normal(seed, 7, day) - (base.noiseSd * base.noiseSd) / 2);
    return base.revenuePerDay * (1 + (base.trendPerYear * i) / 365) * base.weekly[weekdayIndex(day)]! * (holidays.get(date)?.multiplier ?? 1) * noise;
  });
}

/**
 * A channel's spend pulse on an absolute day: two slow waves times weekly flights (bursts ×1.7,
 * dark weeks ×0.35), so spend varies enough for a model to identify its effect. Depends only on the
 * date, so worlds with different ranges agree on the days they share.
 */
export function spendPulse(seed: number, channelKey: number, day: number): number {
  const ph1 = 2 * Math.PI * uniform(seed, channelKey, 31), ph2 = 2 * Math.PI * uniform(seed, channelKey, 32);
  const wave = 0.18 * Math.sin((2 * Math.PI * day) / 29 + ph1) + 0.12 * Math.sin((2 * Math.PI * day) / 11 + ph2);
  const u = uniform(seed, channelKey, 33, Math.floor((day + 3) / 7));
  return Math.exp(wave) * (u < 0.12 ? 1.7 : u < 0.2 ? 0.35 : 1);
}

/** Share of final attributed conversions a platform has reported for a day `age` days old (1 = yesterday). */
export function maturity(age: number, epoch: number, lookbackDays: number): number {
  const a = age + epoch;
  return a >= lookbackDays ? 1 : 0.55 + (0.45 * Math.max(0, a)) / lookbackDays;
}
