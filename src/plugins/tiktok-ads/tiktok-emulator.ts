import type { Sandbox } from "../types.js";
import { json, startEmulator, worldFrom, type Emulator, type EmulatorRequest, type EmulatorResponse, type FaultSpec, type PlatformView, type World } from "../sandbox/index.js";

export const SANDBOX_TOKEN = "tiktok-sandbox-access-token";
const API = "/open_api/v1.3";
const MAX_PAGE_SIZE = 1000; // report/integrated/get and the */get endpoints refuse page_size above 1000

/** A running TikTok emulator: the sandbox plus the world it serves and hooks for error codes. */
export interface TikTokSandbox extends Sandbox {
  world: World;
  emulator: Emulator;
  /** Answer the next `times` requests of a route ("report", "advertiser", "campaign", "adgroup", "ad") with a TikTok code. */
  failWith(route: string, code: number, times?: number): void;
}

const ok = (data: unknown): EmulatorResponse => json(200, { code: 0, message: "OK", request_id: "sandbox", data });
const fail = (code: number, message: string): EmulatorResponse => json(200, { code, message, request_id: "sandbox", data: {} });
const money = (cents: number) => (cents / 100).toFixed(2);

function pageOf<T>(items: T[], q: URLSearchParams): EmulatorResponse {
  const page = Number(q.get("page") ?? 1), size = Number(q.get("page_size") ?? 10);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) return fail(40002, `page_size: must be between 1 and ${MAX_PAGE_SIZE}`);
  const total_page = Math.max(1, Math.ceil(items.length / size));
  return ok({ list: items.slice((page - 1) * size, page * size), page_info: { page, page_size: size, total_number: items.length, total_page } });
}

/** One report row with TikTok's mixed value types: strings, numbers, null and "-". */
function reportRow(view: PlatformView, d: ReturnType<PlatformView["day"]>[number]) {
  const campaign = view.campaign(d.campaignId)!, group = view.adGroup(d.adGroupId)!, ad = view.ad(d.adId)!;
  return {
    dimensions: { ad_id: d.adId, stat_time_day: `${d.date} 00:00:00` },
    metrics: {
      spend: money(d.spendCents), impressions: String(d.impressions), clicks: d.clicks, conversion: String(d.conversions),
      total_purchase_value: money(d.conversionValueCents), total_sales_lead_value: "0.00", reach: d.reach === 0 ? "-" : String(d.reach),
      video_play_actions: d.videoViews, result: String(d.conversions), frequency: d.reach ? (d.impressions / d.reach).toFixed(2) : null,
      campaign_id: d.campaignId, campaign_name: campaign.name, adgroup_id: d.adGroupId, adgroup_name: group.name, ad_name: ad.name,
    },
  };
}

/** Start a loopback TikTok Business API v1.3 serving the shared sandbox world. Options: world/worldOptions, maxQueryDays, faults. */
export async function startTikTokSandbox(options: Record<string, unknown> = {}): Promise<TikTokSandbox> {
  const world = worldFrom(options);
  const view = world.platform("tiktok");
  const maxQueryDays = typeof options.maxQueryDays === "number" ? options.maxQueryDays : 30; // BASIC daily reports span ≤ 30 days
  const injected: { route: string; code: number; left: number }[] = [];
  const guard = (route: string, handler: (req: EmulatorRequest) => EmulatorResponse) => (req: EmulatorRequest): EmulatorResponse => {
    if (req.headers["access-token"] !== SANDBOX_TOKEN) return fail(40105, "Access token is incorrect or has been revoked.");
    const f = injected.find((i) => i.route === route && i.left > 0);
    if (f) { f.left--; return fail(f.code, `sandbox injected code ${f.code}`); }
    return handler(req);
  };
  const advertiserOf = (req: EmulatorRequest) => {
    const id = req.query.get("advertiser_id") ?? "";
    return view.account(id) ? id : undefined;
  };
  const noAccess = (req: EmulatorRequest) => fail(40001, `No permission to operate advertiser ${req.query.get("advertiser_id") ?? ""}.`);
  const entityRoute = (name: string, rows: (advertiserId: string) => unknown[]) => ({
    method: "GET", pattern: `${API}/${name}/get/`, name,
    handler: guard(name, (req) => { const id = advertiserOf(req); return id ? pageOf(rows(id), req.query) : noAccess(req); }),
  });
  const status = (s: string) => (s === "active" ? "ENABLE" : "DISABLE");

  const emulator = await startEmulator({
    faults: options.faults as FaultSpec[] | undefined,
    faultBodies: {
      rateLimit: () => fail(40100, "Too many requests. Please retry in some time."),
      serverError: () => fail(50000, "System error, please try again later."),
      expiredToken: () => fail(40105, "Access token is incorrect or has been revoked."),
    },
    routes: [
      {
        method: "GET", pattern: `${API}/advertiser/info/`, name: "advertiser",
        handler: guard("advertiser", (req) => {
          const ids = JSON.parse(req.query.get("advertiser_ids") ?? "[]") as string[];
          const unknown = ids.find((id) => !view.account(id));
          if (unknown) return fail(40001, `No permission to operate advertiser ${unknown}.`);
          return ok({ list: ids.map((id) => { const a = view.account(id)!; return { advertiser_id: id, name: a.name, currency: a.currency, timezone: typeof options.advertiserTimezone === "string" ? options.advertiserTimezone : a.timezone, status: "STATUS_ENABLE" }; }) });
        }),
      },
      entityRoute("campaign", (id) => view.campaigns(id).map((c) => ({ advertiser_id: id, campaign_id: c.id, campaign_name: c.name, objective_type: c.objective, operation_status: status(c.status) }))),
      entityRoute("adgroup", (id) => view.adGroups({ accountId: id }).map((g) => ({ advertiser_id: id, campaign_id: g.campaignId, adgroup_id: g.id, adgroup_name: g.name, operation_status: status(g.status) }))),
      entityRoute("ad", (id) => view.ads({ accountId: id }).map((a) => ({ advertiser_id: id, campaign_id: a.campaignId, adgroup_id: a.adGroupId, ad_id: a.id, ad_name: a.name, operation_status: status(a.status) }))),
      {
        method: "GET", pattern: `${API}/report/integrated/get/`, name: "report",
        handler: guard("report", (req) => {
          const q = req.query;
          const id = advertiserOf(req);
          if (!id) return noAccess(req);
          const dims = q.get("dimensions");
          if (q.get("report_type") !== "BASIC" || q.get("data_level") !== "AUCTION_AD" || dims !== JSON.stringify(["ad_id", "stat_time_day"])) {
            return fail(40002, "The sandbox serves report_type=BASIC, data_level=AUCTION_AD, dimensions [\"ad_id\",\"stat_time_day\"] only.");
          }
          const start = q.get("start_date") ?? "", end = q.get("end_date") ?? "";
          if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end) || start > end) return fail(40002, "start_date and end_date must be YYYY-MM-DD with start ≤ end.");
          const span = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
          if (span > maxQueryDays) return fail(40067, `Query too large: at most ${maxQueryDays} days per request.`);
          const rows = world.dates.filter((d) => d >= start && d <= end)
            .flatMap((d) => view.day(d, id).filter((r) => r.spendCents > 0 || r.impressions > 0 || r.conversions > 0).map((r) => reportRow(view, r)));
          return pageOf(rows, q);
        }),
      },
    ],
  });
  return {
    url: emulator.url, world, emulator,
    config: { accessToken: SANDBOX_TOKEN, advertiserIds: view.accounts().map((a) => a.id), baseUrl: emulator.url },
    failWith: (route, code, times = 1) => void injected.push({ route, code, left: times }),
    close: () => emulator.close(),
  };
}
