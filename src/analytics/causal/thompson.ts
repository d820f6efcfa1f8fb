import { badInput } from "../../errors.js";
import { betaDraw, quantile, seededRandom, studentTDraw } from "../stats/index.js";

/** One arm's daily results (a channel or a campaign). */
export interface ArmDay {
  spend: number;
  clicks: number;
  conversions: number;
  revenue: number;
}

export interface Arm {
  key: string;
  days: ArmDay[];
  /** Smallest and largest spend this arm may get (per period); default 0 and the whole budget. */
  min?: number | null;
  max?: number | null;
}

/**
 * "beta_binomial": conversions per click ~ Beta(1 + conversions, 1 + clicks − conversions), turned into
 * conversions per unit of spend at the arm's observed cost per click. "gaussian_roas": revenue per unit of
 * spend with a Normal–Gamma posterior (Student-t on its mean) from spend-weighted daily ROAS.
 */
export type BanditModel = "beta_binomial" | "gaussian_roas";

export interface ThompsonOptions {
  model: BanditModel;
  /** Budget to allocate per period (same unit as spend). */
  budget: number;
  /** Share of the budget each arm keeps at least, so no arm stops learning (default 0.05). */
  explorationFloor?: number | null;
  /** Posterior draws averaged into the recommendation (default 2,000). */
  draws?: number | null;
  /** Seed of the draws: same data and seed, same recommendation. */
  seed?: number | null;
}

export interface ArmRecommendation {
  key: string;
  /** Average spend per day over the data. */
  currentSpend: number;
  /** Recommended spend per period. */
  recommendedSpend: number;
  /** recommendedSpend ÷ budget. */
  share: number;
  /** Share of posterior draws in which this arm had the best value per unit of spend. */
  probabilityBest: number;
  /** Posterior mean of value per unit of spend (conversions or revenue per unit). */
  valuePerSpend: number;
  /** 90 % posterior interval of value per unit of spend. */
  valueInterval: { low: number; high: number };
  /** Days of data behind the posterior. */
  observations: number;
}

export interface BudgetRecommendation {
  model: BanditModel;
  budget: number;
  arms: ArmRecommendation[];
  /** Expected value of the recommended split under the posterior means. */
  expectedValue: number;
  seed: number;
}

/** A sampler of one arm's value per unit of spend. */
export type PosteriorSampler = (rand: () => number) => number;

/** The posterior of one arm's value per unit of spend under the chosen model (flat priors). */
export function armPosterior(days: readonly ArmDay[], model: BanditModel): PosteriorSampler {
  const spend = days.reduce((s, d) => s + d.spend, 0);
  if (model === "beta_binomial") {
    const clicks = days.reduce((s, d) => s + d.clicks, 0);
    const conv = Math.min(days.reduce((s, d) => s + d.conversions, 0), clicks);
    const clicksPerSpend = spend > 0 ? clicks / spend : 0;
    return (rand) => betaDraw(rand, 1 + conv, 1 + clicks - conv) * clicksPerSpend;
  }
  const paid = days.filter((d) => d.spend > 0);
  if (paid.length === 0) return () => 0;
  const mean = paid.reduce((s, d) => s + d.revenue, 0) / spend;
  const n = paid.length;
  // Spend-weighted variance of daily ROAS around the pooled ROAS, and the effective sample size of those weights.
  const w2 = paid.reduce((s, d) => s + d.spend ** 2, 0);
  const ss = paid.reduce((s, d) => s + d.spend * (d.revenue / d.spend - mean) ** 2, 0) / spend;
  const nEff = spend ** 2 / w2;
  const scale = n > 1 ? Math.sqrt((ss * n) / (n - 1) / nEff) : Math.abs(mean);
  const df = Math.max(n - 1, 1);
  return (rand) => mean + scale * studentTDraw(rand, df);
}

/** Split `budget` greedily by value: floors first, then arms in order of value up to their caps. */
export function fillByValue(values: readonly number[], budget: number, floors: readonly number[], caps: readonly number[]): number[] {
  const out = floors.slice();
  let left = budget - floors.reduce((s, v) => s + v, 0);
  for (const i of values.map((_, k) => k).sort((a, b) => values[b]! - values[a]!)) {
    if (left <= 0) break;
    const add = Math.min(left, caps[i]! - out[i]!);
    out[i] += add;
    left -= add;
  }
  return out;
}

/** Floors and caps per arm after the exploration floor, checked against the budget. */
export function armBounds(arms: readonly Arm[], budget: number, floorShare: number) {
  const floors = arms.map((a) => Math.max(a.min ?? 0, floorShare * budget));
  const caps = arms.map((a, i) => Math.max(a.max ?? budget, floors[i]!));
  const sumFloors = floors.reduce((s, v) => s + v, 0);
  if (sumFloors > budget + 1e-9) throw badInput(`The floors add up to ${sumFloors.toFixed(2)}, more than the budget ${budget}; lower the exploration floor or the minimums.`);
  if (caps.reduce((s, v) => s + v, 0) < budget - 1e-9) throw badInput(`The caps add up to less than the budget ${budget}; raise a maximum or lower the budget.`);
  return { floors, caps };
}

/**
 * Thompson-sampling budget split (Russo et al. 2018, "A Tutorial on Thompson Sampling", §7 on
 * allocation): each posterior draw fills the budget by sampled value per unit of spend within the
 * bounds; the recommendation averages the draws, so arms get budget in proportion to how likely
 * they are to be worth it, and uncertain arms keep being explored.
 */
export function thompsonBudget(arms: readonly Arm[], opts: ThompsonOptions): BudgetRecommendation {
  if (arms.length === 0) throw badInput("No arm has data in the range; widen the date range or the filter.");
  if (!(opts.budget > 0)) throw badInput("budget must be a positive amount per period.");
  const floorShare = opts.explorationFloor ?? 0.05;
  if (floorShare < 0 || floorShare * arms.length > 1) throw badInput(`explorationFloor must be between 0 and ${(1 / arms.length).toFixed(4)} for ${arms.length} arms.`);
  const draws = opts.draws ?? 2000;
  if (!(draws >= 1 && draws <= 100_000)) throw badInput("draws must be between 1 and 100000.");
  const seed = opts.seed ?? 1;
  const rand = seededRandom(seed);
  const samplers = arms.map((a) => armPosterior(a.days, opts.model));
  const { floors, caps } = armBounds(arms, opts.budget, floorShare);
  const alloc = new Array<number>(arms.length).fill(0);
  const best = new Array<number>(arms.length).fill(0);
  const samples = arms.map(() => new Array<number>(draws));
  for (let d = 0; d < draws; d++) {
    const v = samplers.map((s) => s(rand));
    v.forEach((x, i) => (samples[i]![d] = x));
    best[v.indexOf(Math.max(...v))]! += 1;
    fillByValue(v, opts.budget, floors, caps).forEach((x, i) => (alloc[i] += x));
  }
  const split = toCents(alloc.map((x) => x / draws), opts.budget);
  const out = arms.map((a, i): ArmRecommendation => {
    const s = samples[i]!;
    const days = a.days.length;
    return {
      key: a.key,
      currentSpend: days ? a.days.reduce((t, x) => t + x.spend, 0) / days : 0,
      recommendedSpend: split[i]!,
      share: split[i]! / opts.budget,
      probabilityBest: best[i]! / draws,
      valuePerSpend: s.reduce((t, x) => t + x, 0) / draws,
      valueInterval: { low: quantile(s, 0.05), high: quantile(s, 0.95) },
      observations: days,
    };
  });
  return { model: opts.model, budget: opts.budget, arms: out, expectedValue: out.reduce((t, a) => t + a.recommendedSpend * a.valuePerSpend, 0), seed };
}

/** Round a split to cents, putting the rounding remainder on the largest share so it adds up to the budget. */
function toCents(xs: number[], budget: number): number[] {
  const out = xs.map((x) => Math.round(x * 100) / 100);
  const rest = Math.round((budget - out.reduce((s, v) => s + v, 0)) * 100) / 100;
  const top = out.indexOf(Math.max(...out));
  out[top] = Math.round((out[top]! + rest) * 100) / 100;
  return out;
}
