import { normal } from "./random.js";
import { dayNumber } from "./world-causal.js";
import { PLATFORMS, type PlatformId } from "./world-params.js";

/** A region of the store's home market; the store's revenue is reported per region. */
export interface WorldRegion {
  /** ISO 3166-2 code ("US-CA"). */
  code: string;
  name: string;
  /** Share of the store's base demand and of every channel's delivery (shares sum to 1). */
  share: number;
}

/**
 * A geo experiment run in the world: during [start, end] the channel's media in the treated regions is
 * multiplied by `spendMultiplier` (0 = a go-dark holdout, 2 = a heavy-up), everywhere else it runs as planned.
 */
export interface GeoTestOptions {
  /** A paid channel. */
  channel: Exclude<PlatformId, "klaviyo">;
  /** Treated region codes. */
  regions: string[];
  /** First and last day of the treatment, YYYY-MM-DD, inside the world's range. */
  start: string;
  end: string;
  /** Media multiplier in the treated regions during the test (≥ 0, not 1). */
  spendMultiplier: number;
}

/** What the geo test truly did (USD). */
export interface GeoTestTruth extends GeoTestOptions {
  /** Sum of the treated regions' shares. */
  treatedShare: number;
  /** Change of the channel's national spend during the test (negative for a holdout). */
  spendChangeUsd: number;
  /** Revenue the treatment changed in the treated regions during the test: what a geo analysis measures. */
  incrementalRevenue: number;
  /** Revenue it changed after the test ended (adstock carry-over), to the end of the range. */
  carryoverRevenue: number;
}

/** One region's day as the store's backend reports it. */
export interface RegionDay {
  date: string;
  region: string;
  revenue: number;
  orders: number;
}

// The 15 most populous US states, shares proportional to population (2023 estimates, millions).
const STATES: readonly [string, string, number][] = [
  ["US-CA", "California", 39.0], ["US-TX", "Texas", 30.5], ["US-FL", "Florida", 22.6], ["US-NY", "New York", 19.6],
  ["US-PA", "Pennsylvania", 13.0], ["US-IL", "Illinois", 12.5], ["US-OH", "Ohio", 11.8], ["US-GA", "Georgia", 11.0],
  ["US-NC", "North Carolina", 10.8], ["US-MI", "Michigan", 10.0], ["US-NJ", "New Jersey", 9.3], ["US-VA", "Virginia", 8.7],
  ["US-WA", "Washington", 7.8], ["US-AZ", "Arizona", 7.4], ["US-MA", "Massachusetts", 7.0],
];
const TOTAL = STATES.reduce((s, [, , p]) => s + p, 0);
export const REGIONS: readonly WorldRegion[] = STATES.map(([code, name, pop]) => ({ code, name, share: pop / TOTAL }));

/** Check geo tests against the world's range and each other; throws a message that says what to fix. */
export function validateGeoTests(tests: readonly GeoTestOptions[], start: string, end: string): void {
  const paid = PLATFORMS.filter((p) => p !== "klaviyo");
  const codes = new Set(REGIONS.map((r) => r.code));
  tests.forEach((t, i) => {
    const at = `Sandbox geo test ${i + 1}`;
    if (!paid.includes(t.channel)) throw new Error(`${at}: channel must be one of ${paid.join(", ")}; got "${t.channel}".`);
    const unknown = t.regions.filter((r) => !codes.has(r));
    if (t.regions.length === 0 || unknown.length) throw new Error(`${at}: regions must be codes of ${[...codes].join(", ")}; got ${unknown.join(", ") || "none"}.`);
    if (new Set(t.regions).size !== t.regions.length) throw new Error(`${at}: regions are listed twice.`);
    if (t.regions.length > REGIONS.length - 2) throw new Error(`${at}: leave at least two regions untreated as controls.`);
    if (!(t.start >= start && t.end <= end && t.start <= t.end)) throw new Error(`${at}: ${t.start} … ${t.end} must lie inside the world's range ${start} … ${end}.`);
    if (!(t.spendMultiplier >= 0) || t.spendMultiplier === 1) throw new Error(`${at}: spendMultiplier must be ≥ 0 and not 1; got ${t.spendMultiplier}.`);
    const clash = tests.findIndex((o, j) => j !== i && o.channel === t.channel && o.start <= t.end && t.start <= o.end);
    if (clash >= 0) throw new Error(`${at} overlaps test ${clash + 1} on ${t.channel}; run a channel's tests one after another.`);
  });
}

/**
 * The store's daily revenue split by region: each region gets its share of base revenue times its own
 * mean-one noise (renormalised so the regions add up to the national base), plus the incremental revenue
 * each channel caused there (treated regions of a geo test respond to their own media).
 */
export function regionalDays(
  seed: number, dates: readonly string[], base: readonly number[], aov: number,
  contribution: (p: PlatformId, region: string) => readonly number[],
): RegionDay[] {
  const out: RegionDay[] = [];
  const series = REGIONS.map((r) => PLATFORMS.map((p) => contribution(p, r.code)));
  dates.forEach((date, i) => {
    const day = dayNumber(date);
    const eps = REGIONS.map((r, g) => Math.exp((0.012 / Math.sqrt(r.share)) * normal(seed, 90, g, day)));
    const norm = REGIONS.reduce((s, r, g) => s + r.share * eps[g]!, 0);
    REGIONS.forEach((r, g) => {
      const media = series[g]!.reduce((s, c) => s + c[i]!, 0);
      const revenue = Math.round((base[i]! * r.share * eps[g]! / norm + media) * 100) / 100;
      out.push({ date, region: r.code, revenue, orders: Math.round(revenue / aov) });
    });
  });
  return out;
}
