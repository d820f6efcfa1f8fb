import type { ConsoleModelsQuery } from "../../../generated/graphql";

// Helpers over ConsoleModels' typed model (decomposition and response curves).
export type Model = ConsoleModelsQuery["attributionModels"]["edges"][number]["node"];
export type ModelResult = Model["results"][number];

export const responseCurve = (r: ModelResult) => r.responseCurve?.points ?? [];

/** Daily contribution averaged per ISO week and component (base + controls + each channel), for a stacked chart. */
export function weeklyDecomposition(model: Model): { week: Date; component: string; value: number }[] {
  const out = new Map<string, number>();
  const days = new Map<string, number>();
  for (const r of model.decomposition ?? []) {
    const d = new Date(`${r.date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    const wk = d.toISOString().slice(0, 10);
    days.set(wk, (days.get(wk) ?? 0) + 1);
    const add = (c: string, v: number) => out.set(`${wk}|${c}`, (out.get(`${wk}|${c}`) ?? 0) + v);
    add("baseline", r.base + r.trend + r.seasonality + r.calendar + r.events);
    for (const c of r.channels) add(c.channel, c.value);
  }
  return [...out].map(([k, value]) => {
    const [week, component] = k.split("|") as [string, string];
    return { week: new Date(`${week}T00:00:00Z`), component, value: value / days.get(week)! };
  });
}

/** Periods (days) the model's data covers, for spend per period. */
export const periodsOf = (m: Model) => m.decomposition?.length || 1;
