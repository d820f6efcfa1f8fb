import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";
import { AuthFailed, InvalidConfig, RateLimited, Transient } from "../../../src/plugins/errors.js";
import { googleAdsPlugin } from "../../../src/plugins/google-ads/google-ads.plugin.js";
import { googleConfigSpec, type GoogleConfig } from "../../../src/plugins/google-ads/google-config.js";
import { googleError, startGoogleSandbox, type GoogleSandbox } from "../../../src/plugins/google-ads/google-emulator.js";
import { channelTypes } from "../../../src/plugins/google-ads/google-emulator-data.js";
import { classifyGoogle } from "../../../src/plugins/google-ads/google-http.js";
import type { Message, PluginContext, RecordMessage } from "../../../src/plugins/types.js";
import { createWorld } from "../../../src/plugins/sandbox/world.js";

const world = createWorld();
let sb: GoogleSandbox;
const waits: { reason: string; waitMs: number }[] = [];
const ctx = (extra: Partial<PluginContext> = {}): PluginContext => ({
  logger: createLogger("silent"), signal: new AbortController().signal, now: () => new Date("2025-12-01T00:00:00Z"), onRateLimit: (w) => waits.push(w), ...extra,
});
const cfg = (over: Record<string, unknown> = {}): GoogleConfig => googleConfigSpec.parse({ ...sb.config, ...over });
const collect = async (it: AsyncIterable<Message>) => { const out: Message[] = []; for await (const m of it) out.push(m); return out; };
const records = (ms: Message[], stream: string) => ms.filter((m): m is RecordMessage => m.type === "record" && m.stream === stream);
const week = { start: "2025-10-01", end: "2025-10-07", state: {} };
const g = world.platform("google_ads");
const pmax = new Set(g.campaigns().filter((c) => channelTypes(world)(c) === "PERFORMANCE_MAX").map((c) => c.id));
function truth(start: string, end: string) {
  let spendCents = 0, conversions = 0;
  for (const d of world.dates.filter((x) => x >= start && x <= end)) for (const r of g.day(d)) { spendCents += r.spendCents; conversions += r.conversions; }
  return { spendCents, conversions };
}
function totals(ms: Message[]) {
  let micros = 0n, conversions = 0;
  for (const m of ms) if (m.type === "record") for (const f of googleAdsPlugin.normalize(m.stream, m.data, { config: cfg() }).facts) {
    const [i, frac = ""] = String(f.spend).split(".");
    micros += BigInt(i! + frac.padEnd(6, "0"));
    conversions += Number(f.conversions);
  }
  return { spendCents: Number(micros / 10_000n), conversions };
}

beforeAll(async () => { sb = await startGoogleSandbox({ world, batchSize: 7 }); });
afterAll(async () => { await sb.close(); });

describe("Google Ads read() against the emulator", () => {
  it("reads a week whose ad-group plus Performance Max totals equal the world's, with no campaign in both streams", async () => {
    expect(pmax.size).toBeGreaterThan(0);
    const ms = await collect(googleAdsPlugin.read(cfg(), { streams: [], ...week }, ctx()));
    expect(totals(ms)).toEqual(truth(week.start, week.end));
    const campaignsOf = (s: string) => new Set(records(ms, s).map((r) => (r.data as { campaign: { id: string } }).campaign.id));
    expect([...campaignsOf("campaign_daily")].sort()).toEqual([...pmax].sort());
    expect([...campaignsOf("ad_group_daily")].filter((c) => pmax.has(c))).toEqual([]);
    expect([records(ms, "customers").length, records(ms, "campaigns").length, records(ms, "ad_groups").length])
      .toEqual([1, g.campaigns().length, g.adGroups().filter((a) => !pmax.has(a.campaignId)).length]);
    expect(ms.filter((m) => m.type === "state").map((m) => m.stream)).toEqual(["customers", "campaigns", "ad_groups", "ad_group_daily", "campaign_daily"]);
  });

  it("sends the developer token and one refreshed access token, and reads every batch of the stream", async () => {
    const [calls, reqs] = [sb.tokenCalls.length, sb.requests.length];
    const ms = await collect(googleAdsPlugin.read(cfg(), { streams: ["ad_group_daily"], start: "2025-10-01", end: "2025-10-01", state: {} }, ctx()));
    expect(sb.tokenCalls.length - calls).toBe(1);
    expect(sb.requests.slice(reqs).map((r) => r.headers)).toEqual([{ "developer-token": "sandbox-dev-token", "login-customer-id": undefined }]);
    const expected = new Set(g.day("2025-10-01").filter((d) => !pmax.has(d.campaignId) && (d.spendCents > 0 || d.conversions > 0)).map((d) => d.adGroupId));
    expect(records(ms, "ad_group_daily").length).toBe(expected.size);
  });

  it("sends login-customer-id for manager access, and explains the fix when it is missing", async () => {
    sb.set({ managerId: "9998887777" });
    const err = await collect(googleAdsPlugin.read(cfg(), { streams: ["customers"], ...week }, ctx())).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidConfig);
    expect(err.message).toMatch(/USER_PERMISSION_DENIED.*set loginCustomerId to its id/);
    const ms = await collect(googleAdsPlugin.read(cfg({ loginCustomerId: "999-888-7777" }), { streams: ["customers"], ...week }, ctx()));
    sb.set({ managerId: undefined });
    expect(sb.requests.at(-1)!.headers["login-customer-id"]).toBe("9998887777");
    expect(records(ms, "customers").length).toBe(1);
  });

  it("refreshes the access token once when it expires mid-run", async () => {
    const calls = sb.tokenCalls.length;
    sb.fail({ status: 401, body: googleError(401, "UNAUTHENTICATED", { authenticationError: "OAUTH_TOKEN_EXPIRED" }, "The OAuth token in the header has expired.") });
    const ms = await collect(googleAdsPlugin.read(cfg(), { streams: ["customers"], ...week }, ctx()));
    expect(sb.tokenCalls.length - calls).toBe(2);
    expect(records(ms, "customers").length).toBe(1);
  });

  it("gives up with AuthFailed when a freshly refreshed token is rejected as expired again, instead of looping", async () => {
    sb.set({ tokenTtlSeconds: 0 });
    const calls = sb.tokenCalls.length;
    const err = await collect(googleAdsPlugin.read(cfg(), { streams: ["customers"], ...week }, ctx())).catch((e) => e);
    sb.set({ tokenTtlSeconds: 3599 });
    expect(err).toBeInstanceOf(AuthFailed);
    expect(err.message).toMatch(/^Google Ads UNAUTHENTICATED \(authenticationError.OAUTH_TOKEN_EXPIRED\).*Re-authorize the connection/);
    expect(sb.tokenCalls.length - calls).toBe(2);
  });

  it("stops with AuthFailed asking to re-authorize when the refresh token is revoked", async () => {
    const err = await collect(googleAdsPlugin.read(cfg({ refreshToken: "1//revoked-secret" }), { streams: [], ...week }, ctx())).catch((e) => e);
    expect(err).toBeInstanceOf(AuthFailed);
    expect(err.message).toBe("Google OAuth refused the refresh token (invalid_grant: Token has been expired or revoked.). Re-authorize the connection: update its credentials, then run testConnection.");
    expect(sb.tokenCalls.at(-1)).toEqual({ refreshToken: "1//revoked-secret", status: 400 });
  });

  it("stops with AuthFailed on an authentication error such as an invalid developer token", async () => {
    const err = await collect(googleAdsPlugin.read(cfg({ developerToken: "wrong" }), { streams: ["customers"], ...week }, ctx())).catch((e) => e);
    expect(err).toBeInstanceOf(AuthFailed);
    expect(err.message).toMatch(/^Google Ads UNAUTHENTICATED \(authenticationError.DEVELOPER_TOKEN_INVALID\)/);
  });

  it("honours a QuotaError retryDelay and then succeeds", async () => {
    waits.length = 0;
    sb.fail({ status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", { quotaError: "RESOURCE_EXHAUSTED" }, "Too many requests. Retry in 0.25 seconds.", { quotaErrorDetails: { rateScope: "DEVELOPER", rateName: "Number of operations for basic access", retryDelay: "0.25s" } }) });
    const ms = await collect(googleAdsPlugin.read(cfg(), { streams: ["customers"], ...week }, ctx()));
    expect(waits.map((w) => w.waitMs)).toEqual([250]);
    expect(records(ms, "customers").length).toBe(1);
  });

  it("gives up with a clear message when the quota retryDelay exceeds what the run allows", async () => {
    sb.fail({ status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", { quotaError: "RESOURCE_EXHAUSTED" }, "Too many requests. Retry in 30773 seconds.", { quotaErrorDetails: { rateScope: "DEVELOPER", rateName: "Number of operations for basic access", retryDelay: "30773s" } }) });
    const err = await collect(googleAdsPlugin.read(cfg(), { streams: ["customers"], ...week }, ctx())).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimited);
    expect(err.message).toMatch(/^Google Ads asked to wait 30773s, longer than this run allows \(900s\)/);
  });

  it.each([["INTERNAL", { internalError: "INTERNAL_ERROR" }, 500], ["UNAVAILABLE", { internalError: "TRANSIENT_ERROR" }, 503]])("retries %s errors", async (status, code, http) => {
    const before = sb.requests.length;
    sb.fail({ status: http, body: googleError(http, status, code, "An internal error has occurred.") });
    const ms = await collect(googleAdsPlugin.read(cfg(), { streams: ["customers"], ...week }, ctx()));
    expect(sb.requests.slice(before).map((r) => r.status)).toEqual([http, 200]);
    expect(records(ms, "customers").length).toBe(1);
  });

  it("check() is ok with good credentials and says why with bad ones", async () => {
    expect(await googleAdsPlugin.check(cfg(), ctx())).toEqual({ ok: true });
    const bad = await googleAdsPlugin.check(cfg({ clientSecret: "nope" }), ctx());
    expect(bad.ok).toBe(false);
    expect(bad.reason).toMatch(/^Google OAuth refused the refresh token \(invalid_client/);
  });
});

describe("GoogleAdsFailure parsing", () => {
  const res = (status: number, json: unknown) => ({ status, headers: new Headers(), target: "POST /v21/customers/1/googleAds:searchStream", text: "", json });
  it("turns an error element inside a 200 searchStream array into the error it carries", () => {
    const v = classifyGoogle(res(200, [{ results: [] }, googleError(500, "INTERNAL", { internalError: "INTERNAL_ERROR" }, "boom")]));
    expect(v).toBeInstanceOf(Transient);
  });
  it("reads an invalid query as a config problem naming the field", () => {
    const v = classifyGoogle(res(400, googleError(400, "INVALID_ARGUMENT", { queryError: "UNRECOGNIZED_FIELD" }, "Unrecognized field in the query: 'metrics.foo'.")));
    expect(v).toBeInstanceOf(InvalidConfig);
    expect((v as Error).message).toMatch(/^Google Ads INVALID_ARGUMENT \(queryError.UNRECOGNIZED_FIELD\) on POST \/v21\/customers\/1\/googleAds:searchStream: Unrecognized field in the query: 'metrics.foo'. \[requestId req-/);
  });
});
