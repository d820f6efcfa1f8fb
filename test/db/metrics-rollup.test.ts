import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { fxRates, marketingEvents, organizations } from "../../src/db/tables/index.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { upsertEntities, upsertFacts, type FactRow } from "../../src/db/facts.js";
import { queryRows } from "../../src/db/query.js";
import { loadBatch } from "../../src/sync/loader.js";
import { loadCsvFacts } from "../../src/imports/csv-facts.loader.js";
import { seededRandom } from "../../src/analytics/stats/descriptive.js";
import { loadOrgSettings, type OrgAnalyticsSettings } from "../../src/analytics/calendar/org-settings.js";
import { ensureCalendar } from "../../src/analytics/calendar/calendar.service.js";
import { planMetrics } from "../../src/analytics/metrics/plan.js";
import { validateMetricsQuery } from "../../src/analytics/metrics/validate.js";
import { GRAINS, MEASURES, type Dimension, type DimensionFilter, type MetricsQuery } from "../../src/analytics/metrics/query.js";
import { addDays } from "../../src/dates.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let scope: OrgScope;
let other: OrgScope;
let st: OrgAnalyticsSettings;
const rnd = seededRandom(16);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const some = <T>(xs: readonly T[], max: number): T[] => xs.filter(() => rnd() < max / xs.length).slice(0, max);
const money = () => (Math.floor(rnd() * 1_000_000) / 10 ** (2 + Math.floor(rnd() * 4))).toString();
const count = () => Math.floor(rnd() * 5000);

const DAYS = 75;
const QUERIES = 40;
const day = (i: number) => addDays("2024-01-01", i);
const CAMPAIGNS = ["c1", "c2", "c3", "c4"];

/** Facts shaped like the platforms write them: meta at ad AND campaign level for the same delivery, google in EUR,
 * tiktok at account and campaign level in JPY and GBP (no rate), a breakdown stream, outcome totals, reach gaps. */
function facts(seedShift: number): { source: string; rows: FactRow[] }[] {
  const rows = (n: number, make: (d: string, i: number) => FactRow | null) =>
    Array.from({ length: n }, (_, i) => make(day((i * 7 + seedShift) % DAYS), i)).filter((r): r is FactRow => r !== null);
  const m = (d: string, over: Partial<FactRow>): FactRow => ({
    platform: "meta", stream: "ads", level: "ad", date: d, accountId: "m1", currency: "USD", spend: money(), impressions: count(),
    clicks: count() % 300, conversions: (count() % 40) / 4, revenue: money(), reach: rnd() < 0.3 ? null : count(), videoViews: rnd() < 0.5 ? null : count(), ...over,
  });
  return [
    { source: "s1", rows: [
      ...rows(120, (d, i) => m(d, { campaignId: CAMPAIGNS[i % 3], adGroupId: `g${i % 2}`, adId: `a${i % 5}` })),
      ...rows(60, (d, i) => m(d, { stream: "campaigns", level: "campaign", campaignId: CAMPAIGNS[i % 3] })),
      ...rows(60, (d, i) => m(d, { stream: "age", level: "campaign", campaignId: CAMPAIGNS[i % 2], breakdowns: { age: i % 2 ? "18-24" : "25-34" } })),
    ] },
    { source: "s2", rows: rows(70, (d, i) => m(d, { platform: "google", stream: "campaigns", level: "campaign", accountId: "g1", campaignId: `gc${i % 3}`, currency: "EUR" })) },
    { source: "s3", rows: [
      ...rows(40, (d, i) => m(d, { platform: "tiktok", stream: "accounts", level: "account", accountId: `t${i % 2}`, currency: i % 4 ? "JPY" : "GBP" })),
      ...rows(50, (d, i) => m(d, { platform: "tiktok", stream: "campaigns", level: "campaign", accountId: `t${i % 2}`, campaignId: `tc${i % 3}`, currency: i % 5 ? "JPY" : "GBP" })),
    ] },
    { source: "shop", rows: rows(40, (d) => m(d, { platform: "shopify", stream: "orders", kind: "outcome", level: "account", accountId: "", spend: 0 })) },
  ];
}

/**
 * Rows of (A except all B) and (B except all A) between the daily rollup and a GROUP BY of the facts, plus the same
 * between the weekly and monthly rollup and a GROUP BY per ISO week and month: 0 when exact.
 */
async function rollupDrift(): Promise<{ drift: number; rows: number }> {
  const key = "org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency";
  const sums = `sum(spend) as spend, sum(revenue) as revenue, sum(impressions)::bigint as impressions, sum(clicks)::bigint as clicks,
    sum(conversions) as conversions, coalesce(sum(reach), 0)::bigint as reach, count(reach)::int as reach_count,
    coalesce(sum(video_views), 0)::bigint as video_views, count(video_views)::int as video_views_count, count(*)::int as fact_count`;
  const cols = "spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count";
  const expected = `select ${key}, ${sums} from marketing_facts group by ${key}`;
  const actual = `select ${key}, ${cols} from metrics_daily`;
  const pkey = key.replace("date", "period, date");
  const expectedPeriods = `select ${pkey}, ${sums} from (select f.org_id, f.kind, f.breakdown_set, p.period, p.start as date, f.source, f.platform, f.level, f.account_id, f.campaign_id, f.currency,
      f.spend, f.revenue, f.impressions, f.clicks, f.conversions, f.reach, f.video_views from marketing_facts f
      cross join lateral (values ('week', f.date - (extract(isodow from f.date)::int - 1)), ('month', date_trunc('month', f.date)::date)) p(period, start)) x
    group by ${pkey}`;
  const diff = (a: string, b: string) => `(select count(*) from ((${a}) except all (${b})) a)::int + (select count(*) from ((${b}) except all (${a})) b)::int`;
  const [r] = await queryRows<{ drift: number; rows: number }>(database.db, sql.raw(`select ${diff(expected, actual)} + ${diff(expectedPeriods, `select ${pkey}, ${cols} from metrics_periods`)} as drift,
    (select count(*) from metrics_daily)::int as rows`));
  return { drift: Number(r!.drift), rows: Number(r!.rows) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const org = async (slug: string) => {
    const [{ id }] = await database.db.insert(organizations).values({ name: slug, slug, reportingCurrency: "USD", country: "US", fiscalYearStartMonth: 7 }).returning({ id: organizations.id });
    return orgScope(database, id);
  };
  scope = await org("rollup-org");
  other = await org("rollup-other");
  for (const { source, rows } of facts(0)) await upsertFacts(database.db, scope.orgId, source, rows);
  for (const { source, rows } of facts(3)) await upsertFacts(database.db, other.orgId, source, rows);
  await upsertEntities(database.db, scope.orgId, null, CAMPAIGNS.map((c, i) => ({ platform: "meta", level: "campaign" as const, externalId: c, name: i % 2 ? `Sale ${c}` : `Brand ${c}` })));
  await database.db.insert(fxRates).values(Array.from({ length: DAYS + 400 }, (_, i) => [
    { date: addDays("2023-01-01", i), base: "EUR", quote: "USD", rate: (1.05 + (i % 7) / 100).toFixed(4) },
    { date: addDays("2023-01-01", i), base: "EUR", quote: "JPY", rate: (155 + (i % 5)).toFixed(2) },
  ]).flat().filter((r) => new Date(`${r.date}T00:00:00Z`).getUTCDay() % 6 !== 0)).onConflictDoNothing();
  await database.db.insert(marketingEvents).values([
    { orgId: scope.orgId, name: "Winter sale", startDate: "2024-01-10", endDate: "2024-01-20" },
    { orgId: scope.orgId, name: "Spring launch", startDate: "2024-03-01", endDate: "2024-03-05" },
  ]);
  st = await loadOrgSettings(scope);
  await ensureCalendar(scope, "2023-01-01", "2024-12-31", st);
});
afterAll(() => database.close());

describe("the daily rollup", () => {
  it("equals a GROUP BY of the facts after upserts, restatements, COPY merges, CSV imports, deletes and a rollback", async () => {
    expect(await rollupDrift()).toEqual({ drift: 0, rows: expect.any(Number) });
    // A re-synced window restates facts: new values, a level and a currency changed on the same keys.
    const restated = facts(0)[0]!.rows.slice(0, 40).map((r, i) => ({ ...r, spend: money(), reach: i % 3 ? null : count(), currency: i % 7 ? r.currency : "EUR" }));
    await upsertFacts(database.db, scope.orgId, "s1", restated);
    // The sync's loader (COPY into a stage, then one merge, on PostgreSQL) inside the chunk's transaction.
    await database.transaction((tx) => loadBatch(tx, { orgId: scope.orgId, connectionId: "s2", landRaw: false }, {
      facts: facts(5)[1]!.rows, entities: [], raw: [],
    }));
    // A CSV import adds rows of one batch up and replaces rows of an earlier one.
    const csv = (d: string, spend: string): FactRow => ({ platform: "csv", stream: "csv", level: "campaign", date: d, campaignId: "k1", currency: "USD", spend, impressions: 10 });
    await loadCsvFacts(database, scope.orgId, "csv-1", "00000000-0000-4000-8000-000000000001", [csv(day(1), "1.5"), csv(day(2), "2.25")]);
    await loadCsvFacts(database, scope.orgId, "csv-1", "00000000-0000-4000-8000-000000000001", [csv(day(1), "0.25")]);
    await loadCsvFacts(database, scope.orgId, "csv-1", "00000000-0000-4000-8000-000000000002", [csv(day(2), "7")]);
    expect(await queryRows(database.db, sql`select date::text, spend::text, fact_count from metrics_daily where org_id = ${scope.orgId} and source = 'csv-1' order by date`))
      .toEqual([{ date: day(1), spend: "1.750000", fact_count: 1 }, { date: day(2), spend: "7.000000", fact_count: 1 }]);
    // Deleting facts (a source's window, then a key changing org-wide values) and a transaction that rolls back.
    await database.db.execute(sql`delete from marketing_facts where org_id = ${scope.orgId} and source = 's3' and date between ${day(10)} and ${day(30)}`);
    await database.db.execute(sql`update marketing_facts set platform = 'facebook', level = 'campaign' where org_id = ${scope.orgId} and source = 's1' and ad_id = 'a4'`);
    const before = await rollupDrift();
    await expect(database.transaction(async (tx) => {
      await upsertFacts(tx.db, scope.orgId, "s9", [csv(day(3), "99")]);
      throw new Error("rolled back");
    })).rejects.toThrow("rolled back");
    expect(await rollupDrift()).toEqual(before);
    expect(before.drift).toBe(0);
    expect(await queryRows(database.db, sql`select count(*)::int as n from metrics_daily where source = 's9'`)).toEqual([{ n: 0 }]);
  });

  it("goes with its organization, and a source's rows go when its facts do", async () => {
    await database.db.execute(sql`delete from marketing_facts where org_id = ${other.orgId} and source = 'shop'`);
    expect(await queryRows(database.db, sql`select count(*)::int as n from metrics_daily where org_id = ${other.orgId} and source = 'shop'`)).toEqual([{ n: 0 }]);
    await database.db.execute(sql`delete from organizations where id = ${other.orgId}`);
    expect(await queryRows(database.db, sql`select count(*)::int as n from metrics_daily where org_id = ${other.orgId}`)).toEqual([{ n: 0 }]);
    expect((await rollupDrift()).drift).toBe(0);
  });
});

// Dimensions a query may use and still be answered from the rollup, and values their filters can take.
const ROLLUP_DIMS: Dimension[] = ["platform", "connection", "account", "accountName", "campaign", "campaignName", "dayOfWeek", "isWeekend",
  "monthOfYear", "fiscalQuarter", "event", "daysSinceFirstSpend"];
const VALUES: Partial<Record<Dimension, string[]>> = {
  platform: ["meta", "google", "tiktok", "facebook", "csv"], connection: ["s1", "s2", "s3", "csv-1"], account: ["m1", "g1", "t0", "t1"],
  accountName: ["x"], campaign: ["c1", "c2", "gc1", "tc2", "k1"], campaignName: ["Sale", "Brand c1"], dayOfWeek: ["1", "6", "7"],
  isWeekend: ["true", "false"], monthOfYear: ["1", "2", "3"], fiscalQuarter: ["3"], event: ["Winter sale", "launch"],
};

function randomQuery(): MetricsQuery {
  const dims = some(ROLLUP_DIMS, 3);
  if (dims.includes("daysSinceFirstSpend") && !dims.includes("campaign")) dims.push("campaign");
  const from = day(Math.floor(rnd() * DAYS) - 10);
  const filters: DimensionFilter[] = some(ROLLUP_DIMS.filter((d) => d !== "daysSinceFirstSpend"), 2).map((dimension) => {
    const operator = pick(["equals", "in", "notIn", "contains"] as const);
    const vs = VALUES[dimension]!;
    return { dimension, operator, values: operator === "equals" ? [pick(vs)] : some(vs, 2).concat(pick(vs)) };
  });
  const measures = some(MEASURES, 4);
  const q: MetricsQuery = {
    measures: measures.length ? measures : ["spend"], dimensions: dims, dateRange: { from, to: addDays(from, Math.floor(rnd() * 60)) }, filters,
    grain: rnd() < 0.5 ? pick(GRAINS) : undefined,
    compareTo: pick([undefined, undefined, { type: "previousPeriod" as const }, { type: "samePeriodLastYear" as const }, { type: "custom" as const, range: { from: day(0), to: day(20) } }]),
    convertCurrency: rnd() < 0.8,
    breakdownFields: rnd() < 0.15 ? ["age"] : undefined,
    having: rnd() < 0.3 ? [{ measure: pick(MEASURES), operator: pick(["gt", "lt", "gte", "neq"] as const), value: pick([0, 1, 50, 1000]) }] : undefined,
  };
  const orderField = pick([...q.measures, ...dims, ...(q.grain ? ["date" as const] : [])]);
  if (rnd() < 0.7) q.orderBy = [{ field: orderField, direction: pick(["asc", "desc"] as const) }];
  return q;
}

/** A query the weekly or monthly rollup can serve: key dimensions and filters only, a grain of weeks or whole months,
 * a ragged range (any first and last day) long enough to hold whole periods, sometimes compared. */
function periodQuery(): MetricsQuery {
  const q = randomQuery();
  const keyDims = ROLLUP_DIMS.slice(0, 6);
  const from = day(Math.floor(rnd() * 40) - 10);
  return {
    ...q, dimensions: some(keyDims, 2), grain: pick([undefined, "week", "month", "quarter", "year", "fiscalMonth"] as const),
    dateRange: { from, to: addDays(from, 20 + Math.floor(rnd() * 60)) }, filters: q.filters?.filter((f) => keyDims.includes(f.dimension)),
    orderBy: undefined, breakdownFields: rnd() < 0.1 ? ["age"] : undefined,
  };
}

/** Runs `n` queries through the rollups and through the facts; counts those compared, with rows, and reading periods. */
async function compareWithFacts(n: number, make: () => MetricsQuery): Promise<{ compared: number; withRows: number; withPeriods: number }> {
  let compared = 0, withRows = 0, withPeriods = 0;
  for (let i = 0; i < n; i++) {
    const q = make();
    try { validateMetricsQuery(q); } catch { continue; }
    const page = { offset: rnd() < 0.3 ? 2 : 0, limit: rnd() < 0.2 ? null : 1 + Math.floor(rnd() * 30), kind: rnd() < 0.1 ? "outcome" as const : undefined };
    const viaRollup = planMetrics(scope.orgId, q, st, page);
    const viaDays = planMetrics(scope.orgId, q, st, { ...page, periods: false });
    const viaFacts = planMetrics(scope.orgId, q, st, { ...page, rollup: false });
    expect([viaRollup.usesRollup, viaDays.usesRollup, viaDays.period, viaFacts.usesRollup]).toEqual([true, true, null, false]);
    const [a, b] = [await queryRows(database.db, viaRollup.query), await queryRows(database.db, viaFacts.query)];
    expect(a, JSON.stringify(q)).toEqual(b);
    expect(await queryRows(database.db, viaRollup.missingRatesQuery)).toEqual(await queryRows(database.db, viaFacts.missingRatesQuery));
    compared++;
    if (a.some((r) => r.__rn !== null)) withRows++;
    if (viaRollup.period !== null) withPeriods++;
  }
  return { compared, withRows, withPeriods };
}

describe("metrics from the rollup", () => {
  it("gives exactly the facts path's rows, totals and missing rates for random queries", async () => {
    const { compared, withRows } = await compareWithFacts(QUERIES, randomQuery);
    // Most random queries are valid and find rows, so the comparison is not vacuous.
    expect(compared).toBeGreaterThan(QUERIES * 0.7);
    expect(withRows).toBeGreaterThan(QUERIES * 0.4);
  }, 180_000);

  it("gives exactly the facts path's results when it reads whole weeks and months, over ragged ranges and after restatements", async () => {
    const { compared, withRows, withPeriods } = await compareWithFacts(QUERIES, periodQuery);
    expect(compared).toBeGreaterThan(QUERIES * 0.7);
    expect(withRows).toBeGreaterThan(QUERIES * 0.4);
    expect(withPeriods).toBeGreaterThan(QUERIES * 0.5);
  }, 180_000);

  it("reads whole weeks or months from metrics_periods and the ragged days around them from metrics_daily", () => {
    const plan = (q: Partial<MetricsQuery>) => planMetrics(scope.orgId, { measures: ["spend"], dateRange: { from: "2024-01-10", to: "2024-03-20" }, ...q }, st, { offset: 0, limit: 10 }).period;
    expect([
      plan({}), plan({ grain: "week" }), plan({ grain: "month", dimensions: ["campaignName"] }), plan({ grain: "day" }),
      plan({ grain: "fiscalQuarter" }), plan({ dimensions: ["dayOfWeek"] }), plan({ filters: [{ dimension: "event", operator: "in", values: ["x"] }] }),
      plan({ dateRange: { from: "2024-01-10", to: "2024-02-27" } }), plan({ grain: "week", dateRange: { from: "2024-01-09", to: "2024-01-14" } }),
    ]).toEqual(["month", "week", "month", null, null, null, null, null, null]);
  });

  it("falls back to the facts for ads, ad groups and breakdown values", () => {
    const base: MetricsQuery = { measures: ["spend"], dateRange: { from: day(0), to: day(9) } };
    const uses = (q: Partial<MetricsQuery>) => planMetrics(scope.orgId, { ...base, ...q }, st, { offset: 0, limit: 10 }).usesRollup;
    expect([
      uses({}), uses({ dimensions: ["campaignName"], grain: "week" }), uses({ breakdownFields: ["age"] }),
      uses({ dimensions: ["ad"] }), uses({ dimensions: ["adGroupName"] }), uses({ filters: [{ dimension: "ad", operator: "equals", values: ["a1"] }] }),
      uses({ dimensions: ["breakdown"], breakdownFields: ["age"] }),
      uses({ breakdownFields: ["age"], filters: [{ dimension: "breakdown", breakdownField: "age", operator: "equals", values: ["18-24"] }] }),
    ]).toEqual([true, true, true, false, false, false, false, false]);
  });
});
