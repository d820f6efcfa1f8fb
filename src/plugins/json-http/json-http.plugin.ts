import { z } from "zod";
import { createHttpClient } from "../http.js";
import { cursorPages } from "../paging.js";
import { BadUpstreamData } from "../errors.js";
import type { ConnectorPlugin, Message, PluginContext } from "../types.js";
import { jsonHttpSpec, type JsonHttpConfig, type JsonHttpRow } from "./json-http-config.js";
import { normalizeJsonHttp } from "./json-http-normalize.js";
import { startJsonHttpEmulator } from "./json-http-emulator.js";

const STREAM = "daily";

const client = (config: JsonHttpConfig, ctx: PluginContext) =>
  createHttpClient({ name: `JSON endpoint ${new URL(config.baseUrl).host}`, baseUrl: config.baseUrl, headers: { authorization: `Bearer ${config.token}` } }, ctx);

/** The endpoint's page body: `{ data: Row[], next_cursor: string | null }`. */
function page(body: unknown): { items: JsonHttpRow[]; next?: string | null } {
  const b = body as { data?: unknown; next_cursor?: unknown } | undefined;
  if (!b || !Array.isArray(b.data)) throw new BadUpstreamData("The endpoint's response has no `data` array");
  return { items: b.data as JsonHttpRow[], next: typeof b.next_cursor === "string" ? b.next_cursor : null };
}

/**
 * A generic JSON-over-HTTP daily source, for pipelines that expose their numbers as a JSON endpoint:
 * `GET {baseUrl}{path}?account_id=…&start=YYYY-MM-DD&end=YYYY-MM-DD&limit=…[&cursor=…]` with
 * `Authorization: Bearer <token>`, answering `{ "data": [ {date, campaign_id, ad_id?, spend, …} ], "next_cursor": "…" | null }`.
 */
export const jsonHttpPlugin: ConnectorPlugin<JsonHttpConfig> = {
  id: "json-http",
  name: "JSON over HTTP",
  platform: "json_http",
  capabilities: { incremental: true, defaultLookbackDays: 3, maxWindowDays: 31 },
  spec: jsonHttpSpec as unknown as z.ZodType<JsonHttpConfig>,
  secretFields: ["token"],
  sampleConfig: { baseUrl: "https://reports.example.com", path: "/report", token: "example-token", accountId: "acct_1", currency: "USD", platform: "json_http", pageSize: 1000, lookbackDays: 3 },
  async check(config, ctx) {
    const today = ctx.now().toISOString().slice(0, 10);
    try {
      page(await client(config, ctx).get(config.path, { account_id: config.accountId, start: today, end: today, limit: 1 }));
      return { ok: true };
    } catch (e) {
      return { ok: false, reason: (e as Error).message };
    }
  },
  async discover() {
    return [{ name: STREAM, kind: "facts", grain: "ad × day", primaryKey: ["date", "account_id", "campaign_id", "ad_id"], cursorField: "date" }];
  },
  async *read(config, request, ctx): AsyncIterable<Message> {
    if (request.streams.length > 0 && !request.streams.includes(STREAM)) return;
    const http = client(config, ctx);
    const query = { account_id: config.accountId, start: request.start, end: request.end, limit: config.pageSize };
    for await (const p of cursorPages((cursor) => http.get(config.path, { ...query, cursor }).then(page))) {
      for (const row of p.items) yield { type: "record", stream: STREAM, data: row, key: `${row.date}|${row.account_id ?? ""}|${row.campaign_id ?? ""}|${row.ad_id ?? ""}` };
      yield { type: "log", level: "debug", message: `page ${p.index}`, data: { page: p.index, records: p.items.length } };
    }
    yield { type: "state", stream: STREAM, state: { through: request.end } };
  },
  normalize: (stream, record, { config }) => normalizeJsonHttp(stream, record, config),
  sandbox: async (options) => startJsonHttpEmulator(options),
};

export default jsonHttpPlugin;
