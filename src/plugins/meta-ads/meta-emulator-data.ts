import { hashString, uniform } from "../sandbox/random.js";
import type { AdDay, World } from "../sandbox/world.js";
import { formatScaled } from "./decimal.js";
import type { MetaActionStat } from "./meta-actions.js";

/** Cents as Meta prints money: "14.35", "5339.5", "12". */
export const money = (cents: number) => formatScaled(BigInt(cents), 2);

/** Meta reports one purchase under each of these types, with the same numbers (which is why only one may be counted). */
export const PURCHASE_TYPES = ["purchase", "omni_purchase", "offsite_conversion.fb_pixel_purchase", "onsite_web_purchase"];

const AGES = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];
const GENDERS = ["female", "male", "unknown"];
const COUNTRIES = ["US", "DE", "GB", "FR", "CA"];

/** Split an integer into `weights.length` integer parts that sum exactly to it. */
export function splitInt(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[parts.length - 1]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** One ad-day's delivery in the insights shape: strings everywhere, actions under the requested windows. */
function actionStats(total: number, windows: readonly string[], fmt: (n: number) => string, key: number): MetaActionStat[] {
  if (total === 0) return [];
  // Clicks take ~80 % of attributed conversions and views the rest (exclusive by Meta's attribution rules).
  const click = Math.round(total * (0.7 + 0.2 * uniform(key, 1)));
  const byWindow: Record<string, number> = { "7d_click": click, "1d_view": total - click };
  return PURCHASE_TYPES.map((action_type) => {
    const stat: MetaActionStat = { action_type, value: fmt(total) };
    for (const w of windows) if (byWindow[w]) stat[w] = fmt(byWindow[w]!);
    return stat;
  });
}

/** An insights row for one ad-day, or one breakdown slice of it. */
export function insightRow(d: AdDay, windows: readonly string[], slice?: { fields: Record<string, string>; parts: Pick<AdDay, "spendCents" | "impressions" | "clicks" | "reach" | "conversions" | "conversionValueCents"> }) {
  const p = slice?.parts ?? d;
  const key = hashString(`${d.adId}|${d.date}|${JSON.stringify(slice?.fields ?? {})}`);
  return {
    account_id: d.accountId, account_currency: d.currency, campaign_id: d.campaignId, adset_id: d.adGroupId, ad_id: d.adId,
    date_start: d.date, date_stop: d.date, spend: money(p.spendCents), impressions: String(p.impressions), clicks: String(p.clicks),
    inline_link_clicks: String(Math.floor(p.clicks * 0.8)), reach: String(p.reach),
    actions: actionStats(p.conversions, windows, String, key),
    action_values: actionStats(p.conversionValueCents, windows, money, key),
    ...slice?.fields,
  };
}

const hasDelivery = (d: AdDay) => d.spendCents > 0 || d.impressions > 0 || d.conversions > 0;

/** Every insights row of an account over [start, end] (Meta omits ad-days without delivery), optionally broken down. */
export function insightRows(world: World, accountId: string, start: string, end: string, windows: readonly string[], breakdown: string | undefined, buckets: number) {
  const view = world.platform("meta");
  const rows: Record<string, unknown>[] = [];
  for (const date of world.dates) {
    if (date < start || date > end) continue;
    for (const d of view.day(date, accountId)) {
      if (!hasDelivery(d)) continue;
      if (!breakdown) { rows.push(insightRow(d, windows)); continue; }
      const key = hashString(`${d.adId}|${d.date}`);
      const slices = Array.from({ length: buckets }, (_, i) => sliceFields(breakdown, key, i));
      const weights = slices.map((_, i) => 1 + uniform(key, 10 + i));
      const split = (n: number) => splitInt(n, weights);
      const parts = {
        spendCents: split(d.spendCents), impressions: split(d.impressions), clicks: split(d.clicks), reach: split(d.reach),
        conversions: split(d.conversions), conversionValueCents: split(d.conversionValueCents),
      };
      slices.forEach((fields, i) => rows.push(insightRow(d, windows, {
        fields, parts: { spendCents: parts.spendCents[i]!, impressions: parts.impressions[i]!, clicks: parts.clicks[i]!, reach: parts.reach[i]!, conversions: parts.conversions[i]!, conversionValueCents: parts.conversionValueCents[i]! },
      })));
    }
  }
  return rows;
}

/** Distinct breakdown values for slice i of an ad-day. */
function sliceFields(breakdown: string, key: number, i: number): Record<string, string> {
  if (breakdown === "country") return { country: COUNTRIES[(key + i) % COUNTRIES.length]! };
  const cell = (key + i * 7) % (AGES.length * GENDERS.length);
  return { age: AGES[Math.floor(cell / GENDERS.length)]!, gender: GENDERS[cell % GENDERS.length]! };
}
