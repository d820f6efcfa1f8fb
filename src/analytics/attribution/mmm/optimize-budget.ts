import { badInput } from "../../../errors.js";
import { quantile } from "../../stats/descriptive.js";
import { hill } from "./transforms.js";
import type { Estimate, MmmModel } from "./types.js";

/** Per-channel bounds on spend per period. */
export interface BudgetConstraint {
  /** Channel name. */
  channel: string;
  /** Minimum spend per period (default 0). */
  min?: number;
  /** Maximum spend per period (default: the whole budget). */
  max?: number;
}

/** The allocation that maximises predicted outcome, and what it is expected to bring. */
export interface BudgetPlan {
  /** Periods the budget covers (the model's grain). */
  periods: number;
  /** Spend per channel over all periods, per period, and the current average per period. */
  allocation: { channel: string; spend: number; perPeriod: number; currentPerPeriod: number; expectedContribution: number }[];
  /** Outcome from media over all periods (steady state), with its bootstrap interval. */
  expectedMediaOutcome: Estimate;
  /** Media plus the model's average baseline per period × periods. */
  expectedTotalOutcome: Estimate;
  /** Media outcome of the current mix scaled to the same budget, for comparison. */
  currentMixMediaOutcome: number;
}

type Model = Pick<MmmModel, "channels" | "baselinePerPeriod" | "level">;

/**
 * Maximise Σ β_c·hill(x_c) subject to Σ x_c = budget/periods and per-channel bounds. Greedy marginal
 * allocation in 1/2000 steps with a look-ahead of 1, 10 and 100 steps, so S-shaped (α > 1) curves are
 * not stranded at zero; exact for concave curves up to the step size. Steady state: normalised adstock
 * turns a constant spend x into x.
 */
export function optimizeBudget(fitted: Model, budget: number, opts: { periods?: number; constraints?: BudgetConstraint[] } = {}): BudgetPlan {
  const periods = opts.periods ?? 1;
  if (!(budget > 0) || !(periods >= 1)) throw badInput("Give a positive budget and at least one period.");
  const perPeriod = budget / periods;
  // Organic channels (no spend) are not allocated; they keep their average volume and add to the base.
  const organic = fitted.channels.filter((c) => c.organic);
  for (const c of opts.constraints ?? []) if (organic.some((o) => o.name === c.channel)) throw badInput(`Constraint names channel "${c.channel}", which is organic (no spend) and is not allocated.`);
  const model: Model = { ...fitted, channels: fitted.channels.filter((c) => !c.organic) };
  if (model.channels.length === 0) throw badInput("The model has no paid channel to allocate a budget to.");
  const names = model.channels.map((c) => c.name);
  for (const c of opts.constraints ?? []) if (!names.includes(c.channel)) throw badInput(`Constraint names channel "${c.channel}", which the model does not have (${names.join(", ")}).`);
  const bound = (name: string) => opts.constraints?.find((c) => c.channel === name);
  const lo = model.channels.map((c) => bound(c.name)?.min ?? 0);
  const hi = model.channels.map((c) => Math.min(bound(c.name)?.max ?? perPeriod, perPeriod));
  if (lo.some((l, j) => l > hi[j]!)) throw badInput("A channel's minimum is above its maximum.");
  const sumLo = lo.reduce((a, b) => a + b, 0), sumHi = hi.reduce((a, b) => a + b, 0);
  if (sumLo > perPeriod + 1e-9) throw badInput(`The minimums add up to ${sumLo} per period, more than the budget of ${perPeriod} per period.`);
  if (sumHi < perPeriod - 1e-9) throw badInput(`The maximums add up to ${sumHi} per period, less than the budget of ${perPeriod} per period; raise them or lower the budget.`);
  const f = (j: number, x: number) => { const c = model.channels[j]!; return c.beta * hill(x, c.alpha, c.k); };
  const x = [...lo];
  const step = (perPeriod - sumLo) / 2000;
  let left = perPeriod - sumLo;
  while (left > 1e-9 * perPeriod) {
    let bestJ = -1, bestGain = -Infinity, bestAmount = 0;
    for (let j = 0; j < x.length; j++) {
      for (const k of [1, 10, 100]) {
        const amount = Math.min(k * step, hi[j]! - x[j]!, left);
        if (amount <= 0) continue;
        const gain = (f(j, x[j]! + amount) - f(j, x[j]!)) / amount;
        if (gain > bestGain + 1e-15) { bestGain = gain; bestJ = j; bestAmount = Math.min(step, amount); }
      }
    }
    if (bestJ < 0) break;
    x[bestJ] += bestAmount;
    left -= bestAmount;
  }
  const media = (xs: number[]) => xs.reduce((s, v, j) => s + f(j, v), 0) * periods;
  const drawCount = Math.min(...model.channels.map((c) => c.draws.length));
  const drawOutcomes = Array.from({ length: drawCount }, (_, b) => model.channels.reduce((s, c, j) => s + c.draws[b]!.beta * hill(x[j]!, c.draws[b]!.alpha, c.draws[b]!.k), 0) * periods);
  const a = (1 - model.level) / 2;
  const value = media(x);
  const low = drawCount ? quantile(drawOutcomes, a) : value, high = drawCount ? quantile(drawOutcomes, 1 - a) : value;
  const base = (model.baselinePerPeriod + organic.reduce((s, c) => s + c.beta * hill(c.meanSpend, c.alpha, c.k), 0)) * periods;
  const currentTotal = model.channels.reduce((s, c) => s + c.meanSpend, 0);
  const current = model.channels.map((c) => (currentTotal > 0 ? (c.meanSpend / currentTotal) * perPeriod : perPeriod / model.channels.length));
  return {
    periods,
    allocation: model.channels.map((c, j) => ({ channel: c.name, spend: x[j]! * periods, perPeriod: x[j]!, currentPerPeriod: c.meanSpend, expectedContribution: f(j, x[j]!) * periods })),
    expectedMediaOutcome: { value, low, high },
    expectedTotalOutcome: { value: value + base, low: low + base, high: high + base },
    currentMixMediaOutcome: media(current),
  };
}
