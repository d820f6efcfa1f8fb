import { normalDraw, seededRandom } from "../stats/index.js";
import { twoStageLeastSquares, type IvData } from "./iv.js";
import { propensityPoint, type MatchingData } from "./matching.js";
import { prePostImpact, type ImpactData, type ImpactOptions } from "./impact.js";

/** One robustness check beside an estimate (after DoWhy's refuters). */
export interface Refutation {
  /** placebo_treatment | placebo_outcome | random_common_cause | data_subset | placebo_period | placebo_cutoff | density. */
  check: string;
  /** The estimate the check started from. */
  originalEstimate: number;
  /** Mean estimate under the check (0 expected for placebos; unchanged expected otherwise). */
  newEstimate: number;
  passed: boolean;
  /** What was done and what it means, in a sentence. */
  detail: string;
}

/** All checks passed or not, in plain words. */
export interface Verdict { passed: boolean; summary: string }

const RUNS = 20;
const meanOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

/** Fisher–Yates shuffle with the seeded source. */
export function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [a[i], a[j]] = [a[j]!, a[i]!]; }
  return a;
}

function subsetIdx(n: number, rand: () => number): number[] {
  return shuffled(Array.from({ length: n }, (_, i) => i), rand).slice(0, Math.floor(0.8 * n)).sort((a, b) => a - b);
}

/** The three generic refuters around any point estimator with a standard error. */
function generic(est: number, se: number, seed: number, fns: { placebo: (r: () => number) => number; placeboName: "placebo_treatment" | "placebo_outcome"; commonCause: (r: () => number) => number; subset: (r: () => number) => number }): Refutation[] {
  const rand = seededRandom(seed);
  const runs = (f: (r: () => number) => number) => meanOf(Array.from({ length: RUNS }, () => f(rand)).filter(Number.isFinite));
  const placebo = runs(fns.placebo), common = runs(fns.commonCause), subset = runs(fns.subset);
  return [
    { check: fns.placeboName, originalEstimate: est, newEstimate: placebo, passed: Math.abs(placebo) <= 2 * se, detail: `The ${fns.placeboName === "placebo_treatment" ? "treatment" : "outcome"} was shuffled ${RUNS} times; the effect should vanish (|mean| ≤ 2 standard errors).` },
    { check: "random_common_cause", originalEstimate: est, newEstimate: common, passed: Math.abs(common - est) <= 0.5 * se, detail: `A random covariate was added ${RUNS} times; the estimate should not move (within half a standard error).` },
    { check: "data_subset", originalEstimate: est, newEstimate: subset, passed: Math.abs(subset - est) <= se, detail: `Re-estimated on ${RUNS} random 80 % subsets; the estimate should stay within one standard error.` },
  ];
}

export function refuteIv(d: IvData, est: number, se: number, seed = 1): Refutation[] {
  const n = d.outcome.length;
  const pick = (idx: number[]) => ({ outcome: idx.map((i) => d.outcome[i]!), treatment: idx.map((i) => d.treatment[i]!), instruments: d.instruments.map((c) => idx.map((i) => c[i]!)), controls: d.controls.map((c) => idx.map((i) => c[i]!)) });
  return generic(est, se, seed, {
    placeboName: "placebo_outcome",
    placebo: (r) => twoStageLeastSquares({ ...d, outcome: shuffled(d.outcome, r) }).estimate,
    commonCause: (r) => twoStageLeastSquares({ ...d, controls: [...d.controls, d.outcome.map(() => normalDraw(r))] }).estimate,
    subset: (r) => twoStageLeastSquares(pick(subsetIdx(n, r))).estimate,
  });
}

export function refuteMatching(d: MatchingData, est: number, se: number, opts: { caliper: number; trim: number }, seed = 1): Refutation[] {
  const n = d.outcome.length;
  const all = Array.from({ length: n }, (_, i) => i);
  return generic(est, se, seed, {
    placeboName: "placebo_treatment",
    placebo: (r) => propensityPoint({ ...d, treatment: shuffled(d.treatment, r) }, all, opts).point.att,
    commonCause: (r) => propensityPoint({ ...d, covariates: [...d.covariates, { name: "random", values: all.map(() => normalDraw(r)) }] }, all, opts).point.att,
    subset: (r) => propensityPoint(d, subsetIdx(n, r), opts).point.att,
  });
}

/** Placebo period: pretend the change started two thirds into the pre-period; no effect should appear. */
export function refuteImpact(d: ImpactData, opts: ImpactOptions, est: number): Refutation[] {
  const t0 = d.periods.indexOf(d.interventionStart);
  const fake = Math.floor((2 * t0) / 3);
  try {
    const r = prePostImpact({ ...d, periods: d.periods.slice(0, t0), outcome: d.outcome.slice(0, t0), controls: d.controls.map((c) => ({ ...c, values: c.values.slice(0, t0) })), interventionStart: d.periods[fake]! }, opts);
    const c = r.cumulativeEffect;
    return [{ check: "placebo_period", originalEstimate: est, newEstimate: c.estimate, passed: c.low <= 0 && c.high >= 0, detail: `The model was refitted as if the change had started on ${d.periods[fake]} (inside the pre-period); its cumulative effect interval should contain 0.` }];
  } catch {
    return [{ check: "placebo_period", originalEstimate: est, newEstimate: NaN, passed: false, detail: "The pre-period is too short to hold a placebo period; lengthen it to check the model." }];
  }
}

export function verdict(refutations: readonly Refutation[]): Verdict {
  const failed = refutations.filter((r) => !r.passed).map((r) => r.check);
  return failed.length === 0
    ? { passed: true, summary: `Passed all ${refutations.length} robustness checks.` }
    : { passed: false, summary: `Failed ${failed.join(", ")}: treat the estimate with caution.` };
}
