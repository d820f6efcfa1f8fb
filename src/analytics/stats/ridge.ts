import { CholeskyDecomposition, Matrix } from "ml-matrix";

/** A fitted ridge regression on the original (unstandardised) scale. */
export interface RidgeFit {
  /** Unpenalised intercept. */
  intercept: number;
  /** One coefficient per input column (0 for columns dropped by the sign constraint). */
  coefficients: number[];
}

export interface RidgeOptions {
  /** Penalty on standardised columns, scaled by n (so it does not grow with the sample). */
  lambda: number;
  /** Columns whose coefficient must be ≥ 0 (media effects); negative ones are dropped and the fit repeated. */
  nonNegative?: readonly boolean[];
  /** Extra weighted rows (calibration pseudo-observations), not centred with the data. */
  extraRows?: { x: number[]; y: number; weight: number }[];
}

/**
 * Ridge regression with an unpenalised intercept on standardised columns, solved by Cholesky
 * (ml-matrix). `columns` is column-major: columns[j][i] is row i of feature j.
 */
export function ridge(columns: readonly ArrayLike<number>[], y: ArrayLike<number>, opts: RidgeOptions): RidgeFit {
  const n = y.length;
  let active = columns.map((_, j) => j);
  for (;;) {
    const fit = solveActive(columns, y, n, active, opts);
    const negative = active.filter((j, k) => opts.nonNegative?.[j] && fit.beta[k]! < 0);
    if (negative.length === 0) {
      const coefficients = new Array<number>(columns.length).fill(0);
      active.forEach((j, k) => (coefficients[j] = fit.beta[k]!));
      return { intercept: fit.intercept, coefficients };
    }
    active = active.filter((j) => !negative.includes(j));
  }
}

function solveActive(columns: readonly ArrayLike<number>[], y: ArrayLike<number>, n: number, active: number[], opts: RidgeOptions) {
  const p = active.length;
  const means = active.map((j) => colMean(columns[j]!, n));
  const sds = active.map((j, k) => colSd(columns[j]!, n, means[k]!) || 1);
  const yMean = colMean(y, n);
  const xtx = Matrix.zeros(p, p);
  const xty = new Array<number>(p).fill(0);
  const std = active.map((j, k) => {
    const c = new Float64Array(n);
    const col = columns[j]!;
    for (let i = 0; i < n; i++) c[i] = (col[i]! - means[k]!) / sds[k]!;
    return c;
  });
  for (let a = 0; a < p; a++) {
    const ca = std[a]!;
    let sy = 0;
    for (let i = 0; i < n; i++) sy += ca[i]! * (y[i]! - yMean);
    xty[a] = sy;
    for (let b = a; b < p; b++) {
      const cb = std[b]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += ca[i]! * cb[i]!;
      xtx.set(a, b, s);
      xtx.set(b, a, s);
    }
    xtx.set(a, a, xtx.get(a, a) + opts.lambda * n);
  }
  for (const row of opts.extraRows ?? []) {
    // Pseudo-observations act on the raw scale of the coefficient: x·β = y with weight w.
    const xs = active.map((j, k) => row.x[j]! / sds[k]!);
    for (let a = 0; a < p; a++) {
      xty[a] += row.weight * xs[a]! * row.y;
      for (let b = 0; b < p; b++) xtx.set(a, b, xtx.get(a, b) + row.weight * xs[a]! * xs[b]!);
    }
  }
  if (p === 0) return { intercept: yMean, beta: [] as number[] };
  const bStd = new CholeskyDecomposition(xtx).solve(Matrix.columnVector(xty)).to1DArray();
  const beta = bStd.map((b, k) => b / sds[k]!);
  const intercept = yMean - beta.reduce((s, b, k) => s + b * means[k]!, 0);
  return { intercept, beta };
}

const colMean = (c: ArrayLike<number>, n: number) => { let s = 0; for (let i = 0; i < n; i++) s += c[i]!; return s / n; };
const colSd = (c: ArrayLike<number>, n: number, m: number) => { let s = 0; for (let i = 0; i < n; i++) s += (c[i]! - m) ** 2; return Math.sqrt(s / n); };

/** Predictions of a ridge fit on the given columns. */
export function predict(fit: RidgeFit, columns: readonly ArrayLike<number>[], n: number): Float64Array {
  const out = new Float64Array(n).fill(fit.intercept);
  fit.coefficients.forEach((b, j) => { if (b !== 0) { const c = columns[j]!; for (let i = 0; i < n; i++) out[i] += b * c[i]!; } });
  return out;
}
