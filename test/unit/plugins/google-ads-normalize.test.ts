import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { googleConfigSpec } from "../../../src/plugins/google-ads/google-config.js";
import { microsToDecimal, normalizeGoogle, parseRow, type GoogleRow } from "../../../src/plugins/google-ads/google-normalize.js";

const batches = JSON.parse(readFileSync(new URL("../../../../shared/fixtures/platforms/google_ads_searchStream_customer_daily.json", import.meta.url), "utf8")) as { results: GoogleRow[]; fieldMask: string }[];
const rows = batches.flatMap((b) => b.results);

describe("Google Ads rows from the real searchStream body", () => {
  it("parses every row of the array of batches into exact ids and metrics", () => {
    expect(batches.length).toBe(1);
    expect(rows.map(parseRow)).toEqual([
      ["2024-06-01", 204, "1061.08362"], ["2024-06-02", 220, "1109.219997"], ["2024-06-03", 206, "1164.811394"], ["2024-06-04", 167, "999.073804"],
      ["2024-06-05", 152, "881.180318"], ["2024-06-06", 148, "735.822814"], ["2024-06-07", 147, "617.424074"],
    ].map(([date, clicks, spend]) => ({ date, customerId: "123321321", campaignId: undefined, adGroupId: undefined, spend, impressions: 0, clicks, conversions: "0", revenue: "0" })));
  });

  it("refuses to store these customer-level rows as facts: they carry no currency and no campaign", () => {
    const out = normalizeGoogle("campaign_daily", rows[0]);
    expect(out.facts).toEqual([]);
    expect(out.rejects).toEqual([{ reason: "row has no campaign id (select campaign.id)", field: "campaign.id" }]);
  });

  it("maps the same row, as the connector's query returns it (with campaign, ad group, currency), to an exact fact", () => {
    const row: GoogleRow = {
      ...rows[0], customer: { ...rows[0]!.customer, currencyCode: "USD", timeZone: "America/Los_Angeles" },
      campaign: { resourceName: "customers/123321321/campaigns/555", id: "555" }, adGroup: { resourceName: "customers/123321321/adGroups/777", id: "777" },
      metrics: { ...rows[0]!.metrics, conversions: 3.5, conversionsValue: 271.3 },
    };
    expect(normalizeGoogle("ad_group_daily", row)).toEqual({
      facts: [{
        platform: "google_ads", stream: "ad_group_daily", level: "ad_group", date: "2024-06-01", accountId: "123321321", campaignId: "555", adGroupId: "777",
        spend: "1061.08362", impressions: 0, clicks: 204, conversions: "3.5", revenue: "271.3", currency: "USD", accountTimezone: "America/Los_Angeles", attributionSetting: null, extras: {},
      }],
      entities: [], rejects: [],
    });
  });
});

describe("Google Ads values", () => {
  it("turns cost micros into exact decimals", () => {
    expect(["0", "1", "10000", "1000000", "1061083620", "123456789012345678"].map(microsToDecimal)).toEqual(["0", "0.000001", "0.01", "1", "1061.08362", "123456789012.345678"]);
  });
  it("sums spend of the fixture to the micro without float error", () => {
    const micros = rows.reduce((s, r) => s + BigInt(r.metrics!.costMicros!), 0n);
    expect(microsToDecimal(micros.toString())).toBe("6568.616021");
  });
  it("rejects rows whose int64 fields are not strings", () => {
    const bad = { ...rows[0], campaign: { id: "1" }, adGroup: { id: "2" }, customer: { id: "1", currencyCode: "USD" }, metrics: { clicks: 12 as unknown as string } };
    expect(normalizeGoogle("ad_group_daily", bad).rejects).toEqual([{ reason: "metrics.clicks must be an int64 string, got 12", field: "metrics.clicks" }]);
  });
  it("keeps campaign-level rows free of ad groups, so they never double count the ad-group stream", () => {
    const r = { ...rows[0], customer: { id: "1", currencyCode: "USD" }, campaign: { id: "9" }, adGroup: { id: "2" } };
    expect(normalizeGoogle("campaign_daily", r).rejects[0]!.field).toBe("ad_group.id");
  });
  it("stores Performance Max rows at the ad-group level with an empty ad group, so the source has one complete level", () => {
    const r = { ...rows[0], customer: { id: "1", currencyCode: "USD" }, campaign: { id: "9", advertisingChannelType: "PERFORMANCE_MAX" } };
    const f = normalizeGoogle("campaign_daily", r).facts[0]!;
    expect([f.stream, f.level, f.campaignId, f.adGroupId, f.extras]).toEqual(["campaign_daily", "ad_group", "9", "", { grain: "campaign", channelType: "PERFORMANCE_MAX" }]);
  });
});

describe("Google Ads entities and config", () => {
  it("maps customer, campaign and ad group rows to the dimension", () => {
    const c = { resourceName: "customers/1234567890", id: "1234567890", currencyCode: "EUR", timeZone: "Europe/Berlin", descriptiveName: "Shop" };
    const out = [
      normalizeGoogle("customers", { customer: c }),
      normalizeGoogle("campaigns", { customer: c, campaign: { id: "11", name: "PMax", status: "ENABLED", advertisingChannelType: "PERFORMANCE_MAX" } }),
      normalizeGoogle("ad_groups", { customer: c, campaign: { id: "12" }, adGroup: { id: "21", name: "AG", status: "PAUSED" } }),
    ].map((o) => o.entities[0]!);
    expect(out.map((e) => [e.level, e.externalId, e.parentExternalId ?? null, e.currency ?? null, e.timezone ?? null, e.objective ?? null, e.status])).toEqual([
      ["account", "1234567890", null, "EUR", "Europe/Berlin", null, null],
      ["campaign", "11", "1234567890", null, null, "PERFORMANCE_MAX", "ENABLED"],
      ["ad_group", "21", "12", null, null, null, "PAUSED"],
    ]);
  });
  it("accepts dashed customer ids and defaults the conversion lookback to 30 days", () => {
    const c = googleConfigSpec.parse({ developerToken: "d", clientId: "i", clientSecret: "s", refreshToken: "r", customerIds: ["123-456-7890"], loginCustomerId: "999-888-7777" });
    expect([c.customerIds, c.loginCustomerId, c.lookbackDays, c.tokenUrl]).toEqual([["1234567890"], "9998887777", 30, "https://oauth2.googleapis.com/token"]);
  });
  it("says what a customer id must look like", () => {
    const r = googleConfigSpec.safeParse({ developerToken: "d", clientId: "i", clientSecret: "s", refreshToken: "r", customerIds: ["12345"] });
    expect(r.error!.issues[0]!.message).toBe("a Google Ads customer id has 10 digits, e.g. 123-456-7890");
  });
});
