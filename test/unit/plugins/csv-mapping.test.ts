import { describe, expect, it } from "vitest";
import { canonicalHeader, detectColumns } from "../../../src/plugins/csv/columns.js";
import { normalizeCsvRow } from "../../../src/plugins/csv/normalize.js";
import { parseCount, parseDate, parseDecimal, valueOptions } from "../../../src/plugins/csv/values.js";

const US = { decimalSeparator: "." as const };
const EU = { decimalSeparator: "," as const };

describe("CSV header detection", () => {
  it("maps a Meta Ads Manager export, taking the currency from the spend header and leaving Results out of conversions", () => {
    const header = ["Campaign name", "Reporting starts", "Reporting ends", "Impressions", "Link clicks", "Results", "Amount spent (EUR)", "Purchases conversion value"];
    const m = detectColumns(header);
    expect(m.index).toEqual({ campaign: 0, date: 1, dateEnd: 2, impressions: 3, clicks: 4, spend: 6, revenue: 7 });
    expect([m.headerCurrency, m.profile]).toEqual(["EUR", "meta-ads-manager"]);
    expect(detectColumns(header, {}, { resultsAsConversions: true }).index.conversions).toBe(5);
  });

  it("maps a Google Ads export (Day, Cost, Conv. value, Currency code)", () => {
    const m = detectColumns(["Day", "Campaign", "Currency code", "Cost", "Impr.", "Clicks", "Conversions", "Conv. value"]);
    expect(m.index).toEqual({ date: 0, campaign: 1, currency: 2, spend: 3, impressions: 4, clicks: 5, conversions: 6, revenue: 7 });
  });

  it("prefers 'clicks' over 'link clicks' when both exist", () => {
    expect(detectColumns(["date", "campaign", "spend", "link clicks", "clicks"]).index.clicks).toBe(4);
  });

  it("lets explicit overrides win and frees the overridden column", () => {
    const m = detectColumns(["Date", "Campaign", "Spend", "Clicks", "Unique clicks"], { clicks: "unique clicks" });
    expect(m.index.clicks).toBe(4);
  });

  it("names the missing columns and how to override them", () => {
    expect(() => detectColumns(["When", "Campaign", "Spend"])).toThrow(expect.objectContaining({
      name: "MappingError",
      message: 'Cannot find the date column in the header ("When", "Campaign", "Spend"). Rename the column or name it explicitly, e.g. --column date="<header>".',
      brief: "Cannot find the date column in the header (3 columns). Rename the column or name it explicitly in the connection's columns.",
    }));
  });

  it("rejects an override naming a header that is not there", () => {
    expect(() => detectColumns(["Date", "Campaign", "Spend"], { revenue: "Sales" })).toThrow('Column "Sales" given for revenue is not in the header. The header has: "Date", "Campaign", "Spend".');
  });

  it("canonicalises punctuation and currency suffixes", () => expect(canonicalHeader(" Conv. value (USD) ")).toBe("conv value"));
});

describe("CSV cell values", () => {
  it.each([
    ["1,234.50", US, "1234.50"], ["$1,234.50", US, "1234.50"], ["1.234,50 €", EU, "1234.50"], ["0,5", EU, "0.5"],
    ["", US, "0"], ["-", US, "0"], ["007", US, "7"], ["1 234,5", { decimalSeparator: ",", thousandsSeparator: " " } as const, "1234.5"],
  ] as const)("parseDecimal(%j) = %j", (cell, opts, want) => expect(parseDecimal(cell, "spend", opts)).toBe(want));

  it("refuses a thousands separator in an impossible place", () => {
    expect(() => parseDecimal("1,5", "spend", US)).toThrow('spend "1,5" has "," in a place a thousands separator cannot be; check the decimal and thousands separators');
  });
  it("refuses negative and non-numeric money", () => {
    expect(() => parseDecimal("-3", "spend", US)).toThrow('spend "-3" is negative');
    expect(() => parseDecimal("abc", "revenue", US)).toThrow('revenue "abc" is not a number (decimal separator ".", thousands separator ",")');
  });
  it("requires whole counts", () => expect(() => parseCount("12.5", "clicks", US)).toThrow('clicks "12.5" is not a whole number'));

  it.each([
    ["2024-03-05", "auto", "2024-03-05"], ["2024/3/5", "auto", "2024-03-05"], ["2024-03-05 00:00:00", "auto", "2024-03-05"],
    ["03/05/2024", "MM/DD/YYYY", "2024-03-05"], ["03/05/2024", "DD/MM/YYYY", "2024-05-03"], ["5.3.2024", "DD.MM.YYYY", "2024-03-05"],
  ] as const)("parseDate(%j, %s) = %s", (cell, fmt, want) => expect(parseDate(cell, fmt)).toBe(want));

  it("asks for a date format when the date is not ISO", () => {
    expect(() => parseDate("03/05/2024", "auto")).toThrow('the date "03/05/2024" is not YYYY-MM-DD; set the date format (e.g. MM/DD/YYYY or DD/MM/YYYY)');
  });
  it("refuses days that do not exist", () => expect(() => parseDate("2024-02-30", "auto")).toThrow('the date "2024-02-30" does not exist'));
});

describe("CSV rows → facts", () => {
  const ctx = { ...valueOptions.parse({}), platform: "meta", headerCurrency: "EUR" };
  it("maps a campaign row with the header currency", () => {
    expect(normalizeCsvRow({ date: "2024-03-05", campaign: "Spring", spend: "12.50", impressions: "1,000", clicks: "40", conversions: "2", revenue: "80" }, ctx)).toEqual({
      facts: [{ platform: "meta", stream: "csv", level: "campaign", date: "2024-03-05", accountId: "", campaignId: "Spring", adGroupId: "", adId: "", spend: "12.50", impressions: 1000, clicks: 40, conversions: "2", revenue: "80", currency: "EUR", extras: { campaign_name: "Spring" } }],
      entities: [], rejects: [],
    });
  });
  it("uses the ad level when an ad column is present and the currency column over the header", () => {
    const f = normalizeCsvRow({ date: "2024-03-05", campaign: "Spring", ad: "Video 1", spend: "1", currency: "usd" }, ctx).facts[0]!;
    expect([f.level, f.adId, f.currency]).toEqual(["ad", "Video 1", "USD"]);
  });
  it("rejects a row spanning several days", () => {
    expect(normalizeCsvRow({ date: "2024-03-01", dateEnd: "2024-03-31", campaign: "S", spend: "1" }, ctx).rejects).toEqual([{ reason: "the row covers 2024-03-01 to 2024-03-31; export one row per day (a daily time breakdown)" }]);
  });
  it("rejects a row without currency when none is known", () => {
    expect(normalizeCsvRow({ date: "2024-03-01", campaign: "S", spend: "1" }, { ...ctx, headerCurrency: undefined }).rejects).toEqual([{ reason: "no currency: add a currency column or set the default currency" }]);
  });
});
