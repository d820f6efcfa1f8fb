import { Matrix, solve } from "ml-matrix";
import type { Credit, Journey } from "./types.js";

/** Markov-chain attribution: removal effects and the credit they imply. */
export interface MarkovResult {
  /** P(conversion) from the start state in the full chain. */
  conversionProbability: number;
  /** 1 − P(conversion without the channel)/P(conversion), per channel. */
  removalEffects: Record<string, number>;
  /** Conversions and value split in proportion to the removal effects. */
  credit: Credit;
}

/**
 * First-order Markov chain over start → channels → (conversion | null). Absorption probabilities are
 * solved exactly from the transition matrix: x = Qx + r, i.e. (I − Q)x = r, with ml-matrix. Removing a
 * channel sends every transition into it to null (its x is fixed at 0).
 */
export function markovAttribution(journeys: readonly Journey[]): MarkovResult {
  const channels = [...new Set(journeys.flatMap((j) => j.touches.map((t) => t.channel)))].sort();
  const idx = new Map(channels.map((c, i) => [c, i + 1])); // 0 = start
  const k = channels.length + 1;
  const counts = Array.from({ length: k }, () => new Array<number>(k + 2).fill(0)); // k = conversion, k+1 = null
  for (const j of journeys) {
    if (j.touches.length === 0) continue;
    let from = 0;
    for (const t of j.touches) { const to = idx.get(t.channel)!; counts[from]![to]++; from = to; }
    counts[from]![j.converted ? k : k + 1]++;
  }
  const P = counts.map((row) => { const s = row.reduce((a, b) => a + b, 0); return row.map((v) => (s ? v / s : 0)); });
  const absorb = (removed: number | null) => {
    const keep = Array.from({ length: k }, (_, i) => i).filter((i) => i !== removed);
    const A = new Matrix(keep.map((i) => keep.map((jj) => (i === jj ? 1 : 0) - P[i]![jj]!)));
    const r = Matrix.columnVector(keep.map((i) => P[i]![k]!));
    return solve(A, r).get(0, 0); // start is keep[0]
  };
  const base = absorb(null);
  const removalEffects = Object.fromEntries(channels.map((c) => [c, base > 0 ? 1 - absorb(idx.get(c)!) / base : 0]));
  const totalRe = Object.values(removalEffects).reduce((a, b) => a + b, 0);
  const conv = journeys.filter((j) => j.converted && j.touches.length);
  const totalConv = conv.length, totalValue = conv.reduce((s, j) => s + j.value, 0);
  const credit: Credit = Object.fromEntries(channels.map((c) => {
    const share = totalRe > 0 ? removalEffects[c]! / totalRe : 0;
    return [c, { conversions: share * totalConv, value: share * totalValue }];
  }));
  return { conversionProbability: base, removalEffects, credit };
}
