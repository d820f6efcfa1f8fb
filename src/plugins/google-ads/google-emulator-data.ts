import type { AdDay, World, WorldCampaign } from "../sandbox/world.js";

/**
 * The world's SHOPPING campaigns, and the last campaign of each customer, are served as Performance Max: campaign
 * level only, no ad groups (as in the real API). Their ads' delivery still counts in the campaign's totals.
 */
export function channelTypes(world: World): (c: WorldCampaign) => string {
  const g = world.platform("google_ads");
  const pmax = new Set(g.accounts().flatMap((a) => g.campaigns(a.id).filter((c, i, all) => c.objective === "SHOPPING" || i === all.length - 1).map((c) => c.id)));
  return (c) => (pmax.has(c.id) ? "PERFORMANCE_MAX" : c.objective);
}
const status = (s: string) => (s === "active" ? "ENABLED" : "PAUSED");
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A parsed GAQL query: selected fields, resource, date range and channel-type filter. */
export interface Gaql { fields: string[]; from: string; start?: string; end?: string; channelType?: string }

/** Parse the subset of GAQL the connector sends; undefined when the query is outside it. */
export function parseGaql(q: string): Gaql | undefined {
  const m = q.trim().match(/^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+))?$/is);
  if (!m) return undefined;
  const out: Gaql = { fields: m[1]!.split(",").map((f) => f.trim()), from: m[2]! };
  for (const cond of (m[3] ?? "").split(/\s+AND\s+(?=[a-z_]+\.)/i).filter(Boolean)) {
    const between = cond.match(/^segments\.date\s+BETWEEN\s+'(\d{4}-\d{2}-\d{2})'\s+AND\s+'(\d{4}-\d{2}-\d{2})'$/i);
    const channel = cond.match(/^campaign\.advertising_channel_type\s*=\s*'(\w+)'$/i);
    if (between) { out.start = between[1]; out.end = between[2]; } else if (channel) out.channelType = channel[1];
    else return undefined;
  }
  return out;
}

interface Totals { spendCents: number; impressions: number; clicks: number; conversions: number; valueCents: number }
const add = (t: Totals, d: AdDay) => { t.spendCents += d.spendCents; t.impressions += d.impressions; t.clicks += d.clicks; t.conversions += d.conversions; t.valueCents += d.conversionValueCents; };

/** Rows of a parsed query over the world's Google Ads customer: lowerCamelCase, int64 as strings, zero metrics omitted. */
export function queryRows(world: World, customerId: string, q: Gaql): Record<string, unknown>[] | string {
  const g = world.platform("google_ads");
  const channelType = channelTypes(world);
  const customer = g.account(customerId)!;
  const values = (campaign?: WorldCampaign, adGroupId?: string, date?: string, t?: Totals): Record<string, unknown> => {
    const row: Record<string, Record<string, unknown>> = {};
    const put = (path: string, v: unknown) => {
      const [res, ...rest] = path.split(".");
      const key = camel(res!);
      row[key] ??= {};
      if (v !== undefined && v !== 0) row[key]![camel(rest.join("_"))] = v;
    };
    for (const f of q.fields) {
      const v: Record<string, unknown> = {
        "customer.id": customer.id, "customer.descriptive_name": customer.name, "customer.currency_code": customer.currency, "customer.time_zone": customer.timezone,
        "customer.status": "ENABLED", "customer.manager": false,
        "campaign.id": campaign?.id, "campaign.name": campaign?.name, "campaign.status": campaign && status(campaign.status), "campaign.advertising_channel_type": campaign && channelType(campaign),
        "ad_group.id": adGroupId, "ad_group.name": adGroupId && g.adGroup(adGroupId)?.name, "ad_group.status": adGroupId && status(g.adGroup(adGroupId)!.status),
        "segments.date": date,
        "metrics.cost_micros": t && String(t.spendCents * 10_000), "metrics.impressions": t && String(t.impressions), "metrics.clicks": t && String(t.clicks),
        "metrics.conversions": t?.conversions, "metrics.conversions_value": t && t.valueCents / 100,
      };
      if (!(f in v)) return { error: f };
      put(f, v[f] === "0" ? undefined : v[f]);
    }
    if (row.customer) row.customer.resourceName = `customers/${customer.id}`;
    if (row.campaign && campaign) row.campaign.resourceName = `customers/${customer.id}/campaigns/${campaign.id}`;
    if (row.adGroup && adGroupId) row.adGroup.resourceName = `customers/${customer.id}/adGroups/${adGroupId}`;
    return row;
  };
  const campaigns = g.campaigns(customerId).filter((c) => !q.channelType || channelType(c) === q.channelType);
  const keep = new Set(campaigns.map((c) => c.id));
  let rows: Record<string, unknown>[] = [];
  if (q.from === "customer") rows = [values()];
  else if (q.from === "campaign" && !q.start) rows = campaigns.map((c) => values(c));
  else if (q.from === "ad_group" && !q.start) rows = g.adGroups({ accountId: customerId }).filter((a) => keep.has(a.campaignId) && channelType(g.campaign(a.campaignId)!) !== "PERFORMANCE_MAX").map((a) => values(g.campaign(a.campaignId), a.id));
  else if ((q.from === "campaign" || q.from === "ad_group") && q.start && q.end) {
    for (const date of world.dates) {
      if (date < q.start || date > q.end) continue;
      const sums = new Map<string, { campaign: WorldCampaign; adGroupId?: string; t: Totals }>();
      for (const d of g.day(date, customerId)) {
        const campaign = g.campaign(d.campaignId)!;
        if (!keep.has(campaign.id) || (q.from === "ad_group" && channelType(campaign) === "PERFORMANCE_MAX")) continue;
        if (d.spendCents === 0 && d.impressions === 0 && d.conversions === 0) continue;
        const key = q.from === "campaign" ? d.campaignId : d.adGroupId;
        const s = sums.get(key) ?? { campaign, adGroupId: q.from === "ad_group" ? d.adGroupId : undefined, t: { spendCents: 0, impressions: 0, clicks: 0, conversions: 0, valueCents: 0 } };
        add(s.t, d);
        sums.set(key, s);
      }
      for (const s of sums.values()) rows.push(values(s.campaign, s.adGroupId, date, s.t));
    }
  } else return `unsupported FROM ${q.from}`;
  const bad = rows.find((r) => "error" in r);
  return bad ? `Unrecognized field in the query: '${bad.error}'.` : rows;
}
