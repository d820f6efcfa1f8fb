import { describe, expect, it } from "vitest";
import { factCopyLines } from "../../../src/sync/loader.js";

const org = "00000000-0000-0000-0000-000000000001";
const run = "00000000-0000-0000-0000-000000000002";

describe("factCopyLines", () => {
  it("writes a minimal fact with the insert defaults: media, ad level, empty ids and breakdowns, zero measures, null reach", () => {
    const [line] = factCopyLines(org, "src", [{ platform: "meta", stream: "ads", date: "2024-03-01", currency: "USD" }]);
    expect(line).toBe(`${org}\tsrc\tmeta\tads\tmedia\tad\t2024-03-01\t\t\t\t\t\t\t{}\t0\t0\t0\t0\t0\t\\N\t\\N\tUSD\t\\N\t\\N\t{}\t\\N\n`);
  });

  it("writes every field of a full fact in column order, breakdowns keyed in sorted order, the run id last", () => {
    const [line] = factCopyLines(org, "src", [{
      platform: "google", stream: "geo", kind: "outcome", level: "campaign", date: "2024-03-02", accountId: "a1", campaignId: "c1", adGroupId: "g1", adId: "x1",
      breakdowns: { region: "EU", device: "mobile" }, spend: "1.50", impressions: 10, clicks: 2, conversions: 0.5, revenue: "3", reach: 7, videoViews: 1,
      currency: "EUR", accountTimezone: "Europe/Paris", attributionSetting: "7d_click", extras: { note: "x" },
    }], run);
    expect(line).toBe(`${org}\tsrc\tgoogle\tgeo\toutcome\tcampaign\t2024-03-02\ta1\tc1\tg1\tx1\tdevice=mobile|region=EU\tdevice,region\t{"region":"EU","device":"mobile"}\t1.50\t10\t2\t0.5\t3\t7\t1\tEUR\tEurope/Paris\t7d_click\t{"note":"x"}\t${run}\n`);
  });

  it("escapes backslashes, tabs and line breaks in text and JSON", () => {
    const [line] = factCopyLines(org, "src", [{ platform: "meta", stream: "ads", date: "2024-03-01", currency: "USD", campaignId: "a\tb\\c", extras: { n: "x\ny" } }]);
    expect(line!.split("\t")[8]).toBe("a\\tb\\\\c");
    expect(line!.split("\t").length).toBe(26);
    expect(line).toContain(`{"n":"x\\\\ny"}`);
  });
});
