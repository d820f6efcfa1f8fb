import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertFacts } from "../../src/db/facts.js";
import { upsertFxRates } from "../../src/analytics/fx/fx-rates.service.js";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let viewer: string, editor: string, admin: string, otherViewer: string;

beforeAll(async () => {
  server = await startTestServer();
  const org = await server.createOrg("Analytics");
  [viewer, editor, admin] = [await org.key("viewer"), await org.key("editor"), await org.key("admin")];
  const other = await server.createOrg("Other");
  otherViewer = await other.key("viewer");
  await upsertFacts(server.app.database.db, other.orgId, "s", [
    { platform: "meta", stream: "c", level: "campaign", campaignId: "c9", date: "2024-07-05", currency: "EUR", spend: 10, impressions: 100, clicks: 5 },
  ]);
  await upsertFacts(server.app.database.db, org.orgId, "s", [
    { platform: "meta", stream: "c", level: "campaign", campaignId: "c1", date: "2024-07-04", currency: "USD", spend: 10, impressions: 100, clicks: 200 },
    { platform: "meta", stream: "c", level: "campaign", campaignId: "c1", date: "2024-07-05", currency: "EUR", spend: 10, impressions: 100, clicks: 5 },
  ]);
});
afterAll(() => server.close());

describe("calendar and marketing events over GraphQL", () => {
  it("returns the org's calendar days", async () => {
    const r = await gql(server.url, viewer, `{ calendar(from: "2024-07-04", to: "2024-07-04") { date isHoliday holidayName isBusinessDay dayOfWeek isoWeek fiscalYear season peakSeason events } }`);
    expect(r.data!.calendar).toEqual([{ date: "2024-07-04", isHoliday: true, holidayName: "Independence Day", isBusinessDay: false, dayOfWeek: 4, isoWeek: 27, fiscalYear: 2024, season: "summer", peakSeason: null, events: [] }]);
  });

  it("lets an editor create an event and refuses a viewer", async () => {
    const create = `mutation($i: MarketingEventInput!) { createMarketingEvent(input: $i) { id name kind startDate endDate } }`;
    const input = { i: { name: "Summer Sale", kind: "promotion", startDate: "2024-07-01", endDate: "2024-07-07" } };
    expect(codes(await gql(server.url, viewer, create, input))).toEqual(["FORBIDDEN"]);
    const r = await gql(server.url, editor, create, input);
    expect(r.data!.createMarketingEvent).toMatchObject({ name: "Summer Sale", kind: "promotion", startDate: "2024-07-01", endDate: "2024-07-07" });
    const events = await gql(server.url, viewer, `{ marketingEvents(from: "2024-07-05", to: "2024-07-05") { name } }`);
    expect(events.data!.marketingEvents).toEqual([{ name: "Summer Sale" }]);
    const other = await gql(server.url, otherViewer, `{ marketingEvents(from: "2024-07-05", to: "2024-07-05") { name } }`);
    expect(other.data!.marketingEvents).toEqual([]);
    const del = await gql(server.url, editor, `mutation($id: ID!) { deleteMarketingEvent(id: $id) }`, { id: r.data!.createMarketingEvent.id });
    expect(del.data!.deleteMarketingEvent).toBe(true);
  });
});

describe("fx rates, data quality and the causal dataset over GraphQL", () => {
  it("reports the EUR fact as missing a rate until an admin loads one", async () => {
    const q = `{ dataQuality(dateRange: { from: "2024-07-01", to: "2024-07-31" }) { score rules { rule failed examples { fields { name value } } } } }`;
    const before = await gql(server.url, viewer, q);
    const rule = (r: typeof before, id: string) => r.data!.dataQuality.rules.find((x: { rule: string }) => x.rule === id);
    expect([rule(before, "missing_exchange_rate").failed, rule(before, "clicks_above_impressions").failed]).toEqual([1, 1]);
    const set = `mutation($r: [FxRateInput!]!) { setFxRates(rates: $r) }`;
    const rates = { r: [{ date: "2024-07-05", base: "EUR", quote: "USD", rate: "1.08" }] };
    expect(codes(await gql(server.url, editor, set, rates))).toEqual(["FORBIDDEN"]);
    expect((await gql(server.url, admin, set, rates)).data!.setFxRates).toBe(1);
    expect(rule(await gql(server.url, viewer, q), "missing_exchange_rate").failed).toBe(0);
    const m = await gql(server.url, viewer, `{ metrics(query: { measures: [spend], dateRange: { from: "2024-07-04", to: "2024-07-05" } }) { totals { spend } missingRates { currency } } }`);
    expect(m.data!.metrics).toEqual({ totals: { spend: "20.8" }, missingRates: [] });
  });

  it("keeps an org's own rates to itself; shared rates serve every org, and an org's own rate wins for it", async () => {
    const spendOf = async (key: string) =>
      (await gql(server.url, key, `{ metrics(query: { measures: [spend], dateRange: { from: "2024-07-05", to: "2024-07-05" } }) { totals { spend } missingRates { currency } } }`)).data!.metrics;
    // The first org's admin set EUR→USD 1.08 for itself in the test above; the other org still has no rate.
    expect(await spendOf(otherViewer)).toEqual({ totals: { spend: "0" }, missingRates: [{ currency: "EUR" }] });
    await upsertFxRates(server.app.database.db, [{ date: "2024-07-05", base: "EUR", quote: "USD", rate: "1.5" }], "cli");
    expect(await spendOf(otherViewer)).toEqual({ totals: { spend: "15" }, missingRates: [] });
    expect(await spendOf(viewer)).toEqual({ totals: { spend: "10.8" }, missingRates: [] });
  });

  it("builds the causal panel with its correlation matrix", async () => {
    const r = await gql(server.url, viewer, `{ causalDataset(input: { dateRange: { from: "2024-07-04", to: "2024-07-05" }, treatments: ["spend"], calendarControls: false }) {
      columns rows { date spend_meta: number(column: "spend_meta") conversions: number(column: "conversions") revenue: number(column: "revenue") } channels currency correlation { columns matrix } } }`);
    expect(r.data!.causalDataset).toMatchObject({
      columns: ["date", "spend_meta", "conversions", "revenue"], channels: ["meta"], currency: "USD",
      rows: [{ date: "2024-07-04", spend_meta: 10, conversions: 0, revenue: 0 }, { date: "2024-07-05", spend_meta: 10.8, conversions: 0, revenue: 0 }],
    });
  });

  it("streams the causal panel as CSV", async () => {
    const res = await fetch(server.url.replace(/\/graphql$/, "/export/causal-dataset.csv"), {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${viewer}` },
      body: JSON.stringify({ query: { dateRange: { from: "2024-07-04", to: "2024-07-05" }, treatments: ["spend"], calendarControls: false } }),
    });
    expect(await res.text()).toBe("date,spend_meta,conversions,revenue\n2024-07-04,10,0,0\n2024-07-05,10.8,0,0\n");
  });
});
