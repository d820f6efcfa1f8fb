import { badInput } from "../../../errors.js";
import { seededRandom } from "../../stats/descriptive.js";
import type { Credit, Journey } from "./types.js";

/** Shapley attribution and how it was computed. */
export interface ShapleyResult {
  /** "exact" (all coalitions) or "sampled" (random permutations). */
  method: "exact" | "sampled";
  /** Permutations drawn (sampled only). */
  samples?: number;
  /** Conversions and value credited per channel. */
  credit: Credit;
  /** 95 % error bound on each channel's value credit (1.96 × standard error over permutations); 0 when exact. */
  errorBound: Record<string, number>;
}

/** Channels up to which Shapley values are exact (2^12 = 4096 coalitions × channels; cheap). */
export const SHAPLEY_EXACT_MAX = 12;

/**
 * Shapley values of the coalition game v(S) = Σ value (and count) of converted journeys whose channel
 * set is contained in S (Zhao et al. 2018, https://arxiv.org/abs/1804.05327). Exact for up to
 * `maxExact` channels (subset sums over all 2^n coalitions); otherwise `samples` random permutations,
 * where a journey's value goes to the channel that completes its set, with a 95 % error bound.
 */
export function shapleyAttribution(journeys: readonly Journey[], opts: { maxExact?: number; samples?: number; seed?: number } = {}): ShapleyResult {
  const conv = journeys.filter((j) => j.converted && j.touches.length);
  const channels = [...new Set(conv.flatMap((j) => j.touches.map((t) => t.channel)))].sort();
  const n = channels.length;
  const idx = new Map(channels.map((c, i) => [c, i]));
  const sets = conv.map((j) => ({ members: [...new Set(j.touches.map((t) => idx.get(t.channel)!))], value: j.value }));
  if (n <= (opts.maxExact ?? SHAPLEY_EXACT_MAX)) return exact(channels, sets);
  const samples = opts.samples ?? 2000;
  if (!(samples >= 2)) throw badInput("Sampled Shapley values need at least 2 permutations.");
  const rand = seededRandom(opts.seed ?? 1);
  const sum = new Float64Array(n), sumSq = new Float64Array(n), cnt = new Float64Array(n);
  const perm = channels.map((_, i) => i), pos = new Int32Array(n);
  for (let s = 0; s < samples; s++) {
    for (let i = n - 1; i > 0; i--) { const r = Math.floor(rand() * (i + 1)); [perm[i], perm[r]] = [perm[r]!, perm[i]!]; }
    perm.forEach((c, p) => (pos[c] = p));
    const gainV = new Float64Array(n), gainC = new Float64Array(n);
    for (const j of sets) {
      let last = j.members[0]!;
      for (const m of j.members) if (pos[m]! > pos[last]!) last = m;
      gainV[last] += j.value; gainC[last] += 1;
    }
    for (let c = 0; c < n; c++) { sum[c] += gainV[c]!; sumSq[c] += gainV[c]! ** 2; cnt[c] += gainC[c]!; }
  }
  const credit: Credit = {}, errorBound: Record<string, number> = {};
  channels.forEach((ch, c) => {
    const mean = sum[c]! / samples;
    const sd = Math.sqrt(Math.max(sumSq[c]! / samples - mean * mean, 0) * (samples / (samples - 1)));
    credit[ch] = { conversions: cnt[c]! / samples, value: mean };
    errorBound[ch] = (1.959963984540054 * sd) / Math.sqrt(samples);
  });
  return { method: "sampled", samples, credit, errorBound };
}

function exact(channels: string[], sets: { members: number[]; value: number }[]): ShapleyResult {
  const n = channels.length, size = 1 << n;
  const vV = new Float64Array(size), vC = new Float64Array(size);
  for (const j of sets) { const m = j.members.reduce((a, c) => a | (1 << c), 0); vV[m] += j.value; vC[m] += 1; }
  // Zeta transform: v(S) = Σ over journey sets T ⊆ S.
  for (let b = 0; b < n; b++) for (let m = 0; m < size; m++) if (m & (1 << b)) { vV[m] += vV[m ^ (1 << b)]!; vC[m] += vC[m ^ (1 << b)]!; }
  const fact = [1];
  for (let i = 1; i <= n; i++) fact.push(fact[i - 1]! * i);
  const popcount = (m: number) => { let c = 0; while (m) { m &= m - 1; c++; } return c; };
  const credit: Credit = {}, errorBound: Record<string, number> = {};
  channels.forEach((ch, i) => {
    let value = 0, conversions = 0;
    for (let m = 0; m < size; m++) {
      if (m & (1 << i)) continue;
      const s = popcount(m);
      const w = (fact[s]! * fact[n - s - 1]!) / fact[n]!;
      value += w * (vV[m | (1 << i)]! - vV[m]!);
      conversions += w * (vC[m | (1 << i)]! - vC[m]!);
    }
    credit[ch] = { conversions, value };
    errorBound[ch] = 0;
  });
  return { method: "exact", credit, errorBound };
}
