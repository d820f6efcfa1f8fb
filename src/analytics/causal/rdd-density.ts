import { twoSidedZP, variance } from "../stats/index.js";
import { dot, localPolyWeights, polyFit } from "./local-poly.js";

/** McCrary's test: does the running variable's density jump at the cutoff (units sorting themselves)? */
export interface DensityTest {
  /** θ = ln f̂₊ − ln f̂₋. */
  logDifference: number;
  standardError: number;
  pValue: number;
  /** p < alpha: the density jumps, so units may have manipulated the running variable. */
  manipulationSuspected: boolean;
  /** Bin width and bandwidth used. */
  binSize: number;
  bandwidth: number;
}

/**
 * McCrary (2008, Journal of Econometrics 142(2)): a fine histogram with no bin straddling the cutoff,
 * then a triangular-kernel local-linear fit of bin heights on each side; his default bin size
 * 2σ̂n^(−1/2) and rule-of-thumb bandwidth 3.348[σ̃²(R − L)/Σf̃″²]^(1/5) averaged over the sides.
 */
export function mccraryDensityTest(x: readonly number[], c: number, alpha = 0.05): DensityTest {
  const n = x.length;
  const b = 2 * Math.sqrt(variance(x)) * n ** -0.5;
  const lo = Math.min(...x), hi = Math.max(...x);
  const kl = Math.ceil((c - lo) / b), kr = Math.ceil((hi - c) / b) + 1;
  const counts = new Map<number, number>();
  for (const v of x) { const k = Math.floor((v - c) / b); counts.set(k, (counts.get(k) ?? 0) + 1); }
  const bins = (ks: number[]) => ks.map((k) => ({ r: (k + 0.5) * b, y: (counts.get(k) ?? 0) / (n * b) }));
  const left = bins(Array.from({ length: kl }, (_, i) => -kl + i));
  const right = bins(Array.from({ length: kr }, (_, i) => i));
  const ruleOfThumb = (side: { r: number; y: number }[]) => {
    if (side.length < 6) return NaN;
    const rs = side.map((s) => s.r), ys = side.map((s) => s.y);
    const p = polyFit(rs, ys, 4);
    const fit = rs.map((r) => p.reduce((s, cf, j) => s + cf * r ** j, 0));
    const s2 = ys.reduce((s, y, i) => s + (y - fit[i]!) ** 2, 0) / Math.max(ys.length - 5, 1);
    const f2 = rs.reduce((s, r) => s + (2 * p[2]! + 6 * p[3]! * r + 12 * p[4]! * r * r) ** 2, 0);
    const span = Math.max(...rs) - Math.min(...rs);
    return 3.348 * ((s2 * span) / Math.max(f2, 1e-300)) ** 0.2;
  };
  const hs = [ruleOfThumb(left), ruleOfThumb(right)].filter((h) => Number.isFinite(h) && h > 0);
  const h = hs.length ? hs.reduce((s, v) => s + v, 0) / hs.length : 10 * b;
  const at = (side: { r: number; y: number }[]) => {
    const w = localPolyWeights(side.map((s) => s.r), h, 1, 0);
    return Math.max(dot(w, side.map((s) => s.y)), 1e-12);
  };
  const fl = at(left), fr = at(right);
  const theta = Math.log(fr) - Math.log(fl);
  const se = Math.sqrt((1 / (n * h)) * (24 / 5) * (1 / fr + 1 / fl));
  const p = twoSidedZP(theta / se);
  return { logDifference: theta, standardError: se, pValue: p, manipulationSuspected: p < alpha, binSize: b, bandwidth: h };
}
