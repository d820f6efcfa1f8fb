import type { EntityRow, FactRow } from "../../db/facts.js";
import type { NormalizedRows, Reject } from "../types.js";

export const PLATFORM = "klaviyo";
export const STREAMS = { campaignValues: "campaign_values", flowSeries: "flow_series", outcomes: "business_outcomes" } as const;

/** The statistics asked of the reporting API; rates come back as fractions in [0, 1]. */
export const REPORT_STATISTICS = [
  "recipients", "delivered", "opens", "opens_unique", "clicks", "clicks_unique", "conversions", "conversion_value",
  "unsubscribes", "bounced", "open_rate", "click_rate", "conversion_rate", "unsubscribe_rate", "bounce_rate",
] as const;

/** What `read` adds to every report record: the account and its company timezone and currency. */
export interface KlaviyoAccountInfo {
  account_id?: string;
  currency?: string;
  timezone?: string;
}

type Stats = Record<string, number | null | undefined>;

/** One result of a campaign values report for one day (`date` added by `read`: one report per day). */
export interface CampaignValuesRecord extends KlaviyoAccountInfo {
  date: string;
  conversion_metric_id?: string;
  groupings: { campaign_id?: string; campaign_message_id?: string; send_channel?: string };
  statistics: Stats;
}

/** One result of a flow series report with the report's `date_times` (one array element per day). */
export interface FlowSeriesRecord extends KlaviyoAccountInfo {
  date_times: string[];
  conversion_metric_id?: string;
  groupings: { flow_id?: string; flow_message_id?: string; send_channel?: string };
  statistics: Record<string, (number | null)[]>;
}

/** `data.attributes` of a metric-aggregates response (count and sum_value by day, no grouping). */
export interface MetricAggregatesRecord extends KlaviyoAccountInfo {
  metric_id?: string;
  dates: string[];
  data: { dimensions: string[]; measurements: Record<string, (number | null)[]> }[];
}

const empty = (): NormalizedRows => ({ facts: [], entities: [], rejects: [] });
const num = (v: number | null | undefined) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const dec = (v: number | null | undefined) => String(num(v));
/** Klaviyo date-times carry the company's UTC offset ("2024-01-05T00:00:00-05:00"): the day is the local date. */
const dayOf = (dateTime: string) => dateTime.slice(0, 10);

/** Facts an email/SMS message reports: spend 0, impressions = delivered, revenue = conversion value; the rest in extras. */
function messageFact(stream: string, date: string, info: KlaviyoAccountInfo, ids: { campaignId: string; adId: string; channel?: string }, stats: Stats, metricId?: string): FactRow {
  const extras: Record<string, unknown> = { send_channel: ids.channel ?? null, conversion_metric_id: metricId ?? null };
  for (const k of REPORT_STATISTICS) if (!["delivered", "clicks", "conversions", "conversion_value"].includes(k) && k in stats) extras[k] = stats[k] ?? null;
  return {
    platform: PLATFORM, stream, level: "ad", date,
    accountId: info.account_id, campaignId: ids.campaignId, adId: ids.adId,
    spend: "0", impressions: num(stats.delivered), clicks: num(stats.clicks),
    conversions: dec(stats.conversions), revenue: dec(stats.conversion_value),
    currency: info.currency ?? "", accountTimezone: info.timezone ?? null,
    attributionSetting: "klaviyo_conversion_metric", extras,
  };
}

function missing(info: KlaviyoAccountInfo, ids: Record<string, string | undefined>): Reject[] {
  const rejects: Reject[] = [];
  for (const [field, v] of Object.entries(ids)) if (!v) rejects.push({ reason: `report result has no ${field} grouping`, field });
  if (!info.currency) rejects.push({ reason: "report record has no currency; read the account first", field: "currency" });
  return rejects;
}

/** A campaign values result for one day → one fact (campaign message × day). */
export function normalizeCampaignValues(r: CampaignValuesRecord): NormalizedRows {
  const { campaign_id, campaign_message_id, send_channel } = r.groupings ?? {};
  const rejects = missing(r, { campaign_id, campaign_message_id });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date ?? "")) rejects.push({ reason: `campaign values record has no day (got ${JSON.stringify(r.date)})`, field: "date" });
  if (rejects.length) return { ...empty(), rejects };
  const fact = messageFact(STREAMS.campaignValues, r.date, r, { campaignId: campaign_id!, adId: campaign_message_id!, channel: send_channel }, r.statistics ?? {}, r.conversion_metric_id);
  return { ...empty(), facts: [fact] };
}

/** A flow series result → one fact per day of `date_times` (flow message × day). */
export function normalizeFlowSeries(r: FlowSeriesRecord): NormalizedRows {
  const { flow_id, flow_message_id, send_channel } = r.groupings ?? {};
  const rejects = missing(r, { flow_id, flow_message_id });
  for (const [k, arr] of Object.entries(r.statistics ?? {})) {
    if (!Array.isArray(arr) || arr.length !== r.date_times.length) rejects.push({ reason: `statistic ${k} has ${Array.isArray(arr) ? arr.length : "no"} values for ${r.date_times.length} dates`, field: k });
  }
  if (rejects.length) return { ...empty(), rejects };
  const facts = r.date_times.map((t, i) => {
    const stats: Stats = Object.fromEntries(Object.entries(r.statistics).map(([k, arr]) => [k, arr[i]]));
    return messageFact(STREAMS.flowSeries, dayOf(t), r, { campaignId: flow_id!, adId: flow_message_id!, channel: send_channel }, stats, r.conversion_metric_id);
  });
  const message: EntityRow = {
    platform: PLATFORM, level: "ad", externalId: flow_message_id!, parentExternalId: flow_id!, accountExternalId: r.account_id ?? null,
    currency: r.currency ?? null, timezone: r.timezone ?? null, extras: { kind: "flow_message", channel: send_channel ?? null },
  };
  return { ...empty(), facts, entities: [message] };
}

/**
 * Metric aggregates of the conversion metric (unattributed, company timezone) → the store's own daily orders and
 * revenue as outcome facts, so causal analysis uses real business revenue rather than what a platform claims.
 */
export function normalizeOutcomes(r: MetricAggregatesRecord): NormalizedRows {
  if (!r.currency) return { ...empty(), rejects: [{ reason: "metric aggregates record has no currency; read the account first", field: "currency" }] };
  const series = r.data?.find((d) => d.dimensions.length === 0) ?? r.data?.[0];
  if (!series) return empty();
  const facts: FactRow[] = r.dates.map((t, i) => ({
    platform: PLATFORM, stream: STREAMS.outcomes, kind: "outcome", level: "account", date: dayOf(t),
    accountId: r.account_id, conversions: dec(series.measurements.count?.[i]), revenue: dec(series.measurements.sum_value?.[i]),
    currency: r.currency!, accountTimezone: r.timezone ?? null, attributionSetting: "unattributed",
    extras: { metric_id: r.metric_id ?? null, unique: series.measurements.unique?.[i] ?? null },
  }));
  return { ...empty(), facts };
}

/** A JSON:API resource of campaigns, campaign-messages or flows (plus the account info `read` adds). */
export interface KlaviyoResource extends KlaviyoAccountInfo {
  type: string;
  id: string;
  attributes?: { name?: string; status?: string; channel?: string; label?: string; definition?: { channel?: string; label?: string } };
  relationships?: { campaign?: { data?: { id?: string } } };
}

/** campaigns → campaign, flows → campaign (a flow plays a campaign's role), campaign-messages → ad. */
export function normalizeEntity(r: KlaviyoResource): NormalizedRows {
  if (!r?.id) return { ...empty(), rejects: [{ reason: `${r?.type ?? "entity"} resource has no id`, field: "id" }] };
  const base = { platform: PLATFORM, accountExternalId: r.account_id ?? null, currency: r.currency ?? null, timezone: r.timezone ?? null };
  const a = r.attributes ?? {};
  let row: EntityRow;
  if (r.type === "campaign") row = { ...base, level: "campaign", externalId: r.id, parentExternalId: r.account_id ?? null, name: a.name ?? null, status: a.status ?? null, extras: { kind: "campaign" } };
  else if (r.type === "flow") row = { ...base, level: "campaign", externalId: r.id, parentExternalId: r.account_id ?? null, name: a.name ?? null, status: a.status ?? null, extras: { kind: "flow" } };
  else if (r.type === "campaign-message") {
    row = {
      ...base, level: "ad", externalId: r.id, parentExternalId: r.relationships?.campaign?.data?.id ?? null,
      name: a.label ?? a.definition?.label ?? null, extras: { channel: a.channel ?? a.definition?.channel ?? null },
    };
  } else return { ...empty(), rejects: [{ reason: `unknown Klaviyo resource type "${r.type}"`, field: "type" }] };
  return { ...empty(), entities: [row] };
}
