import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import type { OrgScope } from "../../src/db/scope.js";
import { queryRows } from "../../src/db/query.js";
import { connections } from "../../src/db/tables/index.js";
import { createWorld, type World } from "../../src/plugins/sandbox/index.js";
import { tiktokAdsPlugin } from "../../src/plugins/tiktok-ads/tiktok-ads.plugin.js";
import { startTikTokSandbox, type TikTokSandbox } from "../../src/plugins/tiktok-ads/tiktok-emulator.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { getSyncRun } from "../../src/sync/sync-engine.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

// 90 days × 300 ads (25 campaigns × 3 ad groups × 4 ads) on one USD advertiser.
const START = "2025-09-01", END = "2025-11-29";
let database: Database;
let world: World;
let sandbox: TikTokSandbox;
let fx: ReturnType<typeof syncFixture>;

/** The emulator's truth over the whole range: what the platform reports at the world's current epoch. */
function truth() {
  const t = { rows: 0, spend: 0, impressions: 0, clicks: 0, conversions: 0, revenue: 0 };
  for (const d of world.dates) for (const r of world.platform("tiktok").day(d)) {
    if (r.spendCents === 0 && r.impressions === 0 && r.conversions === 0) continue;
    t.rows++; t.spend += r.spendCents; t.impressions += r.impressions; t.clicks += r.clicks; t.conversions += r.conversions; t.revenue += r.conversionValueCents;
  }
  return { rows: t.rows, spend: (t.spend / 100).toFixed(2), impressions: t.impressions, clicks: t.clicks, conversions: t.conversions, revenue: (t.revenue / 100).toFixed(2) };
}

async function stored(scope: OrgScope) {
  const [r] = await queryRows<Record<string, string | number>>(scope.db, sql`
    select count(*)::int as rows, sum(spend)::numeric(20,2)::text as spend, sum(impressions)::bigint::int as impressions, sum(clicks)::bigint::int as clicks,
      sum(conversions)::bigint::int as conversions, sum(revenue)::numeric(20,2)::text as revenue,
      md5(string_agg(concat_ws(',', date, ad_id, spend, impressions, clicks, conversions, revenue, reach, video_views, currency, account_timezone), ';' order by date, ad_id)) as digest
    from marketing_facts where org_id = ${scope.orgId} and platform = 'tiktok'`);
  return r!;
}

async function syncOnce(scope: OrgScope, connectionId: string) {
  const run = await fx.engine.start(scope, { connectionId });
  await fx.engine.wait(run.id);
  return getSyncRun(scope, run.id);
}

async function connect(scope: OrgScope, over: Record<string, unknown> = {}) {
  const c = await createConnection(scope, fx.deps, { pluginId: "tiktok-ads", name: "TikTok", config: { ...sandbox.config, startDate: START, ...over } });
  return c.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  world = createWorld({ start: START, end: END, sizes: { tiktok: { campaigns: 25, adGroupsPerCampaign: 3, adsPerAdGroup: 4 } } });
  sandbox = await startTikTokSandbox({ world, maxQueryDays: 30 });
  fx = syncFixture(database, [tiktokAdsPlugin], { now: () => new Date(`${END}T12:00:00Z`), maxWaitMs: 10_000 });
});
afterAll(async () => { await sandbox?.close(); await database?.close(); });

describe("TikTok Ads sync against the emulator (90 days × 300 ads)", () => {
  let scope: OrgScope;
  let connectionId: string;
  let first: Record<string, string | number>;

  it("ends with totals equal to the emulator's truth, with entities and advertiser currency", async () => {
    scope = await newOrg(database);
    connectionId = await connect(scope);
    const run = await syncOnce(scope, connectionId);
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    first = await stored(scope);
    const { digest, ...totals } = first;
    expect(totals).toEqual(truth());
    const levels = await queryRows<{ level: string; n: number }>(scope.db, sql`select level, count(*)::int as n from ad_entities where org_id = ${scope.orgId} group by level order by level`);
    expect(levels).toEqual([{ level: "account", n: 1 }, { level: "ad", n: 300 }, { level: "ad_group", n: 75 }, { level: "campaign", n: 25 }]);
    const [cur] = await queryRows<{ currency: string; tz: string }>(scope.db, sql`select distinct currency, account_timezone as tz from marketing_facts where org_id = ${scope.orgId}`);
    expect(cur).toEqual({ currency: "USD", tz: "UTC" });
  });

  it("pages with page_size 1000 until page_info.total_page and sends the Access-Token header", async () => {
    const reports = sandbox.emulator.log.filter((l) => l.route === "report");
    expect(reports.every((l) => l.query.page_size === "1000" && l.headers["access-token"] === sandbox.config.accessToken)).toBe(true);
    expect(new Set(reports.map((l) => l.query.page)).has("9")).toBe(true);
  });

  it("a re-sync changes nothing", async () => {
    const run = await syncOnce(scope, connectionId);
    expect(run.status).toBe("succeeded");
    expect(await stored(scope)).toEqual(first);
  });

  it("picks up restated conversions inside the 3-day lookback", async () => {
    world.setEpoch(1);
    try {
      const t = truth();
      expect(t.conversions).not.toBe(first.conversions);
      const run = await syncOnce(scope, connectionId);
      expect(run.status).toBe("succeeded");
      const { digest, ...totals } = await stored(scope);
      expect(totals).toEqual(t);
    } finally { world.setEpoch(0); }
  });
});

describe("TikTok Ads error codes (HTTP 200 with a non-zero code)", () => {
  const lastWeek = { startDate: "2025-11-23" };

  it("backs off on 40100 and retries 50002 / 40200, then succeeds", async () => {
    const scope = await newOrg(database);
    const id = await connect(scope, lastWeek);
    sandbox.failWith("report", 40100, 1);
    sandbox.failWith("campaign", 50002, 1);
    sandbox.failWith("ad", 40200, 1);
    const run = await syncOnce(scope, id);
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    expect((await stored(scope)).rows).toBeGreaterThan(0);
  });

  it("shrinks the window and retries on 40067", async () => {
    const small = await startTikTokSandbox({ world, maxQueryDays: 2 });
    try {
      const scope = await newOrg(database);
      const c = await createConnection(scope, fx.deps, { pluginId: "tiktok-ads", name: "T", config: { ...small.config, startDate: "2025-11-23" } });
      const run = await syncOnce(scope, c.id);
      expect(run.status).toBe("succeeded");
      const windows = small.emulator.log.filter((l) => l.route === "report" && l.status === 200).map((l) => `${l.query.start_date}..${l.query.end_date}`);
      expect(new Set(windows)).toEqual(new Set(["2025-11-23..2025-11-29", "2025-11-23..2025-11-25", "2025-11-23..2025-11-23", "2025-11-24..2025-11-25", "2025-11-26..2025-11-29", "2025-11-26..2025-11-27", "2025-11-28..2025-11-29"]));
      const { rows } = await stored(scope);
      const want = world.dates.filter((d) => d >= "2025-11-23").flatMap((d) => world.platform("tiktok").day(d)).filter((r) => r.spendCents > 0 || r.impressions > 0 || r.conversions > 0).length;
      expect(rows).toBe(want);
    } finally { await small.close(); }
  });

  it("stops on a revoked token (40105) with a clear message and marks the connection for re-authorization", async () => {
    const scope = await newOrg(database);
    const id = await connect(scope, { ...lastWeek, accessToken: "wrong-token" });
    const run = await syncOnce(scope, id);
    expect(run.status).toBe("failed");
    expect(run.errorCode).toBe("UPSTREAM_ERROR");
    expect(run.error).toBe("TikTok Ads answered GET /open_api/v1.3/advertiser/info/ with code 40105: Access token is incorrect or has been revoked. The access token is invalid, expired or revoked. Re-authorize the connection: update its credentials, then run testConnection.");
    const [c] = await database.db.select({ status: connections.status }).from(connections).where(eq(connections.id, id));
    expect(c!.status).toBe("needs_reauth");
  });

  it("stops on 40001 (no permission for the advertiser) without retrying", async () => {
    const scope = await newOrg(database);
    const id = await connect(scope, { ...lastWeek, advertiserIds: ["123"] });
    const before = sandbox.emulator.count("advertiser");
    const run = await syncOnce(scope, id);
    expect([run.status, run.error]).toEqual(["failed", "TikTok Ads answered GET /open_api/v1.3/advertiser/info/ with code 40001: No permission to operate advertiser 123. The token has no permission for this advertiser or endpoint. Re-authorize the connection: update its credentials, then run testConnection."]);
    expect(sandbox.emulator.count("advertiser") - before).toBe(1);
  });
});
