import { addDays, daysInclusive } from "../../dates.js";
import { Transient } from "../errors.js";
import { sleep, type HttpClient } from "../http.js";
import type { PluginContext } from "../types.js";
import { EFFECTIVE_STATUSES, type MetaConfig } from "./meta-config.js";
import { graphPages } from "./meta-pages.js";
import type { MetaInsightRow } from "./meta-normalize.js";

/** Fields of every insights request: ids, currency, delivery, and the action arrays conversions come from. */
export const INSIGHT_FIELDS = [
  "account_id", "account_currency", "campaign_id", "adset_id", "ad_id", "date_start", "date_stop",
  "spend", "impressions", "clicks", "inline_link_clicks", "reach", "actions", "action_values",
];

/** Every ad status, so deleted and archived ads keep their spend (without it Meta leaves them out of level=ad). */
export const ALL_ADS_FILTER = JSON.stringify([{ field: "ad.effective_status", operator: "IN", value: EFFECTIVE_STATUSES.ads }]);

/** The query of one ad-level daily insights request. */
export function insightsQuery(config: MetaConfig, window: { start: string; end: string }, breakdowns: readonly string[]) {
  return {
    level: "ad",
    time_increment: 1,
    fields: INSIGHT_FIELDS.join(","),
    time_range: JSON.stringify({ since: window.start, until: window.end }),
    filtering: ALL_ADS_FILTER,
    action_attribution_windows: JSON.stringify(config.attributionWindows),
    action_report_time: config.actionReportTime,
    breakdowns: breakdowns.length ? breakdowns.join(",") : undefined,
  };
}

/** Days in an inclusive YYYY-MM-DD window. */
export const windowDays = (w: { start: string; end: string }) => daysInclusive(w.start, w.end);

/** An async report run as GET /{run_id} returns it. */
interface ReportRun {
  id?: string;
  async_status?: string;
  async_percent_completion?: number;
}

/**
 * Pages of insights rows for one account and window: a plain GET for short windows, an async report run for
 * windows longer than `asyncAfterDays` (POST is_async → poll async_status → read GET /{run_id}/insights).
 * A run that ends in "Job Failed" is retried as two half windows, down to synchronous reads.
 */
export async function* readInsights(http: HttpClient, config: MetaConfig, accountId: string, window: { start: string; end: string }, breakdowns: readonly string[], ctx: PluginContext): AsyncGenerator<MetaInsightRow[]> {
  const query = insightsQuery(config, window, breakdowns);
  if (windowDays(window) <= config.asyncAfterDays) {
    yield* graphPages<MetaInsightRow>(http, `${accountId}/insights`, query, config.pageSize, ctx);
    return;
  }
  const runId = await startReportRun(http, accountId, query);
  const done = await waitForReportRun(http, config, runId, `${accountId} ${window.start}..${window.end}`, ctx);
  if (done) {
    yield* graphPages<MetaInsightRow>(http, `${runId}/insights`, {}, config.pageSize, ctx);
    return;
  }
  // A failed or skipped job is usually too big: split the window in two and read each half (short halves synchronously).
  const days = windowDays(window);
  const mid = addDays(window.start, Math.ceil(days / 2) - 1);
  const next = addDays(mid, 1);
  ctx.logger.warn({ runId, window }, "Meta Ads async report run failed; splitting the window");
  yield* readInsights(http, config, accountId, { start: window.start, end: mid }, breakdowns, ctx);
  yield* readInsights(http, config, accountId, { start: next, end: window.end }, breakdowns, ctx);
}

async function startReportRun(http: HttpClient, accountId: string, query: Record<string, string | number | undefined>): Promise<string> {
  const { data } = await http.request<{ report_run_id?: string }>(`${accountId}/insights`, { method: "POST", query: { ...query, is_async: true } });
  if (!data?.report_run_id) throw new Transient(`Meta Ads did not return a report_run_id when starting an async insights report for ${accountId}`);
  return data.report_run_id;
}

/** Poll until "Job Completed" (true) or "Job Failed"/"Job Skipped" (false); after asyncTimeoutSeconds fail with the last status in the message. */
async function waitForReportRun(http: HttpClient, config: MetaConfig, runId: string, label: string, ctx: PluginContext): Promise<boolean> {
  const deadline = Date.now() + config.asyncTimeoutSeconds * 1000;
  let last: ReportRun = {};
  for (;;) {
    last = await http.get<ReportRun>(runId, { fields: "id,async_status,async_percent_completion" });
    const status = last.async_status ?? "unknown";
    if (status === "Job Completed") return true;
    if (status === "Job Failed" || status === "Job Skipped") return false;
    if (Date.now() >= deadline) {
      throw new Transient(`Meta Ads async report run ${runId} for ${label} did not finish within ${config.asyncTimeoutSeconds}s (last status "${status}", ${last.async_percent_completion ?? 0}%); raise asyncTimeoutSeconds or sync a shorter window`);
    }
    ctx.logger.debug({ runId, status, percent: last.async_percent_completion }, "waiting for Meta Ads async report run");
    await sleep(Math.min(config.asyncPollSeconds * 1000, Math.max(0, deadline - Date.now())), ctx.signal);
  }
}
