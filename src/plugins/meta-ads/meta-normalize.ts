import type { EntityRow, FactRow } from "../../db/facts.js";
import type { NormalizedRows, Reject } from "../types.js";
import { BREAKDOWNS, type MetaConfig } from "./meta-config.js";
import { sumActions, type MetaActionStat } from "./meta-actions.js";
import { isDecimal } from "./decimal.js";

export const PLATFORM = "meta";

/** Stream names: the main ad × day stream, one breakdown stream per breakdown set, and the entity streams. */
export const STREAMS = {
  insights: "ad_insights",
  breakdown: (b: MetaConfig["breakdown"]) => `ad_insights_${b}`,
  accounts: "ad_accounts",
  campaigns: "campaigns",
  adsets: "adsets",
  ads: "ads",
} as const;

/** An insights row as the API returns it (every number a string), plus the account timezone that read() adds. */
export interface MetaInsightRow {
  account_id?: string;
  account_currency?: string;
  /** Not an insights field: read() copies it from GET /act_{id}?fields=timezone_name, since insights rows lack it. */
  account_timezone_name?: string;
  campaign_id?: string;
  adset_id?: string;
  ad_id?: string;
  date_start?: string;
  date_stop?: string;
  spend?: string;
  impressions?: string;
  clicks?: string;
  inline_link_clicks?: string;
  reach?: string;
  actions?: MetaActionStat[];
  action_values?: MetaActionStat[];
  [field: string]: unknown;
}

// Insights breakdown fields: a main-stream row carrying one is a slice of the ad's day, and summing slices with the
// unbroken rows would double count. https://developers.facebook.com/docs/marketing-api/insights/breakdowns/
const BREAKDOWN_FIELDS = [
  "age", "gender", "country", "region", "dma", "product_id", "publisher_platform", "platform_position",
  "device_platform", "impression_device", "hourly_stats_aggregated_by_advertiser_time_zone",
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INT = /^\d+$/;
const none = (): NormalizedRows => ({ facts: [], entities: [], rejects: [] });
const reject = (reason: string, field?: string): NormalizedRows => ({ facts: [], entities: [], rejects: [{ reason, field }] });

function count(row: MetaInsightRow, field: "impressions" | "clicks" | "reach" | "inline_link_clicks"): number | Reject | undefined {
  const v = row[field];
  if (v === undefined) return undefined;
  return typeof v === "string" && INT.test(v) ? Number(v) : { reason: `${field} must be an integer string, got ${JSON.stringify(v)}`, field };
}

/** One insights row (main or breakdown stream) → one ad × day fact; conversions and revenue from the configured action types and windows. */
export function normalizeInsight(row: MetaInsightRow, config: Pick<MetaConfig, "conversionActionTypes" | "attributionWindows">, breakdownFields: readonly string[], stream: string): NormalizedRows {
  if (!row.ad_id) return reject("insights row has no ad_id (request level=ad)", "ad_id");
  if (!row.date_start || !DAY.test(row.date_start) || row.date_stop !== row.date_start) {
    return reject(`insights row must cover one day (time_increment=1), got ${row.date_start}..${row.date_stop}`, "date_start");
  }
  if (!row.account_currency) return reject("insights row has no account_currency (add it to fields)", "account_currency");
  if (row.spend !== undefined && !isDecimal(row.spend)) return reject(`spend must be a decimal string, got ${JSON.stringify(row.spend)}`, "spend");
  const counts: Partial<Record<"impressions" | "clicks" | "reach" | "inline_link_clicks", number>> = {};
  for (const f of ["impressions", "clicks", "reach", "inline_link_clicks"] as const) {
    const c = count(row, f);
    if (typeof c === "object") return { ...none(), rejects: [c] };
    if (c !== undefined) counts[f] = c;
  }
  const stray = BREAKDOWN_FIELDS.find((f) => row[f] !== undefined && !breakdownFields.includes(f));
  if (stray) return reject(`row is broken down by ${stray}, which stream ${stream} does not key on; summing it would double count`, stray);
  const breakdowns: Record<string, string> = {};
  for (const f of breakdownFields) {
    const v = row[f];
    if (typeof v !== "string" || v === "") return reject(`breakdown row has no ${f}`, f);
    breakdowns[f] = v;
  }
  const windows = config.attributionWindows;
  let conversions: string;
  let revenue: string;
  try {
    conversions = sumActions(row.actions, config.conversionActionTypes, windows);
    revenue = sumActions(row.action_values, config.conversionActionTypes, windows);
  } catch (e) {
    return reject(`actions/action_values hold a value that is not a number: ${(e as Error).message}`, "actions");
  }
  const fact: FactRow = {
    platform: PLATFORM, stream, level: "ad", date: row.date_start,
    accountId: row.account_id ?? "", campaignId: row.campaign_id ?? "", adGroupId: row.adset_id ?? "", adId: row.ad_id,
    breakdowns: breakdownFields.length ? breakdowns : undefined,
    spend: row.spend ?? "0", impressions: counts.impressions ?? 0, clicks: counts.clicks ?? 0,
    conversions, revenue, reach: counts.reach ?? null,
    currency: row.account_currency, accountTimezone: row.account_timezone_name ?? null,
    attributionSetting: windows.join(","),
    extras: counts.inline_link_clicks !== undefined ? { inlineLinkClicks: counts.inline_link_clicks } : {},
  };
  return { facts: [fact], entities: [], rejects: [] };
}

/** An entity record from /act_{id}, /act_{id}/campaigns, /adsets or /ads. */
export interface MetaEntityRecord {
  id?: string;
  account_id?: string;
  name?: string;
  status?: string;
  effective_status?: string;
  objective?: string;
  campaign_id?: string;
  adset_id?: string;
  currency?: string;
  timezone_name?: string;
  account_status?: number;
}

const LEVELS = { [STREAMS.accounts]: "account", [STREAMS.campaigns]: "campaign", [STREAMS.adsets]: "ad_group", [STREAMS.ads]: "ad" } as const;

/** One entity record → one dimension row. Account ids are stored without the act_ prefix, as insights rows carry them. */
export function normalizeEntity(stream: keyof typeof LEVELS, r: MetaEntityRecord): NormalizedRows {
  if (!r.id) return reject(`${stream} record has no id`, "id");
  const level = LEVELS[stream];
  const accountId = r.account_id ?? (level === "account" ? r.id.replace(/^act_/, "") : null);
  const parent = level === "account" ? null : level === "campaign" ? accountId : level === "ad_group" ? r.campaign_id : r.adset_id;
  const entity: EntityRow = {
    platform: PLATFORM, level, externalId: level === "account" ? r.id.replace(/^act_/, "") : r.id,
    parentExternalId: parent ?? null, accountExternalId: accountId, name: r.name ?? null,
    status: r.effective_status ?? r.status ?? null, objective: r.objective ?? null,
    currency: r.currency ?? null, timezone: r.timezone_name ?? null,
    extras: level === "ad" && r.campaign_id ? { campaignId: r.campaign_id } : {},
  };
  return { facts: [], entities: [entity], rejects: [] };
}

/** Route a record of any Meta stream to its normalizer. */
export function normalizeMeta(stream: string, record: unknown, config: MetaConfig): NormalizedRows {
  if (stream === STREAMS.insights) return normalizeInsight(record as MetaInsightRow, config, [], stream);
  for (const [name, fields] of Object.entries(BREAKDOWNS)) {
    if (stream === STREAMS.breakdown(name as MetaConfig["breakdown"])) return normalizeInsight(record as MetaInsightRow, config, fields, stream);
  }
  if (stream in LEVELS) return normalizeEntity(stream as keyof typeof LEVELS, record as MetaEntityRecord);
  return reject(`unknown Meta Ads stream "${stream}"`);
}
