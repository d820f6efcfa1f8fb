import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { createWorld, type World } from "../../src/plugins/sandbox/index.js";
import { tiktokAdsPlugin } from "../../src/plugins/tiktok-ads/tiktok-ads.plugin.js";
import { startTikTokSandbox, type TikTokSandbox } from "../../src/plugins/tiktok-ads/tiktok-emulator.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { getSyncRun } from "../../src/sync/sync-engine.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

// A report for one advertiser_id is in the advertiser's timezone (TikTok Ads Manager: the account's time zone sets
// "the time your data is displayed … including in reports"; only multi-advertiser reports can be switched to UTC with
// multi_adv_report_in_utc_time). TikTok time zones have no daylight saving, e.g. America/Bogota (UTC−5).
const START = "2025-11-23", END = "2025-11-29", TZ = "America/Bogota";
let database: Database;
let world: World;
let sandbox: TikTokSandbox;

beforeAll(async () => {
  database = await createTestDatabase();
  world = createWorld({ start: START, end: END, sizes: { tiktok: { campaigns: 2, adGroupsPerCampaign: 1, adsPerAdGroup: 2 } } });
  sandbox = await startTikTokSandbox({ world, advertiserTimezone: TZ });
});
afterAll(async () => { await sandbox?.close(); await database?.close(); });

describe("TikTok Ads reporting days", () => {
  it("stores each stat_time_day as the advertiser's day, labelled with the advertiser's timezone, looking the advertiser up once", async () => {
    const fx = syncFixture(database, [tiktokAdsPlugin], { now: () => new Date(`${END}T12:00:00Z`), maxWaitMs: 10_000 });
    const scope = await newOrg(database);
    const c = await createConnection(scope, fx.deps, { pluginId: "tiktok-ads", name: "TikTok", config: { ...sandbox.config, startDate: START } });
    const started = await fx.engine.start(scope, { connectionId: c.id });
    await fx.engine.wait(started.id);
    const run = await getSyncRun(scope, started.id);
    expect([run.status, run.error]).toEqual(["succeeded", null]);

    const expected = new Map<string, number>();
    for (const date of world.dates) for (const d of world.platform("tiktok").day(date)) expected.set(date, (expected.get(date) ?? 0) + d.spendCents);
    const rows = await queryRows<{ date: string; tz: string; cents: number }>(scope.db, sql`
      select to_char(date, 'YYYY-MM-DD') as date, account_timezone as tz, round(sum(spend) * 100)::int as cents
      from marketing_facts where org_id = ${scope.orgId} and platform = 'tiktok' group by date, account_timezone order by date`);
    expect(rows).toEqual([...expected].filter(([, cents]) => cents > 0).map(([date, cents]) => ({ date, tz: TZ, cents })));
    const entities = await queryRows<{ tz: string }>(scope.db, sql`select distinct timezone as tz from ad_entities where org_id = ${scope.orgId} and platform = 'tiktok'`);
    expect(entities).toEqual([{ tz: TZ }]);

    const log = sandbox.emulator.log;
    expect(log.filter((l) => l.route === "advertiser").length).toBe(1);
    const reports = log.filter((l) => l.route === "report");
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((l) => l.query.advertiser_id && !("advertiser_ids" in l.query) && !("multi_adv_report_in_utc_time" in l.query))).toBe(true);
  });
});
