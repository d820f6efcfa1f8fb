import { BadUpstreamData } from "../errors.js";
import type { HttpClient } from "../http.js";
import { cached } from "../run-cache.js";
import type { Message, PluginContext, ReadRequest } from "../types.js";
import type { GoogleConfig } from "./google-config.js";
import { GAQL } from "./google-gaql.js";
import { createGoogleClient } from "./google-http.js";
import { STREAMS, type GoogleRow } from "./google-normalize.js";

/** One batch of a searchStream answer. */
interface StreamBatch {
  results?: GoogleRow[];
  fieldMask?: string;
  requestId?: string;
  queryResourceConsumption?: string;
}

/** POST customers/{id}/googleAds:searchStream and return every row of every batch. */
export async function searchStream(http: HttpClient, customerId: string, query: string): Promise<GoogleRow[]> {
  const body = await http.post<StreamBatch[]>(`customers/${customerId}/googleAds:searchStream`, { query });
  if (!Array.isArray(body)) throw new BadUpstreamData(`Google Ads searchStream for customer ${customerId} did not return an array of batches`);
  return body.flatMap((b) => b.results ?? []);
}

export const streamNames = [STREAMS.customers, STREAMS.campaigns, STREAMS.adGroups, STREAMS.adGroupDaily, STREAMS.campaignDaily];

const idOf = (o: { id?: string; resourceName?: string } | undefined) => o?.id ?? o?.resourceName?.split("/").pop();

/** Read the requested streams for every customer; each stream ends with a state message after all its records. */
export async function* readGoogle(config: GoogleConfig, request: ReadRequest, ctx: PluginContext): AsyncGenerator<Message> {
  const http = createGoogleClient(config, ctx);
  const wanted = new Set(request.streams.length ? request.streams : streamNames);
  const entityQueries: [string, string][] = [[STREAMS.customers, GAQL.customer], [STREAMS.campaigns, GAQL.campaigns], [STREAMS.adGroups, GAQL.adGroups]];
  for (const [stream, query] of entityQueries) {
    if (!wanted.has(stream)) continue;
    for (const cid of config.customerIds) {
      for (const row of await searchStream(http, cid, query)) {
        yield { type: "record", stream, data: row, key: idOf(stream === STREAMS.customers ? row.customer : stream === STREAMS.campaigns ? row.campaign : row.adGroup) };
      }
    }
    yield { type: "state", stream, state: { syncedThrough: request.end } };
  }
  if (wanted.has(STREAMS.adGroupDaily)) {
    for (const cid of config.customerIds) {
      const rows = await searchStream(http, cid, GAQL.adGroupDaily(request.start, request.end));
      for (const row of rows) yield { type: "record", stream: STREAMS.adGroupDaily, data: row, key: `${idOf(row.adGroup)}|${row.segments?.date}` };
      yield { type: "log", level: "info", message: `Google Ads ad_group_daily: ${rows.length} rows for ${cid}`, data: { customer: cid, rows: rows.length } };
    }
    yield { type: "state", stream: STREAMS.adGroupDaily, state: { syncedThrough: request.end } };
  }
  if (wanted.has(STREAMS.campaignDaily)) {
    for (const cid of config.customerIds) {
      // Campaigns that have ad groups are already counted at ad-group level; keep only those without any.
      const withAdGroups = await cached(ctx, `google-ads:campaigns-with-ad-groups:${cid}`, async () => new Set((await searchStream(http, cid, GAQL.adGroups)).map((r) => idOf(r.campaign))));
      const rows = (await searchStream(http, cid, GAQL.campaignDaily(request.start, request.end))).filter((r) => !withAdGroups.has(idOf(r.campaign)));
      for (const row of rows) yield { type: "record", stream: STREAMS.campaignDaily, data: row, key: `${idOf(row.campaign)}|${row.segments?.date}` };
    }
    yield { type: "state", stream: STREAMS.campaignDaily, state: { syncedThrough: request.end } };
  }
}
