import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeEntity, normalizeReportRow, type TikTokReportRecord } from "../../../src/plugins/tiktok-ads/normalize.js";
import { addDecimals, countOf, decimalOf } from "../../../src/plugins/tiktok-ads/values.js";

const fixtures = new URL("../../../../shared/fixtures/platforms/", import.meta.url);
const body = JSON.parse(readFileSync(new URL("tiktok_report_integrated_get_ads_hourly.airbyte.json", fixtures), "utf8")) as {
  code: number; data: { list: TikTokReportRecord[] };
};
const withAdvertiser = (r: TikTokReportRecord) => ({ ...r, currency: "USD", timezone: "Etc/GMT" });

describe("TikTok values", () => {
  it.each([
    ["20.00", "20.00"], [1.64, "1.64"], [0, "0"], [null, null], ["-", null], ["1,234.5", "1234.5"],
  ] as const)("decimalOf(%j) is %j", (v, want) => expect(decimalOf("x", v)).toBe(want));

  it("counts parse strings and numbers and keep null for '-'", () => {
    expect([countOf("a", "5830"), countOf("b", 5173), countOf("c", "-"), countOf("d", null)]).toEqual([5830, 5173, null, null]);
  });

  it("rejects values that are not numbers, null or '-'", () => {
    expect(() => decimalOf("spend", "twenty")).toThrow('metric spend has the value "twenty", which is not a number, null or "-"');
  });

  it("adds decimals exactly", () => expect(addDecimals("0.1", "0.2", null, "10")).toBe("10.3"));

  it("parses every value column of Fivetran's TikTok seed, '-' included", () => {
    const [header, ...lines] = readFileSync(new URL("fivetran_tiktok_ad_report_hourly_data.csv", fixtures), "utf8").trim().split("\n");
    const cols = header!.split(",");
    const secondary = cols.indexOf("COST_PER_SECONDARY_GOAL_RESULT");
    const spend = cols.indexOf("SPEND");
    const parsed = lines.map((l) => l.split(",")).map((c) => [decimalOf("cpsgr", c[secondary]!), decimalOf("spend", c[spend]!)]);
    expect(parsed).toEqual([[null, "2.22"], [null, "0.22"], [null, "0"], [null, "0.22"]]);
  });
});

describe("TikTok report rows", () => {
  it("the fixture is a success body with two hourly rows", () => {
    expect(body.code).toBe(0);
    expect(body.data.list).toHaveLength(2);
  });

  it("maps the first hourly fixture row to one exact fact with its hour as a breakdown", () => {
    const { facts, rejects } = normalizeReportRow(withAdvertiser(body.data.list[0]!));
    expect(rejects).toEqual([]);
    expect(facts).toEqual([{
      platform: "tiktok", stream: "ad_daily", level: "ad", date: "2024-01-01",
      accountId: "872746382648", campaignId: "1714125042508817", adGroupId: "1714125049901106", adId: "11111111",
      breakdowns: { hour: "09" },
      spend: "20.00", impressions: 5830, clicks: 69, conversions: "0", revenue: "0", reach: 4806, videoViews: 5173,
      currency: "USD", accountTimezone: "Etc/GMT",
      extras: { result: "69", frequency: "1.21", video_views_p25: "513", video_views_p50: "214", video_views_p75: "140", video_views_p100: "92", likes: "36", shares: "0", comments: "0", follows: "0" },
    }]);
  });

  it("keeps the two hours of the same ad and day as distinct facts", () => {
    const hours = body.data.list.map((r) => normalizeReportRow(withAdvertiser(r)).facts[0]!.breakdowns);
    expect(hours).toEqual([{ hour: "09" }, { hour: "10" }]);
  });

  it("names the campaign, ad group and ad from the report row", () => {
    const { entities } = normalizeReportRow(withAdvertiser(body.data.list[0]!));
    expect(entities.map((e) => [e.level, e.externalId, e.parentExternalId, e.name])).toEqual([
      ["campaign", "1714125042508817", "872746382648", "Website Traffic20211020010104"],
      ["ad_group", "1714125049901106", "1714125042508817", "Ad Group20211020010107"],
      ["ad", "11111111", "1714125049901106", "Optimized Version 4_202110201102_2021-10-20 11:02:00"],
    ]);
  });

  it("daily rows carry no breakdown; lead value counts only when asked", () => {
    const row: TikTokReportRecord = {
      dimensions: { ad_id: "7", stat_time_day: "2024-03-02 00:00:00" }, advertiser_id: "9", currency: "EUR",
      metrics: { spend: 1.5, impressions: "-", clicks: null, conversion: "3", total_purchase_value: "10.10", total_sales_lead_value: "2.05" },
    };
    const plain = normalizeReportRow(row).facts[0]!;
    expect([plain.date, plain.breakdowns, plain.spend, plain.impressions, plain.clicks, plain.conversions, plain.revenue]).toEqual(["2024-03-02", undefined, "1.5", 0, 0, "3", "10.1"]);
    expect(normalizeReportRow(row, { countLeadValue: true }).facts[0]!.revenue).toBe("12.15");
  });

  it("rejects a row with an unreadable metric, naming the field", () => {
    const row: TikTokReportRecord = { dimensions: { ad_id: "7", stat_time_day: "2024-03-02 00:00:00" }, currency: "EUR", metrics: { spend: "abc" } };
    expect(normalizeReportRow(row)).toEqual({ facts: [], entities: [], rejects: [{ field: "spend", reason: 'ad 7 on 2024-03-02 00:00:00: metric spend has the value "abc", which is not a number, null or "-"' }] });
  });

  it("rejects a row without currency rather than guessing one", () => {
    expect(normalizeReportRow(body.data.list[0]!).rejects).toEqual([{ field: "currency", reason: "report row for ad 11111111 has no advertiser currency; read advertiser/info first" }]);
  });
});

describe("TikTok entities", () => {
  it("maps an ad record with its parent ad group", () => {
    expect(normalizeEntity("ads", { advertiser_id: 1, ad_id: 2, adgroup_id: 3, ad_name: "A", operation_status: "ENABLE", currency: "USD" }).entities).toEqual([
      { platform: "tiktok", accountExternalId: "1", currency: "USD", timezone: null, status: "ENABLE", level: "ad", externalId: "2", parentExternalId: "3", name: "A" },
    ]);
  });
  it("rejects a campaign without an id", () => {
    expect(normalizeEntity("campaigns", { campaign_name: "x" }).rejects).toEqual([{ reason: "campaigns record has no campaign_id", field: "campaign_id" }]);
  });
});
