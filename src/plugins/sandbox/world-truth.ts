import type { GeoTestTruth } from "./world-geo.js";
import { PLATFORMS, type BaseParams, type ChannelParams, type PlatformId } from "./world-params.js";

/** One day of the business as it really happened. */
export interface TruthDay {
  date: string;
  /** Revenue the business would have had with no marketing, USD. */
  baseRevenue: number;
  /** True total revenue (base + every channel's incremental revenue), USD. */
  revenue: number;
  /** True orders: round(revenue / aov). */
  orders: number;
  /** Channel media that day: spend in USD, sends for Klaviyo. */
  media: Record<PlatformId, number>;
  /** Geometric adstock of the media. */
  adstock: Record<PlatformId, number>;
  /** Incremental revenue each channel caused that day, USD. */
  incrementalRevenue: Record<PlatformId, number>;
}

/** Totals of one channel over the range. */
export interface TruthChannel {
  /** "usd" for ad spend, "sends" for email. */
  mediaUnit: "usd" | "sends";
  /** Total media (USD spend or sends). */
  media: number;
  /** Total spend in USD (0 for email). */
  spendUsd: number;
  /** Revenue the channel truly caused, USD. */
  incrementalRevenue: number;
  /** incrementalRevenue / spendUsd; null without spend. */
  roas: number | null;
  /** What the platform reports once every lookback has closed, USD and conversions. */
  attributedRevenue: number;
  attributedConversions: number;
  /** attributedRevenue / spendUsd; null without spend. */
  attributedRoas: number | null;
}

/** The recorded ground truth of a world (JSON-serialisable). */
export interface WorldTruth {
  seed: number;
  start: string;
  end: string;
  epoch: number;
  /** The generating parameters. */
  params: { base: BaseParams; channels: Record<PlatformId, ChannelParams> };
  /** USD per unit of each account currency. */
  usdPer: Record<string, number>;
  /** Holidays in the range that moved base revenue. */
  holidays: { date: string; name: string; multiplier: number }[];
  days: TruthDay[];
  channels: Record<PlatformId, TruthChannel>;
  totals: { baseRevenue: number; revenue: number; orders: number; incrementalRevenue: number };
  /** The geo experiments run in the world and their true effects ([] when none ran). */
  geoTests: GeoTestTruth[];
}

/** What createWorld hands buildTruth. */
export interface TruthInput {
  seed: number; start: string; end: string; epoch: number; dates: readonly string[];
  base: BaseParams; channels: Record<PlatformId, ChannelParams>; usdPer: Record<string, number>;
  baseRevenue: number[];
  holidays: Map<string, { name: string; multiplier: number }>;
  series(p: PlatformId): { media: number[]; adstock: number[]; contribution: number[] };
  finalAttribution(p: PlatformId): { conversions: number; valueUsd: number };
  geoTests: GeoTestTruth[];
}

/** Round to cents (USD figures in the truth document). */
const c2 = (x: number) => Math.round(x * 100) / 100;
const per = <T>(f: (p: PlatformId) => T) => Object.fromEntries(PLATFORMS.map((p) => [p, f(p)])) as Record<PlatformId, T>;

/** Assemble the truth document from the world's series. */
export function buildTruth(t: TruthInput): WorldTruth {
  const s = per((p) => t.series(p));
  const days: TruthDay[] = t.dates.map((date, i) => {
    const incrementalRevenue = per((p) => c2(s[p].contribution[i]!));
    const revenue = c2(t.baseRevenue[i]! + PLATFORMS.reduce((sum, p) => sum + s[p].contribution[i]!, 0));
    return {
      date, baseRevenue: c2(t.baseRevenue[i]!), revenue, orders: Math.round(revenue / t.base.aov),
      media: per((p) => c2(s[p].media[i]!)), adstock: per((p) => c2(s[p].adstock[i]!)), incrementalRevenue,
    };
  });
  const channels = per((p): TruthChannel => {
    const media = s[p].media.reduce((a, b) => a + b, 0);
    const spendUsd = p === "klaviyo" ? 0 : media;
    const incrementalRevenue = s[p].contribution.reduce((a, b) => a + b, 0);
    const attr = t.finalAttribution(p);
    return {
      mediaUnit: p === "klaviyo" ? "sends" : "usd", media: c2(media), spendUsd: c2(spendUsd), incrementalRevenue: c2(incrementalRevenue),
      roas: spendUsd > 0 ? incrementalRevenue / spendUsd : null,
      attributedRevenue: c2(attr.valueUsd), attributedConversions: attr.conversions,
      attributedRoas: spendUsd > 0 ? attr.valueUsd / spendUsd : null,
    };
  });
  const sum = (f: (d: TruthDay) => number) => c2(days.reduce((a, d) => a + f(d), 0));
  return {
    seed: t.seed, start: t.start, end: t.end, epoch: t.epoch, params: { base: t.base, channels: t.channels }, usdPer: t.usdPer,
    holidays: [...t.holidays].map(([date, h]) => ({ date, ...h })).sort((a, b) => a.date.localeCompare(b.date)),
    days, channels,
    geoTests: t.geoTests,
    totals: { baseRevenue: sum((d) => d.baseRevenue), revenue: sum((d) => d.revenue), orders: days.reduce((a, d) => a + d.orders, 0), incrementalRevenue: sum((d) => PLATFORMS.reduce((a, p) => a + s[p].contribution[t.dates.indexOf(d.date)]!, 0)) },
  };
}
