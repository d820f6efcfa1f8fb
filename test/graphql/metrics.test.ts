import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertFacts } from "../../src/db/facts.js";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { InsightsDocument, MetricsComparisonDocument, MetricsTableDocument } from "../../generated/graphql.js";

let server: TestServer;
let key: string;
let otherKey: string;

const Q = MetricsTableDocument;

beforeAll(async () => {
  server = await startTestServer();
  const org = await server.createOrg("Metrics");
  key = await org.key("viewer");
  const other = await server.createOrg("Other");
  otherKey = await other.key("viewer");
  const fact = (platform: string, date: string, spend: number, clicks: number, impressions: number) =>
    ({ platform, stream: "campaigns", level: "campaign" as const, date, campaignId: `${platform}-c`, currency: "USD", spend, clicks, impressions });
  await upsertFacts(server.app.database.db, org.orgId, "s1", [
    fact("meta", "2024-05-01", 10, 5, 100), fact("meta", "2024-05-02", 30, 15, 900), fact("google", "2024-05-02", 20, 4, 400),
    fact("meta", "2024-04-30", 8, 2, 200),
  ]);
});
afterAll(() => server.close());

describe("metrics over GraphQL", () => {
  it("returns a flat table with columns named after the request, and totals", async () => {
    const r = await gql(server.url, key, Q, { query: { measures: ["spend", "ctr"], dimensions: ["platform"], dateRange: { from: "2024-05-01", to: "2024-05-02" } } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.metrics).toEqual({
      columns: [
        { name: "platform", role: "dimension", type: "string" },
        { name: "spend", role: "measure", type: "money" },
        { name: "ctr", role: "measure", type: "number" },
      ],
      // ctr = Σclicks ÷ Σimpressions: 24 ÷ 1400
      rows: [{ platform: "google", spend: "20", ctr: 0.01 }, { platform: "meta", spend: "40", ctr: 0.02 }],
      totals: { spend: "60", ctr: 0.017143 }, totalCount: 2, pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
      currency: "USD", missingRates: [], compareRange: null,
    });
  });

  it("compares with the previous period by day", async () => {
    const r = await gql(server.url, key, MetricsComparisonDocument, { query: { measures: ["spend"], grain: "day", dateRange: { from: "2024-05-01", to: "2024-05-01" }, compareTo: { type: "previousPeriod" } } });
    expect(r.data!.metrics.rows).toEqual([{ date: "2024-05-01", period: "2024-05-01", comparedDate: "2024-04-30", spend: "10", spendCompared: "8", spendChange: "2", spendRelativeChange: 0.25 }]);
  });

  it("gives another org's key none of these facts", async () => {
    const r = await gql(server.url, otherKey, Q, { query: { measures: ["spend"], dateRange: { from: "2024-04-01", to: "2024-05-31" } } });
    expect([r.data!.metrics.totals, r.data!.metrics.totalCount]).toEqual([{ spend: "0", ctr: null }, 0]);
  });

  it("says BAD_USER_INPUT for a reversed range and UNAUTHENTICATED without a key", async () => {
    const bad = await gql(server.url, key, Q, { query: { measures: ["spend"], dateRange: { from: "2024-05-02", to: "2024-05-01" } } });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    const anon = await gql(server.url, null, Q, { query: { measures: ["spend"], dateRange: { from: "2024-05-01", to: "2024-05-01" } } });
    expect(codes(anon)).toEqual(["UNAUTHENTICATED"]);
  });

  it("summarises KPIs per platform and overall with change", async () => {
    const r = await gql(server.url, key, InsightsDocument, { dateRange: { from: "2024-05-02", to: "2024-05-02" } });
    const ins = r.data!.insights;
    expect(ins.compareRange).toEqual({ from: "2024-05-01", to: "2024-05-01" });
    expect(ins.overall.kpis[0]).toEqual({ measure: "spend", value: "50", compared: "10", change: "40", relativeChange: 4 });
    expect(ins.platforms.map((p) => [p.platform, p.kpis[0]!.value])).toEqual([["google", "20"], ["meta", "30"]]);
  });
});
