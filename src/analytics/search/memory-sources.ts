import { sql } from "drizzle-orm";
import { queryRows } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import type { MemoryItemInput } from "./memory-writer.js";

const PLATFORM_LABEL: Record<string, string> = { meta: "Meta", google_ads: "Google Ads", tiktok: "TikTok", klaviyo: "Klaviyo" };
const LEVEL_LABEL: Record<string, string> = { account: "account", campaign: "campaign", ad_group: "ad group", ad: "ad" };
export const platformLabel = (p: string | null | undefined) => (p ? (PLATFORM_LABEL[p] ?? p) : "");

/** One item per account, campaign, ad group and ad: names, objective, status, parents. */
export async function entityItems(scope: OrgScope): Promise<MemoryItemInput[]> {
  const rows = await queryRows<{
    id: string; platform: string; level: string; external_id: string; name: string | null; status: string | null;
    objective: string | null; currency: string | null; parent_name: string | null; parent_level: string | null; account_name: string | null;
  }>(scope.db, sql`
    select e.id, e.platform, e.level, e.external_id, e.name, e.status, e.objective, e.currency,
           p.name as parent_name, p.level as parent_level, a.name as account_name
    from ad_entities e
    left join lateral (select name, level from ad_entities p where p.org_id = e.org_id and p.platform = e.platform
      and p.external_id = e.parent_external_id and p.level <> e.level order by p.level limit 1) p on true
    left join ad_entities a on a.org_id = e.org_id and a.platform = e.platform and a.level = 'account'
      and a.external_id = e.account_external_id and e.level <> 'account'
    where e.org_id = ${scope.orgId}`);
  return rows.map((r) => {
    const label = `${platformLabel(r.platform)} ${LEVEL_LABEL[r.level] ?? r.level}`;
    const name = r.name ?? r.external_id;
    const parts = [`${label} "${name}" (id ${r.external_id}).`];
    if (r.parent_name && r.parent_level !== "account") parts.push(`In ${LEVEL_LABEL[r.parent_level!] ?? r.parent_level} "${r.parent_name}".`);
    if (r.account_name) parts.push(`Account "${r.account_name}".`);
    if (r.objective) parts.push(`Objective: ${r.objective}.`);
    if (r.status) parts.push(`Status: ${r.status}.`);
    if (r.currency && r.level === "account") parts.push(`Currency: ${r.currency}.`);
    return {
      kind: r.level as MemoryItemInput["kind"], refKey: `entity:${r.id}`, platform: r.platform, dateFrom: null, dateTo: null,
      title: `${label} "${name}"`, body: parts.join(" "),
      link: { type: "entity", id: r.id, platform: r.platform, level: r.level, externalId: r.external_id },
    };
  });
}

/**
 * One summary per campaign and day. Only rows without breakdowns and of one stream per campaign-day
 * (the coarsest level) are summed, so a campaign-level and an ad-level stream never double count.
 */
export async function campaignDayItems(scope: OrgScope, dateRange?: { from: string; to: string }): Promise<MemoryItemInput[]> {
  const window = dateRange ? sql`and f.date between ${dateRange.from} and ${dateRange.to}` : sql``;
  const rows = await queryRows<{
    platform: string; campaign_id: string; date: string; currency: string; spend: string; impressions: string; clicks: string;
    conversions: string; revenue: string; campaign_name: string | null; campaign_uuid: string | null; objective: string | null;
  }>(scope.db, sql`
    with per_stream as (
      select f.platform, f.campaign_id, f.date::text as date, f.source, f.stream, min(f.level) as level, min(f.currency) as currency,
             sum(f.spend) as spend, sum(f.impressions) as impressions, sum(f.clicks) as clicks,
             sum(f.conversions) as conversions, sum(f.revenue) as revenue
      from marketing_facts f
      where f.org_id = ${scope.orgId} and f.kind = 'media' and f.breakdown_set = '' and f.campaign_id <> '' ${window}
      group by 1, 2, 3, 4, 5
    ), chosen as (
      select distinct on (platform, campaign_id, date) * from per_stream
      order by platform, campaign_id, date,
        case level when 'campaign' then 0 when 'ad_group' then 1 when 'ad' then 2 else 3 end, source, stream
    )
    select c.platform, c.campaign_id, c.date, c.currency, c.spend::text, c.impressions::text, c.clicks::text,
           c.conversions::text, c.revenue::text, e.name as campaign_name, e.id as campaign_uuid, e.objective
    from chosen c
    left join ad_entities e on e.org_id = ${scope.orgId} and e.platform = c.platform and e.level = 'campaign' and e.external_id = c.campaign_id`);
  return rows.map((r) => {
    const spend = Number(r.spend), impressions = Number(r.impressions), clicks = Number(r.clicks);
    const conversions = Number(r.conversions), revenue = Number(r.revenue);
    const name = r.campaign_name ?? r.campaign_id;
    const title = `${platformLabel(r.platform)} campaign "${name}" on ${r.date}`;
    const ratio = (a: number, b: number, f: (x: number) => string) => (b === 0 ? "n/a" : f(a / b));
    const body = [
      `${title}: spend ${money(spend)} ${r.currency}, ${impressions} impressions, ${clicks} clicks, ${round(conversions)} conversions,`,
      `revenue ${money(revenue)} ${r.currency}. CTR ${ratio(clicks * 100, impressions, (x) => `${x.toFixed(2)}%`)},`,
      `CPC ${ratio(spend, clicks, money)}, CPA ${ratio(spend, conversions, money)}, ROAS ${ratio(revenue, spend, (x) => x.toFixed(2))}.`,
      r.objective ? `Objective: ${r.objective}.` : "",
    ].join(" ").trim();
    return {
      kind: "campaign_day" as const, refKey: `campaign_day:${r.platform}:${r.campaign_id}:${r.date}`, platform: r.platform,
      dateFrom: r.date, dateTo: r.date, title, body,
      link: { type: "facts", platform: r.platform, campaignId: r.campaign_id, date: r.date, ...(r.campaign_uuid ? { entityId: r.campaign_uuid } : {}) },
    };
  });
}

/** One summary per finished sync run: connection, window, counters, error. */
export async function syncRunItems(scope: OrgScope, runIds?: string[]): Promise<MemoryItemInput[]> {
  const only = runIds ? sql`and r.id in ${runIds.length ? runIds : ["00000000-0000-0000-0000-000000000000"]}` : sql``;
  const rows = await queryRows<{
    id: string; status: string; trigger: string; window_start: string | null; window_end: string | null; records_read: number;
    records_written: number; records_rejected: number; error: string | null; finished: string | null; name: string; plugin_id: string; platform: string | null;
  }>(scope.db, sql`
    select r.id, r.status, r.trigger, r.window_start::text, r.window_end::text, r.records_read, r.records_written, r.records_rejected,
           r.error, to_char(coalesce(r.finished_at, r.updated_at) at time zone 'UTC', 'YYYY-MM-DD') as finished, c.name, c.plugin_id,
           (select f.platform from marketing_facts f where f.org_id = r.org_id and f.source = c.id::text limit 1) as platform
    from sync_runs r join connections c on c.id = r.connection_id
    where r.org_id = ${scope.orgId} and r.status not in ('queued', 'running') ${only}`);
  return rows.map((r) => {
    const title = `Sync run of "${r.name}" (${r.plugin_id}) ${r.status}`;
    const window = r.window_start ? ` for ${r.window_start} to ${r.window_end ?? r.window_start}` : "";
    const body = `${title}${window}, finished ${r.finished ?? "unknown"} (${r.trigger}): ${r.records_read} records read, ` +
      `${r.records_written} written, ${r.records_rejected} rejected.${r.error ? ` Error: ${r.error}` : ""}`;
    return {
      kind: "sync_run" as const, refKey: `sync_run:${r.id}`, platform: r.platform, dateFrom: r.window_start ?? r.finished,
      dateTo: r.window_end ?? r.window_start ?? r.finished, title, body, link: { type: "syncRun", id: r.id, connectionName: r.name },
    };
  });
}

const money = (x: number) => x.toFixed(2);
const round = (x: number) => String(Math.round(x * 100) / 100);
