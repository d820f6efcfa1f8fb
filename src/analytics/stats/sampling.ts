import { normalDraw } from "./descriptive.js";

/** Gamma(shape, 1) draw (Marsaglia & Tsang 2000, https://doi.org/10.1145/358407.358414); shape < 1 boosted. */
export function gammaDraw(rand: () => number, shape: number): number {
  if (shape < 1) return gammaDraw(rand, shape + 1) * rand() ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = normalDraw(rand); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) draw from two gamma draws. */
export function betaDraw(rand: () => number, a: number, b: number): number {
  const x = gammaDraw(rand, a), y = gammaDraw(rand, b);
  return x / (x + y);
}

/** Student-t draw with df degrees of freedom (normal ÷ √(χ²/df)); normal when df is infinite. */
export function studentTDraw(rand: () => number, df: number): number {
  const z = normalDraw(rand);
  return Number.isFinite(df) ? z / Math.sqrt((2 * gammaDraw(rand, df / 2)) / df) : z;
}
