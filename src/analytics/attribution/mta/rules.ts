import type { Credit, Journey } from "./types.js";

/** Split each converted journey's conversion and value over its touches by per-touch weights. */
function allocate(journeys: readonly Journey[], weights: (j: Journey) => number[]): Credit {
  const credit: Credit = {};
  for (const j of journeys) {
    if (!j.converted || j.touches.length === 0) continue;
    const w = weights(j);
    const total = w.reduce((a, b) => a + b, 0);
    j.touches.forEach((t, i) => {
      if (w[i] === 0) return;
      const c = (credit[t.channel] ??= { conversions: 0, value: 0 });
      c.conversions += w[i]! / total;
      c.value += (j.value * w[i]!) / total;
    });
  }
  return credit;
}

/** All credit to the first touch. */
export const firstTouch = (js: readonly Journey[]) => allocate(js, (j) => j.touches.map((_, i) => (i === 0 ? 1 : 0)));
/** All credit to the last touch. */
export const lastTouch = (js: readonly Journey[]) => allocate(js, (j) => j.touches.map((_, i) => (i === j.touches.length - 1 ? 1 : 0)));
/** Equal credit to every touch. */
export const linear = (js: readonly Journey[]) => allocate(js, (j) => j.touches.map(() => 1));

/** Credit halves every `halfLifeDays` before the conversion (default 7 days, GA4's time-decay half-life). */
export const timeDecay = (js: readonly Journey[], halfLifeDays = 7) =>
  allocate(js, (j) => {
    const end = Date.parse(j.convertedAt ?? j.touches[j.touches.length - 1]!.at);
    return j.touches.map((t) => 2 ** (-(end - Date.parse(t.at)) / (halfLifeDays * 86_400_000)));
  });

/** 40 % first, 40 % last, 20 % spread over the middle (U-shaped); 50/50 for two touches. */
export const positionBased = (js: readonly Journey[], ends = 0.4) =>
  allocate(js, (j) => {
    const n = j.touches.length;
    if (n === 1) return [1];
    if (n === 2) return [0.5, 0.5];
    return j.touches.map((_, i) => (i === 0 || i === n - 1 ? ends : (1 - 2 * ends) / (n - 2)));
  });
