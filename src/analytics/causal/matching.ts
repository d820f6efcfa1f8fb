import { badInput } from "../../errors.js";
import { normalQuantile, seededRandom } from "../stats/index.js";
import { logisticProbabilities } from "./logistic.js";

/** Units with a binary treatment, an outcome and pre-treatment covariates. */
export interface MatchingData {
  outcome: number[];
  /** 1 treated, 0 not. */
  treatment: number[];
  /** Named pre-treatment covariates, one value per unit. */
  covariates: { name: string; values: number[] }[];
}

export interface MatchingOptions {
  /** Caliper in standard deviations of the logit propensity (default 0.2, Austin 2011). */
  caliper?: number | null;
  /** Drop units with propensity outside [trim, 1 − trim] before weighting (default 0.01). */
  trim?: number | null;
  /** Bootstrap replications for the intervals (default 200). */
  bootstrap?: number | null;
  /** 1 − confidence (default 0.05). */
  alpha?: number | null;
  seed?: number | null;
}

export interface EffectEstimate {
  estimate: number;
  /** Bootstrap standard error. */
  standardError: number;
  /** estimate ± z·bootstrap SE (always contains the estimate). */
  interval: { low: number; high: number };
}

export interface BalanceRow {
  covariate: string;
  meanTreated: number;
  meanControl: number;
  /** Standardised mean difference before adjustment (pooled SD of the raw groups). */
  smdBefore: number;
  /** After nearest-neighbour matching (treated vs their matched controls). */
  smdMatched: number;
  /** After inverse-probability weighting (ATE weights). */
  smdWeighted: number;
}

export interface MatchingResult {
  /** Raw difference of outcome means, treated − control. */
  naiveDifference: number;
  matching: { att: EffectEstimate; ate: EffectEstimate; caliper: number; matchedTreated: number; unmatchedTreated: number; matchedControls: number; unmatchedControls: number };
  weighting: { att: EffectEstimate; ate: EffectEstimate; trimmed: number; effectiveSampleSizeTreated: number; effectiveSampleSizeControl: number };
  balance: BalanceRow[];
  /** Every |SMD| after matching and after weighting is below 0.1 (Austin 2009). */
  balanced: boolean;
  treatedUnits: number;
  controlUnits: number;
  bootstrap: number;
}

export interface Point { att: number; ate: number; watt: number; wate: number }

const logit = (p: number) => Math.log(p / (1 - p));

/** Nearest neighbour (with replacement) of each `from` unit among `to` units by logit propensity, within the caliper. */
function nearest(from: number[], to: number[], lp: number[], caliper: number): (number | null)[] {
  const sorted = [...to].sort((a, b) => lp[a]! - lp[b]!);
  const keys = sorted.map((i) => lp[i]!);
  return from.map((i) => {
    const v = lp[i]!;
    let lo = 0, hi = keys.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (keys[m]! < v) lo = m + 1; else hi = m; }
    let bestJ = -1, bestD = Infinity;
    for (const j of [lo - 1, lo]) if (j >= 0 && j < keys.length && Math.abs(keys[j]! - v) < bestD) { bestD = Math.abs(keys[j]! - v); bestJ = j; }
    return bestJ >= 0 && bestD <= caliper ? sorted[bestJ]! : null;
  });
}

/** Point estimates on the units `idx` (no intervals): for bootstraps and refutations. */
export function propensityPoint(d: MatchingData, idx: number[], opts: { caliper: number; trim: number }) {
  const y = idx.map((i) => d.outcome[i]!), t = idx.map((i) => d.treatment[i]!);
  const e = logisticProbabilities(d.covariates.map((c) => idx.map((i) => c.values[i]!)), t).map((p) => Math.min(Math.max(p, 1e-9), 1 - 1e-9));
  const lp = e.map(logit);
  const mlp = lp.reduce((s, v) => s + v, 0) / lp.length;
  const caliper = opts.caliper * Math.sqrt(lp.reduce((s, v) => s + (v - mlp) ** 2, 0) / (lp.length - 1));
  const tr = t.map((_, k) => k).filter((k) => t[k] === 1), co = t.map((_, k) => k).filter((k) => t[k] === 0);
  const mT = nearest(tr, co, lp, caliper), mC = nearest(co, tr, lp, caliper);
  const pairsT = tr.map((k, j) => [k, mT[j]] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  const pairsC = co.map((k, j) => [k, mC[j]] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  const att = pairsT.reduce((s, [a, b]) => s + y[a]! - y[b]!, 0) / pairsT.length;
  const atc = pairsC.reduce((s, [a, b]) => s + y[b]! - y[a]!, 0) / pairsC.length;
  const ate = (pairsT.length * att + pairsC.length * (pairsC.length ? atc : 0)) / (pairsT.length + pairsC.length);
  // Weighting after trimming extreme propensities; Hájek (normalised) estimators.
  const keep = e.map((p) => p >= opts.trim && p <= 1 - opts.trim);
  const pt = t.filter((v, k) => keep[k] && v === 1).length / keep.filter(Boolean).length;
  const wAte = e.map((p, k) => (!keep[k] ? 0 : t[k] === 1 ? pt / p : (1 - pt) / (1 - p)));
  const wAtt = e.map((p, k) => (!keep[k] ? 0 : t[k] === 1 ? 1 : p / (1 - p)));
  const wmean = (w: number[], g: number) => { let s = 0, sw = 0; w.forEach((wi, k) => { if (t[k] === g) { s += wi * y[k]!; sw += wi; } }); return s / sw; };
  return {
    point: { att, ate, watt: wmean(wAtt, 1) - wmean(wAtt, 0), wate: wmean(wAte, 1) - wmean(wAte, 0) } as Point,
    e, caliper, pairsT, pairsC, wAte, keep, tr, co,
  };
}

const smd = (a: number, b: number, sd: number) => (sd > 0 ? (a - b) / sd : 0);

/**
 * Propensity-score matching and weighting (Rosenbaum & Rubin 1983; Austin 2011 for the caliper and
 * balance diagnostics): logistic propensity, 1:1 nearest-neighbour matching with replacement within a
 * caliper, stabilised and trimmed inverse-probability weights, the balance table, and bootstrap intervals.
 */
export function propensityAnalysis(d: MatchingData, options: MatchingOptions = {}): MatchingResult {
  const n = d.outcome.length;
  if (d.treatment.length !== n || d.covariates.some((c) => c.values.length !== n)) throw badInput("outcome, treatment and every covariate must have one value per unit.");
  if (d.treatment.some((v) => v !== 0 && v !== 1)) throw badInput("treatment must be 0 (control) or 1 (treated) for matching and weighting.");
  if (d.covariates.length === 0) throw badInput("Give at least one pre-treatment covariate to model the propensity on.");
  const nT = d.treatment.filter((v) => v === 1).length;
  if (nT < 5 || n - nT < 5) throw badInput(`Matching needs at least 5 treated and 5 control units; it has ${nT} and ${n - nT}.`);
  const opts = { caliper: options.caliper ?? 0.2, trim: options.trim ?? 0.01 };
  const alpha = options.alpha ?? 0.05, B = options.bootstrap ?? 200;
  if (!(B >= 20 && B <= 5000)) throw badInput("bootstrap must be between 20 and 5000 replications.");
  const all = Array.from({ length: n }, (_, i) => i);
  const main = propensityPoint(d, all, opts);
  // Stratified bootstrap: resample treated and controls separately, refit the propensity each time.
  const rand = seededRandom(options.seed ?? 1);
  const treatedIdx = all.filter((i) => d.treatment[i] === 1), controlIdx = all.filter((i) => d.treatment[i] === 0);
  const reps: Point[] = [];
  for (let b = 0; b < B; b++) {
    const draw = (g: number[]) => g.map(() => g[Math.floor(rand() * g.length)]!);
    reps.push(propensityPoint(d, [...draw(treatedIdx), ...draw(controlIdx)], opts).point);
  }
  const z = normalQuantile(1 - alpha / 2);
  const eff = (key: keyof Point): EffectEstimate => {
    const v = reps.map((r) => r[key]).filter(Number.isFinite);
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    const se = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
    const est = main.point[key];
    return { estimate: est, standardError: se, interval: { low: est - z * se, high: est + z * se } };
  };
  const balance = d.covariates.map((c): BalanceRow => {
    const v = c.values;
    const mean = (ix: number[]) => ix.reduce((s, i) => s + v[i]!, 0) / ix.length;
    const vr = (ix: number[]) => { const m = mean(ix); return ix.reduce((s, i) => s + (v[i]! - m) ** 2, 0) / (ix.length - 1); };
    const sd = Math.sqrt((vr(treatedIdx) + vr(controlIdx)) / 2);
    const mt = mean(treatedIdx), mc = mean(controlIdx);
    const matchedT = main.pairsT.map(([a]) => a), matchedC = main.pairsT.map(([, b]) => b);
    const wm = (g: number) => { let s = 0, sw = 0; all.forEach((i) => { if (d.treatment[i] === g) { s += main.wAte[i]! * v[i]!; sw += main.wAte[i]!; } }); return s / sw; };
    return { covariate: c.name, meanTreated: mt, meanControl: mc, smdBefore: smd(mt, mc, sd), smdMatched: smd(mean(matchedT), mean(matchedC), sd), smdWeighted: smd(wm(1), wm(0), sd) };
  });
  const ess = (g: number) => { const w = all.filter((i) => d.treatment[i] === g).map((i) => main.wAte[i]!); const s = w.reduce((a, b) => a + b, 0); return (s * s) / w.reduce((a, b) => a + b * b, 0); };
  const meanOf = (ix: number[]) => ix.reduce((s, i) => s + d.outcome[i]!, 0) / ix.length;
  return {
    naiveDifference: meanOf(treatedIdx) - meanOf(controlIdx),
    matching: {
      att: eff("att"), ate: eff("ate"), caliper: main.caliper,
      matchedTreated: main.pairsT.length, unmatchedTreated: main.tr.length - main.pairsT.length,
      matchedControls: main.pairsC.length, unmatchedControls: main.co.length - main.pairsC.length,
    },
    weighting: { att: eff("watt"), ate: eff("wate"), trimmed: main.keep.filter((k) => !k).length, effectiveSampleSizeTreated: ess(1), effectiveSampleSizeControl: ess(0) },
    balance,
    balanced: balance.every((b) => Math.abs(b.smdMatched) < 0.1 && Math.abs(b.smdWeighted) < 0.1),
    treatedUnits: treatedIdx.length, controlUnits: controlIdx.length, bootstrap: B,
  };
}
