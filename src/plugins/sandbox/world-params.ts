/** Types and default generating parameters of the sandbox world (documented in docs/sandbox-world.md). */
import type { GeoTestOptions } from "./world-geo.js";

/** The channels of the world; each is served by one platform emulator. */
export type PlatformId = "meta" | "google_ads" | "tiktok" | "klaviyo";
export const PLATFORMS: readonly PlatformId[] = ["meta", "google_ads", "tiktok", "klaviyo"];

/** How one channel turns its daily media (spend in USD, or email sends) into incremental revenue. */
export interface ChannelParams {
  /** Geometric adstock decay λ: adstock(t) = media(t) + λ·adstock(t−1). */
  adstockDecay: number;
  /** Hill half-saturation K, in adstocked media units (USD/day, or sends/day for email). */
  halfSaturation: number;
  /** Hill slope (shape) s. */
  hillSlope: number;
  /** Coefficient β: incremental revenue in USD/day at full saturation; contribution = β·x^s/(x^s+K^s). */
  coefficient: number;
  /** Platform-reported attributed revenue ÷ true incremental revenue (over-credit, > 1). */
  overCredit: number;
  /** Days the platform keeps restating attributed conversions (its attribution lookback). */
  lookbackDays: number;
  /** Planned channel media per day before pulses: USD of spend, or sends for email. */
  dailyMedia: number;
  /** Average order value the platform reports, USD. */
  aov: number;
}

/** The business's own (non-media) demand and the noise on it. */
export interface BaseParams {
  /** Baseline revenue in USD/day on the first day of the range, before seasonality and holidays. */
  revenuePerDay: number;
  /** Linear trend: relative growth per 365 days (0.2 = +20 % a year). */
  trendPerYear: number;
  /** Weekly multipliers, Monday first (ISO weekday 1..7). */
  weekly: readonly number[];
  /** Multiplier on base revenue for US public holidays (date-holidays type "public"). */
  publicHoliday: number;
  /** Multipliers for named shopping days (date-holidays names), replacing `publicHoliday`. */
  shoppingDays: Readonly<Record<string, number>>;
  /** Standard deviation of the log-normal multiplicative noise on base revenue. */
  noiseSd: number;
  /** True average order value, USD: orders = round(revenue / aov). */
  aov: number;
}

/** Size of the generated hierarchy, per account. */
export interface WorldSize {
  /** Campaigns per account. */
  campaigns: number;
  /** Ad groups / ad sets per campaign (Klaviyo always has 1: the send). */
  adGroupsPerCampaign: number;
  /** Ads per ad group (Klaviyo: messages per send). */
  adsPerAdGroup: number;
}

/** Everything that determines the world; same options → same numbers. */
export interface WorldOptions {
  /** PRNG seed. */
  seed?: number;
  /** First day, YYYY-MM-DD. */
  start?: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  end?: string;
  /** Hierarchy size per account; per-platform overrides in `sizes`. */
  size?: Partial<WorldSize>;
  /** Per-platform size overrides. */
  sizes?: Partial<Record<PlatformId, Partial<WorldSize>>>;
  /** Restatement version: attributed conversions of days inside a platform's lookback mature as it grows. */
  epoch?: number;
  /** Overrides of the generating parameters. */
  base?: Partial<BaseParams>;
  channels?: Partial<Record<PlatformId, Partial<ChannelParams>>>;
  /** Geo experiments run in the world (none by default); a channel's tests must not overlap in time. */
  geoTests?: GeoTestOptions[];
}

/** An ad account of one platform. */
export interface AccountSpec {
  /** Currency the account reports money in (ISO 4217). */
  currency: string;
  /** Timezone of the account's reporting day (each platform reports in the account's own; the TikTok advertiser is a UTC one). */
  timezone: string;
  /** Share of the channel's planned media this account gets. */
  share: number;
}

export const DEFAULT_SEED = 20250901;
export const DEFAULT_START = "2025-09-01";
export const DEFAULT_END = "2025-11-30";
export const DEFAULT_SIZE: WorldSize = { campaigns: 3, adGroupsPerCampaign: 2, adsPerAdGroup: 2 };

/** USD per unit of a currency; fixed over the range so truths in USD are exact. Demo stores them as fx_rates. */
export const USD_PER: Readonly<Record<string, number>> = { USD: 1, EUR: 1.08 };

/** Accounts per platform: Meta has a US (USD) and a German (EUR) account. */
export const ACCOUNTS: Readonly<Record<PlatformId, readonly AccountSpec[]>> = {
  meta: [
    { currency: "USD", timezone: "America/New_York", share: 0.7 },
    { currency: "EUR", timezone: "Europe/Berlin", share: 0.3 },
  ],
  google_ads: [{ currency: "USD", timezone: "America/Los_Angeles", share: 1 }],
  tiktok: [{ currency: "USD", timezone: "UTC", share: 1 }],
  klaviyo: [{ currency: "USD", timezone: "America/New_York", share: 1 }],
};

export const DEFAULT_BASE: BaseParams = {
  revenuePerDay: 20_000,
  trendPerYear: 0.2,
  weekly: [0.96, 0.97, 0.98, 1.0, 1.04, 1.1, 0.95],
  publicHoliday: 0.85,
  shoppingDays: { "Day after Thanksgiving Day": 1.8, Halloween: 1.1 },
  noiseSd: 0.05,
  aov: 80,
};

// Decays, saturation points and over-credit ratios are chosen in the ranges MMM studies report
// (e.g. Meridian/Robyn defaults: social decays 0.3–0.7, search lower; view-through-heavy platforms over-credit most).
export const DEFAULT_CHANNELS: Readonly<Record<PlatformId, ChannelParams>> = {
  meta: { adstockDecay: 0.5, halfSaturation: 5_000, hillSlope: 1.2, coefficient: 16_000, overCredit: 1.6, lookbackDays: 28, dailyMedia: 3_500, aov: 82 },
  google_ads: { adstockDecay: 0.3, halfSaturation: 2_500, hillSlope: 1.0, coefficient: 9_000, overCredit: 1.3, lookbackDays: 30, dailyMedia: 2_500, aov: 78 },
  tiktok: { adstockDecay: 0.6, halfSaturation: 3_000, hillSlope: 1.5, coefficient: 5_000, overCredit: 2.2, lookbackDays: 3, dailyMedia: 1_500, aov: 70 },
  klaviyo: { adstockDecay: 0.2, halfSaturation: 40_000, hillSlope: 1.0, coefficient: 4_000, overCredit: 3.0, lookbackDays: 5, dailyMedia: 30_000, aov: 85 },
};
