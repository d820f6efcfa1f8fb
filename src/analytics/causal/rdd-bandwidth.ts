import { quantile, variance } from "../stats/index.js";
import { polyFit } from "./local-poly.js";

/** C_K of the triangular kernel in Imbens & Kalyanaraman (2012), Table 1. */
const C_TRIANGULAR = 3.4375;

/**
 * MSE-optimal bandwidth of Imbens & Kalyanaraman (2012, Review of Economic Studies 79(3), section 4.2)
 * for a local-linear estimate with the triangular kernel: pilot density and variances, third
 * derivative from a global cubic, curvature on each side from local quadratics, and their
 * regularisation terms.
 */
export function ikBandwidth(x: readonly number[], y: readonly number[], c: number): number {
  const n = x.length;
  const sx = Math.sqrt(variance(x));
  // Step 1: pilot bandwidth, density and conditional variances at the cutoff.
  const h1 = 1.84 * sx * n ** (-1 / 5);
  const yl = y.filter((_, i) => x[i]! < c && x[i]! >= c - h1);
  const yr = y.filter((_, i) => x[i]! >= c && x[i]! <= c + h1);
  const f = (yl.length + yr.length) / (2 * n * h1);
  const s2l = yl.length > 1 ? variance(yl) : 0;
  const s2r = yr.length > 1 ? variance(yr) : 0;
  // Step 2: third derivative from a cubic with a jump, on the data between the two sides' medians.
  const xl = x.filter((v) => v < c), xr = x.filter((v) => v >= c);
  const medL = quantile(xl, 0.5), medR = quantile(xr, 0.5);
  const keep = x.map((v, i) => i).filter((i) => x[i]! >= medL && x[i]! <= medR);
  const cubic = polyFit(keep.map((i) => x[i]! - c), keep.map((i) => y[i]!), 3, [keep.map((i) => (x[i]! >= c ? 1 : 0))]);
  const m3 = 6 * cubic[3]!;
  const curvature = (side: "l" | "r") => {
    const s2 = side === "l" ? s2l : s2r;
    const nSide = side === "l" ? xl.length : xr.length;
    const h2 = 3.56 * (s2 / (f * Math.max(m3 * m3, 1e-12))) ** (1 / 7) * nSide ** (-1 / 7);
    const idx = x.map((v, i) => i).filter((i) => (side === "l" ? x[i]! < c && x[i]! >= c - h2 : x[i]! >= c && x[i]! <= c + h2));
    if (idx.length < 4) return { m2: 0, reg: 0 };
    const q = polyFit(idx.map((i) => x[i]! - c), idx.map((i) => y[i]!), 2);
    return { m2: 2 * q[2]!, reg: (2160 * s2) / (idx.length * h2 ** 4) };
  };
  const l = curvature("l"), r = curvature("r");
  // Step 3: the optimal bandwidth with regularisation (keeps it finite when the curvatures cancel).
  const denom = f * ((r.m2 - l.m2) ** 2 + l.reg + r.reg);
  const h = C_TRIANGULAR * ((s2l + s2r) / denom) ** (1 / 5) * n ** (-1 / 5);
  const range = Math.max(...x) - Math.min(...x);
  return Number.isFinite(h) && h > 0 ? Math.min(h, range) : h1;
}
