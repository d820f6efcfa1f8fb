import { badInput } from "../../errors.js";
import { normalQuantile, twoSidedZP } from "../stats/index.js";
import { mccraryDensityTest, type DensityTest } from "./rdd-density.js";
import { ikBandwidth } from "./rdd-bandwidth.js";
import { dot, localPolyWeights, nnResiduals } from "./local-poly.js";

/** A regression-discontinuity design: units on either side of a cutoff of a running variable. */
export interface RddData {
  /** Running variable (score, spend threshold, date index…). */
  running: number[];
  /** Outcome. */
  outcome: number[];
  /** Fuzzy designs: the treatment actually received (0/1 or a dose); omit for a sharp design. */
  treatment?: number[] | null;
  /** Treatment starts at running ≥ cutoff. */
  cutoff: number;
}

export interface RddOptions {
  /** Bandwidth on the running variable's scale; default Imbens–Kalyanaraman (2012) MSE-optimal. */
  bandwidth?: number | null;
  /** 1 − confidence of the intervals (default 0.05). */
  alpha?: number | null;
}

export interface PlaceboCutoff {
  /** A cutoff where nothing happens (the median of one side). */
  cutoff: number;
  /** Jump estimated there (should be ≈ 0). */
  estimate: number;
  /** Robust p-value of that jump. */
  pValue: number;
  /** p ≥ alpha: no jump where none should be. */
  passed: boolean;
}

export interface RddResult {
  design: "sharp" | "fuzzy";
  cutoff: number;
  /** Conventional local-linear estimate of the jump (fuzzy: jump in outcome ÷ jump in treatment). */
  estimate: number;
  /** Its standard error (nearest-neighbour variance, J = 3). */
  standardError: number;
  /** Conventional interval (ignores the smoothing bias). */
  interval: { low: number; high: number };
  /** Bias-corrected estimate (local quadratic bias estimate, Calonico–Cattaneo–Titiunik 2014). */
  biasCorrectedEstimate: number;
  /** Robust standard error that accounts for the bias estimate's own variance. */
  robustStandardError: number;
  /** Robust bias-corrected interval, centred on the bias-corrected estimate (rdrobust's "Robust" row). */
  robustInterval: { low: number; high: number };
  /** Robust p-value of "no jump". */
  pValue: number;
  /** Bandwidth used and how it was chosen. */
  bandwidth: number;
  bandwidthMethod: "imbens_kalyanaraman" | "user";
  /** Observations with positive kernel weight on each side. */
  observationsLeft: number;
  observationsRight: number;
  /** Fuzzy designs: the jump in treatment at the cutoff (first stage). */
  firstStageJump: number | null;
  /** Manipulation test of the running variable's density at the cutoff (McCrary 2008). */
  density: DensityTest;
  /** Jumps at cutoffs where there should be none. */
  placebos: PlaceboCutoff[];
}

interface Side { r: number[]; y: number[]; d: number[] | null }

function split(data: RddData, cutoff: number): { left: Side; right: Side } {
  const left: Side = { r: [], y: [], d: data.treatment ? [] : null };
  const right: Side = { r: [], y: [], d: data.treatment ? [] : null };
  data.running.forEach((x, i) => {
    const s = x >= cutoff ? right : left;
    s.r.push(x - cutoff);
    s.y.push(data.outcome[i]!);
    s.d?.push(data.treatment![i]!);
  });
  return { left, right };
}

/** Conventional and bias-corrected weights of one side's intercept at bandwidth h (ρ = h/b = 1). */
function sideWeights(r: number[], h: number) {
  const w = localPolyWeights(r, h, 1, 0);
  const s = dot(w, r.map((x) => x * x));
  const q = localPolyWeights(r, h, 2, 2);
  const bc = w.map((wi, i) => wi - s * q[i]!);
  return { w, bc, n: w.filter((v) => v !== 0).length };
}

function jump(left: Side, right: Side, h: number, alpha: number, fuzzy: boolean) {
  const L = sideWeights(left.r, h), R = sideWeights(right.r, h);
  const ty = dot(R.w, right.y) - dot(L.w, left.y);
  const tyBc = dot(R.bc, right.y) - dot(L.bc, left.y);
  const td = fuzzy ? dot(R.w, right.d!) - dot(L.w, left.d!) : 1;
  const tdBc = fuzzy ? dot(R.bc, right.d!) - dot(L.bc, left.d!) : 1;
  const tau = ty / td, tauBc = tyBc / tdBc;
  // Residuals of the linearised ratio (delta method) for fuzzy designs; plain outcome residuals for sharp.
  const resid = (s: Side, t: number) => {
    const ey = nnResiduals(s.r, s.y);
    if (!fuzzy) return ey;
    const ed = nnResiduals(s.r, s.d!);
    return ey.map((e, i) => e - t * ed[i]!);
  };
  const variance = (wl: Float64Array, wr: Float64Array, t: number, scale: number) => {
    const el = resid(left, t), er = resid(right, t);
    let v = 0;
    wl.forEach((w, i) => (v += w * w * el[i]! ** 2));
    wr.forEach((w, i) => (v += w * w * er[i]! ** 2));
    return v / scale ** 2;
  };
  const se = Math.sqrt(variance(L.w, R.w, tau, td));
  const seRobust = Math.sqrt(variance(L.bc, R.bc, tauBc, tdBc));
  const z = normalQuantile(1 - alpha / 2);
  return {
    tau, tauBc, se, seRobust, td: fuzzy ? td : null,
    interval: { low: tau - z * se, high: tau + z * se },
    robustInterval: { low: tauBc - z * seRobust, high: tauBc + z * seRobust },
    pValue: twoSidedZP(tauBc / seRobust), nLeft: L.n, nRight: R.n,
  };
}

/** Sharp or fuzzy regression discontinuity: local-linear, triangular kernel, robust bias-corrected inference. */
export function regressionDiscontinuity(data: RddData, opts: RddOptions = {}): RddResult {
  const alpha = opts.alpha ?? 0.05;
  const n = data.running.length;
  if (data.outcome.length !== n || (data.treatment && data.treatment.length !== n)) throw badInput("running, outcome and treatment must have one value per unit.");
  const fuzzy = Boolean(data.treatment);
  const { left, right } = split(data, data.cutoff);
  if (left.r.length < 10 || right.r.length < 10) throw badInput(`Regression discontinuity needs at least 10 units on each side of the cutoff ${data.cutoff}; it has ${left.r.length} below and ${right.r.length} at or above.`);
  const h = opts.bandwidth ?? ikBandwidth(data.running, data.outcome, data.cutoff);
  if (!(h > 0)) throw badInput("The bandwidth must be a positive number on the running variable's scale.");
  const j = jump(left, right, h, alpha, fuzzy);
  if (j.nLeft < 3 || j.nRight < 3) throw badInput(`The bandwidth ${h} leaves fewer than 3 units on a side of the cutoff; widen it.`);
  const placebos: PlaceboCutoff[] = [];
  for (const side of [left, right]) {
    const xs = side.r.map((r) => r + data.cutoff).sort((a, b) => a - b);
    const c = xs[Math.floor(xs.length / 2)]!;
    const sub = data.running.map((x, i) => i).filter((i) => (side === left ? data.running[i]! < data.cutoff : data.running[i]! >= data.cutoff));
    const parts = split({ running: sub.map((i) => data.running[i]!), outcome: sub.map((i) => data.outcome[i]!), cutoff: c }, c);
    if (parts.left.r.length < 10 || parts.right.r.length < 10) continue;
    const hp = ikBandwidth(sub.map((i) => data.running[i]!), sub.map((i) => data.outcome[i]!), c);
    const pj = jump(parts.left, parts.right, hp, alpha, false);
    if (pj.nLeft < 3 || pj.nRight < 3 || !Number.isFinite(pj.pValue)) continue;
    placebos.push({ cutoff: c, estimate: pj.tau, pValue: pj.pValue, passed: pj.pValue >= alpha });
  }
  return {
    design: fuzzy ? "fuzzy" : "sharp", cutoff: data.cutoff,
    estimate: j.tau, standardError: j.se, interval: j.interval,
    biasCorrectedEstimate: j.tauBc, robustStandardError: j.seRobust, robustInterval: j.robustInterval, pValue: j.pValue,
    bandwidth: h, bandwidthMethod: opts.bandwidth ? "user" : "imbens_kalyanaraman",
    observationsLeft: j.nLeft, observationsRight: j.nRight, firstStageJump: j.td,
    density: mccraryDensityTest(data.running, data.cutoff, alpha), placebos,
  };
}
