import { addDays } from "../../dates.js";
import { BadUpstreamData, InvalidConfig, RateLimited } from "../errors.js";
import { sleep, type HttpClient } from "../http.js";
import { cached } from "../run-cache.js";
import type { Message, PluginContext, ReadRequest } from "../types.js";
import type { KlaviyoConfig } from "./klaviyo-config.js";
import { createKlaviyoClient, jsonApiPages } from "./klaviyo-http.js";
import { createHash } from "node:crypto";
import { createPacer, type PaceLimits, type Pacer } from "./klaviyo-pacer.js";
import { REPORT_STATISTICS, STREAMS, type KlaviyoAccountInfo, type KlaviyoResource } from "./normalize.js";

export const ENTITY_STREAMS = { campaigns: "campaigns", flows: "flows" } as const;
const METRIC_AGGREGATE_LIMITS = { perSecond: 3, perMinute: 60, perDay: 1e9 }; // POST /api/metric-aggregates: 3/s burst, 60/min steady
const FLOW_SERIES_MAX_DAYS = 60; // flow-series-reports with interval "daily" accept at most 60 days


// Klaviyo's limits are per account and endpoint, so the pacers live as long as the process, across runs and windows.
const pacers = new Map<string, Pacer>();
function pacerFor(config: KlaviyoConfig, endpoint: string, limits: PaceLimits): Pacer {
  const key = `${config.baseUrl}|${createHash("sha256").update(config.apiKey).digest("hex").slice(0, 16)}|${endpoint}|${JSON.stringify(limits)}`;
  let p = pacers.get(key);
  if (!p) pacers.set(key, (p = createPacer(limits)));
  return p;
}

/** Forget every pacer's history (tests and the demo use it to simulate the next day). */
export const resetKlaviyoPacers = () => pacers.clear();

/** The plugin's opaque state of a report stream: where to resume after the report quota stopped a run. */
export interface ReportState { resumeFrom?: string | null; syncedThrough?: string }

/** GET /api/accounts: the account id, company timezone and currency every record carries. */
export async function readAccount(http: HttpClient): Promise<Required<KlaviyoAccountInfo>> {
  const body = await http.get<{ data?: { id: string; attributes?: { timezone?: string; preferred_currency?: string } }[] }>("api/accounts/");
  const a = body.data?.[0];
  if (!a?.attributes?.timezone || !a.attributes.preferred_currency) throw new BadUpstreamData("Klaviyo returned no account timezone and currency from /api/accounts");
  return { account_id: a.id, timezone: a.attributes.timezone, currency: a.attributes.preferred_currency };
}

/** The conversion metric's id: the configured id, else the metric named `conversionMetric` in /api/metrics. */
export async function conversionMetricId(http: HttpClient, config: KlaviyoConfig): Promise<string> {
  if (config.conversionMetricId) return config.conversionMetricId;
  const names: string[] = [];
  for await (const page of jsonApiPages<{ id: string; attributes?: { name?: string } }>(http, "api/metrics/")) {
    for (const m of page.data) {
      if (m.attributes?.name === config.conversionMetric) return m.id;
      if (m.attributes?.name) names.push(m.attributes.name);
    }
  }
  throw new InvalidConfig(`Klaviyo has no metric named "${config.conversionMetric}" (it has: ${names.slice(0, 20).join(", ") || "none"})`, { field: "conversionMetric" });
}

/** Wait for the pacer; a wait longer than the run allows ends the stream with "report quota reached". */
async function paced(pacer: Pacer, ctx: PluginContext, resumeFrom: string, what: string): Promise<void> {
  const wait = pacer.delayMs();
  const max = ctx.maxWaitMs ?? 15 * 60_000;
  if (wait > max) throw quotaReached(resumeFrom, wait, what);
  if (wait > 0) {
    // Sub-second burst spacing is routine; longer waits (the 2/min steady limit) are shown as progress.
    if (wait >= 5_000) ctx.onRateLimit?.({ reason: `pacing to Klaviyo's ${what} limit`, waitMs: wait });
    await sleep(wait, ctx.signal);
  }
  pacer.record();
}

const quotaReached = (resumeFrom: string, waitMs: number | undefined, what: string) =>
  new RateLimited(`Klaviyo report quota reached (${what}); the next sync resumes from ${resumeFrom}`, { retryAfterMs: waitMs });

/** Run one report call; a 429 whose Retry-After outlasts the run becomes the same "quota reached" stop. */
async function report<T>(http: HttpClient, path: string, body: unknown, resumeFrom: string, what: string): Promise<T> {
  try {
    return await http.post<T>(path, body);
  } catch (e) {
    if (e instanceof RateLimited) throw quotaReached(resumeFrom, e.retryAfterMs, what);
    throw e;
  }
}

const timeframe = (start: string, endInclusive: string) => ({ start: `${start}T00:00:00`, end: `${addDays(endInclusive, 1)}T00:00:00` });

/** Read the requested streams; report streams checkpoint per day so a quota stop loses nothing. */
export async function* readKlaviyo(config: KlaviyoConfig, request: ReadRequest, ctx: PluginContext): AsyncGenerator<Message> {
  const http = createKlaviyoClient(config, ctx);
  const wanted = new Set(request.streams.length ? request.streams : [...Object.values(ENTITY_STREAMS), ...Object.values(STREAMS)]);
  const info = await cached(ctx, "klaviyo:account", () => readAccount(http));

  if (wanted.has(ENTITY_STREAMS.campaigns)) {
    for (const channel of ["email", "sms"]) {
      for await (const page of jsonApiPages<KlaviyoResource>(http, "api/campaigns/", { filter: `equals(messages.channel,'${channel}')`, include: "campaign-messages" })) {
        for (const r of [...page.data, ...(page.included ?? [])]) yield { type: "record", stream: ENTITY_STREAMS.campaigns, data: { ...r, ...info }, key: `${r.type}:${r.id}` };
      }
    }
    yield { type: "state", stream: ENTITY_STREAMS.campaigns, state: { syncedThrough: request.end } };
  }
  if (wanted.has(ENTITY_STREAMS.flows)) {
    for await (const page of jsonApiPages<KlaviyoResource>(http, "api/flows/")) {
      for (const r of page.data) yield { type: "record", stream: ENTITY_STREAMS.flows, data: { ...r, ...info }, key: r.id };
    }
    yield { type: "state", stream: ENTITY_STREAMS.flows, state: { syncedThrough: request.end } };
  }
  const reportStreams = [STREAMS.outcomes, STREAMS.flowSeries, STREAMS.campaignValues].filter((s) => wanted.has(s));
  if (reportStreams.length === 0) return;
  const metricId = await cached(ctx, `klaviyo:metric:${config.conversionMetricId ?? config.conversionMetric}`, () => conversionMetricId(http, config));

  for (const stream of reportStreams) {
    const saved = (request.state[stream] ?? {}) as ReportState;
    // After a quota stop, skip the days the stopped run already loaded.
    const start = saved.resumeFrom && saved.resumeFrom > request.start && saved.resumeFrom <= request.end ? saved.resumeFrom : request.start;
    if (stream === STREAMS.outcomes) yield* outcomes(http, config, ctx, info, metricId, start, request.end);
    else if (stream === STREAMS.flowSeries) yield* flowSeries(http, config, ctx, info, metricId, start, request.end);
    else yield* campaignValues(http, config, ctx, info, metricId, start, request.end);
    yield { type: "state", stream, state: { resumeFrom: null, syncedThrough: request.end } satisfies ReportState };
  }
}

async function* outcomes(http: HttpClient, config: KlaviyoConfig, ctx: PluginContext, info: Required<KlaviyoAccountInfo>, metricId: string, start: string, end: string): AsyncGenerator<Message> {
  const pacer = pacerFor(config, "metric-aggregates", METRIC_AGGREGATE_LIMITS);
  await paced(pacer, ctx, start, "metric aggregates");
  const body = { data: { type: "metric-aggregate", attributes: {
    metric_id: metricId, measurements: ["count", "sum_value"], interval: "day", timezone: info.timezone,
    filter: [`greater-or-equal(datetime,${start}T00:00:00)`, `less-than(datetime,${addDays(end, 1)}T00:00:00)`],
  } } };
  const res = await report<{ data?: { attributes?: { dates?: string[]; data?: unknown[] } } }>(http, "api/metric-aggregates/", body, start, "metric aggregates");
  const a = res.data?.attributes;
  if (!a?.dates || !a.data) throw new BadUpstreamData("Klaviyo metric aggregates response has no data.attributes.dates/data");
  yield { type: "record", stream: STREAMS.outcomes, data: { ...a, ...info, metric_id: metricId }, key: `${start}..${end}` };
}

async function* flowSeries(http: HttpClient, config: KlaviyoConfig, ctx: PluginContext, info: Required<KlaviyoAccountInfo>, metricId: string, start: string, end: string): AsyncGenerator<Message> {
  const pacer = pacerFor(config, "flow-series-reports", config.reportLimits);
  for (let from = start; from <= end; from = addDays(from, FLOW_SERIES_MAX_DAYS)) {
    const to = addDays(from, FLOW_SERIES_MAX_DAYS - 1) < end ? addDays(from, FLOW_SERIES_MAX_DAYS - 1) : end;
    await paced(pacer, ctx, from, "flow series reports");
    const body = { data: { type: "flow-series-report", attributes: { statistics: [...REPORT_STATISTICS], timeframe: timeframe(from, to), interval: "daily", conversion_metric_id: metricId } } };
    const res = await report<{ data?: { attributes?: { date_times?: string[]; results?: { groupings: object; statistics: object }[] } } }>(http, "api/flow-series-reports/", body, from, "flow series reports");
    const a = res.data?.attributes;
    if (!a?.date_times || !a.results) throw new BadUpstreamData("Klaviyo flow series response has no data.attributes.date_times/results");
    for (const r of a.results) yield { type: "record", stream: STREAMS.flowSeries, data: { ...r, date_times: a.date_times, conversion_metric_id: metricId, ...info } };
    yield { type: "state", stream: STREAMS.flowSeries, state: { resumeFrom: addDays(to, 1) } satisfies ReportState };
  }
}

async function* campaignValues(http: HttpClient, config: KlaviyoConfig, ctx: PluginContext, info: Required<KlaviyoAccountInfo>, metricId: string, start: string, end: string): AsyncGenerator<Message> {
  const pacer = pacerFor(config, "campaign-values-reports", config.reportLimits);
  for (let day = start; day <= end; day = addDays(day, 1)) {
    let next: string | null | undefined = "api/campaign-values-reports/";
    while (next) {
      await paced(pacer, ctx, day, "campaign values reports");
      const body = { data: { type: "campaign-values-report", attributes: { statistics: [...REPORT_STATISTICS], timeframe: timeframe(day, day), conversion_metric_id: metricId } } };
      const res: { data?: { attributes?: { results?: { groupings: object; statistics: object }[] } }; links?: { next?: string | null } } =
        await report(http, next, body, day, "campaign values reports");
      const results = res.data?.attributes?.results;
      if (!results) throw new BadUpstreamData("Klaviyo campaign values response has no data.attributes.results");
      for (const r of results) yield { type: "record", stream: STREAMS.campaignValues, data: { ...r, date: day, conversion_metric_id: metricId, ...info } };
      next = res.links?.next;
    }
    yield { type: "state", stream: STREAMS.campaignValues, state: { resumeFrom: addDays(day, 1) } satisfies ReportState };
  }
}
