import { AuthFailed, InvalidConfig, RateLimited, Transient } from "../errors.js";
import { createHttpClient, type HttpClient, type HttpResponse, type Verdict } from "../http.js";
import type { PluginContext } from "../types.js";
import type { TikTokConfig } from "./tiktok-config.js";

/** TikTok's envelope: errors arrive as HTTP 200 with a non-zero `code`. */
export interface TikTokEnvelope<T> {
  code: number;
  message: string;
  request_id?: string;
  data: T;
}

/** Raised for 40067 ("query too large"): the reader shrinks the window and retries. */
export class QueryTooLarge extends InvalidConfig {
  override name = "QueryTooLarge";
}

// Codes from the Business API's return-code table (business-api.tiktok.com/portal/docs?id=1737172488964097).
const TRANSIENT = new Set([40200, 40201, 40202, 40700, 50000, 50002, 51001, 51002, 51003, 60001]);
const TOKEN = new Set([40102, 40104, 40105, 40106, 40107]);

/** Map a TikTok body code to the connector error family; undefined for code 0. */
export function classifyTikTok(res: HttpResponse): Verdict {
  if (res.status !== 200) return undefined;
  const body = res.json as Partial<TikTokEnvelope<unknown>> | undefined;
  if (!body || typeof body.code !== "number") return undefined;
  const { code } = body;
  if (code === 0) return "ok";
  const msg = `TikTok Ads answered ${res.target} with code ${code}: ${String(body.message ?? "").slice(0, 200).replace(/\.+$/, "")}`;
  if (code === 40100) return new RateLimited(`${msg} (rate limit)`);
  if (TRANSIENT.has(code)) return new Transient(msg);
  if (code === 40067) return new QueryTooLarge(`${msg} (query too large)`);
  if (code === 40001) return new AuthFailed(`${msg}. The token has no permission for this advertiser or endpoint`);
  if (TOKEN.has(code)) return new AuthFailed(`${msg}. The access token is invalid, expired or revoked`);
  if (code === 40002) return new InvalidConfig(`${msg}. Check the request parameters, the advertiser ids and that the app has access to them`, { field: "advertiserIds" });
  return new InvalidConfig(msg);
}

/** The HTTP client for the Business API: `Access-Token` header (no Bearer), TikTok's 200-with-code errors. */
export function createTikTokClient(config: TikTokConfig, ctx: PluginContext, opts: { retries?: number } = {}): HttpClient {
  return createHttpClient({
    name: "TikTok Ads",
    baseUrl: config.baseUrl,
    headers: { "Access-Token": config.accessToken },
    classify: classifyTikTok,
    retries: opts.retries,
  }, ctx);
}
