import { addDays } from "../../../dates.js";
import { badInput } from "../../../errors.js";

/** Period of a marketing mix model's data. */
export type MmmGrain = "day" | "week" | "month";

const RANK: Record<MmmGrain, number> = { day: 0, week: 1, month: 2 };
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
const LABEL: Record<MmmGrain, string> = { day: "daily", week: "weekly", month: "monthly" };

/** The grain one daily series was recorded at: weekly when every value sits on one weekday, monthly on the 1st; null with under 3 values. */
export function seriesGrain(dates: readonly string[], values: readonly number[]): { grain: MmmGrain; weekday?: number } | null {
  const on = dates.filter((_, t) => values[t] !== 0 && Number.isFinite(values[t]!));
  if (on.length < 3) return null;
  if (on.every((d) => d.endsWith("-01"))) return { grain: "month" };
  const w = weekday(on[0]!);
  if (on.every((d) => weekday(d) === w)) return { grain: "week", weekday: w };
  return { grain: "day" };
}

/**
 * The grain of a model's facts, from daily rows (one per calendar day, zero where nothing was recorded):
 * weekly facts sit on one weekday, monthly ones on the 1st. Every series (outcome and each channel) must
 * agree unless an explicit, coarser `grain` is asked for, which sums the finer series into its periods.
 */
export function detectGrain(dates: readonly string[], series: readonly { name: string; values: readonly number[] }[], explicit?: MmmGrain, weekStart = 1): { grain: MmmGrain; weekday: number } {
  if (explicit && !(explicit in RANK)) throw badInput(`grain must be day, week or month; got "${explicit}".`);
  const found = series.map((s) => ({ name: s.name, g: seriesGrain(dates, s.values) })).filter((s) => s.g);
  const coarsest = found.reduce<MmmGrain>((g, s) => (RANK[s.g!.grain] > RANK[g] ? s.g!.grain : g), "day");
  const describe = (s: (typeof found)[number]) => `${s.name} is ${LABEL[s.g!.grain]}${s.g!.grain === "week" ? ` (on ${WEEKDAYS[s.g!.weekday!]}s)` : ""}`;
  if (explicit && RANK[explicit] < RANK[coarsest]) {
    const s = found.find((x) => x.g!.grain === coarsest)!;
    throw badInput(`A ${LABEL[explicit]} model cannot be fitted on these facts: ${describe(s)}. Use grain "${coarsest}", or load ${LABEL[explicit]} facts.`);
  }
  const weekly = found.filter((s) => s.g!.grain === "week");
  const weekdays = [...new Set(weekly.map((s) => s.g!.weekday!))];
  if (weekdays.length > 1) throw badInput(`The weekly series start their weeks on different days (${weekly.map(describe).join(", ")}); load them with the same week start.`);
  const grain = explicit ?? coarsest;
  if (!explicit) {
    const mixed = found.filter((s) => s.g!.grain !== coarsest);
    if (mixed.length) throw badInput(`The facts mix grains: ${[found.find((s) => s.g!.grain === coarsest)!, ...mixed].map(describe).join(", ")}. ` +
      `Load every series at one grain, or set the model's grain to "${coarsest}" (mmm: { grain: "${coarsest}" }) to sum the finer series into ${LABEL[coarsest]} periods.`);
  }
  return { grain, weekday: weekdays[0] ?? weekStart };
}

/** Start dates of the periods that cover [from, to] at a grain; `complete` keeps only periods wholly inside. */
export function periodStarts(from: string, to: string, grain: MmmGrain, weekStartDay: number, complete: boolean): { start: string; end: string }[] {
  if (grain === "day") {
    const out: { start: string; end: string }[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push({ start: d, end: d });
    return out;
  }
  const next = (d: string) => {
    if (grain === "week") return addDays(d, 7);
    const [y, m] = d.split("-").map(Number) as [number, number];
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  };
  let p = grain === "week" ? addDays(from, -((weekday(from) - weekStartDay + 7) % 7)) : `${from.slice(0, 7)}-01`;
  const out: { start: string; end: string }[] = [];
  for (; p <= to; p = next(p)) {
    const end = addDays(next(p), -1);
    if (complete ? p >= from && end <= to : p >= from) out.push({ start: p, end });
  }
  return out;
}

/**
 * Sum daily rows into the periods of a grain (event columns are averaged: the share of the period's days
 * with the event). Periods follow `periodStarts`: when every series was recorded at this grain the facts sit
 * on the period starts, so every period starting in the window is whole; when some were finer, only whole
 * periods are kept so an edge period is not half a week.
 */
export function aggregateToGrain<T extends { spend: number[] }>(
  dates: readonly string[], outcome: readonly number[], channels: readonly T[], events: readonly { name: string; values: number[] }[],
  grain: MmmGrain, weekStartDay: number, finerSeries: boolean,
): { dates: string[]; outcome: number[]; channels: T[]; events: { name: string; values: number[] }[] } {
  if (grain === "day") return { dates: [...dates], outcome: [...outcome], channels: [...channels], events: events.map((e) => ({ ...e })) };
  const periods = periodStarts(dates[0]!, dates[dates.length - 1]!, grain, weekStartDay, finerSeries);
  const index = new Map(dates.map((d, t) => [d, t]));
  const sumOver = (values: readonly number[], p: { start: string; end: string }, mean = false) => {
    let s = 0, n = 0;
    for (let d = p.start; d <= p.end; d = addDays(d, 1)) { const t = index.get(d); if (t !== undefined) { s += values[t]!; n++; } }
    return mean ? (n ? s / n : 0) : s;
  };
  return {
    dates: periods.map((p) => p.start),
    outcome: periods.map((p) => sumOver(outcome, p)),
    channels: channels.map((c) => ({ ...c, spend: periods.map((p) => sumOver(c.spend, p)) })),
    events: events.map((e) => ({ name: e.name, values: periods.map((p) => sumOver(e.values, p, true)) })),
  };
}

/** Check that period dates step by the grain (a day, seven days, a calendar month), so a model is never fitted at the wrong grain. */
export function checkPeriods(dates: readonly string[], grain: MmmGrain): void {
  for (let t = 1; t < dates.length; t++) {
    const [a, b] = [dates[t - 1]!, dates[t]!];
    const ok = grain === "day" ? addDays(a, 1) === b : grain === "week" ? addDays(a, 7) === b
      : b.endsWith("-01") && a.endsWith("-01") && (Number(b.slice(0, 4)) * 12 + Number(b.slice(5, 7))) - (Number(a.slice(0, 4)) * 12 + Number(a.slice(5, 7))) === 1;
    if (!ok) throw badInput(`The model's grain is "${grain}" but period ${t} starts ${b} after ${a}; give one date per ${grain} with no gaps, or detect the grain from the facts.`);
  }
}

/** Periods per year at a grain (Fourier terms and default block sizes). */
export const PERIOD_DAYS: Record<MmmGrain, number> = { day: 1, week: 7, month: 365.25 / 12 };
