import { Matrix } from "ml-matrix";
import { badInput } from "../../errors.js";
import { fitMetrics, seededRandom } from "../stats/descriptive.js";
import { simplexLeastSquares } from "../stats/simplex-least-squares.js";
import { twoSidedTP } from "../stats/distributions.js";

/** Options of the synthetic control estimator. */
export interface SyntheticControlOptions {
  /** Allow a level shift between treated and synthetic series (default true). */
  intercept?: boolean;
  /** "iid" (default, augsynth's default) or "block" (moving-block cyclic shifts) permutations. */
  permutation?: "iid" | "block";
  /** Number of iid permutations (default 1000). */
  permutations?: number;
  /** Seed of the permutation draws (default 1). */
  seed?: number;
}

function shuffle(xs: number[], rand: () => number): number[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [a[i], a[j]] = [a[j]!, a[i]!]; }
  return a;
}

/** One geo × day observation. */
export interface GeoObservation {
  /** Geo (location) name. */
  geo: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Outcome on that day in that geo. */
  value: number;
}

/** A geo or pre/post test design. */
export interface GeoDesign {
  /** Geos that received the treatment. */
  treated: string[];
  /** First treated day (inclusive). */
  start: string;
  /** Last treated day (inclusive). */
  end: string;
}

/** Effect estimate of a geo experiment, per treated location-day and in total. */
export interface GeoEffect {
  /** "did" or "synthetic_control". */
  method: "did" | "synthetic_control";
  /** Average treatment effect on the treated, per location-day. */
  att: number;
  /** Σ(observed − counterfactual) / Σ counterfactual over treated location-days. */
  lift: number;
  /** ATT × treated location-days. */
  incremental: number;
  /** Pre-period fit of the counterfactual (RMSE and R²). */
  preFit: { rmse: number; r2: number };
  /** Two-sided p-value (permutation or conformal; see `inference`). */
  pValue: number;
  /** How the p-value was computed. */
  inference: string;
  /** Donor weights (synthetic control only). */
  weights?: Record<string, number>;
  /** The treated geos' average and its counterfactual per day, for charts (pre and post periods). */
  series: { dates: string[]; treated: number[]; counterfactual: number[] };
  /** Difference-in-differences only: checks of its parallel-trends assumption on the pre-period. */
  parallelTrends?: ParallelTrends;
  /** What makes the estimate doubtful (empty when nothing does). */
  warnings?: string[];
}

/** Pre-period checks of difference-in-differences' parallel-trends assumption. */
export interface ParallelTrends {
  /** Slope per day of the treated − control gap over the pre-period, and its two-sided p-value (OLS, df = days − 2). */
  gapSlope: number;
  /** p-value of the slope. */
  slopePValue: number;
  /** DiD "effect" of a fake treatment on the last pre-period days (as many as the test's, at most half the pre-period); ~0 when trends are parallel. */
  placeboAtt: number;
  /** Days the placebo treated. */
  placeboDays: number;
}

/** The panel as a dense matrix: one series per geo over the sorted dates. */
export function toPanel(rows: readonly GeoObservation[]) {
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const geos = [...new Set(rows.map((r) => r.geo))].sort();
  const di = new Map(dates.map((d, i) => [d, i]));
  const series = new Map(geos.map((g) => [g, new Array<number>(dates.length).fill(NaN)]));
  for (const r of rows) series.get(r.geo)![di.get(r.date)!] = r.value;
  for (const [g, s] of series) if (s.some((v) => Number.isNaN(v))) throw badInput(`Geo "${g}" is missing days: a geo panel needs every geo on every day.`);
  return { dates, geos, series };
}

function split(rows: readonly GeoObservation[], design: GeoDesign) {
  const panel = toPanel(rows);
  const missing = design.treated.filter((g) => !panel.series.has(g));
  if (missing.length) throw badInput(`Treated geos not in the data: ${missing.join(", ")}.`);
  const post = panel.dates.map((d) => d >= design.start && d <= design.end);
  const pre = panel.dates.map((d) => d < design.start);
  if (!pre.some(Boolean) || !post.some(Boolean)) throw badInput("The panel needs days both before the start and inside the treatment window.");
  const controls = panel.geos.filter((g) => !design.treated.includes(g));
  if (controls.length === 0) throw badInput("A geo test needs at least one control geo.");
  const avg = (gs: string[]) => panel.dates.map((_, t) => gs.reduce((s, g) => s + panel.series.get(g)![t]!, 0) / gs.length);
  return { panel, pre, post, controls, treatedSeries: avg(design.treated), avg };
}

const meanWhere = (xs: number[], mask: boolean[]) => { let s = 0, n = 0; xs.forEach((x, i) => { if (mask[i]) { s += x; n++; } }); return s / n; };

/**
 * Difference-in-differences on treated and control averages:
 * ATT = (ȳT,post − ȳT,pre) − (ȳC,post − ȳC,pre). The p-value is a placebo permutation: each control
 * geo in turn plays the treated unit against the other controls; p = (1 + #|placebo| ≥ |ATT|)/(1 + #placebos).
 * Parallel trends are checked on the pre-period (the gap's slope and a placebo treatment on its last days,
 * plus the pre-period fit) and each failed check adds a warning that says what to do.
 */
export function differenceInDifferences(rows: readonly GeoObservation[], design: GeoDesign): GeoEffect {
  const { pre, post, controls, treatedSeries, avg, panel } = split(rows, design);
  const effect = (t: number[], c: number[]) => meanWhere(t, post) - meanWhere(t, pre) - (meanWhere(c, post) - meanWhere(c, pre));
  const controlSeries = avg(controls);
  const att = effect(treatedSeries, controlSeries);
  const shift = meanWhere(treatedSeries, pre) - meanWhere(controlSeries, pre);
  const counterfactual = controlSeries.map((c) => c + shift);
  const placebos = controls.map((g) => effect(panel.series.get(g)!, avg(controls.filter((h) => h !== g))));
  const result = finish("did", att, panel.dates, treatedSeries, counterfactual, pre, post, design.treated.length,
    placeboP(att, placebos), `placebo permutation over ${placebos.length} control geos`);
  const trends = parallelTrends(treatedSeries, controlSeries, pre, post);
  const warnings: string[] = [];
  if (result.preFit.r2 < 0) warnings.push(`The control geos track the treated geos poorly before the test (pre-period R² ${result.preFit.r2.toFixed(2)} < 0), so parallel trends are doubtful; use synthetic control or choose controls that move with the treated geos.`);
  if (trends && trends.slopePValue < 0.05) warnings.push(`The treated − control gap drifts before the test (${trends.gapSlope.toPrecision(3)} per day, p = ${trends.slopePValue.toPrecision(2)}), so parallel trends are doubtful; use synthetic control or a shorter pre-period.`);
  if (trends && Math.abs(trends.placeboAtt) >= 0.5 * Math.abs(att)) warnings.push(`A placebo test on the last ${trends.placeboDays} pre-period days finds an "effect" of ${trends.placeboAtt.toPrecision(3)}, half or more of the measured ATT ${att.toPrecision(3)}; the estimate may be trend, not treatment.`);
  return { ...result, ...(trends ? { parallelTrends: trends } : {}), warnings };
}

/** Gap slope over the pre-period and a placebo DiD on its last days (null with under 4 pre-period days). */
function parallelTrends(treated: number[], control: number[], pre: boolean[], post: boolean[]): ParallelTrends | null {
  const idx = pre.flatMap((p, i) => (p ? [i] : []));
  if (idx.length < 4) return null;
  const gap = idx.map((i) => treated[i]! - control[i]!);
  const n = idx.length, tm = (n - 1) / 2, gm = gap.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  gap.forEach((g, t) => { sxy += (t - tm) * (g - gm); sxx += (t - tm) ** 2; });
  const slope = sxy / sxx;
  const rss = gap.reduce((s, g, t) => s + (g - gm - slope * (t - tm)) ** 2, 0);
  const se = Math.sqrt(rss / (n - 2) / sxx);
  const slopePValue = se === 0 ? (slope === 0 ? 1 : 0) : twoSidedTP(slope / se, n - 2);
  const placeboDays = Math.min(post.filter(Boolean).length, Math.floor(n / 2));
  const fakePost = gap.slice(n - placeboDays), fakePre = gap.slice(0, n - placeboDays);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { gapSlope: slope, slopePValue, placeboAtt: mean(fakePost) - mean(fakePre), placeboDays };
}

const placeboP = (att: number, placebos: number[]) => (1 + placebos.filter((p) => Math.abs(p) >= Math.abs(att)).length) / (1 + placebos.length);

function finish(method: GeoEffect["method"], att: number, dates: string[], y: number[], yhat: number[], pre: boolean[], post: boolean[], nTreated: number, pValue: number, inference: string): GeoEffect {
  const postDays = post.filter(Boolean).length;
  const cf = yhat.reduce((s, v, i) => s + (post[i] ? v : 0), 0);
  const fit = fitMetrics(y.filter((_, i) => pre[i]), yhat.filter((_, i) => pre[i]));
  return { method, att, lift: (att * postDays) / cf, incremental: att * postDays * nTreated, preFit: { rmse: fit.rmse, r2: fit.r2 }, pValue, inference,
    series: { dates, treated: y, counterfactual: yhat } };
}

/** Simplex weights of donors fitted on the masked days; with `intercept`, on demeaned series (a level shift is allowed). */
function fitWeights(y: number[], donors: number[][], mask: boolean[], intercept: boolean) {
  const idx = mask.flatMap((m, i) => (m ? [i] : []));
  const yMean = intercept ? idx.reduce((s, i) => s + y[i]!, 0) / idx.length : 0;
  const dMeans = donors.map((d) => (intercept ? idx.reduce((s, i) => s + d[i]!, 0) / idx.length : 0));
  const X = new Matrix(idx.map((i) => donors.map((d, j) => d[i]! - dMeans[j]!)));
  const w = simplexLeastSquares(X, idx.map((i) => y[i]! - yMean));
  const level = yMean - w.reduce((s, wj, j) => s + wj * dMeans[j]!, 0);
  return { w, predict: (t: number) => level + w.reduce((s, wj, j) => s + wj * donors[j]![t]!, 0) };
}

/**
 * Synthetic control (Abadie et al. 2010): non-negative donor weights summing to one, fitted on the
 * pre-period by simplex-constrained least squares; with `intercept` (default) the fit is on demeaned
 * series, as GeoLift's fixed-effects option. Inference: the conformal moving-block permutation test
 * of Chernozhukov, Wüthrich and Zhu (2021, https://doi.org/10.1080/01621459.2021.1920957), the method
 * behind GeoLift's p-values (augsynth's conformal inference): refit under H0 on all days, S = Σpost|û|,
 * p = share of permuted residual orders (iid by default, as augsynth; or all cyclic time shifts) with S ≥ observed.
 */
export function syntheticControl(rows: readonly GeoObservation[], design: GeoDesign, opts: SyntheticControlOptions = {}): GeoEffect {
  const intercept = opts.intercept ?? true;
  const { pre, post, controls, treatedSeries, panel } = split(rows, design);
  const donors = controls.map((g) => panel.series.get(g)!);
  const fit = fitWeights(treatedSeries, donors, pre, intercept);
  const counterfactual = treatedSeries.map((_, t) => fit.predict(t));
  const att = meanWhere(treatedSeries.map((y, t) => y - counterfactual[t]!), post);
  const used = pre.map((p, i) => p || post[i]!);
  const h0 = fitWeights(treatedSeries, donors, used, intercept);
  const times = used.flatMap((u, i) => (u ? [i] : []));
  const resid = times.map((t) => treatedSeries[t]! - h0.predict(t));
  const postIdx = times.map((t) => post[t]!);
  const stat = (r: number[]) => r.reduce((s, u, k) => s + (postIdx[k] ? Math.abs(u) : 0), 0);
  const observed = stat(resid);
  const permutations = opts.permutations ?? 1000;
  let atLeast = 0, total = 0;
  if (opts.permutation === "block") {
    for (let s = 0; s < resid.length; s++, total++) if (stat(resid.map((_, k) => resid[(k - s + resid.length) % resid.length]!)) >= observed - 1e-9) atLeast++;
  } else {
    const rand = seededRandom(opts.seed ?? 1);
    atLeast = 1; total = 1;
    for (let p = 0; p < permutations; p++, total++) if (stat(shuffle(resid, rand)) >= observed - 1e-9) atLeast++;
  }
  const out = finish("synthetic_control", att, panel.dates, treatedSeries, counterfactual, pre, post, design.treated.length, atLeast / total,
    opts.permutation === "block" ? `conformal moving-block permutation over ${total} time shifts` : `conformal iid permutation, ${permutations} draws (seed ${opts.seed ?? 1})`);
  out.weights = Object.fromEntries(controls.map((g, j) => [g, fit.w[j]!]).filter(([, w]) => (w as number) > 1e-6));
  return out;
}
