import { Matrix, EVD } from "ml-matrix";

/** Euclidean projection onto the probability simplex (Duchi et al. 2008, https://doi.org/10.1145/1390156.1390191). */
export function projectToSimplex(v: readonly number[]): number[] {
  const u = [...v].sort((a, b) => b - a);
  let css = 0, rho = 0, cssRho = 0;
  for (let j = 0; j < u.length; j++) {
    css += u[j]!;
    if (u[j]! - (css - 1) / (j + 1) > 0) { rho = j; cssRho = css; }
  }
  const tau = (cssRho - 1) / (rho + 1);
  return v.map((x) => Math.max(x - tau, 0));
}

/**
 * argmin_w ||y − Xw||² subject to w ≥ 0, Σw = 1: accelerated projected gradient (FISTA) with step 1/L,
 * L the largest eigenvalue of XᵀX. Converges to the global optimum because the problem is convex.
 */
export function simplexLeastSquares(X: Matrix, y: readonly number[], opts: { maxIter?: number; tol?: number } = {}): number[] {
  const k = X.columns;
  const XtX = X.transpose().mmul(X);
  const Xty = X.transpose().mmul(Matrix.columnVector([...y])).to1DArray();
  const L = Math.max(...new EVD(XtX, { assumeSymmetric: true }).realEigenvalues) || 1;
  const A = XtX.to2DArray();
  let w = new Array<number>(k).fill(1 / k);
  let z = [...w];
  let t = 1;
  for (let iter = 0; iter < (opts.maxIter ?? 20000); iter++) {
    const grad = A.map((row, i) => row.reduce((s, a, j) => s + a * z[j]!, 0) - Xty[i]!);
    const next = projectToSimplex(z.map((zi, i) => zi - grad[i]! / L));
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    let delta = 0;
    z = next.map((ni, i) => { delta = Math.max(delta, Math.abs(ni - w[i]!)); return ni + ((t - 1) / tNext) * (ni - w[i]!); });
    w = next;
    t = tNext;
    if (delta < (opts.tol ?? 1e-10)) break;
  }
  return w;
}
