import type { EntityRow, FactRow } from "../../db/facts.js";
import type { NormalizedRows } from "../types.js";
import { BadMetricValue, addDecimals, countOf, decimalOf, idOf, type TikTokValue } from "./values.js";

export const PLATFORM = "tiktok";
export const REPORT_STREAM = "ad_daily";

/** One item of `data.list` of report/integrated/get, plus what `read` adds: the advertiser's currency and timezone. */
export interface TikTokReportRecord {
  dimensions: { ad_id?: TikTokValue; stat_time_day?: string; stat_time_hour?: string };
  metrics: Record<string, TikTokValue>;
  advertiser_id?: TikTokValue;
  /** Added by `read` from advertiser/info (the report itself carries no currency). */
  currency?: string;
  /** Added by `read` from advertiser/info. */
  timezone?: string;
}

/** Options that change how TikTok's numbers are counted. */
export interface TikTokCounting {
  /** Also count `total_sales_lead_value` as revenue (lead-generation advertisers). */
  countLeadValue?: boolean;
}

const empty = (): NormalizedRows => ({ facts: [], entities: [], rejects: [] });

/**
 * One ad × day (or ad × hour) report row → one fact. Conversions are TikTok's `conversion`; revenue is
 * `total_purchase_value` (+ `total_sales_lead_value` when counted). Hourly rows (`stat_time_hour`, as in the
 * public fixture) keep their hour as a breakdown, so they never collide with or add into daily rows.
 * Days are TikTok's reporting days and are stored as they come (DESIGN.md §3).
 */
export function normalizeReportRow(record: TikTokReportRecord, counting: TikTokCounting = {}): NormalizedRows {
  const out = empty();
  const dims = record.dimensions ?? {};
  const m = record.metrics ?? {};
  const adId = idOf(dims.ad_id);
  const stamp = dims.stat_time_day ?? dims.stat_time_hour;
  if (!adId) return { ...out, rejects: [{ reason: "report row has no dimensions.ad_id", field: "ad_id" }] };
  if (!stamp || !/^\d{4}-\d{2}-\d{2}/.test(stamp)) {
    return { ...out, rejects: [{ reason: `report row for ad ${adId} has no stat_time_day or stat_time_hour`, field: "stat_time_day" }] };
  }
  if (!record.currency) {
    return { ...out, rejects: [{ reason: `report row for ad ${adId} has no advertiser currency; read advertiser/info first`, field: "currency" }] };
  }
  try {
    const revenue = addDecimals(decimalOf("total_purchase_value", m.total_purchase_value), counting.countLeadValue ? decimalOf("total_sales_lead_value", m.total_sales_lead_value) : null);
    const fact: FactRow = {
      platform: PLATFORM,
      stream: REPORT_STREAM,
      level: "ad",
      date: stamp.slice(0, 10),
      accountId: idOf(record.advertiser_id),
      campaignId: idOf(m.campaign_id),
      adGroupId: idOf(m.adgroup_id),
      adId,
      breakdowns: dims.stat_time_hour && !dims.stat_time_day ? { hour: dims.stat_time_hour.slice(11, 13) } : undefined,
      spend: decimalOf("spend", m.spend) ?? "0",
      impressions: countOf("impressions", m.impressions) ?? 0,
      clicks: countOf("clicks", m.clicks) ?? 0,
      conversions: decimalOf("conversion", m.conversion) ?? "0",
      revenue,
      reach: countOf("reach", m.reach),
      videoViews: countOf("video_play_actions", m.video_play_actions),
      currency: record.currency,
      accountTimezone: record.timezone ?? null,
      extras: extrasOf(m),
    };
    out.facts.push(fact);
  } catch (e) {
    if (!(e instanceof BadMetricValue)) throw e;
    return { ...out, rejects: [{ reason: `ad ${adId} on ${stamp}: ${e.message}`, field: e.field }] };
  }
  out.entities.push(...entitiesOfReportRow(record, adId));
  return out;
}

const EXTRA_METRICS = ["total_sales_lead_value", "result", "frequency", "video_views_p25", "video_views_p50", "video_views_p75", "video_views_p100", "likes", "shares", "comments", "follows"];

function extrasOf(m: Record<string, TikTokValue>): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  for (const k of EXTRA_METRICS) {
    if (!(k in m)) continue;
    try { extras[k] = decimalOf(k, m[k]); } catch { extras[k] = null; }
  }
  return extras;
}

/** Names that report rows carry (campaign_name, adgroup_name, ad_name) become entity rows. */
function entitiesOfReportRow(record: TikTokReportRecord, adId: string): EntityRow[] {
  const m = record.metrics;
  const account = idOf(record.advertiser_id) ?? null;
  const campaignId = idOf(m.campaign_id);
  const adGroupId = idOf(m.adgroup_id);
  const rows: EntityRow[] = [];
  const base = { platform: PLATFORM, accountExternalId: account, currency: record.currency ?? null, timezone: record.timezone ?? null };
  if (campaignId && typeof m.campaign_name === "string") rows.push({ ...base, level: "campaign", externalId: campaignId, parentExternalId: account, name: m.campaign_name });
  if (adGroupId && typeof m.adgroup_name === "string") rows.push({ ...base, level: "ad_group", externalId: adGroupId, parentExternalId: campaignId ?? null, name: m.adgroup_name });
  if (typeof m.ad_name === "string") rows.push({ ...base, level: "ad", externalId: adId, parentExternalId: adGroupId ?? null, name: m.ad_name });
  return rows;
}

/** Records of the entity streams, as the management endpoints return them (plus currency/timezone added by `read`). */
export interface TikTokEntityRecord {
  advertiser_id?: TikTokValue;
  campaign_id?: TikTokValue;
  adgroup_id?: TikTokValue;
  ad_id?: TikTokValue;
  name?: string;
  campaign_name?: string;
  adgroup_name?: string;
  ad_name?: string;
  objective_type?: string;
  operation_status?: string;
  status?: string;
  currency?: string;
  timezone?: string;
}

/** advertisers / campaigns / ad_groups / ads records → entity rows. */
export function normalizeEntity(stream: string, r: TikTokEntityRecord): NormalizedRows {
  const out = empty();
  const account = idOf(r.advertiser_id) ?? null;
  const common = { platform: PLATFORM, accountExternalId: account, currency: r.currency ?? null, timezone: r.timezone ?? null, status: r.operation_status ?? r.status ?? null };
  const need = (id: string | undefined, field: string) => {
    if (!id) out.rejects.push({ reason: `${stream} record has no ${field}`, field });
    return id;
  };
  if (stream === "advertisers") {
    const id = need(account ?? undefined, "advertiser_id");
    if (id) out.entities.push({ ...common, level: "account", externalId: id, name: r.name ?? null });
  } else if (stream === "campaigns") {
    const id = need(idOf(r.campaign_id), "campaign_id");
    if (id) out.entities.push({ ...common, level: "campaign", externalId: id, parentExternalId: account, name: r.campaign_name ?? null, objective: r.objective_type ?? null });
  } else if (stream === "ad_groups") {
    const id = need(idOf(r.adgroup_id), "adgroup_id");
    if (id) out.entities.push({ ...common, level: "ad_group", externalId: id, parentExternalId: idOf(r.campaign_id) ?? null, name: r.adgroup_name ?? null });
  } else if (stream === "ads") {
    const id = need(idOf(r.ad_id), "ad_id");
    if (id) out.entities.push({ ...common, level: "ad", externalId: id, parentExternalId: idOf(r.adgroup_id) ?? null, name: r.ad_name ?? null });
  } else {
    out.rejects.push({ reason: `unknown TikTok stream "${stream}"` });
  }
  return out;
}
