import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { valueOptions } from "../../../src/plugins/csv/values.js";
import { normalizeCsvRow } from "../../../src/plugins/csv/normalize.js";
import { parseCsvStream, type CsvItem, type CsvStreamOptions } from "../../../src/plugins/csv/parse-stream.js";

// Exports as the platforms' UIs download them (test/fixtures/exports): Ads Manager's BOM, summary row, Results
// beside Purchases and range-wide "Reporting starts/ends" on per-day rows; Google Ads' title and date-range lines,
// grouped numbers and "Total: …" rows.
const fixture = (name: string) => new URL(`../../fixtures/exports/${name}`, import.meta.url);
const collect = async (source: AsyncIterable<Buffer | string>, opts: CsvStreamOptions = {}) => {
  const out: CsvItem[] = [];
  for await (const item of parseCsvStream(source, opts)) out.push(item);
  return out;
};
const facts = (items: CsvItem[], platform: string) =>
  items.flatMap((i) => (i.kind === "row" ? normalizeCsvRow(i.row, { ...valueOptions.parse({}), platform, headerCurrency: "USD" }).facts : []));

describe("Meta Ads Manager export broken down by Day", () => {
  it("dates each row by its Day, skips the summary row and takes conversions from Purchases, not Results", async () => {
    const items = await collect(createReadStream(fixture("meta-ads-manager-campaigns-by-day.csv")));
    expect(items.filter((i) => i.kind === "summary").map((i) => [i.line, (i as { reason: string }).reason])).toEqual([[2, "the summary row (no campaign, ad set or ad)"]]);
    const rows = facts(items, "meta");
    expect(rows.map((f) => [f.date, f.campaignId, f.spend, f.conversions, f.revenue, f.clicks])).toEqual([
      ["2026-11-01", "Prospecting - Traffic", "120.50", "3", "187.20", 412],
      ["2026-11-02", "Prospecting - Traffic", "98.75", "2", "121.00", 366],
      ["2026-11-03", "Prospecting - Traffic", "110.00", "0", "0", 389],
      ["2026-11-01", "Retargeting - Sales", "64.20", "9", "612.45", 97],
      ["2026-11-02", "Retargeting - Sales", "71.35", "11", "734.90", 104],
      ["2026-11-03", "Retargeting - Sales", "58.90", "7", "455.10", 88],
    ]);
    expect(rows.reduce((s, f) => s + Number(f.conversions), 0)).toBe(32);
  });

  it("takes Purchases even when Results are allowed as conversions", async () => {
    const items = await collect(createReadStream(fixture("meta-ads-manager-campaigns-by-day.csv")), { resultsAsConversions: true });
    expect(facts(items, "meta").map((f) => f.conversions)).toEqual(["3", "2", "0", "9", "11", "7"]);
  });

  it("refuses Results named as the conversions column while a Purchases column exists", async () => {
    await expect(collect(createReadStream(fixture("meta-ads-manager-campaigns-by-day.csv")), { columns: { conversions: "Results" } }))
      .rejects.toThrow('"Results" counts a different event per campaign objective; conversions come from the "Purchases" column. Drop the conversions column choice.');
  });

  it("leaves Results out of conversions without a Purchases column unless asked", async () => {
    const plain = facts(await collect(createReadStream(fixture("meta-ads-manager-results-only.csv"))), "meta");
    expect(plain.map((f) => [f.date, f.campaignId, f.spend, f.conversions])).toEqual([["2026-11-04", "Lead Gen - Webinar", "99.90", "0"], ["2026-11-04", "Awareness - Video", "83.80", "0"]]);
    const asked = facts(await collect(createReadStream(fixture("meta-ads-manager-results-only.csv")), { resultsAsConversions: true }), "meta");
    expect(asked.map((f) => f.conversions)).toEqual(["54", "31020"]);
  });
});

describe("Google Ads report as downloaded", () => {
  it("finds the header below the title and date-range lines and skips the Total rows", async () => {
    let preamble = -1;
    const items = await collect(createReadStream(fixture("google-ads-campaign-report.csv")), { onHeader: (_m, lines) => { preamble = lines; } });
    expect(preamble).toBe(2);
    expect(items.filter((i) => i.kind !== "row").map((i) => [i.kind, i.line, (i as { reason: string }).reason])).toEqual([
      ["summary", 10, 'the "Total: Account" totals row'], ["summary", 11, 'the "Total: Search" totals row'],
      ["summary", 12, 'the "Total: Performance Max" totals row'], ["summary", 13, 'the "Total: Campaigns" totals row'],
    ]);
    const rows = facts(items, "google_ads");
    expect(rows.map((f) => [f.date, f.campaignId, f.spend, f.impressions, f.clicks, f.conversions, f.revenue, f.currency])).toEqual([
      ["2026-11-01", "Search - Brand", "1204.33", 18220, 1530, "41.00", "3870.25", "USD"],
      ["2026-11-01", "Performance Max - All", "845.12", 92310, 610, "22.33", "2015.40", "USD"],
      ["2026-11-02", "Search - Brand", "1187.90", 17905, 1498, "38.50", "3655.10", "USD"],
      ["2026-11-02", "Performance Max - All", "790.45", 88004, 587, "19.67", "1802.95", "USD"],
      ["2026-11-03", "Search - Brand", "1250.00", 18640, 1577, "44.00", "4120.80", "USD"],
      ["2026-11-03", "Performance Max - All", "0.00", 0, 0, "0.00", "0.00", "USD"],
    ]);
    const cents = rows.reduce((s, f) => s + Math.round(Number(f.spend) * 100), 0);
    expect(cents).toBe(527780);
  });

  it("finds a tab-separated header below the preamble", async () => {
    const tsv = "Campaign report\nNovember 1, 2026 - November 1, 2026\nDay\tCampaign\tCurrency code\tCost\n2026-11-01\tSearch - Brand\tUSD\t1,204.33\nTotal: Account\t--\tUSD\t1,204.33\n";
    const items = await collect(Readable.from([tsv]));
    expect(items.map((i) => [i.kind, i.line])).toEqual([["row", 4], ["summary", 5]]);
  });
});

describe("a file whose header cannot be found", () => {
  const lines = ["Kampagnenbericht", "1. November 2026 - 3. November 2026", "Tag,Kampagne,Kosten", "2026-11-01,Suche,12.00"];
  it("quotes the first lines it saw and names the columns it needs, for a file the caller sent", async () => {
    await expect(collect(Readable.from([lines.join("\n")]), { quoteLines: true })).rejects.toThrow(
      'No header row found in the first 4 lines. A header needs a date column ("Date", "Day" or "Reporting starts"), a spend column ("Spend", "Amount spent" or "Cost") ' +
        'and a campaign column ("Campaign name", "Campaign" or "Campaign ID"); if yours are called otherwise, name them, e.g. --column date="<header>". The file starts:\n' +
        "  line 1: Kampagnenbericht\n  line 2: 1. November 2026 - 3. November 2026\n  line 3: Tag,Kampagne,Kosten\n  line 4: 2026-11-01,Suche,12.00",
    );
  });

  it("quotes nothing unless asked (a connection's file on the gateway's disk)", async () => {
    const error = await collect(Readable.from([lines.join("\n")])).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'No header row found in the first 4 lines. A header needs a date column ("Date", "Day" or "Reporting starts"), a spend column ("Spend", "Amount spent" or "Cost") ' +
        'and a campaign column ("Campaign name", "Campaign" or "Campaign ID"); if yours are called otherwise, name them, e.g. --column date="<header>".',
    );
  });

  it("gives up after ten lines without a header", async () => {
    const text = Array.from({ length: 30 }, (_, i) => `note ${i + 1}`).join("\n");
    const error = (await collect(Readable.from([text]), { quoteLines: true }).catch((e: Error) => e)) as Error;
    expect(error.message).toContain("No header row found in the first 10 lines.");
    expect(error.message.split("\n").slice(1)).toEqual(["  line 1: note 1", "  line 2: note 2", "  line 3: note 3", "  line 4: note 4", "  line 5: note 5"]);
  });
});
