import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import type { OrgScope } from "../../src/db/scope.js";
import { queryRows } from "../../src/db/query.js";
import { createWorld, type World } from "../../src/plugins/sandbox/index.js";
import { metaAdsPlugin } from "../../src/plugins/meta-ads/meta-ads.plugin.js";
import { startMetaSandbox, type MetaSandbox } from "../../src/plugins/meta-ads/meta-emulator.js";
import { runMetrics } from "../../src/analytics/metrics/metrics.service.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { getSyncRun } from "../../src/sync/sync-engine.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

// 90 days × 500 ads: two ad accounts (USD, EUR) × 25 campaigns × 5 ad sets × 2 ads.
const START = "2025-09-01", END = "2025-11-29";
let database: Database;
let world: World;
let sandbox: MetaSandbox;
let fx: ReturnType<typeof syncFixture>;

/** What the emulator reports over the range at the world's current epoch (ad-days with delivery). */
function truth(from = START, to = END) {
  const t = { rows: 0, spend: 0, impressions: 0, clicks: 0, conversions: 0, revenue: 0 };
  for (const d of world.dates.filter((x) => x >= from && x <= to)) for (const r of world.platform("meta").day(d)) {
    if (r.spendCents === 0 && r.impressions === 0 && r.conversions === 0) continue;
    t.rows++; t.spend += r.spendCents; t.impressions += r.impressions; t.clicks += r.clicks; t.conversions += r.conversions; t.revenue += r.conversionValueCents;
  }
  return { spend: (t.spend / 100).toFixed(2), impressions: t.impressions, clicks: t.clicks, conversions: t.conversions, revenue: (t.revenue / 100).toFixed(2), rows: t.rows };
}

async function stored(scope: OrgScope, stream: string, from = START, to = END) {
  const [r] = await queryRows<Record<string, string | number>>(scope.db, sql`
    select sum(spend)::numeric(20,2)::text as spend, sum(impressions)::bigint::int as impressions, sum(clicks)::bigint::int as clicks,
      sum(conversions)::bigint::int as conversions, sum(revenue)::numeric(20,2)::text as revenue, count(*)::int as rows,
      md5(string_agg(concat_ws(',', date, ad_id, breakdown_key, spend, impressions, clicks, conversions, revenue, reach, currency, account_timezone, attribution_setting), ';' order by date, ad_id, breakdown_key)) as digest
    from marketing_facts where org_id = ${scope.orgId} and platform = 'meta' and stream = ${stream} and date between ${from} and ${to}`);
  return r!;
}
const withoutDigest = ({ digest, ...rest }: Record<string, string | number>) => rest;

// The main stream and the dimension; the breakdown stream has its own (shorter) test below.
const MAIN = ["ad_accounts", "campaigns", "adsets", "ads", "ad_insights"];
const LONG = 300_000; // 45,000 ad-days through HTTP and into PGlite on a shared 2-core machine

async function syncOnce(scope: OrgScope, connectionId: string, streams = MAIN, range?: { start: string; end: string }) {
  const run = await fx.engine.start(scope, { connectionId, streams, range });
  await fx.engine.wait(run.id);
  return getSyncRun(scope, run.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  world = createWorld({ start: START, end: END, sizes: { meta: { campaigns: 25, adGroupsPerCampaign: 5, adsPerAdGroup: 2 } } });
  sandbox = await startMetaSandbox({ world });
  fx = syncFixture(database, [metaAdsPlugin], { now: () => new Date(`${END}T12:00:00Z`), maxWaitMs: 10_000 });
});
afterAll(async () => { await sandbox?.close(); await database?.close(); });

describe("Meta Ads sync against the emulator (90 days × 500 ads)", () => {
  let scope: OrgScope;
  let connectionId: string;
  let first: Record<string, string | number>;

  it("ends with ad × day totals equal to the emulator's truth, to the cent", async () => {
    scope = await newOrg(database);
    const c = await createConnection(scope, fx.deps, { pluginId: "meta-ads", name: "Meta", config: { ...sandbox.config, startDate: START, pageSize: 500 } });
    connectionId = c.id;
    const run = await syncOnce(scope, connectionId);
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    first = await stored(scope, "ad_insights");
    expect(withoutDigest(first)).toEqual(truth());
  }, LONG);

  it("read the 90-day window through async report runs", () => {
    const posts = sandbox.requests.filter((r) => r.method === "POST");
    expect(posts.length).toBe(2); // one per ad account
    expect(posts.every((r) => r.query.is_async === "true" && JSON.parse(r.query.time_range!).since === START)).toBe(true);
  });

  it("the age × gender stream sums to the same totals on its own, so neither stream double counts the other", async () => {
    const w = { start: "2025-11-10", end: "2025-11-23" };
    const run = await syncOnce(scope, connectionId, ["ad_insights_age_gender"], w);
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    const t = truth(w.start, w.end);
    expect(withoutDigest(await stored(scope, "ad_insights", w.start, w.end))).toEqual(t);
    expect(withoutDigest(await stored(scope, "ad_insights_age_gender", w.start, w.end))).toEqual({ ...t, rows: t.rows * 2 });
    const sets = await queryRows<{ stream: string; set: string }>(scope.db, sql`select distinct stream, breakdown_set as set from marketing_facts where org_id = ${scope.orgId} order by stream`);
    expect(sets).toEqual([{ stream: "ad_insights", set: "" }, { stream: "ad_insights_age_gender", set: "age,gender" }]);
  });

  it("the metrics engine's totals count each ad-day once, breakdown stream or not", async () => {
    const t = truth();
    const r = await runMetrics(scope, { measures: ["spend", "conversions", "clicks"], dateRange: { from: START, to: END }, convertCurrency: false });
    expect([Number(r.totals.spend).toFixed(2), Number(r.totals.conversions), Number(r.totals.clicks)]).toEqual([t.spend, t.conversions, t.clicks]);
  });

  it("stores entities and each account's currency and timezone on its rows", async () => {
    const levels = await queryRows<{ level: string; n: number }>(scope.db, sql`select level, count(*)::int as n from ad_entities where org_id = ${scope.orgId} group by level order by level`);
    expect(levels).toEqual([{ level: "account", n: 2 }, { level: "ad", n: 500 }, { level: "ad_group", n: 250 }, { level: "campaign", n: 50 }]);
    const cur = await queryRows<{ currency: string; tz: string; attr: string }>(scope.db, sql`select distinct currency, account_timezone as tz, attribution_setting as attr from marketing_facts where org_id = ${scope.orgId} order by currency`);
    expect(cur).toEqual([{ currency: "EUR", tz: "Europe/Berlin", attr: "7d_click,1d_view" }, { currency: "USD", tz: "America/New_York", attr: "7d_click,1d_view" }]);
  });

  it("a re-sync changes nothing", async () => {
    const run = await syncOnce(scope, connectionId);
    expect(run.status).toBe("succeeded");
    expect(await stored(scope, "ad_insights")).toEqual(first);
  }, LONG);

  it("picks up conversions Meta restated inside the 28-day lookback", async () => {
    world.setEpoch(2);
    try {
      const t = truth();
      expect(t.conversions).not.toBe(first.conversions);
      const run = await syncOnce(scope, connectionId);
      expect(run.status).toBe("succeeded");
      expect(withoutDigest(await stored(scope, "ad_insights"))).toEqual(t);
      const last = sandbox.requests.filter((r) => r.path.endsWith("/insights") && r.query.time_range).at(-1)!;
      expect(JSON.parse(last.query.time_range!)).toEqual({ since: "2025-11-02", until: END }); // 28 days back from the cursor
    } finally { world.setEpoch(0); }
  }, LONG);

  it("stops on an expired token (code 190) and marks the connection for re-authorization", async () => {
    const s2 = await newOrg(database);
    const c = await createConnection(s2, fx.deps, { pluginId: "meta-ads", name: "Meta", config: { ...sandbox.config, accessToken: "expired", startDate: "2025-11-20" } });
    const run = await syncOnce(s2, c.id);
    expect([run.status, run.errorCode]).toEqual(["failed", "UPSTREAM_ERROR"]);
    expect(run.error).toMatch(/^Meta Ads error 190\/463 on GET \/v21.0\/act_\d+: Error validating access token.*Re-authorize the connection/);
    const [row] = await queryRows<{ status: string }>(database.db, sql`select status from connections where id = ${c.id}`);
    expect(row!.status).toBe("needs_reauth");
  });
});
