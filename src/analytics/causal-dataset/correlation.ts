import type { CorrelationMatrix, PanelRow } from "./causal-dataset.types.js";

function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const dx = xs[i]! - mx, dy = ys[i]! - my; sxy += dx * dy; sxx += dx * dx; syy += dy * dy; }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Pearson correlations between numeric columns over the rows where both values are present (6 decimals). */
export function correlationMatrix(rows: PanelRow[], columns: string[]): CorrelationMatrix {
  const matrix = columns.map((a) => columns.map((b) => {
    const xs: number[] = [], ys: number[] = [];
    for (const r of rows) {
      const x = r[a], y = r[b];
      if (typeof x === "number" && typeof y === "number") { xs.push(x); ys.push(y); }
    }
    const c = pearson(xs, ys);
    return c === null ? null : Math.round(c * 1e6) / 1e6;
  }));
  return { columns, matrix };
}
