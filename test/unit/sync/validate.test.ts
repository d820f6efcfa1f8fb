import { describe, expect, it } from "vitest";
import type { FactRow } from "../../../src/db/facts.js";
import { checkFact } from "../../../src/sync/validate.js";

const row = (over: Partial<FactRow> = {}): FactRow => ({ platform: "meta", stream: "ads", date: "2024-03-01", spend: "1.50", impressions: 10, clicks: 1, currency: "USD", ...over });

describe("checkFact", () => {
  it.each<[string, Partial<FactRow>, { field: string; reason: string } | undefined]>([
    ["a good row", {}, undefined],
    ["an impossible date", { date: "2024-02-30" }, { field: "date", reason: 'date "2024-02-30" is not a YYYY-MM-DD calendar date' }],
    ["a date two days ahead", { date: "2024-03-12" }, { field: "date", reason: "date 2024-03-12 is in the future" }],
    ["a lower-case currency", { currency: "usd" }, { field: "currency", reason: "currency must be a 3-letter ISO 4217 code" }],
    ["negative spend", { spend: "-0.01" }, { field: "spend", reason: "spend is negative" }],
    ["text spend", { spend: "12,50" }, { field: "spend", reason: "spend is not a number" }],
    ["fractional clicks", { clicks: 1.5 }, { field: "clicks", reason: "clicks must be a whole number" }],
    ["spend over numeric(20,6)", { spend: "100000000000000" }, { field: "spend", reason: "spend is too large (at most 14 integer digits)" }],
    ["negative revenue (refunds)", { revenue: "-20" }, undefined],
  ])("%s", (_label, over, expected) => {
    expect(checkFact(row(over), "2024-03-10")).toEqual(expected);
  });
  it("allows tomorrow, for account timezones ahead of UTC", () => {
    expect(checkFact(row({ date: "2024-03-11" }), "2024-03-10")).toBeUndefined();
  });
});
