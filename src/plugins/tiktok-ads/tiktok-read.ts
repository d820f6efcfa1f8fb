import { addDays, daysInclusive } from "../../dates.js";
import { BadUpstreamData } from "../errors.js";
import type { HttpClient } from "../http.js";
import { cached } from "../run-cache.js";
import type { Message, PluginContext, ReadRequest } from "../types.js";
import { REPORT_STREAM, type TikTokEntityRecord, type TikTokReportRecord } from "./normalize.js";
import type { TikTokConfig } from "./tiktok-config.js";
import { QueryTooLarge, createTikTokClient, type TikTokEnvelope } from "./tiktok-http.js";

const API = "open_api/v1.3";
export const ENTITY_STREAMS = ["advertisers", "campaigns", "ad_groups", "ads"] as const;
const ENTITY_PATH: Record<string, string> = { campaigns: "campaign/get/", ad_groups: "adgroup/get/", ads: "ad/get/" };

/** Metrics of the ad × day report: delivery, conversions and value, plus the names of the ad's parents. */
export const REPORT_METRICS = [
  "spend", "impressions", "clicks", "conversion", "total_purchase_value", "total_sales_lead_value", "reach", "video_play_actions",
  "result", "frequency", "campaign_id", "campaign_name", "adgroup_id", "adgroup_name", "ad_name",
];

interface Paged<T> { list: T[]; page_info?: { page: number; page_size: number; total_number: number; total_page: number } }
interface Advertiser { advertiser_id: string | number; name?: string; currency?: string; timezone?: string; status?: string }

/**
 * GET advertiser/info/: name, currency and timezone of each advertiser (the report carries neither). A report for one
 * `advertiser_id` is in that advertiser's timezone: `stat_time_day` is the advertiser's day, not a UTC day (only
 * multi-advertiser reports can be switched to UTC, with `multi_adv_report_in_utc_time`), so rows carry this timezone.
 */
export async function readAdvertisers(http: HttpClient, ids: string[]): Promise<Map<string, Advertiser>> {
  const body = await http.get<TikTokEnvelope<{ list: Advertiser[] }>>(`${API}/advertiser/info/`, {
    advertiser_ids: JSON.stringify(ids), fields: JSON.stringify(["advertiser_id", "name", "currency", "timezone", "status"]),
  });
  const out = new Map((body.data?.list ?? []).map((a) => [String(a.advertiser_id), a]));
  for (const id of ids) if (!out.has(id)) throw new BadUpstreamData(`TikTok Ads returned no advertiser info for advertiser ${id}`);
  return out;
}

/** Every page of a page/page_size endpoint, until `page_info.total_page`. */
async function* pages<T>(http: HttpClient, path: string, query: Record<string, string | number>, pageSize: number): AsyncGenerator<{ list: T[]; page: number }> {
  for (let page = 1; ; page++) {
    const body = await http.get<TikTokEnvelope<Paged<T>>>(path, { ...query, page, page_size: pageSize });
    const list = body.data?.list;
    if (!Array.isArray(list)) throw new BadUpstreamData(`TikTok Ads returned no data.list for ${path} page ${page}`);
    yield { list, page };
    const total = body.data.page_info?.total_page ?? 1;
    if (page >= total) return;
  }
}


/** One report window; on 40067 ("query too large") the window is halved and each half read in turn. */
async function* reportWindow(http: HttpClient, config: TikTokConfig, advertiserId: string, start: string, end: string): AsyncGenerator<Message> {
  const query = {
    advertiser_id: advertiserId, service_type: "AUCTION", report_type: "BASIC", data_level: "AUCTION_AD",
    dimensions: JSON.stringify(["ad_id", "stat_time_day"]), metrics: JSON.stringify(REPORT_METRICS), start_date: start, end_date: end,
  };
  // Records stream as pages arrive; if TikTok refuses the window part-way, the halves re-read it (upserts are idempotent).
  try {
    for await (const { list, page } of pages<TikTokReportRecord>(http, `${API}/report/integrated/get/`, query, config.pageSize)) {
      for (const r of list) yield { type: "record", stream: REPORT_STREAM, data: r, key: `${String(r.dimensions?.ad_id)}|${r.dimensions?.stat_time_day}` };
      yield { type: "log", level: "debug", message: `TikTok report page ${page}`, data: { page, advertiserId, start, end } };
    }
  } catch (e) {
    if (!(e instanceof QueryTooLarge)) throw e;
    const n = daysInclusive(start, end);
    if (n <= 1) throw new BadUpstreamData(`TikTok Ads says one day (${start}) of advertiser ${advertiserId} is too large to report`);
    const mid = addDays(start, Math.floor(n / 2) - 1);
    yield { type: "log", level: "info", message: `TikTok Ads query too large for ${start}..${end}; splitting the window`, data: { advertiserId, start, end } };
    yield* reportWindow(http, config, advertiserId, start, mid);
    yield* reportWindow(http, config, advertiserId, addDays(mid, 1), end);
  }
}

/** Read the requested streams for every advertiser; records carry the advertiser's currency and timezone. */
export async function* readTikTok(config: TikTokConfig, request: ReadRequest, ctx: PluginContext): AsyncGenerator<Message> {
  const http = createTikTokClient(config, ctx);
  const wanted = new Set(request.streams.length ? request.streams : [...ENTITY_STREAMS, REPORT_STREAM]);
  const advertisers = await cached(ctx, `tiktok-ads:advertisers:${config.advertiserIds.join(",")}`, () => readAdvertisers(http, config.advertiserIds));
  const meta = (id: string) => ({ currency: advertisers.get(id)?.currency, timezone: advertisers.get(id)?.timezone });

  if (wanted.has("advertisers")) {
    for (const [id, a] of advertisers) yield { type: "record", stream: "advertisers", data: { ...a, advertiser_id: id }, key: id };
    yield { type: "state", stream: "advertisers", state: { syncedThrough: request.end } };
  }
  for (const stream of ["campaigns", "ad_groups", "ads"]) {
    if (!wanted.has(stream)) continue;
    for (const id of config.advertiserIds) {
      for await (const { list } of pages<TikTokEntityRecord>(http, `${API}/${ENTITY_PATH[stream]}`, { advertiser_id: id }, config.pageSize)) {
        for (const r of list) yield { type: "record", stream, data: { ...r, advertiser_id: r.advertiser_id ?? id, ...meta(id) } };
      }
    }
    yield { type: "state", stream, state: { syncedThrough: request.end } };
  }
  if (wanted.has(REPORT_STREAM)) {
    for (const id of config.advertiserIds) {
      for await (const msg of reportWindow(http, config, id, request.start, request.end)) {
        if (msg.type === "record") {
          const r = msg.data as TikTokReportRecord;
          yield { ...msg, data: { ...r, advertiser_id: r.advertiser_id ?? id, ...meta(id) } };
        } else yield msg;
      }
    }
    yield { type: "state", stream: REPORT_STREAM, state: { syncedThrough: request.end } };
  }
}
