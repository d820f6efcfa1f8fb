import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";
import { AuthFailed, RateLimited, Transient } from "../../../src/plugins/errors.js";
import { metaAdsPlugin } from "../../../src/plugins/meta-ads/meta-ads.plugin.js";
import { metaConfigSpec, type MetaConfig } from "../../../src/plugins/meta-ads/meta-config.js";
import { readUsage, throttleDelayMs } from "../../../src/plugins/meta-ads/meta-http.js";
import { startMetaSandbox, type MetaSandbox } from "../../../src/plugins/meta-ads/meta-emulator.js";
import type { Message, PluginContext, RecordMessage } from "../../../src/plugins/types.js";
import { createWorld } from "../../../src/plugins/sandbox/world.js";

const world = createWorld();
let sb: MetaSandbox;
const waits: { reason: string; waitMs: number }[] = [];
const ctx = (extra: Partial<PluginContext> = {}): PluginContext => ({
  logger: createLogger("silent"), signal: new AbortController().signal, now: () => new Date("2025-12-01T00:00:00Z"),
  onRateLimit: (w) => waits.push(w), ...extra,
});
const cfg = (over: Record<string, unknown> = {}): MetaConfig => metaConfigSpec.parse({ ...sb.config, ...over });
async function collect(it: AsyncIterable<Message>): Promise<Message[]> {
  const out: Message[] = [];
  for await (const m of it) out.push(m);
  return out;
}
const records = (ms: Message[], stream: string) => ms.filter((m): m is RecordMessage => m.type === "record" && m.stream === stream);
const truth = (start: string, end: string) => {
  let spend = 0, conversions = 0, rows = 0;
  for (const d of world.dates.filter((x) => x >= start && x <= end))
    for (const r of world.platform("meta").day(d)) if (r.spendCents > 0 || r.impressions > 0 || r.conversions > 0) { spend += r.spendCents; conversions += r.conversions; rows++; }
  return { spend, conversions, rows };
};
const sumFacts = (ms: RecordMessage[], config: MetaConfig, stream: string) => {
  let spend = 0, conversions = 0;
  for (const m of ms) for (const f of metaAdsPlugin.normalize(stream, m.data, { config }).facts) { spend += Math.round(Number(f.spend) * 100); conversions += Number(f.conversions); }
  return { spend, conversions };
};

beforeAll(async () => { sb = await startMetaSandbox({ world }); });
afterAll(async () => { await sb.close(); });

describe("Meta Ads read() against the emulator", () => {
  it("reads entities and a week of ad × day insights whose totals equal the world's", async () => {
    const ms = await collect(metaAdsPlugin.read(cfg({ pageSize: 50 }), { streams: [], start: "2025-10-01", end: "2025-10-07", state: {} }, ctx()));
    const t = truth("2025-10-01", "2025-10-07");
    const rows = records(ms, "ad_insights");
    expect(rows.length).toBe(t.rows);
    expect(sumFacts(rows, cfg(), "ad_insights")).toEqual({ spend: t.spend, conversions: t.conversions });
    expect([records(ms, "ad_accounts").length, records(ms, "campaigns").length, records(ms, "adsets").length, records(ms, "ads").length]).toEqual([2, 6, 12, 24]);
    expect(ms.filter((m) => m.type === "state").map((m) => m.stream)).toEqual(["ad_accounts", "campaigns", "adsets", "ads", "ad_insights", "ad_insights_age_gender"]);
    expect((rows[0]!.data as { account_timezone_name: string }).account_timezone_name).toBe("America/New_York");
  });

  it("breakdown rows sum to the same totals as the main stream and live in their own stream", async () => {
    const ms = await collect(metaAdsPlugin.read(cfg(), { streams: ["ad_insights_age_gender"], start: "2025-10-01", end: "2025-10-03", state: {} }, ctx()));
    const rows = records(ms, "ad_insights_age_gender");
    const t = truth("2025-10-01", "2025-10-03");
    expect(rows.length).toBe(t.rows * 2);
    expect(sumFacts(rows, cfg(), "ad_insights_age_gender")).toEqual({ spend: t.spend, conversions: t.conversions });
    expect(metaAdsPlugin.normalize("ad_insights_age_gender", rows[0]!.data, { config: cfg() }).facts[0]!.breakdowns).toEqual({
      age: (rows[0]!.data as { age: string }).age, gender: (rows[0]!.data as { gender: string }).gender,
    });
  });

  it("offers a country breakdown stream instead when configured, keyed on country", async () => {
    const c = cfg({ breakdown: "country" });
    const ms = await collect(metaAdsPlugin.read(c, { streams: [], start: "2025-10-01", end: "2025-10-01", state: {} }, ctx()));
    expect(ms.filter((m) => m.type === "state").map((m) => m.stream).slice(-2)).toEqual(["ad_insights", "ad_insights_country"]);
    const rows = records(ms, "ad_insights_country");
    expect(rows.length).toBe(truth("2025-10-01", "2025-10-01").rows * 2);
    const facts = rows.flatMap((r) => metaAdsPlugin.normalize("ad_insights_country", r.data, { config: c }).facts);
    expect(new Set(facts.map((f) => `${f.adId}|${f.breakdowns!.country}`)).size).toBe(facts.length);
    expect(sumFacts(rows, c, "ad_insights_country").spend).toBe(truth("2025-10-01", "2025-10-01").spend);
  });

  it("follows paging.cursors.after page by page", async () => {
    const before = sb.requests.length;
    await collect(metaAdsPlugin.read(cfg({ pageSize: 10 }), { streams: ["ad_insights"], start: "2025-10-01", end: "2025-10-01", state: {} }, ctx()));
    const pages = sb.requests.slice(before).filter((r) => r.path.endsWith("/insights"));
    const perAccount = world.platform("meta").accounts().map((a) => world.platform("meta").day("2025-10-01", a.id).filter((d) => d.spendCents > 0 || d.conversions > 0).length);
    expect(pages.length).toBe(perAccount.reduce((s, n) => s + Math.ceil(n / 10), 0));
    expect(pages[1]!.query.after).toBe(Buffer.from("10").toString("base64url"));
  });

  it("follows paging.next when a page has no cursors", async () => {
    sb.set({ omitCursors: true });
    const before = sb.requests.length;
    const ms = await collect(metaAdsPlugin.read(cfg({ pageSize: 5 }), { streams: ["ad_insights"], start: "2025-10-01", end: "2025-10-01", state: {} }, ctx()));
    sb.set({ omitCursors: false });
    expect(records(ms, "ad_insights").length).toBe(truth("2025-10-01", "2025-10-01").rows);
    const afters = sb.requests.slice(before).filter((r) => r.path.endsWith("/insights")).map((r) => r.query.after ?? null);
    expect(afters.slice(0, 3)).toEqual([null, Buffer.from("5").toString("base64url"), Buffer.from("10").toString("base64url")]);
  });

  it("uses an async report run for long windows: POST is_async, poll, then read the run's insights", async () => {
    const before = sb.requests.length;
    const ms = await collect(metaAdsPlugin.read(cfg({ pageSize: 500 }), { streams: ["ad_insights"], start: "2025-09-01", end: "2025-09-30", state: {} }, ctx()));
    const log = sb.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\d{10,}/g, "N")}`);
    expect(log.filter((l) => !l.endsWith("act_N"))).toEqual([
      "POST /v21.0/act_N/insights", "GET /v21.0/N", "GET /v21.0/N", "GET /v21.0/N", "GET /v21.0/N/insights",
      "POST /v21.0/act_N/insights", "GET /v21.0/N", "GET /v21.0/N", "GET /v21.0/N", "GET /v21.0/N/insights",
    ]);
    expect(records(ms, "ad_insights").length).toBe(truth("2025-09-01", "2025-09-30").rows);
  });

  it("splits the window in halves when a report run ends in Job Failed, down to synchronous reads", async () => {
    sb.set({ asyncOutcome: "fail" });
    const before = sb.requests.length;
    const ms = await collect(metaAdsPlugin.read(cfg({ pageSize: 500, accountIds: [(sb.config.accountIds as string[])[1]] }), { streams: ["ad_insights"], start: "2025-09-01", end: "2025-09-30", state: {} }, ctx()));
    sb.set({ asyncOutcome: "complete" });
    const ranges = sb.requests.slice(before).filter((r) => r.path.endsWith("/insights") && r.query.time_range).map((r) => `${r.method} ${Object.values(JSON.parse(r.query.time_range!)).join("..")}`);
    // 30 days → two 15-day runs (still async, still failing) → four synchronous reads of ≤ 14 days.
    expect(ranges).toEqual([
      "POST 2025-09-01..2025-09-30", "POST 2025-09-01..2025-09-15", "GET 2025-09-01..2025-09-08", "GET 2025-09-09..2025-09-15",
      "POST 2025-09-16..2025-09-30", "GET 2025-09-16..2025-09-23", "GET 2025-09-24..2025-09-30",
    ]);
    const acct = (sb.config.accountIds as string[])[1]!.slice(4);
    const want = world.dates.filter((d) => d <= "2025-09-30").flatMap((d) => world.platform("meta").day(d, acct)).filter((r) => r.spendCents > 0 || r.impressions > 0 || r.conversions > 0).length;
    expect(records(ms, "ad_insights").length).toBe(want);
  });

  it("fails a report run that never finishes within asyncTimeoutSeconds", async () => {
    sb.set({ asyncOutcome: "stuck" });
    const err = await collect(metaAdsPlugin.read(cfg({ asyncTimeoutSeconds: 0.05 }), { streams: ["ad_insights"], start: "2025-09-01", end: "2025-09-30", state: {} }, ctx())).catch((e) => e);
    sb.set({ asyncOutcome: "complete" });
    expect(err).toBeInstanceOf(Transient);
    expect(err.message).toMatch(/did not finish within 0.05s \(last status "Job Running", \d+%\); raise asyncTimeoutSeconds or sync a shorter window/);
  });

  it("halves the page size when Meta asks for less data, and still reads every row", async () => {
    sb.set({ reduceDataAbove: 8 });
    const before = sb.requests.length;
    const ms = await collect(metaAdsPlugin.read(cfg({ pageSize: 32 }), { streams: ["ad_insights"], start: "2025-10-02", end: "2025-10-02", state: {} }, ctx()));
    sb.set({ reduceDataAbove: undefined });
    const limits = sb.requests.slice(before).filter((r) => r.path.endsWith("/insights")).map((r) => r.query.limit);
    expect(limits.slice(0, 3)).toEqual(["32", "16", "8"]);
    expect(records(ms, "ad_insights").length).toBe(truth("2025-10-02", "2025-10-02").rows);
  });
});

describe("Meta Ads throttling and errors", () => {
  it.each([4, 17, 32, 613, 80000, 80004, 80008])("retries error code %i and then succeeds", async (code) => {
    sb.fail({ path: /insights$/, status: 400, body: { error: { message: "(#17) User request limit reached", type: "OAuthException", code } } });
    const before = sb.requests.length;
    const ms = await collect(metaAdsPlugin.read(cfg(), { streams: ["ad_insights"], start: "2025-10-01", end: "2025-10-01", state: {} }, ctx()));
    expect(sb.requests.slice(before).map((r) => r.status)).toEqual([200, 200, 400, 200, 200]);
    expect(records(ms, "ad_insights").length).toBe(truth("2025-10-01", "2025-10-01").rows);
  });

  it("stops on code 190 with AuthFailed asking to re-authorize, without retrying or leaking the token", async () => {
    const before = sb.requests.length;
    const err = await collect(metaAdsPlugin.read(cfg({ accessToken: "expired-secret-token" }), { streams: [], start: "2025-10-01", end: "2025-10-01", state: {} }, ctx())).catch((e) => e);
    expect(err).toBeInstanceOf(AuthFailed);
    expect(err.message).toMatch(/^Meta Ads error 190\/463 on GET \/v21.0\/act_\d+: Error validating access token.*Re-authorize the connection/);
    expect(err.message).not.toContain("expired-secret-token");
    expect(sb.requests.length - before).toBe(1);
  });

  it("check() reports a rejected token as not ok with the reason", async () => {
    const r = await metaAdsPlugin.check(cfg({ accessToken: "nope" }), ctx());
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/error 190.*Re-authorize/);
    expect(await metaAdsPlugin.check(cfg(), ctx())).toEqual({ ok: true });
  });

  it("reads usage headers on every response and slows down before the limit", async () => {
    waits.length = 0;
    sb.set({ usagePct: 90 });
    await collect(metaAdsPlugin.read(cfg({ pageSize: 100 }), { streams: ["ad_accounts"], start: "2025-10-01", end: "2025-10-01", state: {} }, ctx()));
    sb.set({ usagePct: 5 });
    // Two account reads: the first has no usage yet, the second waits (90 − 75) / 25 × 50 ms = 30 ms.
    expect(waits).toEqual([{ reason: "Meta Ads usage at 90%", waitMs: 30 }]);
  });

  it("reads usage on error responses too: a throttled 400 with estimated_time_to_regain_access waits that long or gives up", async () => {
    sb.set({ regainMinutes: 5 });
    sb.fail({ path: /insights$/, status: 400, body: { error: { message: "(#80000) There have been too many calls from this ad-account.", type: "OAuthException", code: 80000 } } });
    const err = await collect(metaAdsPlugin.read(cfg(), { streams: ["ad_insights"], start: "2025-10-01", end: "2025-10-01", state: {} }, ctx({ maxWaitMs: 60_000 }))).catch((e) => e);
    sb.set({ regainMinutes: 0 });
    expect(err).toBeInstanceOf(RateLimited);
    expect(err.message).toMatch(/^Meta Ads asked to wait 300s, longer than this run allows \(60s\)/);
  });

  it("parses the three usage headers into the highest percentage", () => {
    const h = new Headers({
      "x-business-use-case-usage": JSON.stringify({ "123": [{ type: "ads_insights", call_count: 12, total_cputime: 81, total_time: 40, estimated_time_to_regain_access: 2 }] }),
      "x-ad-account-usage": JSON.stringify({ acc_id_util_pct: 9.67 }),
      "x-app-usage": JSON.stringify({ call_count: 3, total_cputime: 1, total_time: 1 }),
    });
    expect(readUsage(h)).toEqual({ pct: 81, regainMs: 120_000 });
    expect(readUsage(new Headers())).toBeUndefined();
    expect(readUsage(new Headers({ "x-fb-ads-insights-throttle": JSON.stringify({ app_id_util_pct: 91.5, acc_id_util_pct: 10 }) }))).toEqual({ pct: 91.5, regainMs: 0 });
    expect([throttleDelayMs(74, 75, 60_000), throttleDelayMs(100, 75, 60_000), throttleDelayMs(120, 75, 60_000)]).toEqual([0, 60_000, 60_000]);
  });
});
