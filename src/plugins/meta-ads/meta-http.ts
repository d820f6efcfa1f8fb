import { AuthFailed, InvalidConfig, RateLimited, Transient } from "../errors.js";
import { createHttpClient, sleep, type HttpClient, type HttpResponse, type Verdict } from "../http.js";
import type { PluginContext } from "../types.js";
import type { MetaConfig } from "./meta-config.js";

const NAME = "Meta Ads";

// Throttling codes: 4 app, 17 user, 32 page, 613 custom-rate, 80000–80008 business use case.
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const isBusinessUseCaseLimit = (code: number) => code >= 80000 && code <= 80008;

/** Meta asked for a smaller page ("Please reduce the amount of data you're asking for"); the reader halves `limit`. */
export class ReduceData extends InvalidConfig {
  override name = "ReduceData";
}

/** The highest usage percentage and the longest regain-access wait seen in one response's usage headers. */
export interface Usage {
  pct: number;
  regainMs: number;
}

function parseJson(value: string | null): unknown {
  if (!value) return undefined;
  try { return JSON.parse(value); } catch { return undefined; }
}

const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN);

/** Read x-business-use-case-usage, x-ad-account-usage, x-app-usage and x-fb-ads-insights-throttle; undefined when none is present. */
export function readUsage(headers: Headers): Usage | undefined {
  const pcts: number[] = [];
  let regainMinutes = 0;
  const buc = parseJson(headers.get("x-business-use-case-usage")) as Record<string, Record<string, unknown>[]> | undefined;
  for (const entries of Object.values(buc ?? {})) {
    for (const e of Array.isArray(entries) ? entries : []) {
      pcts.push(num(e.call_count), num(e.total_cputime), num(e.total_time));
      regainMinutes = Math.max(regainMinutes, num(e.estimated_time_to_regain_access) || 0);
    }
  }
  const account = parseJson(headers.get("x-ad-account-usage")) as Record<string, unknown> | undefined;
  if (account) pcts.push(num(account.acc_id_util_pct));
  const app = parseJson(headers.get("x-app-usage")) as Record<string, unknown> | undefined;
  if (app) pcts.push(num(app.call_count), num(app.total_cputime), num(app.total_time));
  const insights = parseJson(headers.get("x-fb-ads-insights-throttle")) as Record<string, unknown> | undefined;
  if (insights) pcts.push(num(insights.app_id_util_pct), num(insights.acc_id_util_pct));
  const seen = pcts.filter(Number.isFinite);
  if (seen.length === 0 && regainMinutes === 0) return undefined;
  return { pct: Math.max(0, ...seen), regainMs: regainMinutes * 60_000 };
}

/** Meta's error envelope: {error: {message, type, code, error_subcode, fbtrace_id}}. */
interface MetaErrorBody {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number; fbtrace_id?: string };
}

/** Map a Meta response to ok / an error of the connector family; usage tells how long a throttle lasts. */
export function classifyMeta(res: HttpResponse, usage: Usage | undefined): Verdict {
  const err = (res.json as MetaErrorBody | undefined)?.error;
  if (res.status < 300 && !err) return undefined;
  if (!err || typeof err.code !== "number") return undefined;
  const { code, status } = { code: err.code, status: res.status };
  const what = `${NAME} error ${code}${err.error_subcode ? `/${err.error_subcode}` : ""} on ${res.target}: ${(err.message ?? "").slice(0, 200)}`;
  if (code === 190 || code === 102) return new AuthFailed(`${what} (the access token is invalid or expired)`, { status });
  if (RATE_LIMIT_CODES.has(code) || isBusinessUseCaseLimit(code)) {
    return new RateLimited(what, { status, retryAfterMs: usage && usage.regainMs > 0 ? usage.regainMs : undefined });
  }
  if (code === 1 && /reduce the amount of data/i.test(err.message ?? "")) return new ReduceData(what, { status });
  if (code === 2 || code === 1 || status >= 500) return new Transient(what, { status });
  if (code === 10 || code === 200 || (code >= 200 && code < 300)) return new InvalidConfig(`${what} (grant ads_read on the ad account to this token)`, { status, field: "accessToken" });
  return new InvalidConfig(what, { status });
}

/** Spaces requests out as usage nears the limit: wait grows linearly from `slowDownAtPct` to the full `maxDelayMs` at 100 %. */
export function throttleDelayMs(pct: number, slowDownAtPct: number, maxDelayMs: number): number {
  if (pct < slowDownAtPct) return 0;
  const share = Math.min(1, (pct - slowDownAtPct) / Math.max(1, 100 - slowDownAtPct));
  return Math.round(maxDelayMs * share);
}

/** The Graph API client: bearer token, usage headers read on every response, slow-down before the limit, Meta error codes. */
export function createMetaClient(config: MetaConfig, ctx: PluginContext, options: { retries?: number; backoffBaseMs?: number } = {}): HttpClient & { usage(): Usage | undefined } {
  let last: Usage | undefined;
  const maxDelayMs = config.slowDownMaxSeconds * 1000;
  const http = createHttpClient(
    {
      name: NAME,
      retries: options.retries,
      backoff: options.backoffBaseMs === undefined ? undefined : { baseMs: options.backoffBaseMs },
      baseUrl: `${config.baseUrl.replace(/\/$/, "")}/${config.apiVersion}/`,
      // Called before every attempt, retries included: the place to pause when usage is high.
      headers: async () => {
        const wait = last ? throttleDelayMs(last.pct, config.slowDownAtPct, maxDelayMs) : 0;
        if (wait > 0) {
          ctx.onRateLimit?.({ reason: `Meta Ads usage at ${last!.pct}%`, waitMs: wait });
          ctx.logger.info({ usagePct: last!.pct, waitMs: wait }, "Meta Ads usage is high; slowing down");
          await sleep(wait, ctx.signal);
        }
        return { authorization: `Bearer ${config.accessToken}` };
      },
      onResponse: (res) => { last = readUsage(res.headers) ?? last; },
      classify: (res) => classifyMeta(res, readUsage(res.headers)),
    },
    ctx,
  );
  return { ...http, usage: () => last };
}
