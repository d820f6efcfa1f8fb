import { geometricAdstock, hill } from "../../../src/analytics/attribution/mmm/transforms.js";
import { normalDraw, seededRandom } from "../../../src/analytics/stats/descriptive.js";
import type { MmmInput } from "../../../src/analytics/attribution/mmm/types.js";

/** A known causal process for parameter-recovery tests: truth per channel and the data it generates. */
export interface SyntheticChannel { name: string; theta: number; alpha: number; k: number; beta: number; spend: (t: number, rand: () => number) => number }

/**
 * Daily sales = 5000 + trend + a yearly seasonal demand driver + weekday effect + Σ β·hill(adstock(spend)) + noise.
 * Channels are flighted (dark some weeks), as real plans are. "search" spend follows the same seasonal driver (confounded): naive regression would credit it with demand.
 */
export function generateWorld(days: number, seed: number, noiseSd = 150) {
  const rand = seededRandom(seed);
  const season = (t: number) => Math.sin((2 * Math.PI * t) / 365.25);
  // Flighting: the channel is dark in week `week` of every `cycle` weeks, which identifies its zero level.
  const dark = (t: number, cycle: number, week: number) => Math.floor(t / 7) % cycle === week;
  const channels: SyntheticChannel[] = [
    { name: "search", theta: 0.2, alpha: 1, k: 800, beta: 3000, spend: (t, r) => (dark(t, 10, 3) ? 0 : 1000 * (1 + 0.6 * season(t)) * (0.1 + 1.8 * r())) },
    { name: "tv", theta: 0.7, alpha: 2, k: 1500, beta: 2500, spend: (t, r) => (Math.floor(t / 14) % 3 === 0 ? 3000 * (0.7 + 0.6 * r()) : 200 * r()) },
    { name: "social", theta: 0.4, alpha: 1, k: 600, beta: 1200, spend: (t, r) => (dark(t, 9, 5) ? 0 : 500 * (0.05 + 1.9 * r())) },
  ];
  const start = Date.parse("2022-01-03T00:00:00Z"); // a Monday
  const dates = Array.from({ length: days }, (_, t) => new Date(start + t * 86_400_000).toISOString().slice(0, 10));
  const spend = channels.map((c) => Array.from({ length: days }, (_, t) => c.spend(t, rand)));
  const effects = channels.map((c, j) => Array.from(geometricAdstock(spend[j]!, c.theta), (a) => c.beta * hill(a, c.alpha, c.k)));
  const outcome = dates.map((_, t) => 5000 + 1.5 * t + 1500 * season(t) + (t % 7 === 5 || t % 7 === 6 ? 600 : 0)
    + effects.reduce((s, e) => s + e[t]!, 0) + noiseSd * normalDraw(rand));
  const trueRoas = Object.fromEntries(channels.map((c, j) => [c.name, effects[j]!.reduce((a, b) => a + b, 0) / spend[j]!.reduce((a, b) => a + b, 0)]));
  const input: MmmInput = { dates, grain: "day", outcome, channels: channels.map((c, j) => ({ name: c.name, spend: spend[j]! })) };
  return { input, trueRoas, channels };
}
