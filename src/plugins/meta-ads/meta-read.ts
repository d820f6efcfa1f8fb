import type { HttpClient } from "../http.js";
import type { Message, PluginContext, ReadRequest } from "../types.js";
import { cached } from "../run-cache.js";
import { BREAKDOWNS, EFFECTIVE_STATUSES, type MetaConfig } from "./meta-config.js";
import { createMetaClient } from "./meta-http.js";
import { readInsights } from "./meta-insights.js";
import { STREAMS, type MetaEntityRecord } from "./meta-normalize.js";
import { graphPages } from "./meta-pages.js";

/** Fields of the ad account and the entity edges. */
const ACCOUNT_FIELDS = "id,account_id,name,currency,timezone_name,account_status";
const EDGE_FIELDS: Record<string, string> = {
  campaigns: "id,account_id,name,status,effective_status,objective",
  adsets: "id,account_id,campaign_id,name,status,effective_status",
  ads: "id,account_id,campaign_id,adset_id,name,status,effective_status",
};

/** GET /act_{id}: name, currency and timezone; the timezone is copied onto insights rows, which lack it. */
export async function readAccount(http: HttpClient, accountId: string): Promise<MetaEntityRecord> {
  return http.get<MetaEntityRecord>(accountId, { fields: ACCOUNT_FIELDS });
}

/** Every stream name of a connection, entity streams first (facts reference them). */
export const streamNames = (config: MetaConfig) => [STREAMS.accounts, STREAMS.campaigns, STREAMS.adsets, STREAMS.ads, STREAMS.insights, STREAMS.breakdown(config.breakdown)];

/** Read the requested streams for every ad account; a state message closes each stream after all its records. */
export async function* readMeta(config: MetaConfig, request: ReadRequest, ctx: PluginContext): AsyncGenerator<Message> {
  const http = createMetaClient(config, ctx);
  const wanted = new Set(request.streams.length ? request.streams : streamNames(config));
  const window = { start: request.start, end: request.end };
  const accounts = new Map<string, MetaEntityRecord>();
  for (const id of config.accountIds) accounts.set(id, await cached(ctx, `meta-ads:account:${id}`, () => readAccount(http, id)));

  if (wanted.has(STREAMS.accounts)) {
    for (const [id, account] of accounts) yield { type: "record", stream: STREAMS.accounts, data: account, key: id };
    yield { type: "state", stream: STREAMS.accounts, state: { syncedThrough: request.end } };
  }
  for (const edge of [STREAMS.campaigns, STREAMS.adsets, STREAMS.ads]) {
    if (!wanted.has(edge)) continue;
    for (const id of config.accountIds) {
      // Deleted and archived objects too: their facts need names, and edges leave them out unless asked.
      const query = { fields: EDGE_FIELDS[edge], effective_status: JSON.stringify(EFFECTIVE_STATUSES[edge as keyof typeof EFFECTIVE_STATUSES]) };
      for await (const page of graphPages<MetaEntityRecord>(http, `${id}/${edge}`, query, config.pageSize, ctx)) {
        for (const r of page) yield { type: "record", stream: edge, data: r, key: r.id };
      }
    }
    yield { type: "state", stream: edge, state: { syncedThrough: request.end } };
  }
  const factStreams: [string, readonly string[]][] = [[STREAMS.insights, []], [STREAMS.breakdown(config.breakdown), BREAKDOWNS[config.breakdown]]];
  for (const [stream, breakdowns] of factStreams) {
    if (!wanted.has(stream)) continue;
    for (const id of config.accountIds) {
      const timezone = accounts.get(id)?.timezone_name;
      let rows = 0;
      for await (const page of readInsights(http, config, id, window, breakdowns, ctx)) {
        for (const r of page) {
          const key = [r.ad_id, r.date_start, ...breakdowns.map((b) => String(r[b] ?? ""))].join("|");
          yield { type: "record", stream, data: timezone ? { ...r, account_timezone_name: timezone } : r, key };
        }
        rows += page.length;
      }
      yield { type: "log", level: "info", message: `Meta Ads ${stream}: ${rows} rows for ${id}`, data: { account: id, rows, window } };
    }
    yield { type: "state", stream, state: { syncedThrough: request.end } };
  }
}
