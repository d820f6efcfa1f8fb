import { hashString, normal, stochasticRound, uniform } from "./random.js";
import { baseRevenue, channelContribution, dateRange, dayNumber, holidayMultipliers, maturity, spendPulse } from "./world-causal.js";
import { buildEntities, type PlatformEntities, type WorldAccount, type WorldAd, type WorldAdGroup, type WorldCampaign } from "./world-entities.js";
import {
  DEFAULT_BASE, DEFAULT_CHANNELS, DEFAULT_END, DEFAULT_SEED, DEFAULT_SIZE, DEFAULT_START, PLATFORMS, USD_PER,
  type BaseParams, type ChannelParams, type PlatformId, type WorldOptions, type WorldSize,
} from "./world-params.js";
import { buildTruth } from "./world-truth.js";
import { REGIONS, regionalDays, validateGeoTests, type GeoTestTruth } from "./world-geo.js";
import type { AdDay, PlatformView, World } from "./world-types.js";

export * from "./world-params.js";
export type { WorldAccount, WorldAd, WorldAdGroup, WorldCampaign, PlatformEntities } from "./world-entities.js";
export type { WorldTruth } from "./world-truth.js";
export { REGIONS, type GeoTestOptions, type GeoTestTruth, type RegionDay, type WorldRegion } from "./world-geo.js";
export type { AdDay, PlatformView, World } from "./world-types.js";

const KLAVIYO_SIZE: WorldSize = { campaigns: 12, adGroupsPerCampaign: 1, adsPerAdGroup: 2 };
const MAX_ADS = 20_000; // per platform: keeps a full 90-day read of one platform within a few seconds
/** Video views per impression of video ads (3-second views; typical published ranges 0.2–0.4). */
const VTR: Record<PlatformId, number> = { meta: 0.25, google_ads: 0.3, tiktok: 0.35, klaviyo: 0 };

function resolveSize(id: PlatformId, o: WorldOptions): WorldSize {
  const s = { ...(id === "klaviyo" ? KLAVIYO_SIZE : DEFAULT_SIZE), ...o.size, ...o.sizes?.[id] };
  for (const [k, v] of Object.entries(s))
    if (!Number.isInteger(v) || v < 1) throw new Error(`Sandbox world size.${k} for ${id} must be a positive integer; got ${v}.`);
  if (s.campaigns * s.adGroupsPerCampaign * s.adsPerAdGroup > MAX_ADS) throw new Error(`Sandbox world for ${id} would have more than ${MAX_ADS} ads; lower size.`);
  return s;
}

/** Build a world; every number is a pure function of the options (same seed → same numbers). */
export function createWorld(options: WorldOptions = {}): World {
  const seed = options.seed ?? DEFAULT_SEED;
  const start = options.start ?? DEFAULT_START, end = options.end ?? DEFAULT_END;
  const dates = dateRange(start, end);
  const dayIndex = new Map(dates.map((d, i) => [d, i]));
  const base: BaseParams = { ...DEFAULT_BASE, ...options.base };
  const channels = Object.fromEntries(PLATFORMS.map((p) => [p, { ...DEFAULT_CHANNELS[p], ...options.channels?.[p] }])) as Record<PlatformId, ChannelParams>;
  const sizes = Object.fromEntries(PLATFORMS.map((p) => [p, resolveSize(p, options)])) as Record<PlatformId, WorldSize>;
  let epoch = options.epoch ?? 0;
  const tests = options.geoTests ?? [];
  validateGeoTests(tests, start, end);
  const shareOf = new Map(REGIONS.map((r) => [r.code, r.share]));
  /** Media multiplier of channel p in region g on day i (1 outside its tests). */
  const regionFactor = (p: PlatformId, g: string, i: number) => {
    const t = tests.find((x) => x.channel === p && x.regions.includes(g) && dates[i]! >= x.start && dates[i]! <= x.end);
    return t ? t.spendMultiplier : 1;
  };
  /** National media multiplier of channel p on day i: the treated regions' share runs at its test's multiplier. */
  const testFactor = (p: PlatformId, i: number) => {
    let f = 1;
    for (const t of tests) if (t.channel === p && dates[i]! >= t.start && dates[i]! <= t.end) f -= t.regions.reduce((s, g) => s + shareOf.get(g)!, 0) * (1 - t.spendMultiplier);
    return f;
  };

  const dayNums = dates.map(dayNumber);
  type Built = PlatformEntities & {
    key: number; byId: Map<string, WorldAccount | WorldCampaign | WorldAdGroup | WorldAd>; campaignOf: Map<string, WorldCampaign>;
    pausedIdx: Map<string, number>; pulse: number[]; accountOf: Map<string, WorldAccount>;
  };
  const built = new Map<PlatformId, Built>();
  const entities = (p: PlatformId): Built => {
    let b = built.get(p);
    if (!b) {
      const e = buildEntities(seed, p, sizes[p], dates, channels[p].dailyMedia, USD_PER);
      const byId = new Map<string, WorldAccount | WorldCampaign | WorldAdGroup | WorldAd>();
      for (const x of [...e.accounts, ...e.campaigns, ...e.adGroups, ...e.ads]) byId.set(x.id, x);
      const pausedIdx = new Map(e.campaigns.map((c) => [c.id, c.pausedFrom ? dayIndex.get(c.pausedFrom)! : Infinity]));
      const key = hashString(p);
      const pulse = dayNums.map((day) => spendPulse(seed, key, day));
      b = { ...e, key, byId, campaignOf: new Map(e.campaigns.map((c) => [c.id, c])), pausedIdx, pulse, accountOf: new Map(e.accounts.map((a) => [a.id, a])) };
      built.set(p, b);
    }
    return b;
  };

  /** Native media of an ad on day i: spend cents, or email sends (`planned`: as if no geo test ran). */
  const adMedia = (p: PlatformId, b: Built, ad: WorldAd, i: number, planned = false): number => {
    if (i >= b.pausedIdx.get(ad.campaignId)!) return 0;
    const campaign = b.campaignOf.get(ad.campaignId)!;
    if (campaign.sendDate && campaign.sendDate !== dates[i]) return 0;
    const noise = Math.exp(0.15 * normal(seed, b.key, 40, ad.index, dayNums[i]!) - 0.01125); // mean-one log-normal, σ 0.15
    if (p === "klaviyo") return Math.round(ad.plannedMedia * noise);
    return Math.round(ad.plannedMedia * b.pulse[i]! * (planned ? 1 : testFactor(p, i)) * noise * 100);
  };
  /** Media in model units: USD of spend, or sends. */
  const mediaUsd = (p: PlatformId, ad: WorldAd, native: number) =>
    p === "klaviyo" ? native : (native / 100) * (USD_PER[entities(p).accountOf.get(ad.accountId)!.currency] ?? 1);

  /**
   * Per channel: actual media and its weights, national adstock and incremental revenue, each region's
   * incremental revenue, and the national incremental revenue had no geo test run (`plain`).
   */
  type Series = { media: number[]; weight: number[]; adstock: number[]; contribution: number[]; attrNoise: number[]; regional: (region: string) => number[]; plain: number[] };
  const series = new Map<PlatformId, Series>();
  const seriesOf = (p: PlatformId): Series => {
    let s = series.get(p);
    if (!s) {
      const b = entities(p);
      const media = dates.map(() => 0), weight = dates.map(() => 0);
      for (const ad of b.ads)
        for (let i = 0; i < dates.length; i++) {
          const m = mediaUsd(p, ad, adMedia(p, b, ad, i));
          media[i]! += m;
          weight[i]! += m * ad.quality;
        }
      const { adstock, contribution: actual } = channelContribution(media, channels[p]);
      const attrNoise = dayNums.map((day) => Math.exp(0.1 * normal(seed, b.key, 41, day) - 0.005));
      if (tests.some((t) => t.channel === p)) {
        // Each region responds to its own share of the channel's media: untreated regions to the planned
        // media, treated ones to the planned media times their test's multiplier.
        const planned = dates.map(() => 0);
        for (const ad of b.ads) for (let i = 0; i < dates.length; i++) planned[i]! += mediaUsd(p, ad, adMedia(p, b, ad, i, true));
        const plain = channelContribution(planned, channels[p]).contribution;
        const regional = new Map<string, number[]>();
        for (const r of REGIONS) {
          const treated = tests.some((t) => t.channel === p && t.regions.includes(r.code));
          regional.set(r.code, treated ? channelContribution(planned.map((m, i) => m * regionFactor(p, r.code, i)), channels[p]).contribution.map((c) => r.share * c) : plain.map((c) => r.share * c));
        }
        const contribution = dates.map((_, i) => REGIONS.reduce((sum, r) => sum + regional.get(r.code)![i]!, 0));
        s = { media, weight, adstock, contribution, attrNoise, regional: (g) => regional.get(g)!, plain };
      } else s = { media, weight, adstock, contribution: actual, attrNoise, regional: (g) => actual.map((c) => shareOf.get(g)! * c), plain: actual };
      series.set(p, s);
    }
    return s;
  };

  const computeAdDay = (p: PlatformId, ad: WorldAd, i: number, atEpoch: number): AdDay => {
    const b = entities(p), cp = channels[p];
    const account = b.accountOf.get(ad.accountId)!;
    const usdPer = USD_PER[account.currency] ?? 1;
    const day = dayNums[i]!;
    const native = adMedia(p, b, ad, i);
    const u = (k: number) => uniform(seed, b.key, k, ad.index, day);
    const row: AdDay = {
      platform: p, date: dates[i]!, adId: ad.id, adGroupId: ad.adGroupId, campaignId: ad.campaignId, accountId: ad.accountId,
      currency: account.currency, timezone: account.timezone, spendCents: 0, impressions: 0, clicks: 0, reach: 0, videoViews: 0, sends: 0, opens: 0, conversions: 0, conversionValueCents: 0,
    };
    if (native === 0) return row;
    const m = mediaUsd(p, ad, native);
    if (p === "klaviyo") {
      row.sends = native;
      row.opens = Math.round(native * 0.38 * (0.85 + 0.3 * u(50)));
      row.clicks = stochasticRound(native * ad.ctr * Math.exp(0.15 * normal(seed, b.key, 51, ad.index, day)), u(52));
    } else {
      row.spendCents = native;
      row.impressions = Math.round((m / (ad.cpmUsd * Math.exp(0.1 * normal(seed, b.key, 53, ad.index, day)))) * 1000);
      row.clicks = stochasticRound(row.impressions * ad.ctr * Math.exp(0.15 * normal(seed, b.key, 51, ad.index, day)), u(52));
      row.reach = Math.round(row.impressions / (1.2 + 0.6 * u(54)));
      row.videoViews = ad.format === "video" ? Math.round(row.impressions * VTR[p] * (0.8 + 0.4 * u(55))) : 0;
    }
    const s = seriesOf(p);
    const valueUsd = s.weight[i]! > 0 ? (cp.overCredit * s.contribution[i]! * s.attrNoise[i]! * m * ad.quality) / s.weight[i]! : 0;
    row.conversions = stochasticRound((valueUsd / cp.aov) * maturity(dates.length - i, atEpoch, cp.lookbackDays), u(56));
    row.conversionValueCents = Math.round(((row.conversions * cp.aov) / usdPer) * 100 * Math.exp(0.08 * normal(seed, b.key, 57, ad.index, day)));
    return row;
  };

  const view = (p: PlatformId): PlatformView => {
    const b = entities(p);
    const get = <T>(id: string, pred: (x: unknown) => boolean) => { const x = b.byId.get(id); return x && pred(x) ? (x as T) : undefined; };
    return {
      id: p, params: channels[p],
      accounts: () => b.accounts.slice(),
      campaigns: (accountId) => b.campaigns.filter((c) => !accountId || c.accountId === accountId),
      adGroups: (f = {}) => b.adGroups.filter((g) => (!f.accountId || g.accountId === f.accountId) && (!f.campaignId || g.campaignId === f.campaignId)),
      ads: (f = {}) => b.ads.filter((a) => (!f.accountId || a.accountId === f.accountId) && (!f.campaignId || a.campaignId === f.campaignId) && (!f.adGroupId || a.adGroupId === f.adGroupId)),
      account: (id) => get<WorldAccount>(id, (x) => b.accounts.includes(x as WorldAccount)),
      campaign: (id) => b.campaignOf.get(id),
      adGroup: (id) => get<WorldAdGroup>(id, (x) => "campaignId" in (x as object) && !("adGroupId" in (x as object))),
      ad: (id) => get<WorldAd>(id, (x) => "adGroupId" in (x as object)),
      day: (date, accountId) => {
        const i = dayIndex.get(date);
        if (i === undefined) return [];
        return b.ads.filter((a) => !accountId || a.accountId === accountId).map((a) => computeAdDay(p, a, i, epoch));
      },
    };
  };

  /** What each geo test truly changed: spend, and revenue in the treated regions during and after it. */
  const geoTestTruth = (): GeoTestTruth[] => tests.map((t) => {
    const s = seriesOf(t.channel), b = entities(t.channel);
    const treatedShare = t.regions.reduce((sum, g) => sum + shareOf.get(g)!, 0);
    let spendChangeUsd = 0, incrementalRevenue = 0, carryoverRevenue = 0;
    dates.forEach((d, i) => {
      const delta = t.regions.reduce((sum, g) => sum + s.regional(g)[i]! - shareOf.get(g)! * s.plain[i]!, 0);
      if (d >= t.start && d <= t.end) {
        incrementalRevenue += delta;
        for (const ad of b.ads) spendChangeUsd += mediaUsd(t.channel, ad, adMedia(t.channel, b, ad, i)) - mediaUsd(t.channel, ad, adMedia(t.channel, b, ad, i, true));
      } else if (d > t.end) carryoverRevenue += delta;
    });
    const c2 = (x: number) => Math.round(x * 100) / 100;
    return { ...t, regions: [...t.regions], treatedShare, spendChangeUsd: c2(spendChangeUsd), incrementalRevenue: c2(incrementalRevenue), carryoverRevenue: c2(carryoverRevenue) };
  });

  const world: World = {
    seed, start, end, dates, sizes, usdPer: USD_PER,
    regions: () => REGIONS.map((r) => ({ ...r })),
    regionalDays: () => regionalDays(seed, dates, baseRevenue(seed, dates, base), base.aov, (p, region) => seriesOf(p).regional(region)),
    get epoch() { return epoch; },
    setEpoch(e) {
      if (!Number.isInteger(e) || e < 0) throw new Error(`Sandbox world epoch must be a non-negative integer; got ${e}.`);
      epoch = e;
    },
    platform: (p) => {
      if (!PLATFORMS.includes(p)) throw new Error(`Unknown sandbox platform "${p}"; use one of ${PLATFORMS.join(", ")}.`);
      return view(p);
    },
    adDay(p, adId, date) {
      const i = dayIndex.get(date);
      const ad = entities(p).byId.get(adId);
      if (i === undefined || !ad || !("adGroupId" in ad)) return undefined;
      return computeAdDay(p, ad, i, epoch);
    },
    truth: () => buildTruth({
      seed, start, end, epoch, dates, base, channels, usdPer: USD_PER, geoTests: geoTestTruth(),
      baseRevenue: baseRevenue(seed, dates, base), holidays: holidayMultipliers(dates, base),
      series: (p) => seriesOf(p),
      finalAttribution: (p) => {
        let conversions = 0, valueUsd = 0;
        const b = entities(p);
        for (const ad of b.ads) {
          const usdPer = USD_PER[(b.byId.get(ad.accountId) as WorldAccount).currency] ?? 1;
          for (let i = 0; i < dates.length; i++) {
            const r = computeAdDay(p, ad, i, Number.MAX_SAFE_INTEGER);
            conversions += r.conversions;
            valueUsd += (r.conversionValueCents / 100) * usdPer;
          }
        }
        return { conversions, valueUsd };
      },
    }),
  };
  return world;
}
