import type { EntityRow, FactRow } from "../../db/facts.js";
import type { NormalizedRows } from "../types.js";

export const PLATFORM = "google_ads";

/** Stream names: entities, ad-group daily facts, and campaign daily facts for campaigns without ad groups. */
export const STREAMS = {
  customers: "customers",
  campaigns: "campaigns",
  adGroups: "ad_groups",
  adGroupDaily: "ad_group_daily",
  campaignDaily: "campaign_daily",
} as const;

/** One searchStream result row (lowerCamelCase; int64 as strings, doubles as numbers; zero values omitted). */
export interface GoogleRow {
  customer?: { resourceName?: string; id?: string; descriptiveName?: string; currencyCode?: string; timeZone?: string; status?: string; manager?: boolean };
  campaign?: { resourceName?: string; id?: string; name?: string; status?: string; advertisingChannelType?: string };
  adGroup?: { resourceName?: string; id?: string; name?: string; status?: string; campaign?: string };
  segments?: { date?: string };
  metrics?: { costMicros?: string; impressions?: string; clicks?: string; conversions?: number; conversionsValue?: number };
}

/** The metrics and ids of one row, exactly: spend = costMicros / 10^6 as a decimal string, never through a float. */
export interface ParsedRow {
  date: string;
  customerId: string;
  campaignId?: string;
  adGroupId?: string;
  spend: string;
  impressions: number;
  clicks: number;
  conversions: string;
  revenue: string;
}

const INT = /^\d+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const idOf = (obj: { id?: string; resourceName?: string } | undefined) => obj?.id ?? obj?.resourceName?.split("/").pop();

/** costMicros "1061083620" → "1061.08362" by moving the decimal point six places. */
export function microsToDecimal(micros: string): string {
  const digits = micros.padStart(7, "0");
  const int = digits.slice(0, -6).replace(/^0+(?=\d)/, "");
  const frac = digits.slice(-6).replace(/0+$/, "");
  return frac ? `${int}.${frac}` : int;
}

/** A JSON double as a decimal string (shortest round-trip form), rejecting non-finite values. */
const doubleToDecimal = (v: unknown): string | undefined =>
  v === undefined ? "0" : typeof v === "number" && Number.isFinite(v) && v >= 0 ? (Number.isInteger(v) ? String(v) : v.toFixed(12).replace(/0+$/, "").replace(/\.$/, "")) : undefined;

/** Parse one performance row or say which field is wrong. */
export function parseRow(row: GoogleRow): ParsedRow | { reason: string; field: string } {
  const date = row.segments?.date;
  if (!date || !DAY.test(date)) return { reason: "row has no segments.date (select segments.date)", field: "segments.date" };
  const customerId = idOf(row.customer);
  if (!customerId) return { reason: "row has no customer id", field: "customer.id" };
  const m = row.metrics ?? {};
  for (const f of ["costMicros", "impressions", "clicks"] as const) {
    if (m[f] !== undefined && !(typeof m[f] === "string" && INT.test(m[f]!))) return { reason: `metrics.${f} must be an int64 string, got ${JSON.stringify(m[f])}`, field: `metrics.${f}` };
  }
  const conversions = doubleToDecimal(m.conversions);
  const revenue = doubleToDecimal(m.conversionsValue);
  if (conversions === undefined) return { reason: `metrics.conversions must be a number, got ${JSON.stringify(m.conversions)}`, field: "metrics.conversions" };
  if (revenue === undefined) return { reason: `metrics.conversionsValue must be a number, got ${JSON.stringify(m.conversionsValue)}`, field: "metrics.conversionsValue" };
  return {
    date, customerId, campaignId: idOf(row.campaign), adGroupId: idOf(row.adGroup),
    spend: microsToDecimal(m.costMicros ?? "0"), impressions: Number(m.impressions ?? 0), clicks: Number(m.clicks ?? 0), conversions, revenue,
  };
}

const reject = (reason: string, field?: string): NormalizedRows => ({ facts: [], entities: [], rejects: [{ reason, field }] });

/**
 * A performance row of the ad-group or campaign daily stream → one fact in the customer's currency and timezone.
 * Performance Max rows (campaign_daily) are stored at the ad-group level with an empty ad group: they complete the
 * ad-group level instead of forming a second, partial level, because metrics take one level per source and never
 * add levels together (DESIGN.md "Facts rules"); `extras.grain` records that the row is a whole campaign.
 */
export function normalizeDaily(stream: string, row: GoogleRow): NormalizedRows {
  const level = stream === STREAMS.adGroupDaily ? "ad_group" : "campaign";
  const p = parseRow(row);
  if ("reason" in p) return reject(p.reason, p.field);
  if (!p.campaignId) return reject("row has no campaign id (select campaign.id)", "campaign.id");
  if (level === "ad_group" && !p.adGroupId) return reject("row has no ad group id (select ad_group.id)", "ad_group.id");
  if (level === "campaign" && p.adGroupId) return reject("campaign_daily rows must not carry an ad group; they would double count ad_group_daily", "ad_group.id");
  const currency = row.customer?.currencyCode;
  if (!currency) return reject("row has no customer.currencyCode (select customer.currency_code); money without a currency cannot be stored", "customer.currencyCode");
  const fact: FactRow = {
    platform: PLATFORM, stream, level: "ad_group", date: p.date, accountId: p.customerId, campaignId: p.campaignId, adGroupId: p.adGroupId ?? "",
    spend: p.spend, impressions: p.impressions, clicks: p.clicks, conversions: p.conversions, revenue: p.revenue,
    currency, accountTimezone: row.customer?.timeZone ?? null, attributionSetting: null,
    extras: level === "campaign" ? { grain: "campaign", ...(row.campaign?.advertisingChannelType ? { channelType: row.campaign.advertisingChannelType } : {}) } : {},
  };
  return { facts: [fact], entities: [], rejects: [] };
}

/** An entity row of the customers, campaigns or ad_groups stream → a dimension row. */
export function normalizeEntity(stream: string, row: GoogleRow): NormalizedRows {
  const customerId = idOf(row.customer);
  if (!customerId) return reject("row has no customer id", "customer.id");
  let e: EntityRow;
  if (stream === STREAMS.customers) {
    const c = row.customer!;
    e = { platform: PLATFORM, level: "account", externalId: customerId, accountExternalId: customerId, name: c.descriptiveName ?? null, status: c.status ?? null, currency: c.currencyCode ?? null, timezone: c.timeZone ?? null };
  } else if (stream === STREAMS.campaigns) {
    const id = idOf(row.campaign);
    if (!id) return reject("row has no campaign id", "campaign.id");
    e = { platform: PLATFORM, level: "campaign", externalId: id, parentExternalId: customerId, accountExternalId: customerId, name: row.campaign?.name ?? null, status: row.campaign?.status ?? null, objective: row.campaign?.advertisingChannelType ?? null };
  } else {
    const id = idOf(row.adGroup);
    const campaignId = idOf(row.campaign);
    if (!id || !campaignId) return reject("row has no ad_group.id or campaign.id", "ad_group.id");
    e = { platform: PLATFORM, level: "ad_group", externalId: id, parentExternalId: campaignId, accountExternalId: customerId, name: row.adGroup?.name ?? null, status: row.adGroup?.status ?? null };
  }
  return { facts: [], entities: [e], rejects: [] };
}

/** Route a record of any Google Ads stream to its normalizer. */
export function normalizeGoogle(stream: string, record: unknown): NormalizedRows {
  if (stream === STREAMS.adGroupDaily || stream === STREAMS.campaignDaily) return normalizeDaily(stream, record as GoogleRow);
  if (stream === STREAMS.customers || stream === STREAMS.campaigns || stream === STREAMS.adGroups) return normalizeEntity(stream, record as GoogleRow);
  return reject(`unknown Google Ads stream "${stream}"`);
}
