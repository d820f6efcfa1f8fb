import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import type { OrgScope } from "../../src/db/scope.js";
import { queryRows } from "../../src/db/query.js";
import { createWorld, type World } from "../../src/plugins/sandbox/index.js";
import { googleAdsPlugin } from "../../src/plugins/google-ads/google-ads.plugin.js";
import { googleError, startGoogleSandbox, type GoogleSandbox } from "../../src/plugins/google-ads/google-emulator.js";
import { channelTypes } from "../../src/plugins/google-ads/google-emulator-data.js";
import { runMetrics } from "../../src/analytics/metrics/metrics.service.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { getSyncRun } from "../../src/sync/sync-engine.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

// 90 days × 500 ads: one USD customer × 50 campaigns × 5 ad groups × 2 ads; some campaigns are Performance Max.
const START = "2025-09-01", END = "2025-11-29";
const LONG = 300_000; // 45,000 ad-days through HTTP and into PGlite on a shared 2-core machine
let database: Database;
let world: World;
let sandbox: GoogleSandbox;
let fx: ReturnType<typeof syncFixture>;

/** What the emulator reports over the range at the world's current epoch: every ad's delivery, ad groups and PMax together. */
function truth() {
  const t = { spend: 0, impressions: 0, clicks: 0, conversions: 0, revenue: 0 };
  for (const d of world.dates) for (const r of world.platform("google_ads").day(d)) {
    t.spend += r.spendCents; t.impressions += r.impressions; t.clicks += r.clicks; t.conversions += r.conversions; t.revenue += r.conversionValueCents;
  }
  return { spend: (t.spend / 100).toFixed(2), impressions: t.impressions, clicks: t.clicks, conversions: t.conversions, revenue: (t.revenue / 100).toFixed(2) };
}

async function stored(scope: OrgScope) {
  const [r] = await queryRows<Record<string, string | number>>(scope.db, sql`
    select sum(spend)::numeric(20,2)::text as spend, sum(impressions)::bigint::int as impressions, sum(clicks)::bigint::int as clicks,
      sum(conversions)::bigint::int as conversions, sum(revenue)::numeric(20,2)::text as revenue,
      md5(string_agg(concat_ws(',', stream, date, campaign_id, ad_group_id, spend, impressions, clicks, conversions, revenue, currency, account_timezone), ';' order by stream, date, campaign_id, ad_group_id)) as digest
    from marketing_facts where org_id = ${scope.orgId} and platform = 'google_ads'`);
  return r!;
}
const withoutDigest = ({ digest, ...rest }: Record<string, string | number>) => rest;

async function syncOnce(scope: OrgScope, connectionId: string) {
  const run = await fx.engine.start(scope, { connectionId });
  await fx.engine.wait(run.id);
  return getSyncRun(scope, run.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  world = createWorld({ start: START, end: END, sizes: { google_ads: { campaigns: 50, adGroupsPerCampaign: 5, adsPerAdGroup: 2 } } });
  sandbox = await startGoogleSandbox({ world, batchSize: 10_000 });
  fx = syncFixture(database, [googleAdsPlugin], { now: () => new Date(`${END}T12:00:00Z`), maxWaitMs: 10_000 });
});
afterAll(async () => { await sandbox?.close(); await database?.close(); });

describe("Google Ads sync against the emulator (90 days × 500 ads)", () => {
  let scope: OrgScope;
  let connectionId: string;
  let first: Record<string, string | number>;

  it("ends with ad-group plus Performance Max totals equal to the emulator's truth, to the cent", async () => {
    scope = await newOrg(database);
    connectionId = (await createConnection(scope, fx.deps, { pluginId: "google-ads", name: "Google", config: { ...sandbox.config, startDate: START } })).id;
    const run = await syncOnce(scope, connectionId);
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    first = await stored(scope);
    expect(withoutDigest(first)).toEqual(truth());
  }, LONG);

  it("keeps Performance Max at campaign level only, never also under ad groups", async () => {
    const g = world.platform("google_ads");
    const type = channelTypes(world);
    const pmax = g.campaigns().filter((c) => type(c) === "PERFORMANCE_MAX").map((c) => c.id).sort();
    const rows = await queryRows<{ stream: string; level: string; campaigns: string[] }>(scope.db, sql`
      select stream, level, array_agg(distinct campaign_id order by campaign_id) as campaigns from marketing_facts where org_id = ${scope.orgId} group by stream, level order by stream`);
    expect(rows.map((r) => [r.stream, r.level])).toEqual([["ad_group_daily", "ad_group"], ["campaign_daily", "ad_group"]]);
    expect(rows[1]!.campaigns).toEqual(pmax);
    expect(rows[0]!.campaigns.filter((c) => pmax.includes(c))).toEqual([]);
    expect(rows[0]!.campaigns.length + pmax.length).toBe(50);
  });

  it("the metrics engine's totals (one level per source) equal the truth, Performance Max included", async () => {
    const t = truth();
    const r = await runMetrics(scope, { measures: ["spend", "conversions", "clicks"], dateRange: { from: START, to: END }, convertCurrency: false });
    expect([Number(r.totals.spend).toFixed(2), Number(r.totals.conversions), Number(r.totals.clicks)]).toEqual([t.spend, t.conversions, t.clicks]);
  });

  it("stores the customer's currency and timezone, and the dimension", async () => {
    const cur = await queryRows<{ currency: string; tz: string }>(scope.db, sql`select distinct currency, account_timezone as tz from marketing_facts where org_id = ${scope.orgId}`);
    expect(cur).toEqual([{ currency: "USD", tz: "America/Los_Angeles" }]);
    const levels = await queryRows<{ level: string; n: number }>(scope.db, sql`select level, count(*)::int as n from ad_entities where org_id = ${scope.orgId} group by level order by level`);
    const pmaxGroups = world.platform("google_ads").adGroups().filter((a) => channelTypes(world)(world.platform("google_ads").campaign(a.campaignId)!) === "PERFORMANCE_MAX").length;
    expect(levels).toEqual([{ level: "account", n: 1 }, { level: "ad_group", n: 250 - pmaxGroups }, { level: "campaign", n: 50 }]);
  });

  it("a re-sync changes nothing", async () => {
    const run = await syncOnce(scope, connectionId);
    expect(run.status).toBe("succeeded");
    expect(await stored(scope)).toEqual(first);
  }, LONG);

  it("picks up conversions restated inside the 30-day conversion lookback", async () => {
    world.setEpoch(3);
    try {
      const t = truth();
      expect(t.conversions).not.toBe(first.conversions);
      const run = await syncOnce(scope, connectionId);
      expect(run.status).toBe("succeeded");
      expect(withoutDigest(await stored(scope))).toEqual(t);
      const windows = sandbox.requests.filter((r) => r.query?.includes("FROM ad_group WHERE")).map((r) => r.query!.match(/BETWEEN '([\d-]+)' AND '([\d-]+)'/)!.slice(1).join(".."));
      expect(windows.at(-1)).toBe("2025-10-31..2025-11-29");
    } finally { world.setEpoch(0); }
  }, LONG);

  it("fails the run with a clear message when the quota retryDelay is longer than the run allows", async () => {
    const s2 = await newOrg(database);
    const id = (await createConnection(s2, fx.deps, { pluginId: "google-ads", name: "G", config: { ...sandbox.config, startDate: "2025-11-20" } })).id;
    sandbox.fail({ status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", { quotaError: "RESOURCE_EXHAUSTED" }, "Too many requests. Retry in 30773 seconds.", { quotaErrorDetails: { rateScope: "DEVELOPER", rateName: "Number of operations for basic access", retryDelay: "30773s" } }) });
    const run = await syncOnce(s2, id);
    expect([run.status, run.errorCode]).toEqual(["failed", "RATE_LIMITED"]);
    expect(run.error).toMatch(/^Google Ads asked to wait 30773s, longer than this run allows \(10s\)/);
  });

  it("stops with a re-authorize message when the refresh token is revoked", async () => {
    const s3 = await newOrg(database);
    const id = (await createConnection(s3, fx.deps, { pluginId: "google-ads", name: "G", config: { ...sandbox.config, refreshToken: "revoked", startDate: "2025-11-20" } })).id;
    const run = await syncOnce(s3, id);
    expect([run.status, run.error]).toEqual(["failed", "Google OAuth refused the refresh token (invalid_grant: Token has been expired or revoked.). Re-authorize the connection: update its credentials, then run testConnection."]);
    const [row] = await queryRows<{ status: string }>(database.db, sql`select status from connections where id = ${id}`);
    expect(row!.status).toBe("needs_reauth");
  });
});
