import { Matrix, inverse } from "ml-matrix";

/** Triangular kernel K(u) = max(0, 1 − |u|), the rdrobust default. */
export const triangular = (u: number): number => Math.max(0, 1 - Math.abs(u));

/**
 * Weights ω such that Σ ωᵢ yᵢ is the `coef`-th coefficient of a kernel-weighted polynomial fit of
 * degree `degree` in r = x − c over the points with |r| < h (Fan & Gijbels 1996). Points outside get 0.
 */
export function localPolyWeights(r: readonly number[], h: number, degree: number, coef: number): Float64Array {
  const k = degree + 1;
  const g = Matrix.zeros(k, k);
  const kw = r.map((ri) => triangular(ri / h));
  for (let i = 0; i < r.length; i++) {
    if (kw[i] === 0) continue;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g.set(a, b, g.get(a, b) + kw[i]! * r[i]! ** (a + b));
  }
  const gi = inverse(g, true);
  const out = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) {
    if (kw[i] === 0) continue;
    let s = 0;
    for (let b = 0; b < k; b++) s += gi.get(coef, b) * r[i]! ** b;
    out[i] = s * kw[i]!;
  }
  return out;
}

/** Unweighted least-squares polynomial coefficients of y on r (degree d), intercept first. */
export function polyFit(r: readonly number[], y: readonly number[], degree: number, extra?: readonly (readonly number[])[]): number[] {
  const rows = r.map((ri, i) => [...Array.from({ length: degree + 1 }, (_, p) => ri ** p), ...(extra?.map((c) => c[i]!) ?? [])]);
  const x = new Matrix(rows);
  const xt = x.transpose();
  return inverse(xt.mmul(x), true).mmul(xt).mmul(Matrix.columnVector([...y])).to1DArray();
}

/** Σ ωᵢ vᵢ. */
export const dot = (w: ArrayLike<number>, v: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < w.length; i++) s += w[i]! * v[i]!; return s; };

/**
 * Nearest-neighbour residuals (rdrobust's default `vce = "nn"`, J = 3): for each point, its value
 * minus the mean of its J nearest neighbours in r on the same side, scaled by √(J/(J+1)).
 */
export function nnResiduals(r: readonly number[], y: readonly number[], j = 3): Float64Array {
  const order = r.map((_, i) => i).sort((a, b) => r[a]! - r[b]!);
  const out = new Float64Array(r.length);
  const scale = Math.sqrt(j / (j + 1));
  for (let p = 0; p < order.length; p++) {
    let lo = p - 1, hi = p + 1, taken = 0, sum = 0;
    const xi = r[order[p]!]!;
    while (taken < j && (lo >= 0 || hi < order.length)) {
      const dl = lo >= 0 ? xi - r[order[lo]!]! : Infinity;
      const dh = hi < order.length ? r[order[hi]!]! - xi : Infinity;
      if (dl <= dh) sum += y[order[lo--]!]!; else sum += y[order[hi++]!]!;
      taken++;
    }
    out[order[p]!] = taken === 0 ? 0 : scale * (y[order[p]!]! - sum / taken);
  }
  return out;
}
