import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { organizations } from "../../src/db/tables/index.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { runMetrics } from "../../src/analytics/metrics/metrics.service.js";
import type { MetricsQuery } from "../../src/analytics/metrics/query.js";
import { createMarketingEvent } from "../../src/analytics/calendar/marketing-events.service.js";
import { createTestDatabase } from "../helpers/db.js";
import { seedMetricsOrg } from "./metrics-fixture.js";

let database: Database;
let scope: OrgScope;
const RANGE = { from: "2024-02-28", to: "2024-03-02" };
const run = (q: Partial<MetricsQuery>) => runMetrics(scope, { measures: ["spend"], dateRange: RANGE, ...q });
const pick = (rows: Record<string, unknown>[], ...keys: string[]) => rows.map((r) => keys.map((k) => r[k]));

beforeAll(async () => {
  database = await createTestDatabase();
  scope = await seedMetricsOrg(database, "metrics-org");
});
afterAll(() => database.close());

describe("measures", () => {
  it("totals every measure from sums, in USD, leaving out the fact without a GBP rate", async () => {
    const r = await run({ measures: ["spend", "revenue", "impressions", "clicks", "conversions", "cpm", "cpc", "ctr", "cvr", "cpa", "roas", "aov"] });
    // spend 10+20+30 (meta) + 50×1.08 + 10×1.10 (EUR, Saturday uses Friday's rate) + 1000×1.10/160 (JPY via EUR)
    expect(r.totals).toEqual({
      spend: "131.875", revenue: "671", impressions: 19000, clicks: 280, conversions: "18",
      cpm: 6.940789, cpc: 0.470982, ctr: 0.014737, cvr: 0.064286, cpa: 7.326389, roas: 5.088152, aov: 37.277778,
    });
    expect(r.missingRates).toEqual([{ currency: "GBP", days: 1, from: "2024-03-01", to: "2024-03-01", spend: "7", revenue: "0" }]);
    expect(r.currency).toBe("USD");
  });

  it("gives null, not an error, for a ratio over zero", async () => {
    const r = await run({ measures: ["spend", "ctr", "cpa"], dimensions: ["campaign"], filters: [{ dimension: "campaign", operator: "equals", values: ["c2"] }] });
    expect(r.rows).toEqual([{ campaign: "c2", spend: "30", ctr: null, cpa: null }]);
  });

  it("sums native amounts when conversion is off", async () => {
    const r = await run({ convertCurrency: false });
    expect([r.totals.spend, r.missingRates, r.currency]).toEqual(["1127", [], null]);
  });
});

describe("dimensions", () => {
  it("groups by platform without adding campaign rows to ad rows", async () => {
    const r = await run({ measures: ["spend", "impressions", "ctr", "cpa"], dimensions: ["platform"] });
    expect(r.rows).toEqual([
      { platform: "google", spend: "65", impressions: 6000, ctr: 0.018333, cpa: 21.666667 },
      { platform: "meta", spend: "60", impressions: 3000, ctr: 0.05, cpa: 4 },
      { platform: "tiktok", spend: "6.875", impressions: 10000, ctr: 0.002, cpa: null },
    ]);
  });

  it("uses only sources that have ad rows when grouping by ad", async () => {
    expect(pick((await run({ dimensions: ["ad"] })).rows, "ad", "spend")).toEqual([["a1", "10"], ["a2", "20"], ["a3", "30"]]);
  });

  it("names campaigns from the entity dimension", async () => {
    const r = await run({ dimensions: ["campaign", "campaignName"] });
    expect(pick(r.rows, "campaign", "campaignName", "spend")).toEqual([
      ["c1", "Spring Sale", "30"], ["c2", "Brand", "30"], ["gc1", "Search", "65"], ["tc1", null, "6.875"],
    ]);
    expect(r.missingRates.map((m) => m.currency)).toEqual(["GBP"]);
  });

  it("splits by a breakdown field from its own breakdown set only", async () => {
    const r = await run({ dimensions: ["breakdown"], breakdownFields: ["age"] });
    expect(pick(r.rows, "breakdown.age", "spend")).toEqual([["18-24", "4"], ["25-34", "6"]]);
    const f = await run({ breakdownFields: ["age"], filters: [{ dimension: "breakdown", breakdownField: "age", operator: "equals", values: ["25-34"] }] });
    expect(f.totals.spend).toBe("6");
  });

  it("groups by day of week and weekend", async () => {
    expect(pick((await run({ dimensions: ["dayOfWeek"] })).rows, "dayOfWeek", "spend")).toEqual([[3, "10"], [4, "74"], [5, "36.875"], [6, "11"]]);
    expect(pick((await run({ dimensions: ["isWeekend"] })).rows, "isWeekend", "spend")).toEqual([[false, "120.875"], [true, "11"]]);
  });

  it("groups by public holiday", async () => {
    const r = await run({ dimensions: ["isHoliday", "holidayName"], dateRange: { from: "2020-12-31", to: "2021-01-04" } });
    expect(pick(r.rows, "isHoliday", "holidayName", "spend")).toEqual([[false, null, "7"], [true, "New Year's Day", "32"]]);
  });

  it("groups by the org's marketing events", async () => {
    const other = await seedMetricsOrg(database, "events-org");
    await createMarketingEvent(other, { name: "Leap Promo", kind: "promotion", startDate: "2024-02-29", endDate: "2024-03-01" });
    const r = await runMetrics(other, { measures: ["spend"], dateRange: RANGE, dimensions: ["event"] });
    expect(pick(r.rows, "event", "spend")).toEqual([[null, "21"], ["Leap Promo", "110.875"]]);
    const only = await runMetrics(other, { measures: ["spend"], dateRange: RANGE, filters: [{ dimension: "event", operator: "in", values: ["Leap Promo"] }] });
    const without = await runMetrics(other, { measures: ["spend"], dateRange: RANGE, filters: [{ dimension: "event", operator: "notIn", values: ["Leap Promo"] }] });
    expect([only.totals.spend, without.totals.spend]).toEqual(["110.875", "21"]);
  });

  it("counts days since each campaign's first spend", async () => {
    const r = await run({ dimensions: ["campaign", "daysSinceFirstSpend"], dateRange: { from: "2024-03-01", to: "2024-03-02" } });
    expect(pick(r.rows, "campaign", "daysSinceFirstSpend", "spend")).toEqual([["c2", 0, "30"], ["gc1", 2, "11"], ["tc1", 0, "6.875"]]);
  });
});

describe("grains", () => {
  const EDGE = { from: "2020-12-01", to: "2021-12-31" };
  const grain = async (g: MetricsQuery["grain"], dateRange = EDGE) =>
    pick((await run({ grain: g, dateRange, filters: [{ dimension: "platform", operator: "equals", values: ["csv"] }] })).rows, "date", "period", "spend");

  it("buckets days, with the leap day", async () => {
    expect(pick((await run({ grain: "day" })).rows, "date", "spend")).toEqual([["2024-02-28", "10"], ["2024-02-29", "74"], ["2024-03-01", "36.875"], ["2024-03-02", "11"]]);
  });
  it("puts 31 Dec 2020 to 3 Jan 2021 in ISO week 2020-W53", async () => {
    expect(await grain("week", { from: "2020-12-28", to: "2021-01-10" })).toEqual([["2020-12-28", "2020-W53", "35"], ["2021-01-04", "2021-W01", "4"]]);
  });
  it("buckets months, quarters and years", async () => {
    expect(await grain("month")).toEqual([["2020-12-01", "2020-12", "1"], ["2021-01-01", "2021-01", "38"], ["2021-06-01", "2021-06", "8"], ["2021-07-01", "2021-07", "16"]]);
    expect(await grain("quarter")).toEqual([["2020-10-01", "2020-Q4", "1"], ["2021-01-01", "2021-Q1", "38"], ["2021-04-01", "2021-Q2", "8"], ["2021-07-01", "2021-Q3", "16"]]);
    expect(await grain("year")).toEqual([["2020-01-01", "2020", "1"], ["2021-01-01", "2021", "62"]]);
  });
  it("splits fiscal years on 1 July", async () => {
    expect(await grain("fiscalYear")).toEqual([["2020-07-01", "FY2021", "47"], ["2021-07-01", "FY2022", "16"]]);
    expect(await grain("fiscalQuarter")).toEqual([["2020-10-01", "FY2021-Q2", "1"], ["2021-01-01", "FY2021-Q3", "38"], ["2021-04-01", "FY2021-Q4", "8"], ["2021-07-01", "FY2022-Q1", "16"]]);
    expect(await grain("fiscalMonth")).toEqual([["2020-12-01", "FY2021-M06", "1"], ["2021-01-01", "FY2021-M07", "38"], ["2021-06-01", "FY2021-M12", "8"], ["2021-07-01", "FY2022-M01", "16"]]);
  });
});

describe("comparisons", () => {
  it("lines up days with the previous period", async () => {
    const r = await run({ grain: "day", dateRange: { from: "2024-03-01", to: "2024-03-02" }, compareTo: { type: "previousPeriod" } });
    expect(pick(r.rows, "date", "comparedDate", "spend", "spendCompared", "spendChange", "spendRelativeChange")).toEqual([
      ["2024-03-01", "2024-02-28", "36.875", "10", "26.875", 2.6875],
      ["2024-03-02", "2024-02-29", "11", "74", "-63", -0.851351],
    ]);
    expect(r.totals).toEqual({ spend: "47.875", spendCompared: "84", spendChange: "-36.125", spendRelativeChange: -0.43006 });
    expect(r.compareRange).toEqual({ from: "2024-02-28", to: "2024-02-29" });
  });
  it("compares 29 Feb 2024 with 28 Feb 2023 for the same period last year", async () => {
    const r = await run({ dimensions: ["platform"], dateRange: { from: "2024-02-29", to: "2024-02-29" }, compareTo: { type: "samePeriodLastYear" } });
    expect(pick(r.rows, "platform", "spend", "spendCompared", "spendChange", "spendRelativeChange")).toEqual([
      ["google", "54", null, null, null], ["meta", "20", "5", "15", 3],
    ]);
  });
  it("compares with a custom range", async () => {
    const r = await run({ measures: ["spend", "ctr"], dateRange: { from: "2024-03-01", to: "2024-03-01" }, compareTo: { type: "custom", range: { from: "2024-02-28", to: "2024-02-28" } } });
    expect(r.totals).toEqual({ spend: "36.875", spendCompared: "10", spendChange: "26.875", spendRelativeChange: 2.6875, ctr: 0.002, ctrCompared: 0.05, ctrChange: -0.048, ctrRelativeChange: -0.96 });
  });
});

describe("filters, having, order and pages", () => {
  const total = async (filters: MetricsQuery["filters"]) => (await run({ filters })).totals.spend;
  it("applies equals, in, notIn and contains", async () => {
    expect(await total([{ dimension: "platform", operator: "equals", values: ["meta"] }])).toBe("60");
    expect(await total([{ dimension: "platform", operator: "in", values: ["google", "tiktok"] }])).toBe("71.875");
    expect(await total([{ dimension: "platform", operator: "notIn", values: ["meta"] }])).toBe("71.875");
    expect(await total([{ dimension: "campaignName", operator: "contains", values: ["spring"] }])).toBe("30");
    expect(await total([{ dimension: "isWeekend", operator: "equals", values: ["true"] }])).toBe("11");
  });
  it("filters on measures after aggregation, and totals what is left", async () => {
    const r = await run({ dimensions: ["platform"], having: [{ measure: "spend", operator: "gt", value: 50 }] });
    expect([pick(r.rows, "platform", "spend"), r.totals.spend, r.totalCount]).toEqual([[["google", "65"], ["meta", "60"]], "125", 2]);
  });
  it("pages through rows ordered by spend with cursors", async () => {
    const q: Partial<MetricsQuery> = { dimensions: ["platform"], orderBy: [{ field: "spend", direction: "desc" }], limit: 1 };
    const seen: unknown[] = [];
    let after: string | undefined;
    for (let i = 0; i < 3; i++) {
      const r = await run({ ...q, after });
      seen.push([r.rows[0]!.platform, r.pageInfo.hasNextPage]);
      after = r.pageInfo.endCursor!;
    }
    expect(seen).toEqual([["google", true], ["meta", true], ["tiktok", false]]);
  });
  it("rejects a cursor from another query", async () => {
    const r = await run({ dimensions: ["platform"], limit: 1 });
    await expect(run({ dimensions: ["campaign"], limit: 1, after: r.pageInfo.endCursor! })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
  it("rejects an unknown measure and a reversed range", async () => {
    await expect(run({ measures: ["likes" as never] })).rejects.toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringContaining('Measure "likes"') });
    await expect(run({ dateRange: { from: "2024-03-02", to: "2024-03-01" } })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});

describe("tenancy", () => {
  it("sees none of another org's facts", async () => {
    const [{ id }] = await database.db.insert(organizations).values({ name: "Empty", slug: "empty" }).returning({ id: organizations.id });
    const r = await runMetrics(orgScope(database, id), { measures: ["spend", "ctr"], dateRange: RANGE, dimensions: ["platform"] });
    expect([r.rows, r.totals, r.totalCount]).toEqual([[], { spend: "0", ctr: null }, 0]);
  });
});
