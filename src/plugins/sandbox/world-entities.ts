import { alnum, digits, hashString, normal, pick, uniform } from "./random.js";
import { ACCOUNTS, type PlatformId, type WorldSize } from "./world-params.js";

/** An ad account (Meta ad account, Google Ads customer, TikTok advertiser, Klaviyo account). */
export interface WorldAccount {
  platform: PlatformId;
  /** Platform-style id (Meta without the "act_" prefix). */
  id: string;
  name: string;
  currency: string;
  timezone: string;
}
/** A campaign (Klaviyo: an email campaign or a flow). */
export interface WorldCampaign {
  platform: PlatformId;
  id: string;
  accountId: string;
  name: string;
  /** "active", or "paused" from `pausedFrom` on (no delivery from that day). */
  status: "active" | "paused";
  /** First day without delivery when paused, else null. */
  pausedFrom: string | null;
  /** Platform-native objective: Meta OUTCOME_*, Google channel type, TikTok objective_type, Klaviyo "campaign" | "flow". */
  objective: string;
  /** Klaviyo campaigns only: the one day the campaign is sent; null otherwise. */
  sendDate: string | null;
}
/** An ad group / ad set (Klaviyo: the send or flow itself). */
export interface WorldAdGroup {
  platform: PlatformId;
  id: string;
  campaignId: string;
  accountId: string;
  name: string;
  status: "active" | "paused";
}
/** An ad (Klaviyo: an email message). */
export interface WorldAd {
  platform: PlatformId;
  id: string;
  adGroupId: string;
  campaignId: string;
  accountId: string;
  name: string;
  status: "active" | "paused";
  /** Creative format: "image" | "video" | "text" | "product" | "email". */
  format: string;
  /** Position in the platform's ad list (key for the PRNG). */
  index: number;
  /** Planned media per day at pulse 1: account-currency spend, or sends for email. */
  plannedMedia: number;
  /** Relative conversion quality, used to split attributed conversions among ads. */
  quality: number;
  /** Cost per 1,000 impressions in USD (0 for email). */
  cpmUsd: number;
  /** Click-through rate (per impression; per send for email). */
  ctr: number;
}

/** All entities of one platform. */
export interface PlatformEntities {
  accounts: WorldAccount[];
  campaigns: WorldCampaign[];
  adGroups: WorldAdGroup[];
  ads: WorldAd[];
}

const OBJECTIVES: Record<PlatformId, readonly string[]> = {
  meta: ["OUTCOME_SALES", "OUTCOME_SALES", "OUTCOME_TRAFFIC", "OUTCOME_AWARENESS"],
  google_ads: ["SEARCH", "SEARCH", "SHOPPING", "DISPLAY", "VIDEO"],
  tiktok: ["WEB_CONVERSIONS", "WEB_CONVERSIONS", "TRAFFIC", "REACH", "VIDEO_VIEWS"],
  klaviyo: ["campaign", "campaign", "flow"],
};
const THEMES = ["Fall Sale", "Evergreen", "New Arrivals", "Bestsellers", "Holiday Gifts", "Brand", "Retargeting", "Lookalike"];
const AUDIENCES = ["Broad", "Lookalike 1%", "Interests", "Website Visitors", "Past Buyers", "Cart Abandoners"];
const FLOWS = ["Welcome Series", "Abandoned Cart", "Browse Abandonment", "Post-Purchase", "Win-back"];
const PLATFORM_LABEL: Record<PlatformId, string> = { meta: "Meta", google_ads: "Google", tiktok: "TikTok", klaviyo: "Klaviyo" };
const CPM_USD: Record<PlatformId, number> = { meta: 9, google_ads: 6, tiktok: 5, klaviyo: 0 };
const CTR: Record<PlatformId, number> = { meta: 0.012, google_ads: 0.035, tiktok: 0.009, klaviyo: 0.021 };
const pad2 = (n: number) => String(n).padStart(2, "0");

function formatOf(platform: PlatformId, objective: string, u: number): string {
  if (platform === "klaviyo") return "email";
  if (platform === "tiktok") return "video";
  if (platform === "google_ads") return ({ SEARCH: "text", SHOPPING: "product", DISPLAY: "image", VIDEO: "video" } as Record<string, string>)[objective]!;
  return u < 0.4 ? "video" : "image";
}

/** Platform-style unique id for entity `key` at `level` (0 account, 1 campaign, 2 ad group, 3 ad). */
function makeId(seed: number, platform: PlatformId, level: number, key: number, seen: Set<string>): string {
  const p = hashString(platform);
  for (let bump = 0; ; bump++) {
    let id: string;
    if (platform === "meta") id = level === 0 ? digits(seed, 15, p, level, key, bump) : "1202" + digits(seed, 14, p, level, key, bump);
    else if (platform === "google_ads") id = digits(seed, [10, 11, 12, 12][level]!, p, level, key, bump);
    else if (platform === "tiktok") id = "17" + digits(seed, 17, p, level, key, bump);
    else id = level === 0 ? alnum(seed, 6, p, level, key, bump) : alnum(seed, level === 3 ? 26 : 6, p, level, key, bump);
    if (!seen.has(id)) return seen.add(id), id;
  }
}

/**
 * Build one platform's hierarchy. Each account gets `share` of the channel's planned daily media, split
 * over campaigns and ads by log-normal weights, so the channel total does not depend on the size.
 */
export function buildEntities(seed: number, platform: PlatformId, size: WorldSize, dates: readonly string[], dailyMedia: number, usdPer: Record<string, number>): PlatformEntities {
  const out: PlatformEntities = { accounts: [], campaigns: [], adGroups: [], ads: [] };
  const seen = new Set<string>();
  const p = hashString(platform);
  const perGroup = platform === "klaviyo" ? 1 : size.adGroupsPerCampaign;
  let c = 0, g = 0, a = 0;
  ACCOUNTS[platform].forEach((spec, ai) => {
    const account: WorldAccount = {
      platform, id: makeId(seed, platform, 0, ai, seen), currency: spec.currency, timezone: spec.timezone,
      name: `${PLATFORM_LABEL[platform]} ${spec.currency === "EUR" ? "DE" : "US"} — Sandbox Store`,
    };
    out.accounts.push(account);
    const campaignWeights = Array.from({ length: size.campaigns }, (_, i) => Math.exp(0.5 * normal(seed, p, 11, ai, i)));
    const cwSum = campaignWeights.reduce((s, w) => s + w, 0);
    const sends = OBJECTIVES.klaviyo; // Klaviyo: blasts are spread over the range
    const blastCount = platform === "klaviyo" ? Array.from({ length: size.campaigns }, (_, i) => sends[i % sends.length]).filter((o) => o === "campaign").length : 0;
    let blast = 0;
    for (let ci = 0; ci < size.campaigns; ci++, c++) {
      const objective = platform === "klaviyo" ? sends[ci % sends.length]! : pick(OBJECTIVES[platform], uniform(seed, p, 12, c));
      // ~15 % of campaigns are paused during the second half of the range (Klaviyo blasts are sent once, never paused).
      const pausable = objective !== "campaign" && dates.length > 1;
      const pausedAt = pausable && uniform(seed, p, 13, c) < 0.15 ? Math.floor(dates.length * (0.5 + 0.4 * uniform(seed, p, 14, c))) : -1;
      const theme = pick(THEMES, uniform(seed, p, 15, c));
      let sendDate: string | null = null;
      let name = `${PLATFORM_LABEL[platform]} | ${objective} | ${theme} | ${pad2(ci + 1)}`;
      if (platform === "klaviyo") {
        if (objective === "campaign") {
          sendDate = dates[Math.floor(((blast++ + 0.5) * dates.length) / Math.max(1, blastCount))]!;
          name = `Newsletter — ${theme} — ${sendDate}`;
        } else name = `${FLOWS[Math.floor(ci / 3) % FLOWS.length]}${ci >= 15 ? ` ${Math.floor(ci / 15) + 1}` : ""}`;
      }
      const campaign: WorldCampaign = {
        platform, id: makeId(seed, platform, 1, c, seen), accountId: account.id, name, objective, sendDate,
        status: pausedAt >= 0 ? "paused" : "active", pausedFrom: pausedAt >= 0 ? dates[pausedAt]! : null,
      };
      out.campaigns.push(campaign);
      const n = perGroup * size.adsPerAdGroup;
      const adWeights = Array.from({ length: n }, (_, i) => Math.exp(0.6 * normal(seed, p, 16, c, i)));
      const awSum = adWeights.reduce((s, w) => s + w, 0);
      // An email blast sends its whole share of the range on its one send day.
      const blastFactor = sendDate ? dates.length : 1;
      const campaignMedia = (dailyMedia * spec.share * campaignWeights[ci]!) / cwSum / (usdPer[spec.currency] ?? 1);
      for (let gi = 0; gi < perGroup; gi++, g++) {
        const group: WorldAdGroup = {
          platform, id: makeId(seed, platform, 2, g, seen), campaignId: campaign.id, accountId: account.id, status: campaign.status,
          name: platform === "klaviyo" ? campaign.name : `${pick(AUDIENCES, uniform(seed, p, 17, g))} | ${pad2(gi + 1)}`,
        };
        out.adGroups.push(group);
        for (let k = 0; k < size.adsPerAdGroup; k++, a++) {
          const w = adWeights[gi * size.adsPerAdGroup + k]!;
          const format = formatOf(platform, objective, uniform(seed, p, 18, a));
          out.ads.push({
            platform, id: makeId(seed, platform, 3, a, seen), adGroupId: group.id, campaignId: campaign.id, accountId: account.id,
            name: platform === "klaviyo" ? `Email ${k + 1}` : `${theme} — ${format} ${pad2(k + 1)}`,
            status: campaign.status, format, index: a,
            plannedMedia: (campaignMedia * w * blastFactor) / awSum,
            quality: Math.exp(0.4 * normal(seed, p, 19, a)),
            cpmUsd: CPM_USD[platform] * Math.exp(0.25 * normal(seed, p, 20, a)),
            ctr: CTR[platform] * Math.exp(0.3 * normal(seed, p, 21, a)),
          });
        }
      }
    }
  });
  return out;
}
