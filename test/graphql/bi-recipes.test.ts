import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertFacts } from "../../src/db/facts.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Each README recipe (README.md, "BI tools") is run here as the tool runs it: the README's own
// query text, and the method, headers and body that tool sends.
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = README.slice(README.indexOf("### BI tools"), README.indexOf("### Search and plain-English"));
/** The first fenced block of a language after a marker of the BI section. */
function block(after: string, lang: string): string {
  const from = section.indexOf(after);
  expect(from).toBeGreaterThanOrEqual(0);
  const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)\\n\\s*```").exec(section.slice(from));
  return m![1]!.replace(/^ {2}/gm, "");
}

const UA = {
  sheets: "Mozilla/5.0 (compatible; GoogleDocs; apps-spreadsheets; +http://docs.google.com)",
  powerQuery: "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)",
  appsScript: "Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: UAEmdDd8ZQUEpLyQ5nDkB)",
  grafana: "Grafana/11.3.0",
};

let server: TestServer;
let key: string;
let link: string;

beforeAll(async () => {
  server = await startTestServer();
  const org = await server.createOrg("BI");
  key = await org.key("viewer");
  await upsertFacts(server.app.database.db, org.orgId, "s", [
    { platform: "meta", stream: "c", level: "campaign", campaignId: "m1", date: "2024-07-01", currency: "USD", spend: "100.10", clicks: 40, revenue: "250.25" },
    { platform: "meta", stream: "c", level: "campaign", campaignId: "m1", date: "2024-07-02", currency: "USD", spend: "50", clicks: 10, revenue: "0" },
    { platform: "google", stream: "c", level: "campaign", campaignId: "g1", date: "2024-07-01", currency: "USD", spend: "20.05", clicks: 5, revenue: "60.15" },
    { platform: "google", stream: "c", level: "campaign", campaignId: "g1", date: "2024-07-09", currency: "USD", spend: "999", clicks: 9, revenue: "1" },
  ]);
  // The README's createExportLink mutation, as written there.
  const created = await fetch(server.url, {
    method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: block("### BI tools", "graphql") }),
  });
  const body = (await created.json()) as { data: { createExportLink: { url: string; exportLink: { status: string } } } };
  expect(body.data.createExportLink.exportLink.status).toBe("active");
  link = body.data.createExportLink.url;
});
afterAll(() => server.close());

// 2024-07-01..07 by day and platform; ROAS = revenue ÷ spend (3.0 for google, 250.25/100.10 = 2.5 for meta, 0 on the 2nd).
// The CSV's columns are the metrics query's: dimensions, the day's date and period label, then the measures.
const CSV = "platform,date,period,spend,clicks,roas\ngoogle,2024-07-01,2024-07-01,20.05,5,3\nmeta,2024-07-01,2024-07-01,100.1,40,2.5\nmeta,2024-07-02,2024-07-02,50,10,0\n";

describe("BI recipes from the README", () => {
  it("Google Sheets IMPORTDATA: a GET of the signed link with Sheets' user agent and no credentials", async () => {
    expect(section).toContain('=IMPORTDATA("http://127.0.0.1:4000/export/links/lgx_….csv")');
    const res = await fetch(link, { headers: { "user-agent": UA.sheets, accept: "*/*", "accept-encoding": "gzip, deflate, br" } });
    expect([res.status, res.headers.get("content-type"), await res.text()]).toEqual([200, "text/csv; charset=utf-8", CSV]);
  });

  it("Excel / Power BI From Web: Power Query's GET of the same link", async () => {
    const res = await fetch(link, { headers: { "user-agent": UA.powerQuery, "accept-encoding": "gzip, deflate" } });
    expect([res.status, await res.text()]).toEqual([200, CSV]);
  });

  it("Looker Studio: Apps Script's UrlFetchApp GET of the link", async () => {
    const res = await fetch(link, { headers: { "user-agent": UA.appsScript, "accept-encoding": "gzip, deflate, br" } });
    expect([res.status, await res.text()]).toEqual([200, CSV]);
  });

  it("Power BI Web.Contents: a POST of Json.FromValue([query = …]) with the key, read at data.metrics.rows", async () => {
    const m = block("bi-recipe: power-bi-graphql", "powerquery");
    // The M string literal, with M's doubled quotes undone: what Json.FromValue serializes.
    const query = /query = "((?:[^"]|"")*)"/.exec(m)![1]!.replace(/""/g, '"');
    const url = /Web\.Contents\("([^"]+)"/.exec(m)![1]!.replace("http://127.0.0.1:4000/graphql", server.url);
    expect(m).toContain('#"Content-Type" = "application/json", Authorization = "Bearer <key>"');
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}`, "user-agent": UA.powerQuery, "accept-encoding": "gzip, deflate" },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data: { metrics: { rows: unknown[] } } };
    expect([res.status, body.data.metrics.rows]).toEqual([200, [
      { date: "2024-07-01", platform: "google", spend: "20.05", clicks: 5, roas: 3 },
      { date: "2024-07-01", platform: "meta", spend: "100.1", clicks: 40, roas: 2.5 },
      { date: "2024-07-02", platform: "meta", spend: "50", clicks: 10, roas: 0 },
    ]]);
  });

  it("Grafana Infinity (GraphQL, POST, bearer token): the panel's query with the dashboard range interpolated, rows at data.metrics.rows", async () => {
    const panel = block("bi-recipe: grafana-infinity", "graphql");
    expect(section).toContain("Root selector `data.metrics.rows`");
    // Grafana interpolates the dashboard's time range before Infinity sends the query.
    const query = panel.replace("${__from:date:YYYY-MM-DD}", "2024-07-01").replace("${__to:date:YYYY-MM-DD}", "2024-07-02");
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${key}`, "user-agent": UA.grafana },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as Record<string, any>;
    const rows = "data.metrics.rows".split(".").reduce((v, k) => v?.[k], body);
    expect([res.status, rows]).toEqual([200, [
      { date: "2024-07-01", platform: "google", spend: "20.05", roas: 3 },
      { date: "2024-07-01", platform: "meta", spend: "100.1", roas: 2.5 },
      { date: "2024-07-02", platform: "meta", spend: "50", roas: 0 },
    ]]);
  });
});
