import { describe, expect, it } from "vitest";
import type { MetricsQuery } from "../../../src/analytics/metrics/query.js";
import { parseQuestion } from "../../../src/analytics/nlq/rule-parser.js";

// Friday 15 November 2024: every relative date below counts from it.
const today = "2024-11-15";

const PHRASINGS: [string, MetricsQuery][] = [
  ["Meta ROAS last month vs the month before by campaign",
    // "the month before" October is September (a calendar month), not the 31 days before
    { measures: ["roas"], dateRange: { from: "2024-10-01", to: "2024-10-31" }, dimensions: ["campaignName"], filters: [{ dimension: "platform", operator: "in", values: ["meta"] }], compareTo: { type: "custom", range: { from: "2024-09-01", to: "2024-09-30" } } }],
  ["which channel had the best CPA in Q3 2024?",
    { measures: ["cpa"], dateRange: { from: "2024-07-01", to: "2024-09-30" }, dimensions: ["platform"], orderBy: [{ field: "cpa", direction: "asc" }], limit: 1 }],
  ["spend yesterday",
    { measures: ["spend"], dateRange: { from: "2024-11-14", to: "2024-11-14" } }],
  ["How much did we spend today?",
    { measures: ["spend"], dateRange: { from: "2024-11-15", to: "2024-11-15" } }],
  ["top 5 campaigns by spend last 7 days",
    { measures: ["spend"], dateRange: { from: "2024-11-08", to: "2024-11-14" }, dimensions: ["campaignName"], orderBy: [{ field: "spend", direction: "desc" }], limit: 5 }],
  ["Google Ads clicks since March",
    { measures: ["clicks"], dateRange: { from: "2024-03-01", to: "2024-11-15" }, filters: [{ dimension: "platform", operator: "in", values: ["google_ads"] }] }],
  ["how many impressions did we get on TikTok this week",
    { measures: ["impressions"], dateRange: { from: "2024-11-11", to: "2024-11-15" }, filters: [{ dimension: "platform", operator: "in", values: ["tiktok"] }] }],
  ["daily spend for facebook in october",
    { measures: ["spend"], dateRange: { from: "2024-10-01", to: "2024-10-31" }, grain: "day", filters: [{ dimension: "platform", operator: "in", values: ["meta"] }] }],
  ["spend Q3 2024 vs Q2 2024",
    { measures: ["spend"], dateRange: { from: "2024-07-01", to: "2024-09-30" }, compareTo: { type: "custom", range: { from: "2024-04-01", to: "2024-06-30" } } }],
  ["revenue this year vs last year by channel",
    { measures: ["revenue"], dateRange: { from: "2024-01-01", to: "2024-11-15" }, dimensions: ["platform"], compareTo: { type: "samePeriodLastYear" } }],
  ["campaigns with spend over 1,000 last month",
    { measures: ["spend"], dateRange: { from: "2024-10-01", to: "2024-10-31" }, dimensions: ["campaignName"], having: [{ measure: "spend", operator: "gt", value: 1000 }] }],
  ["CTR by ad set for campaign \"Summer Sale\" last 14 days",
    { measures: ["ctr"], dateRange: { from: "2024-11-01", to: "2024-11-14" }, dimensions: ["adGroupName"], filters: [{ dimension: "campaignName", operator: "contains", values: ["Summer Sale"] }] }],
  ["Compare clicks last week versus the week before",
    { measures: ["clicks"], dateRange: { from: "2024-11-04", to: "2024-11-10" }, compareTo: { type: "previousPeriod" } }],
  ["cost per click on google in the last 3 months by month",
    { measures: ["cpc"], dateRange: { from: "2024-08-15", to: "2024-11-14" }, grain: "month", filters: [{ dimension: "platform", operator: "in", values: ["google_ads"] }] }],
  ["facebook vs google spend last month",
    { measures: ["spend"], dateRange: { from: "2024-10-01", to: "2024-10-31" }, dimensions: ["platform"], filters: [{ dimension: "platform", operator: "in", values: ["meta", "google_ads"] }] }],
  ["what was our conversion rate in 2023",
    { measures: ["cvr"], dateRange: { from: "2023-01-01", to: "2023-12-31" } }],
  ["worst ROAS ad last 30 days",
    { measures: ["roas"], dateRange: { from: "2024-10-16", to: "2024-11-14" }, dimensions: ["adName"], orderBy: [{ field: "roas", direction: "asc" }], limit: 1 }],
  ["CPM by day of week in Q2",
    { measures: ["cpm"], dateRange: { from: "2024-04-01", to: "2024-06-30" }, dimensions: ["dayOfWeek"] }],
  ["revenue year over year last quarter",
    { measures: ["revenue"], dateRange: { from: "2024-07-01", to: "2024-09-30" }, compareTo: { type: "samePeriodLastYear" } }],
  ["Which campaign had the highest ROAS last month?",
    { measures: ["roas"], dateRange: { from: "2024-10-01", to: "2024-10-31" }, dimensions: ["campaignName"], orderBy: [{ field: "roas", direction: "desc" }], limit: 1 }],
  ["lowest CPC by platform this month",
    { measures: ["cpc"], dateRange: { from: "2024-11-01", to: "2024-11-15" }, dimensions: ["platform"], orderBy: [{ field: "cpc", direction: "asc" }] }],
  ["bottom 3 ads by CTR last 2 weeks",
    { measures: ["ctr"], dateRange: { from: "2024-11-01", to: "2024-11-14" }, dimensions: ["adName"], orderBy: [{ field: "ctr", direction: "asc" }], limit: 3 }],
  ["spend and revenue by platform between 2024-01-01 and 2024-03-31",
    { measures: ["spend", "revenue"], dateRange: { from: "2024-01-01", to: "2024-03-31" }, dimensions: ["platform"] }],
  ["conversions on 2024-07-04",
    { measures: ["conversions"], dateRange: { from: "2024-07-04", to: "2024-07-04" } }],
  ["weekly spend on tiktok since 2024-09-01",
    { measures: ["spend"], dateRange: { from: "2024-09-01", to: "2024-11-15" }, grain: "week", filters: [{ dimension: "platform", operator: "in", values: ["tiktok"] }] }],
  ["Instagram reach last 90 days",
    { measures: ["reach"], dateRange: { from: "2024-08-17", to: "2024-11-14" }, filters: [{ dimension: "platform", operator: "in", values: ["meta"] }] }],
  ["video views by campaign this quarter",
    { measures: ["videoViews"], dateRange: { from: "2024-10-01", to: "2024-11-15" }, dimensions: ["campaignName"] }],
  ["average order value by month in 2024",
    { measures: ["aov"], dateRange: { from: "2024-01-01", to: "2024-12-31" }, grain: "month" }],
  ["cost per acquisition for Klaviyo last year",
    { measures: ["cpa"], dateRange: { from: "2023-01-01", to: "2023-12-31" }, filters: [{ dimension: "platform", operator: "in", values: ["klaviyo"] }] }],
  ["top ten campaigns by revenue in September 2024",
    { measures: ["revenue"], dateRange: { from: "2024-09-01", to: "2024-09-30" }, dimensions: ["campaignName"], orderBy: [{ field: "revenue", direction: "desc" }], limit: 10 }],
  ["impressions and clicks per day last week",
    { measures: ["impressions", "clicks"], dateRange: { from: "2024-11-04", to: "2024-11-10" }, grain: "day" }],
  ["ROAS by account since June",
    { measures: ["roas"], dateRange: { from: "2024-06-01", to: "2024-11-15" }, dimensions: ["accountName"] }],
  ["which ad set had the most conversions yesterday",
    { measures: ["conversions"], dateRange: { from: "2024-11-14", to: "2024-11-14" }, dimensions: ["adGroupName"], orderBy: [{ field: "conversions", direction: "desc" }], limit: 1 }],
  ["cheapest CPM channel past 7 days",
    { measures: ["cpm"], dateRange: { from: "2024-11-08", to: "2024-11-14" }, dimensions: ["platform"], orderBy: [{ field: "cpm", direction: "asc" }], limit: 1 }],
  ["meta spend mtd vs previous period",
    { measures: ["spend"], dateRange: { from: "2024-11-01", to: "2024-11-15" }, filters: [{ dimension: "platform", operator: "in", values: ["meta"] }], compareTo: { type: "previousPeriod" } }],
  ["Revenue by campaign in March with ROAS below 2",
    { measures: ["revenue", "roas"], dateRange: { from: "2024-03-01", to: "2024-03-31" }, dimensions: ["campaignName"], having: [{ measure: "roas", operator: "lt", value: 2 }] }],
  ["spend by quarter ytd",
    { measures: ["spend"], dateRange: { from: "2024-01-01", to: "2024-11-15" }, grain: "quarter" }],
  ["clicks compared to the same period last year by platform this month",
    { measures: ["clicks"], dateRange: { from: "2024-11-01", to: "2024-11-15" }, dimensions: ["platform"], compareTo: { type: "samePeriodLastYear" } }],
  ["what is the CPA of campaign \"Brand Q3\" in Q3 2024",
    { measures: ["cpa"], dateRange: { from: "2024-07-01", to: "2024-09-30" }, filters: [{ dimension: "campaignName", operator: "contains", values: ["Brand Q3"] }] }],
  ["total ad spend across all channels in august",
    { measures: ["spend"], dateRange: { from: "2024-08-01", to: "2024-08-31" } }],
  ["revenue by creative last month",
    { measures: ["revenue"], dateRange: { from: "2024-10-01", to: "2024-10-31" }, dimensions: ["adName"] }],
  ["best CTR campaign in November 2023",
    { measures: ["ctr"], dateRange: { from: "2023-11-01", to: "2023-11-30" }, dimensions: ["campaignName"], orderBy: [{ field: "ctr", direction: "desc" }], limit: 1 }],
];

describe("parseQuestion (rule-based)", () => {
  it("covers at least 40 phrasings", () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(PHRASINGS)("%s", (question, expected) => {
    const r = parseQuestion(question, { today });
    expect(r.notUnderstood).toEqual([]);
    expect(r.query).toEqual(expected);
  });

  it("uses the last 30 full days when no period is named, and says so", () => {
    const r = parseQuestion("spend by platform", { today });
    expect(r.query).toEqual({ measures: ["spend"], dateRange: { from: "2024-10-16", to: "2024-11-14" }, dimensions: ["platform"] });
    expect(r.understood).toContain("period: 2024-10-16 to 2024-11-14 (none given: the last 30 days)");
  });

  it("builds no query for a question without a measure and says what it did and did not understand", () => {
    expect(parseQuestion("what's the weather like in March?", { today })).toEqual({
      query: null,
      understood: ['period: 2024-03-01 to 2024-03-31 ("in march")'],
      notUnderstood: ["the words: weather", "which measure to report (e.g. spend, clicks, ROAS, CPA)"],
    });
  });

  it("refuses to guess when part of the question is unknown", () => {
    const r = parseQuestion("Meta spend for the blue widgets last month", { today });
    expect(r.query).toBeNull();
    expect(r.notUnderstood).toEqual(["the words: blue, widgets"]);
    expect(r.understood).toEqual(['period: 2024-10-01 to 2024-10-31 ("last month")', "platform: meta", "measure: spend"]);
  });

  it("reports a comparison it cannot place", () => {
    const r = parseQuestion("spend last month vs the competition", { today });
    expect(r.query).toBeNull();
    expect(r.notUnderstood).toEqual(['what to compare with ("vs the competition")']);
  });

  it("reports a second period instead of silently dropping it", () => {
    const r = parseQuestion("spend in Q1 2024 and Q2 2024", { today });
    expect(r.query).toBeNull();
    expect(r.notUnderstood).toEqual(['a second period ("q2 2024")']);
  });

  it("takes a month named without a year as its latest occurrence that has begun", () => {
    expect(parseQuestion("spend in december", { today }).query?.dateRange).toEqual({ from: "2023-12-01", to: "2023-12-31" });
    expect(parseQuestion("spend in december", { today: "2024-12-02" }).query?.dateRange).toEqual({ from: "2024-12-01", to: "2024-12-31" });
  });

  it("rolls last week and last quarter back across a year boundary", () => {
    expect(parseQuestion("clicks last week", { today: "2025-01-02" }).query?.dateRange).toEqual({ from: "2024-12-23", to: "2024-12-29" });
    expect(parseQuestion("clicks last quarter", { today: "2025-02-10" }).query?.dateRange).toEqual({ from: "2024-10-01", to: "2024-12-31" });
    expect(parseQuestion("clicks last month", { today: "2025-01-31" }).query?.dateRange).toEqual({ from: "2024-12-01", to: "2024-12-31" });
  });
});
