import { CholeskyDecomposition, Matrix } from "ml-matrix";

/** A calibration pseudo-observation of column `column`: its coefficient × x ≈ target (x set per candidate). */
export interface CvCalibration { column: number; x: number; target: number; weight: number }

/**
 * Fast expanding-window CV for the transform search. The training ranges of the folds are nested
 * prefixes, so the raw cross-products Σx_a·x_b, Σx_a, Σx_a·y are kept per fold and, when one media
 * column changes, only its row is recomputed (p·n work instead of p²·n per fold). The ridge solved is
 * the same as stats/ridge.ts: standardised columns, penalty λ·n, unpenalised intercept, negative media
 * coefficients dropped and refitted. With `folds` = 0 the score is in-sample instead: the penalised objective
 * (residuals, priors and ridge penalty) of a fit on every period — the posterior mode's — as an RMSE, with a
 * "standard error" that marks candidates within Δ(−2 log L) = 6.25 of the best. Calibration rows (an experiment's lift: β_j·Σ_window x_j = target,
 * with a weight) are added to every fold's fit, so the transforms are chosen under the calibration.
 */
export function createCvEvaluator(columns: Float64Array[], y: Float64Array, foldsOrZero: number, nonNegative: boolean[], calibration: CvCalibration[] = []) {
  const n = y.length;
    const inSample = foldsOrZero === 0;
  const folds = inSample ? 1 : foldsOrZero;
  const cuts = inSample ? [n, n] : Array.from({ length: folds + 1 }, (_, f) => Math.floor(n * (0.6 + (0.4 * f) / folds)));
  const p = columns.length;
  const cols = [...columns];
  // sums[f]: { s: Σx_a, g: Σx_a·x_b, xy: Σx_a·y, sy: Σy } over [0, cuts[f]).
  const sums = cuts.slice(0, folds).map(() => ({ s: new Float64Array(p), g: Array.from({ length: p }, () => new Float64Array(p)), xy: new Float64Array(p), sy: 0 }));
  const rowSums = (col: Float64Array) => {
    let s = 0, xy = 0, i = 0;
    const g = Array.from({ length: folds }, () => new Float64Array(p));
    const out = Array.from({ length: folds }, () => ({ s: 0, xy: 0 }));
    for (let k = 0; k < folds; k++) {
      for (; i < cuts[k]!; i++) {
        const v = col[i]!;
        s += v; xy += v * y[i]!;
        for (let b = 0; b < p; b++) g[k]![b] += v * cols[b]![i]!;
      }
      out[k] = { s, xy };
      if (k + 1 < folds) g[k + 1]!.set(g[k]!);
    }
    return { g, out };
  };
  const setColumn = (a: number, col: Float64Array) => {
    cols[a] = col;
    const { g, out } = rowSums(col);
    for (let k = 0; k < folds; k++) {
      sums[k]!.s[a] = out[k]!.s; sums[k]!.xy[a] = out[k]!.xy;
      for (let b = 0; b < p; b++) { sums[k]!.g[a]![b] = g[k]![b]!; sums[k]!.g[b]![a] = g[k]![b]!; }
    }
  };
  for (let a = 0; a < p; a++) setColumn(a, cols[a]!);
  for (let k = 0; k < folds; k++) { let sy = 0; for (let i = 0; i < cuts[k]!; i++) sy += y[i]!; sums[k]!.sy = sy; }

  const solve = (k: number, lambda: number) => {
    const m = cuts[k]!, S = sums[k]!;
    const mean = Array.from(S.s, (v) => v / m);
    const sd = mean.map((mu, a) => Math.sqrt(Math.max(S.g[a]![a]! / m - mu * mu, 0)) || 1);
    const yMean = S.sy / m;
    let active = Array.from({ length: p }, (_, a) => a);
    const calib = calibration.map((c) => ({ ...c, sum: c.x / sd[c.column]! }));
    for (;;) {
      const q = active.length;
      const A = Matrix.zeros(q, q), rhs = new Array<number>(q);
      active.forEach((a, i) => {
        rhs[i] = (S.xy[a]! - m * mean[a]! * yMean) / sd[a]!;
        for (let j = i; j < q; j++) {
          const b = active[j]!;
          const v = (S.g[a]![b]! - m * mean[a]! * mean[b]!) / (sd[a]! * sd[b]!) + (i === j ? lambda * m : 0);
          A.set(i, j, v);
          A.set(j, i, v);
        }
      });
      for (const c of calib) {
        const i = active.indexOf(c.column);
        if (i < 0) continue;
        A.set(i, i, A.get(i, i) + c.weight * c.sum * c.sum);
        rhs[i] += c.weight * c.sum * c.target;
      }
      const bStd = q ? new CholeskyDecomposition(A).solve(Matrix.columnVector(rhs)).to1DArray() : [];
      const neg = active.filter((a, i) => nonNegative[a] && bStd[i]! < 0);
      if (neg.length === 0) {
        const beta = new Float64Array(p);
        active.forEach((a, i) => (beta[a] = bStd[i]! / sd[a]!));
        return { beta, intercept: yMean - beta.reduce((s, b, a) => s + b * mean[a]!, 0) };
      }
      active = active.filter((a) => !neg.includes(a));
    }
  };

  /** CV RMSE and its standard error with the current columns. */
  const score = (lambda: number) => {
    let sse = 0, sse2 = 0, count = 0;
    if (inSample) {
      const { beta, intercept } = solve(0, lambda);
      let prev = 0, lag = 0;
      for (let i = 0; i < n; i++) {
        let pred = intercept;
        for (let a = 0; a < p; a++) pred += beta[a]! * cols[a]![i]!;
        const e = y[i]! - pred;
        sse += e * e;
        if (i > 0) lag += e * prev;
        prev = e;
      }
      let penalty = 0;
      for (const c of calibration) penalty += c.weight * (beta[c.column]! * c.x - c.target) ** 2;
      for (let a = 0; a < p; a++) { const sd = Math.sqrt(Math.max(sums[0]!.g[a]![a]! / n - (sums[0]!.s[a]! / n) ** 2, 0)) || 1; penalty += lambda * n * (beta[a]! * sd) ** 2; }
      const rmse = Math.sqrt((sse + penalty) / n);
      // Profile likelihood: candidates within Δ(−2 log L) = 6.25 of the best (a 90 % region for a channel's three
      // transform parameters: χ²₃), counting autocorrelated residuals as n(1 − ρ)/(1 + ρ) independent ones
      // (ρ: lag-1 autocorrelation).
      const rho = Math.min(Math.max(lag / sse, 0), 0.95);
      const nEff = (n * (1 - rho)) / (1 + rho);
      return { rmse, se: rmse * (Math.exp(3.125 / nEff) - 1) };
    }
    for (let k = 0; k < folds; k++) {
      const { beta, intercept } = solve(k, lambda);
      for (let i = cuts[k]!; i < cuts[k + 1]!; i++) {
        let pred = intercept;
        for (let a = 0; a < p; a++) pred += beta[a]! * cols[a]![i]!;
        const e2 = (y[i]! - pred) ** 2;
        sse += e2; sse2 += e2 * e2;
      }
      count += cuts[k + 1]! - cuts[k]!;
    }
    const mse = sse / count, rmse = Math.sqrt(mse);
    return { rmse, se: Math.sqrt(Math.max(sse2 / count - mse * mse, 0) / count) / (2 * rmse || 1) };
  };
  /** Set a calibration row's x (after changing its column's transform). */
  const setCalibrationX = (i: number, x: number) => { calibration[i]!.x = x; };
  return { setColumn, setCalibrationX, score };
}
