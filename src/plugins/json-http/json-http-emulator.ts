import { createServer, type Server } from "node:http";
import { allowSandboxOrigin } from "../outbound.js";
import type { AddressInfo } from "node:net";
import type { Sandbox } from "../types.js";
import type { JsonHttpRow } from "./json-http-config.js";

/** Faults the emulator injects, counted over all report requests (1-based). */
export interface JsonHttpFaults {
  /** Every n-th request answers 429 with Retry-After. */
  rateLimitEvery?: number;
  /** Retry-After seconds of those 429s (default 0). */
  retryAfterSeconds?: number;
  /** Every n-th request answers 503. */
  errorEvery?: number;
  /** Every n-th request sends JSON cut in half. */
  truncateEvery?: number;
  /** Every n-th request waits slowMs before answering. */
  slowEvery?: number;
  slowMs?: number;
  /** Every request answers 401 as if the token expired. */
  expiredToken?: boolean;
}

export interface JsonHttpEmulatorOptions {
  token?: string;
  accountId?: string;
  campaigns?: number;
  adsPerCampaign?: number;
  /** First and last day that have data. */
  firstDate?: string;
  lastDate?: string;
  currency?: string;
  /** Added to every row's conversions: a restatement, to test the lookback. */
  bump?: number;
  faults?: JsonHttpFaults;
}

export interface JsonHttpEmulator extends Sandbox {
  /** Windows and cursors of report requests served, in order. */
  requests: { start: string; end: string; cursor: string | null; status: number }[];
  /** Change options (faults, bump) while running. */
  set(options: Partial<JsonHttpEmulatorOptions>): void;
  /** The rows the emulator has for [start, end], as the report endpoint returns them. */
  rows(start: string, end: string): JsonHttpRow[];
}

const DAY = 86_400_000;
const dayIndex = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY);
const dateOf = (i: number) => new Date(i * DAY).toISOString().slice(0, 10);

/** A deterministic 0..1 value from integers (a 32-bit integer hash; stable across runs). */
function unit(...xs: number[]): number {
  let h = 2166136261;
  for (const x of xs) { h ^= x; h = Math.imul(h, 16777619); h ^= h >>> 13; }
  return ((h >>> 0) % 1_000_000) / 1_000_000;
}

/** A loopback emulator of a JSON report endpoint: GET {path}?account_id&start&end&limit&cursor → {data, next_cursor}. */
export async function startJsonHttpEmulator(input: JsonHttpEmulatorOptions = {}): Promise<JsonHttpEmulator> {
  const o: Required<Omit<JsonHttpEmulatorOptions, "faults">> & { faults: JsonHttpFaults } = {
    token: "sandbox-token", accountId: "acct_1", campaigns: 3, adsPerCampaign: 2, firstDate: "2024-01-01", lastDate: "2024-12-31",
    currency: "USD", bump: 0, faults: {}, ...input,
  };
  const ads = () => o.campaigns * o.adsPerCampaign;
  const rowAt = (day: number, ad: number): JsonHttpRow => {
    const c = Math.floor(ad / o.adsPerCampaign);
    const r = unit(day, ad);
    const impressions = 1000 + Math.floor(r * 9000);
    const clicks = Math.floor(impressions * (0.01 + r * 0.02));
    const conversions = Math.floor(clicks * 0.05) + o.bump;
    return {
      date: dateOf(day), account_id: o.accountId, campaign_id: `cmp_${c + 1}`, campaign_name: `Campaign ${c + 1}`,
      ad_id: `ad_${ad + 1}`, ad_name: `Ad ${ad + 1}`, spend: (impressions * 0.004 + r).toFixed(2), impressions, clicks,
      conversions, revenue: (conversions * 42.5).toFixed(2), currency: o.currency,
    };
  };
  const bounds = (start: string, end: string) => [Math.max(dayIndex(start), dayIndex(o.firstDate)), Math.min(dayIndex(end), dayIndex(o.lastDate))] as const;
  const rows = (start: string, end: string) => {
    const [a, b] = bounds(start, end);
    const out: JsonHttpRow[] = [];
    for (let d = a; d <= b; d++) for (let ad = 0; ad < ads(); ad++) out.push(rowAt(d, ad));
    return out;
  };
  const requests: JsonHttpEmulator["requests"] = [];
  let served = 0;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, "http://x");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
      return status;
    };
    const start = url.searchParams.get("start") ?? "", end = url.searchParams.get("end") ?? "";
    const cursor = url.searchParams.get("cursor");
    const log = (status: number) => requests.push({ start, end, cursor, status });
    if (req.headers.authorization !== `Bearer ${o.token}` || o.faults.expiredToken) return log(send(401, { error: { message: "The access token is invalid or has expired" } }));
    if (url.searchParams.get("account_id") !== o.accountId) return log(send(404, { error: { message: `Unknown account ${url.searchParams.get("account_id")}` } }));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) return log(send(400, { error: { message: "start and end must be YYYY-MM-DD" } }));
    const n = ++served;
    const f = o.faults;
    if (f.slowEvery && n % f.slowEvery === 0) await new Promise((r) => setTimeout(r, f.slowMs ?? 1000));
    if (f.rateLimitEvery && n % f.rateLimitEvery === 0) return log(send(429, { error: { message: "Too many requests" } }, { "retry-after": String(f.retryAfterSeconds ?? 0) }));
    if (f.errorEvery && n % f.errorEvery === 0) return log(send(503, { error: { message: "Service unavailable" } }));
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 1000), 10_000);
    const offset = cursor ? Number(cursor.replace(/^o:/, "")) : 0;
    const [a, b] = bounds(start, end);
    const total = Math.max(0, (b - a + 1) * ads());
    const data: JsonHttpRow[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) data.push(rowAt(a + Math.floor(i / ads()), i % ads()));
    const body = JSON.stringify({ data, next_cursor: offset + limit < total ? `o:${offset + limit}` : null });
    if (f.truncateEvery && n % f.truncateEvery === 0) return log(send(200, body.slice(0, Math.floor(body.length / 2))));
    log(send(200, body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const disallow = allowSandboxOrigin(url);
  return {
    url,
    config: { baseUrl: url, path: "/report", token: o.token, accountId: o.accountId, currency: o.currency },
    requests,
    rows,
    set: (next) => Object.assign(o, next),
    close: () => (disallow(), new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); })),
  };
}
