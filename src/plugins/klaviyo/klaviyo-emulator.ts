import type { Sandbox } from "../types.js";
import { json, pageOf, startEmulator, worldFrom, type Emulator, type EmulatorRequest, type EmulatorResponse, type FaultSpec, type World } from "../sandbox/index.js";
import { REPORT_LIMITS } from "./klaviyo-config.js";
import { addStats, daysOf, messageStats, offsetOf, withRates, type MessageStats } from "./klaviyo-emulator-data.js";
import { createPacer, type PaceLimits } from "./klaviyo-pacer.js";

export const SANDBOX_KEY = "pk_sandbox_klaviyo_private_key";
export const PLACED_ORDER_ID = "PlcOrd";
const METRICS = [["OpnEml", "Opened Email"], ["ClkEml", "Clicked Email"], [PLACED_ORDER_ID, "Placed Order"], ["ActSit", "Active on Site"]] as const;

/** A running Klaviyo emulator, the world it serves, and its request log. */
export interface KlaviyoSandbox extends Sandbox {
  world: World;
  emulator: Emulator;
  /** Forget the report rate-limit history (a new day for the 225/day quota). */
  resetLimits(): void;
}

const err = (status: number, code: string, detail: string, headers?: Record<string, string>): EmulatorResponse =>
  json(status, { errors: [{ id: "sandbox", status, code, title: code, detail, source: {} }] }, headers);

/**
 * Start a loopback Klaviyo API serving the shared world's email channel: accounts, metrics, campaigns (+ messages), flows,
 * campaign values / flow series reports and metric aggregates of true business orders. Report endpoints enforce
 * `reportLimits` (default Klaviyo's 1/s, 2/min, 225/day) with 429 + Retry-After. Options: world/worldOptions, reportLimits, faults.
 */
export async function startKlaviyoSandbox(options: Record<string, unknown> = {}): Promise<KlaviyoSandbox> {
  const world = worldFrom(options);
  const view = world.platform("klaviyo");
  const account = view.accounts()[0]!;
  const limits = (options.reportLimits as PaceLimits | undefined) ?? REPORT_LIMITS;
  const limiters = new Map<string, ReturnType<typeof createPacer>>();
  let truthDays: Map<string, { revenue: number; orders: number }> | undefined;
  let base = "";

  const guard = (handler: (req: EmulatorRequest) => EmulatorResponse, limited?: PaceLimits) => (req: EmulatorRequest): EmulatorResponse => {
    if (req.headers.authorization !== `Klaviyo-API-Key ${SANDBOX_KEY}`) return err(401, "not_authenticated", "Incorrect authentication credentials.");
    if (!req.headers.revision) return err(400, "invalid", "The revision header is required (YYYY-MM-DD).");
    if (limited) {
      let l = limiters.get(req.route);
      if (!l) limiters.set(req.route, (l = createPacer(limited)));
      const wait = l.delayMs();
      if (wait > 0) return err(429, "throttled", `Request was throttled. Expected available in ${Math.ceil(wait / 1000)} seconds.`, { "retry-after": String(Math.ceil(wait / 1000)) });
      l.record();
    }
    return handler(req);
  };
  const list = (req: EmulatorRequest, path: string, items: unknown[], size: number, extra: (page: unknown[]) => object = () => ({})) => {
    const { items: page, next } = pageOf(items, req.query.get("page[cursor]"), size);
    const q = new URLSearchParams(req.query);
    if (next) q.set("page[cursor]", next);
    return json(200, { data: page, ...extra(page), links: { self: `${base}${path}`, next: next ? `${base}${path}?${q}` : null } });
  };
  const attrs = (req: EmulatorRequest, type: string) => {
    const d = (req.body as { data?: { type?: string; attributes?: Record<string, unknown> } } | undefined)?.data;
    return d?.type === type ? d.attributes ?? {} : undefined;
  };
  const reportChecks = (a: Record<string, unknown> | undefined, type: string): string | undefined => {
    if (!a) return `The body must be {"data": {"type": "${type}", "attributes": {…}}}.`;
    if (!Array.isArray(a.statistics) || a.statistics.length === 0) return "statistics is required.";
    if (a.conversion_metric_id !== PLACED_ORDER_ID) return `conversion_metric_id ${String(a.conversion_metric_id)} is not a metric of this account.`;
  };
  const activity = (objective: "campaign" | "flow", days: string[]) => {
    const byAd = new Map<string, { stats: MessageStats[]; campaignId: string }>();
    days.forEach((d, i) => {
      for (const r of view.day(d)) {
        if (view.campaign(r.campaignId)!.objective !== objective || r.sends === 0) continue;
        let e = byAd.get(r.adId);
        if (!e) byAd.set(r.adId, (e = { stats: days.map(() => messageStats({ sends: 0, opens: 0, clicks: 0, conversions: 0, conversionValueCents: 0 })), campaignId: r.campaignId }));
        e.stats[i] = messageStats(r);
      }
    });
    return byAd;
  };
  const resource = (type: string, c: { id: string; name: string; status: string }) => ({ type, id: c.id, attributes: { name: c.name, status: c.status === "active" ? (type === "flow" ? "live" : "Sent") : "draft" } });

  const emulator = await startEmulator({
    faults: options.faults as FaultSpec[] | undefined,
    faultBodies: {
      rateLimit: () => err(429, "throttled", "Request was throttled."),
      serverError: () => err(500, "error", "A server error occurred."),
      expiredToken: (f) => (f.status === 403 ? err(403, "permission_denied", "You do not have permission to perform this action.") : err(401, "not_authenticated", "Incorrect authentication credentials.")),
    },
    routes: [
      { method: "GET", pattern: "/api/accounts/", name: "accounts", handler: guard(() => json(200, { data: [{ type: "account", id: account.id, attributes: { timezone: account.timezone, preferred_currency: account.currency, contact_information: { organization_name: account.name } } }] })) },
      { method: "GET", pattern: "/api/metrics/", name: "metrics", handler: guard((req) => list(req, "/api/metrics/", METRICS.map(([id, name]) => ({ type: "metric", id, attributes: { name } })), 2)) },
      {
        method: "GET", pattern: "/api/campaigns/", name: "campaigns",
        handler: guard((req) => {
          const channel = /^equals\(messages\.channel,'(email|sms|mobile_push)'\)$/.exec(req.query.get("filter") ?? "")?.[1];
          if (!channel) return err(400, "invalid", "A channel filter is required: filter=equals(messages.channel,'email').");
          const campaigns = channel === "email" ? view.campaigns().filter((c) => c.objective === "campaign") : [];
          const withMessages = req.query.get("include") === "campaign-messages";
          return list(req, "/api/campaigns/", campaigns.map((c) => resource("campaign", c)), 10, (page) => (withMessages ? {
            included: (page as { id: string }[]).flatMap((c) => view.ads({ campaignId: c.id }).map((a) => ({
              type: "campaign-message", id: a.id, attributes: { definition: { channel: "email", label: a.name } }, relationships: { campaign: { data: { type: "campaign", id: c.id } } },
            }))),
          } : {}));
        }),
      },
      { method: "GET", pattern: "/api/flows/", name: "flows", handler: guard((req) => list(req, "/api/flows/", view.campaigns().filter((c) => c.objective === "flow").map((c) => resource("flow", c)), 50)) },
      {
        method: "POST", pattern: "/api/campaign-values-reports/", name: "campaign-values",
        handler: guard((req) => {
          const a = attrs(req, "campaign-values-report");
          const bad = reportChecks(a, "campaign-values-report");
          if (bad) return err(400, "invalid", bad);
          const days = daysOf(a!.timeframe, world.dates);
          if (typeof days === "string") return err(400, "invalid", days);
          const results = [...activity("campaign", days)].map(([adId, e]) => ({
            groupings: { send_channel: "email", campaign_id: e.campaignId, campaign_message_id: adId },
            statistics: withRates(e.stats.reduce(addStats), a!.statistics as string[]),
          }));
          return json(200, { data: { type: "campaign-values-report", id: "sandbox", attributes: { results } }, links: { self: `${base}/api/campaign-values-reports/`, next: null } });
        }, limits),
      },
      {
        method: "POST", pattern: "/api/flow-series-reports/", name: "flow-series",
        handler: guard((req) => {
          const a = attrs(req, "flow-series-report");
          const bad = reportChecks(a, "flow-series-report") ?? (a!.interval !== "daily" ? "The sandbox serves interval \"daily\" only." : undefined);
          if (bad) return err(400, "invalid", bad);
          const days = daysOf(a!.timeframe, world.dates);
          if (typeof days === "string") return err(400, "invalid", days);
          if (days.length > 60) return err(400, "invalid", "The timeframe for a daily interval must be 60 days or less.");
          const wanted = a!.statistics as string[];
          const results = [...activity("flow", days)].map(([adId, e]) => {
            const perDay = e.stats.map((s) => withRates(s, wanted));
            return { groupings: { flow_id: e.campaignId, send_channel: "email", flow_message_id: adId }, statistics: Object.fromEntries(wanted.map((k) => [k, perDay.map((s) => s[k] ?? 0)])) };
          });
          const date_times = days.map((d) => `${d}T00:00:00${offsetOf(account.timezone, d)}`);
          return json(200, { data: { type: "flow-series-report", id: "sandbox", attributes: { results, date_times } }, links: { self: `${base}/api/flow-series-reports/`, next: null } });
        }, limits),
      },
      {
        method: "POST", pattern: "/api/metric-aggregates/", name: "metric-aggregates",
        handler: guard((req) => {
          const a = attrs(req, "metric-aggregate");
          if (!a || a.metric_id !== PLACED_ORDER_ID || a.interval !== "day") return err(400, "invalid", "metric_id must be the Placed Order metric and interval \"day\".");
          const filter = (a.filter as string[] | undefined) ?? [];
          const from = filter.map((f) => /^greater-or-equal\(datetime,(\d{4}-\d{2}-\d{2})/.exec(f)?.[1]).find(Boolean);
          const to = filter.map((f) => /^less-than\(datetime,(\d{4}-\d{2}-\d{2})/.exec(f)?.[1]).find(Boolean);
          if (!from || !to) return err(400, "invalid", "filter needs greater-or-equal(datetime,…) and less-than(datetime,…).");
          truthDays ??= new Map(world.truth().days.map((d) => [d.date, { revenue: d.revenue, orders: d.orders }]));
          const days = world.dates.filter((d) => d >= from && d < to);
          return json(200, { data: { type: "metric-aggregate", id: "sandbox", attributes: {
            dates: days.map((d) => `${d}T00:00:00${offsetOf(account.timezone, d)}`),
            data: [{ dimensions: [], measurements: { count: days.map((d) => truthDays!.get(d)!.orders), sum_value: days.map((d) => truthDays!.get(d)!.revenue) } }],
          }, links: {} }, links: {} });
        }, { perSecond: 3, perMinute: 60, perDay: 1e9 }),
      },
    ],
  });
  base = emulator.url;
  return {
    url: emulator.url, world, emulator,
    config: { apiKey: SANDBOX_KEY, baseUrl: emulator.url, reportLimits: limits },
    resetLimits: () => limiters.clear(),
    close: () => emulator.close(),
  };
}
