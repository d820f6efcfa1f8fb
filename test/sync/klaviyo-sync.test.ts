import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import type { OrgScope } from "../../src/db/scope.js";
import { queryRows } from "../../src/db/query.js";
import { connections } from "../../src/db/tables/index.js";
import { messageStats } from "../../src/plugins/klaviyo/klaviyo-emulator-data.js";
import { startKlaviyoSandbox, type KlaviyoSandbox } from "../../src/plugins/klaviyo/klaviyo-emulator.js";
import { resetKlaviyoPacers } from "../../src/plugins/klaviyo/klaviyo-read.js";
import { klaviyoPlugin } from "../../src/plugins/klaviyo/klaviyo.plugin.js";
import { createWorld, type World } from "../../src/plugins/sandbox/index.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { getSyncRun } from "../../src/sync/sync-engine.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

// 90 days × 300 messages: 150 Klaviyo campaigns (100 one-day blasts, 50 daily flows) of 2 emails each.
const START = "2025-09-01", END = "2025-11-29";
const FAST = { perSecond: 50, perMinute: 3000, perDay: 225 }; // Klaviyo's day quota, a faster burst so the test runs in seconds
let database: Database;
let world: World;
let sandbox: KlaviyoSandbox;
let fx: ReturnType<typeof syncFixture>;

/** What the emulator serves over [from, to]: message totals per kind, and the true business outcomes. */
function truth(from = START, to = END) {
  const media = (objective: string) => {
    const t = { impressions: 0, clicks: 0, conversions: 0, revenueCents: 0 };
    for (const d of world.dates) {
      if (d < from || d > to) continue;
      for (const r of world.platform("klaviyo").day(d)) {
        if (world.platform("klaviyo").campaign(r.campaignId)!.objective !== objective || r.sends === 0) continue;
        const s = messageStats(r);
        t.impressions += s.delivered; t.clicks += s.clicks; t.conversions += s.conversions; t.revenueCents += r.conversionValueCents;
      }
    }
    return { impressions: t.impressions, clicks: t.clicks, conversions: t.conversions, revenue: (t.revenueCents / 100).toFixed(2), spend: "0.00" };
  };
  const days = world.truth().days.filter((d) => d.date >= from && d.date <= to);
  return {
    campaign_values: media("campaign"), flow_series: media("flow"),
    business_outcomes: { orders: days.reduce((a, d) => a + d.orders, 0), revenue: days.reduce((a, d) => a + Math.round(d.revenue * 100), 0) / 100 },
  };
}

async function stored(scope: OrgScope) {
  const rows = await queryRows<{ stream: string; impressions: number; clicks: number; conversions: number; revenue: string; spend: string; digest: string }>(scope.db, sql`
    select stream, sum(impressions)::bigint::int as impressions, sum(clicks)::bigint::int as clicks, sum(conversions)::bigint::int as conversions,
      sum(revenue)::numeric(20,2)::text as revenue, sum(spend)::numeric(20,2)::text as spend,
      md5(string_agg(concat_ws(',', date, campaign_id, ad_id, impressions, clicks, conversions, revenue, extras::text), ';' order by date, ad_id)) as digest
    from marketing_facts where org_id = ${scope.orgId} group by stream order by stream`);
  return Object.fromEntries(rows.map(({ stream, ...r }) => [stream, r]));
}
const totalsOf = (s: Awaited<ReturnType<typeof stored>>) => ({
  campaign_values: strip(s.campaign_values), flow_series: strip(s.flow_series),
  business_outcomes: s.business_outcomes && { orders: s.business_outcomes.conversions, revenue: Number(s.business_outcomes.revenue) },
});
const strip = (r?: { impressions: number; clicks: number; conversions: number; revenue: string; spend: string }) => r && { impressions: r.impressions, clicks: r.clicks, conversions: r.conversions, revenue: r.revenue, spend: r.spend };

async function syncOnce(scope: OrgScope, connectionId: string) {
  const run = await fx.engine.start(scope, { connectionId });
  await fx.engine.wait(run.id);
  return getSyncRun(scope, run.id);
}
async function connect(scope: OrgScope, sb: KlaviyoSandbox, over: Record<string, unknown> = {}) {
  return (await createConnection(scope, fx.deps, { pluginId: "klaviyo", name: "Klaviyo", config: { ...sb.config, startDate: START, ...over } })).id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  world = createWorld({ start: START, end: END, sizes: { klaviyo: { campaigns: 150, adGroupsPerCampaign: 1, adsPerAdGroup: 2 } } });
  sandbox = await startKlaviyoSandbox({ world, reportLimits: FAST });
  fx = syncFixture(database, [klaviyoPlugin], { now: () => new Date(`${END}T12:00:00Z`), maxWaitMs: 5_000 });
});
afterAll(async () => { await sandbox?.close(); await database?.close(); });

describe("Klaviyo sync against the emulator (90 days × 300 messages)", () => {
  let scope: OrgScope;
  let connectionId: string;
  let first: Awaited<ReturnType<typeof stored>>;

  it("ends with message totals and true business outcomes equal to the emulator's truth", async () => {
    scope = await newOrg(database);
    connectionId = await connect(scope, sandbox);
    const run = await syncOnce(scope, connectionId);
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    first = await stored(scope);
    expect(totalsOf(first)).toEqual(truth());
    const kinds = await queryRows<{ kind: string; level: string; n: number }>(scope.db, sql`select kind, level, count(*)::int as n from marketing_facts where org_id = ${scope.orgId} and stream = 'business_outcomes' group by kind, level`);
    expect(kinds).toEqual([{ kind: "outcome", level: "account", n: 90 }]);
    const entities = await queryRows<{ level: string; n: number }>(scope.db, sql`select level, count(*)::int as n from ad_entities where org_id = ${scope.orgId} group by level order by level`);
    expect(entities).toEqual([{ level: "ad", n: 300 }, { level: "campaign", n: 150 }]);
  });

  it("looks the account and the conversion metric up once for the whole run, shared by all five streams", () => {
    // One look-up each: /api/accounts once, and /api/metrics paged (the emulator serves 2 metrics a page) until "Placed Order".
    expect(["accounts", "metrics"].map((route) => sandbox.emulator.log.filter((l) => l.route === route).length)).toEqual([1, 2]);
  });

  it("sends the Klaviyo-API-Key and revision headers, one campaign values report per day with the Placed Order metric", async () => {
    // A 429 (the emulator's clock and the pacer's differ by the request latency) is retried; each day succeeds once.
    const reports = sandbox.emulator.log.filter((l) => l.route === "campaign-values" && l.status === 200);
    expect(reports).toHaveLength(90);
    const days = reports.map((l) => (l.body as { data: { attributes: { timeframe: { start: string } } } }).data.attributes.timeframe.start.slice(0, 10));
    expect(new Set(days).size).toBe(90);
    expect(reports.every((l) => l.headers.authorization === `Klaviyo-API-Key ${sandbox.config.apiKey}` && l.headers.revision === "2024-10-15")).toBe(true);
    const a = (reports[0]!.body as { data: { attributes: { timeframe: unknown; conversion_metric_id: string } } }).data.attributes;
    expect([a.timeframe, a.conversion_metric_id]).toEqual([{ start: "2025-09-01T00:00:00", end: "2025-09-02T00:00:00" }, "PlcOrd"]);
    const flows = sandbox.emulator.log.filter((l) => l.route === "flow-series").map((l) => (l.body as { data: { attributes: { timeframe: unknown } } }).data.attributes.timeframe);
    expect(flows).toEqual([{ start: "2025-09-01T00:00:00", end: "2025-10-31T00:00:00" }, { start: "2025-10-31T00:00:00", end: "2025-11-30T00:00:00" }]);
  });

  it("a re-sync changes nothing", async () => {
    const run = await syncOnce(scope, connectionId);
    expect(run.status).toBe("succeeded");
    expect(await stored(scope)).toEqual(first);
  });

  it("picks up restated conversions inside the 5-day lookback", async () => {
    world.setEpoch(1);
    try {
      const t = truth();
      expect(t.campaign_values.conversions + t.flow_series.conversions).not.toBe(first.campaign_values!.conversions + first.flow_series!.conversions);
      const run = await syncOnce(scope, connectionId);
      expect(run.status).toBe("succeeded");
      expect(totalsOf(await stored(scope))).toEqual(t);
    } finally { world.setEpoch(0); }
  });
});

describe("Klaviyo limits and errors", () => {
  it("honours a 429 Retry-After and carries on", async () => {
    const scope = await newOrg(database);
    const id = await connect(scope, sandbox, { startDate: "2025-11-27" });
    const n = sandbox.emulator.count("campaign-values");
    const remove = sandbox.emulator.addFault({ kind: "rate_limit", route: "campaign-values", nth: n + 2, retryAfterSeconds: 1 });
    try {
      const run = await syncOnce(scope, id);
      expect([run.status, run.error]).toEqual(["succeeded", null]);
      const log = sandbox.emulator.log.filter((l) => l.route === "campaign-values").slice(n).map((l) => l.status);
      expect(log).toEqual([200, 429, 200, 200]);
      expect(totalsOf(await stored(scope)).campaign_values).toEqual(truth("2025-11-27").campaign_values);
    } finally { remove(); }
  });

  it("stops with 'report quota reached' when the day quota is used up, and the next sync resumes from there", async () => {
    const limits = { perSecond: 50, perMinute: 3000, perDay: 3 };
    const small = await startKlaviyoSandbox({ world, reportLimits: limits });
    try {
      const scope = await newOrg(database);
      const id = await connect(scope, small, { startDate: "2025-11-24" });
      const run = await syncOnce(scope, id);
      expect([run.status, run.errorCode]).toEqual(["failed", "RATE_LIMITED"]);
      expect(run.error).toMatch(/^Klaviyo report quota reached \(campaign values reports\); the next sync resumes from 2025-11-27\. Retry after \d+s/);
      expect(totalsOf(await stored(scope)).campaign_values).toEqual(truth("2025-11-24", "2025-11-26").campaign_values);

      small.resetLimits();
      resetKlaviyoPacers();
      const before = small.emulator.count("campaign-values");
      const next = await syncOnce(scope, id);
      expect([next.status, next.error]).toEqual(["succeeded", null]);
      const asked = small.emulator.log.filter((l) => l.route === "campaign-values").slice(before)
        .map((l) => (l.body as { data: { attributes: { timeframe: { start: string } } } }).data.attributes.timeframe.start.slice(0, 10));
      expect(asked).toEqual(["2025-11-27", "2025-11-28", "2025-11-29"]);
      expect(totalsOf(await stored(scope)).campaign_values).toEqual(truth("2025-11-24").campaign_values);
    } finally { await small.close(); }
  });

  it("fails with AuthFailed on a rejected key (401) and marks the connection for re-authorization", async () => {
    const scope = await newOrg(database);
    const id = await connect(scope, sandbox, { apiKey: "pk_wrong", startDate: "2025-11-27" });
    const run = await syncOnce(scope, id);
    expect([run.status, run.errorCode, run.error]).toEqual(["failed", "UPSTREAM_ERROR", "Klaviyo rejected the private API key on GET /api/accounts/ (HTTP 401: Incorrect authentication credentials.). Re-authorize the connection: update its credentials, then run testConnection."]);
    const [c] = await database.db.select({ status: connections.status }).from(connections).where(eq(connections.id, id));
    expect(c!.status).toBe("needs_reauth");
  });

  it("treats 403 (missing scope) as AuthFailed without retrying", async () => {
    const scope = await newOrg(database);
    const id = await connect(scope, sandbox, { startDate: "2025-11-29" });
    const remove = sandbox.emulator.addFault({ kind: "expired_token", route: "flow-series", status: 403 });
    try {
      const before = sandbox.emulator.count("flow-series");
      const run = await syncOnce(scope, id);
      expect([run.status, run.error]).toEqual(["failed", "Klaviyo refused the private API key for this endpoint (missing scope) on POST /api/flow-series-reports/ (HTTP 403: You do not have permission to perform this action.). Re-authorize the connection: update its credentials, then run testConnection."]);
      expect(sandbox.emulator.count("flow-series") - before).toBe(1);
    } finally { remove(); }
  });

  it("names the available metrics when the conversion metric does not exist", async () => {
    const scope = await newOrg(database);
    const id = await connect(scope, sandbox, { conversionMetric: "Ordered Product", startDate: "2025-11-29" });
    const run = await syncOnce(scope, id);
    expect([run.status, run.errorCode, run.error]).toEqual(["failed", "BAD_USER_INPUT", 'Klaviyo has no metric named "Ordered Product" (it has: Opened Email, Clicked Email, Placed Order, Active on Site). Fix the connection\'s configuration, then run testConnection.']);
  });
});
