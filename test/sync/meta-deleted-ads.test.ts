import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import type { OrgScope } from "../../src/db/scope.js";
import { metaAdsPlugin } from "../../src/plugins/meta-ads/meta-ads.plugin.js";
import { startMetaSandbox, type MetaSandbox } from "../../src/plugins/meta-ads/meta-emulator.js";
import { createWorld, type World } from "../../src/plugins/sandbox/index.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { getSyncRun } from "../../src/sync/sync-engine.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

// Two ad accounts × 2 campaigns × 1 ad set × 2 ads over 14 days; one ad deleted, one campaign archived.
const START = "2025-11-16", END = "2025-11-29";
const MAIN = ["ad_accounts", "campaigns", "adsets", "ads", "ad_insights"];
let database: Database;
let world: World;
let sandbox: MetaSandbox;
let fx: ReturnType<typeof syncFixture>;
let deletedAd: { id: string; accountId: string };
let archivedCampaign: { id: string; accountId: string };

const spendOf = (filter: (d: { adId: string; campaignId: string }) => boolean) => {
  let cents = 0;
  for (const date of world.dates) for (const d of world.platform("meta").day(date)) if (filter(d)) cents += d.spendCents;
  return (cents / 100).toFixed(2);
};

beforeAll(async () => {
  database = await createTestDatabase();
  world = createWorld({ start: START, end: END, sizes: { meta: { campaigns: 2, adGroupsPerCampaign: 1, adsPerAdGroup: 2 } } });
  const [a1, a2] = world.platform("meta").accounts();
  const ad = world.platform("meta").ads({ accountId: a1!.id })[0]!;
  const campaign = world.platform("meta").campaigns(a2!.id)[0]!;
  deletedAd = { id: ad.id, accountId: a1!.id };
  archivedCampaign = { id: campaign.id, accountId: a2!.id };
  sandbox = await startMetaSandbox({ world, objectStatus: { [ad.id]: "DELETED", [campaign.id]: "ARCHIVED" } });
  fx = syncFixture(database, [metaAdsPlugin], { now: () => new Date(`${END}T12:00:00Z`), maxWaitMs: 10_000 });
});
afterAll(async () => { await sandbox?.close(); await database?.close(); });

describe("Meta Ads: deleted and archived ads", () => {
  it("the emulator leaves a deleted ad out of level=ad insights unless ad.effective_status names it, as Meta does", async () => {
    const url = (filtering?: string) => {
      const u = new URL(`${sandbox.url}/v21.0/act_${deletedAd.accountId}/insights`);
      const q: Record<string, string> = { level: "ad", time_increment: "1", time_range: JSON.stringify({ since: START, until: END }), limit: "500", access_token: "sandbox-meta-token" };
      if (filtering) q.filtering = filtering;
      for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
      return u;
    };
    const adsIn = async (u: URL) => new Set(((await (await fetch(u)).json()) as { data: { ad_id: string }[] }).data.map((r) => r.ad_id));
    expect((await adsIn(url())).has(deletedAd.id)).toBe(false);
    expect((await adsIn(url(JSON.stringify([{ field: "ad.effective_status", operator: "IN", value: ["ACTIVE", "PAUSED", "DELETED"] }])))).has(deletedAd.id)).toBe(true);
    sandbox.requests.length = 0;
  });

  let scope: OrgScope;
  it("a sync keeps their spend, to the cent, and names them with their status", async () => {
    scope = await newOrg(database);
    const c = await createConnection(scope, fx.deps, { pluginId: "meta-ads", name: "Meta", config: { ...sandbox.config, startDate: START, pageSize: 500 } });
    const started = await fx.engine.start(scope, { connectionId: c.id, streams: MAIN });
    await fx.engine.wait(started.id);
    const run = await getSyncRun(scope, started.id);
    expect([run.status, run.error]).toEqual(["succeeded", null]);

    const [stored] = await queryRows<{ spend: string; deleted: string; archived: string }>(scope.db, sql`
      select sum(spend)::numeric(20,2)::text as spend,
        coalesce(sum(spend) filter (where ad_id = ${deletedAd.id}), 0)::numeric(20,2)::text as deleted,
        coalesce(sum(spend) filter (where campaign_id = ${archivedCampaign.id}), 0)::numeric(20,2)::text as archived
      from marketing_facts where org_id = ${scope.orgId} and stream = 'ad_insights'`);
    expect(stored).toEqual({ spend: spendOf(() => true), deleted: spendOf((d) => d.adId === deletedAd.id), archived: spendOf((d) => d.campaignId === archivedCampaign.id) });
    expect(Number(stored!.deleted)).toBeGreaterThan(0);
    expect(Number(stored!.archived)).toBeGreaterThan(0);

    const statuses = await queryRows<{ level: string; n: number; deleted: number; archived: number }>(scope.db, sql`
      select level, count(*)::int as n, count(*) filter (where status = 'DELETED')::int as deleted, count(*) filter (where status = 'ARCHIVED')::int as archived
      from ad_entities where org_id = ${scope.orgId} group by level order by level`);
    expect(statuses).toEqual([
      { level: "account", n: 2, deleted: 0, archived: 0 }, { level: "ad", n: 8, deleted: 1, archived: 2 },
      { level: "ad_group", n: 4, deleted: 0, archived: 1 }, { level: "campaign", n: 4, deleted: 0, archived: 1 },
    ]);
  });

  it("asked for every status in insights and edges, with Meta's default action_report_time", () => {
    const insights = sandbox.requests.filter((r) => r.path.endsWith("/insights"));
    expect(insights.length).toBe(2);
    for (const r of insights) {
      expect(JSON.parse(r.query.filtering!)).toEqual([{ field: "ad.effective_status", operator: "IN", value: expect.arrayContaining(["ACTIVE", "PAUSED", "DELETED", "ARCHIVED"]) }]);
      expect(r.query.action_report_time).toBe("mixed");
    }
    const edges = sandbox.requests.filter((r) => /\/(campaigns|adsets|ads)$/.test(r.path));
    expect(edges.length).toBe(6);
    expect(edges.every((r) => (JSON.parse(r.query.effective_status!) as string[]).includes("DELETED"))).toBe(true);
  });

  it("looks each ad account up once per run, shared by all five streams", () => {
    const lookups = sandbox.requests.filter((r) => /^\/v21\.0\/act_\d+$/.test(r.path));
    expect(lookups.map((r) => r.path).sort()).toEqual(world.platform("meta").accounts().map((a) => `/v21.0/act_${a.id}`).sort());
  });
});
