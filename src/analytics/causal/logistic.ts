import { Matrix, inverse } from "ml-matrix";

/**
 * Logistic regression by iteratively reweighted least squares (Newton–Raphson on the log-likelihood),
 * on standardised covariates with a tiny ridge (1e-6) so separable data stays finite. Returns the
 * fitted probabilities.
 */
export function logisticProbabilities(covariates: readonly (readonly number[])[], treated: readonly number[], maxIter = 50): number[] {
  const n = treated.length;
  const cols = covariates.map((c) => {
    const m = c.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(c.reduce((s, v) => s + (v - m) ** 2, 0) / n) || 1;
    return c.map((v) => (v - m) / sd);
  });
  const x = new Matrix(Array.from({ length: n }, (_, i) => [1, ...cols.map((c) => c[i]!)]));
  const k = x.columns;
  let beta = new Array<number>(k).fill(0);
  let p = new Array<number>(n).fill(0.5);
  for (let iter = 0; iter < maxIter; iter++) {
    const eta = x.mmul(Matrix.columnVector(beta)).to1DArray();
    p = eta.map((e) => 1 / (1 + Math.exp(-e)));
    const h = Matrix.zeros(k, k);
    const g = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const w = Math.max(p[i]! * (1 - p[i]!), 1e-10);
      const r = treated[i]! - p[i]!;
      for (let a = 0; a < k; a++) {
        const xa = x.get(i, a);
        g[a] += xa * r;
        for (let b = a; b < k; b++) h.set(a, b, h.get(a, b) + w * xa * x.get(i, b));
      }
    }
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < a; b++) h.set(a, b, h.get(b, a));
      h.set(a, a, h.get(a, a) + 1e-6);
      g[a] -= 1e-6 * beta[a]!;
    }
    const step = inverse(h, true).mmul(Matrix.columnVector(g)).to1DArray();
    beta = beta.map((b, j) => b + step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  const eta = x.mmul(Matrix.columnVector(beta)).to1DArray();
  return eta.map((e) => 1 / (1 + Math.exp(-e)));
}
