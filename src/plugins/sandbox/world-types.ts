import type { WorldAccount, WorldAd, WorldAdGroup, WorldCampaign } from "./world-entities.js";
import type { ChannelParams, PlatformId, WorldSize } from "./world-params.js";
import type { WorldTruth } from "./world-truth.js";
import type { RegionDay, WorldRegion } from "./world-geo.js";

/** One ad's delivery on one reporting day (the account's day; TikTok: UTC). Money in account-currency cents. */
export interface AdDay {
  platform: PlatformId;
  date: string;
  adId: string;
  adGroupId: string;
  campaignId: string;
  accountId: string;
  currency: string;
  timezone: string;
  /** Spend in integer cents of the account currency (0 for email). */
  spendCents: number;
  impressions: number;
  clicks: number;
  /** Unique people reached that day (0 for email). */
  reach: number;
  /** Video views (0 for non-video formats). */
  videoViews: number;
  /** Emails sent (Klaviyo only; 0 elsewhere). */
  sends: number;
  /** Emails opened (Klaviyo only; 0 elsewhere). */
  opens: number;
  /** Conversions the platform attributes to this ad (as reported at the world's current epoch). */
  conversions: number;
  /** Value of those conversions, integer cents of the account currency. */
  conversionValueCents: number;
}

/** What an emulator serves for one platform. */
export interface PlatformView {
  id: PlatformId;
  /** The channel's generating parameters (lookbackDays drives restatement). */
  params: ChannelParams;
  accounts(): WorldAccount[];
  campaigns(accountId?: string): WorldCampaign[];
  adGroups(filter?: { accountId?: string; campaignId?: string }): WorldAdGroup[];
  ads(filter?: { accountId?: string; campaignId?: string; adGroupId?: string }): WorldAd[];
  /** Look one entity up by id (undefined when unknown). */
  account(id: string): WorldAccount | undefined;
  campaign(id: string): WorldCampaign | undefined;
  adGroup(id: string): WorldAdGroup | undefined;
  ad(id: string): WorldAd | undefined;
  /** Every ad's delivery on a date (in ad order), optionally for one account; [] outside the range. */
  day(date: string, accountId?: string): AdDay[];
}

/** The shared sandbox world. Entities and channel series are built lazily, on first use, and cached. */
export interface World {
  seed: number;
  start: string;
  end: string;
  /** Every date of the range, in order. */
  dates: readonly string[];
  /** Current restatement epoch (see setEpoch). */
  readonly epoch: number;
  /** Advance (or set) the restatement epoch: attributed conversions of days inside each lookback change. */
  setEpoch(epoch: number): void;
  /** Per-platform sizes in force. */
  sizes: Readonly<Record<PlatformId, WorldSize>>;
  /** USD per unit of each currency (fixed over the range). */
  usdPer: Readonly<Record<string, number>>;
  platform(id: PlatformId): PlatformView;
  /** One ad's delivery on one date; undefined for an unknown ad or a date outside the range. */
  adDay(platform: PlatformId, adId: string, date: string): AdDay | undefined;
  /** The store's regions (US states) with their shares of demand and delivery. */
  regions(): WorldRegion[];
  /** The store's true revenue and orders per region and day (regions add up to the national truth, to the cent per region). */
  regionalDays(): RegionDay[];
  /** Ground truth: parameters, true daily orders and revenue, per-channel incremental revenue and ROAS. */
  truth(): WorldTruth;
}
