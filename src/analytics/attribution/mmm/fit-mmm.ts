import { badInput } from "../../../errors.js";
import { fitMetrics, normalDraw, seededRandom } from "../../stats/descriptive.js";
import { percentileInterval } from "../../stats/interval.js";
import { predict, ridge, type RidgeOptions } from "../../stats/ridge.js";
import { controlColumns } from "./controls.js";
import { candidates, featureOf, searchTransforms, spendScale, type Candidate } from "./search.js";
import { calibrationRows, roasPriorRows, type CalibrationRow } from "./calibration.js";
import { mediaFeature } from "./transforms.js";
import { checkPeriods } from "./grain.js";
import type { Estimate, MmmConfig, MmmInput, MmmModel, MmmRoasPrior } from "./types.js";

const bumpedFeatureSum = (s: readonly number[], c: Candidate) =>
  mediaFeature(s.map((v) => v * 1.01), c.adstock, c.alpha, c.kappa * spendScale(s)).reduce((a, b) => a + b, 0);

/** Progress callback: fraction done (0–1) and the stage. */
export type MmmProgress = (fraction: number, stage: string) => void | Promise<void>;

function validate(input: MmmInput, priors: readonly MmmRoasPrior[]) {
  const n = input.dates.length;
  if (n < 20) throw badInput(`A marketing mix model needs at least 20 periods of data; got ${n}.`);
  if (input.outcome.length !== n) throw badInput(`outcome has ${input.outcome.length} values for ${n} dates; give one per date.`);
  if (input.channels.length === 0) throw badInput("Give at least one media channel with spend.");
  if (!["day", "week", "month"].includes(input.grain)) throw badInput(`grain must be day, week or month; got "${input.grain}".`);
  checkPeriods(input.dates, input.grain);
  for (const c of input.channels) {
    if (c.spend.length !== n) throw badInput(`Channel "${c.name}" has ${c.spend.length} spend values for ${n} dates.`);
    const what = c.organic ? "volume" : "spend";
    if (c.spend.some((s) => !(s >= 0))) throw badInput(`Channel "${c.name}" has negative or missing ${what}.`);
    if (!c.spend.some((s) => s > 0)) throw badInput(`Channel "${c.name}" has no ${what}; remove it.`);
  }
  for (const c of input.calibration ?? []) {
    if (!input.channels.some((ch) => ch.name === c.channel)) throw badInput(`Calibration names channel "${c.channel}", which is not in the data.`);
    if (input.channels.some((ch) => ch.name === c.channel && ch.organic)) throw badInput(`Calibration names channel "${c.channel}", which is organic (no spend); calibrate a paid channel.`);
    if (c.design && !(c.design.treatedShare > 0 && c.design.treatedShare < 1 && c.design.spendMultiplier >= 0 && c.design.spendMultiplier !== 1))
      throw badInput(`Calibration of "${c.channel}": design.treatedShare must be between 0 and 1 and design.spendMultiplier ≥ 0 and not 1.`);
    if (!(c.standardError > 0)) throw badInput(`Calibration of "${c.channel}" needs a positive standard error.`);
  }
  for (const p of priors) {
    const ch = input.channels.find((c) => c.name === p.channel);
    if (!ch) throw badInput(`ROAS prior names channel "${p.channel}", which is not in the data.`);
    if (ch.organic) throw badInput(`ROAS prior names channel "${p.channel}", which is organic (no spend); give priors to paid channels.`);
    if (!(Number.isFinite(p.roas) && p.roas >= 0)) throw badInput(`ROAS prior of "${p.channel}": roas must be a number ≥ 0.`);
    if (!(p.standardError > 0)) throw badInput(`ROAS prior of "${p.channel}" needs a positive standard error.`);
  }
}

/**
 * Fit a marketing mix model: a ridge regression of the outcome on saturated, adstocked media with trend,
 * Fourier seasonality and calendar controls. Experiments are priors: each one's measured lift (its iROAS
 * with its standard error) is a normal prior on the model's replay of that test, and `roasPriors` are
 * normal priors on channels' ROAS; the coefficients are then the posterior mode (MAP, as weighted
 * pseudo-observations). Adstock and Hill parameters per channel are chosen by the same posterior when there
 * are priors, by time-series CV without (config.selection overrides). Intervals: moving-block bootstrap.
 */
export async function fitMmm(input: MmmInput, config: MmmConfig = {}, onProgress: MmmProgress = () => {}): Promise<MmmModel> {
  const priors = config.roasPriors ?? [];
  validate(input, priors);
  const n = input.dates.length;
  const level = config.level ?? 0.9;
  const y = Float64Array.from(input.outcome);
  const controls = controlColumns(input.dates, { grain: input.grain, fourierOrder: config.fourierOrder ?? 2, country: input.country, region: input.region, events: input.events });
  const controlVals = controls.map((c) => c.values);
  const spends = input.channels.map((c) => c.spend);
  const yieldLoop = () => new Promise<void>((r) => setImmediate(r));
  const kind = config.adstock ?? "geometric";
  // Calibration also steers the transform search; its weight needs the residual scale, taken from a
  // preliminary fit with every channel at the grid's middle candidate.
  const calRows = [...calibrationRows(input.dates, input.channels, input.calibration ?? []), ...roasPriorRows(input.channels, priors)];
  // With priors the posterior is anchored and chooses the shapes (bench/causal/sandbox-recovery: worst-channel
  // ROAS error median 18.8 % → 8.9 % over 16 draws); without, CV keeps the shapes from chasing the noise.
  const selection = config.selection ?? (calRows.length ? "map" : "cv");
  let weights: number[] = [];
  if (calRows.length) {
    const grid = candidates(kind, input.grain);
    const cols = [...spends.map((s) => featureOf(s, grid[Math.floor(grid.length / 2)]!)), ...controlVals];
    const prelim = ridge(cols, y, { lambda: 1e-3, nonNegative: cols.map((_, j) => j < spends.length) });
    const sd2 = fitMetrics(Array.from(y), Array.from(predict(prelim, cols, n))).rmse ** 2;
    weights = calRows.map((r) => sd2 / r.se ** 2);
  }
  const search = await searchTransforms(spends, controlVals, y, {
    kind, grain: input.grain, folds: selection === "cv" ? config.folds ?? 3 : 0, passes: config.passes ?? 2, calibration: { rows: calRows, weights },
    tick: async (done, total) => { await onProgress((0.8 * done) / total, "search"); await yieldLoop(); },
  });
  const m = spends.length;
  const columns = [...search.features, ...controlVals];
  const nonNegative = columns.map((_, j) => j < m);
  const base: RidgeOptions = { lambda: search.lambda, nonNegative };
  let fit = ridge(columns, y, base);
  const residualSd = Math.sqrt(fitMetrics(Array.from(y), Array.from(predict(fit, columns, n))).rmse ** 2);
  const calibX = (r: CalibrationRow, c: Candidate) => {
    const x = new Array<number>(columns.length).fill(0);
    x[r.column] = r.x(c);
    return x;
  };
  const calib = calRows.map((r) => ({ x: calibX(r, search.chosen[r.column]!), y: r.target, weight: residualSd ** 2 / r.se ** 2, se: r.se, row: r }));
  if (calib.length) fit = ridge(columns, y, { ...base, extraRows: calib });
  const yhat = predict(fit, columns, n);
  const resid = Array.from(y, (v, i) => v - yhat[i]!);

  // Moving-block bootstrap of periods (blocks of 2 weeks, 4 weeks or 3 months keep autocorrelation); resampling
  // rows rather than residuals keeps intervals honest when the transforms are only approximately right.
  const B = config.bootstrap ?? 200;
  const block = { day: 14, week: 4, month: 3 }[input.grain];
  const rand = seededRandom(config.seed ?? 1);
  const draws: { beta: number; alpha: number; k: number; featureSum: number; bumpedSum: number }[][] = [];
  const cache = new Map<string, { f: Float64Array; sum: number; bumped: number }>();
  const transformed = (j: number, c: Candidate) => {
    const key = `${j}:${JSON.stringify(c)}`;
    if (!cache.has(key)) {
      const f = featureOf(spends[j]!, c);
      cache.set(key, { f, sum: f.reduce((a, b) => a + b, 0), bumped: bumpedFeatureSum(spends[j]!, c) });
    }
    return cache.get(key)!;
  };
  for (let b = 0; b < B; b++) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; ) {
      const start = Math.floor(rand() * (n - block + 1));
      for (let k = 0; k < block && i < n; k++, i++) idx[i] = start + k;
    }
    const ys = Float64Array.from(idx, (t) => y[t]!);
    const picks = search.plausible.map((p) => p[Math.floor(rand() * p.length)]!);
    const feats = picks.map((c, j) => transformed(j, c));
    const cols = [...feats.map((f) => f.f), ...controlVals].map((c) => Float64Array.from(idx, (t) => c[t]!));
    const rows = calib.map((c) => ({ ...c, x: calibX(c.row, picks[c.row.column]!), y: c.y + c.se * normalDraw(rand) }));
    const coef = ridge(cols, ys, { ...base, extraRows: rows }).coefficients;
    draws.push(picks.map((c, j) => ({ beta: coef[j]!, alpha: c.alpha, k: c.kappa * spendScale(spends[j]!), featureSum: feats[j]!.sum, bumpedSum: feats[j]!.bumped })));
    if (b % 20 === 19) { await onProgress(0.8 + (0.2 * (b + 1)) / B, "bootstrap"); await yieldLoop(); }
  }

  // Bootstrap percentile intervals, stretched to the fit's estimate when it falls outside them.
  const est = (value: number, xs: number[]): Estimate => percentileInterval(value, xs, level);
  const featureSum = search.features.map((f) => f.reduce((a, b) => a + b, 0));
  const bumpedSum = spends.map((s, j) => bumpedFeatureSum(s, search.chosen[j]!));
  const contributions = input.channels.map((_, j) => fit.coefficients[j]! * featureSum[j]!);
  const mediaTotal = contributions.reduce((a, b) => a + b, 0);
  const results = input.channels.map((ch, j) => {
    const spend = ch.spend.reduce((a, b) => a + b, 0);
    const dj = draws.map((d) => d[j]!);
    const c = search.chosen[j]!;
    const k = c.kappa * spendScale(ch.spend);
    const meanSpend = spend / n;
    const organic = Boolean(ch.organic);
    return {
      channel: ch.name, spend: organic ? 0 : spend, organic, volume: organic ? spend : null,
      contribution: est(contributions[j]!, dj.map((d) => d.beta * d.featureSum)),
      share: mediaTotal > 0 ? contributions[j]! / mediaTotal : 0,
      roas: organic ? null : est(contributions[j]! / spend, dj.map((d) => (d.beta * d.featureSum) / spend)),
      marginalRoas: organic ? null : est((fit.coefficients[j]! * (bumpedSum[j]! - featureSum[j]!)) / (0.01 * spend), dj.map((d) => (d.beta * (d.bumpedSum - d.featureSum)) / (0.01 * spend))),
      responseCurve: Array.from({ length: 13 }, (_, i) => {
        const s = (i / 4) * meanSpend;
        return { spend: s, response: fit.coefficients[j]! * (s <= 0 ? 0 : s ** c.alpha / (s ** c.alpha + k ** c.alpha)) };
      }),
    };
  });
  const channels = input.channels.map((ch, j) => ({
    name: ch.name, adstock: search.chosen[j]!.adstock, alpha: search.chosen[j]!.alpha, k: search.chosen[j]!.kappa * spendScale(ch.spend),
    beta: fit.coefficients[j]!, draws: draws.map((d) => ({ beta: d[j]!.beta, alpha: d[j]!.alpha, k: d[j]!.k })), meanSpend: ch.spend.reduce((a, b) => a + b, 0) / n,
    ...(ch.organic ? { organic: true } : {}),
  }));
  const decomposition = input.dates.map((date, t) => {
    const groups = { trend: 0, seasonality: 0, calendar: 0, events: 0 };
    controls.forEach((c, i) => (groups[c.group] += fit.coefficients[m + i]! * c.values[t]!));
    return { date, actual: y[t]!, predicted: yhat[t]!, base: fit.intercept, ...groups,
      channels: Object.fromEntries(input.channels.map((ch, j) => [ch.name, fit.coefficients[j]! * search.features[j]![t]!])) };
  });
  const importance: Record<string, number> = {};
  for (const row of decomposition) {
    for (const g of ["trend", "seasonality", "calendar", "events"] as const) importance[g] = (importance[g] ?? 0) + Math.abs(row[g]);
    for (const [c, v] of Object.entries(row.channels)) importance[c] = (importance[c] ?? 0) + Math.abs(v);
  }
  const impTotal = Object.values(importance).reduce((a, b) => a + b, 0) || 1;
  const metrics = fitMetrics(Array.from(y), Array.from(yhat));
  await onProgress(1, "done");
  return {
    type: "mmm", grain: input.grain, window: { from: input.dates[0]!, to: input.dates[n - 1]!, periods: n },
    lambda: search.lambda, intercept: fit.intercept,
    controls: Object.fromEntries(controls.map((c, i) => [c.name, fit.coefficients[m + i]!])),
    channels, fit: { ...metrics, cvRmse: search.cvRmse }, results,
    baselinePerPeriod: decomposition.reduce((s, r) => s + r.base + r.trend + r.seasonality + r.calendar + r.events, 0) / n,
    decomposition, level,
    featureImportance: Object.fromEntries(Object.entries(importance).map(([k, v]) => [k, v / impTotal])),
  };
}
