import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { codes, gql } from "../helpers/graphql.js";

let server: TestServer;
let editor: string;

const INGEST = `mutation($input: [FactInput!]!) { ingestFacts(input: $input) { received written rejected { index field reason } } }`;
const TOTALS = `{ facts(first: 1000) { totalCount edges { node { date spend clicks conversions revenue } } } }`;
const good = (over: Record<string, unknown> = {}) => ({
  source: "pipeline", platform: "meta", date: "2024-02-29", campaignId: "c1", adId: "a1", spend: "10.50", impressions: 1000, clicks: 30,
  conversions: "1.5", revenue: "45.25", currency: "USD", ...over,
});

beforeAll(async () => {
  server = await startTestServer({ INGEST_MAX_ROWS: "3" });
  editor = await (await server.createOrg("Ingest")).key("editor");
});
afterAll(() => server.close());

describe("ingestFacts", () => {
  it("stores good rows and returns each bad row's index and reason", async () => {
    const r = await gql(server.url, editor, INGEST, {
      input: [good(), good({ date: "2023-02-29", adId: "a2" }), good({ adId: "a3", currency: "usd" })],
    });
    expect(r.data).toEqual({
      ingestFacts: {
        received: 3, written: 1,
        rejected: [
          { index: 1, field: "date", reason: "date \"2023-02-29\" is not a calendar day in YYYY-MM-DD form" },
          { index: 2, field: "currency", reason: "currency \"usd\" is not an ISO 4217 code such as USD" },
        ],
      },
    });
    const facts = await gql(server.url, editor, TOTALS);
    expect(facts.data!.facts).toEqual({
      totalCount: 1,
      edges: [{ node: { date: "2024-02-29", spend: "10.500000", clicks: 30, conversions: "1.500000", revenue: "45.250000" } }],
    });
  });

  it("updates a row sent again with the same key instead of duplicating it", async () => {
    await gql(server.url, editor, INGEST, { input: [good({ spend: "99.99" })] });
    await gql(server.url, editor, INGEST, { input: [good({ spend: "99.99" })] });
    const facts = await gql(server.url, editor, TOTALS);
    expect(facts.data!.facts.totalCount).toBe(1);
    expect(facts.data!.facts.edges[0].node.spend).toBe("99.990000");
  });

  it("rejects negative money, clicks above impressions and unknown levels with reasons", async () => {
    const r = await gql(server.url, editor, INGEST, {
      input: [good({ adId: "n1", spend: "-1" }), good({ adId: "n2", clicks: 2000 }), good({ adId: "n3", level: "keyword" })],
    });
    expect(r.data!.ingestFacts.rejected).toEqual([
      { index: 0, field: "spend", reason: "spend must not be negative" },
      { index: 1, field: "clicks", reason: "clicks exceed impressions" },
      { index: 2, field: "level", reason: "level must be one of account, campaign, ad_group, ad" },
    ]);
  });

  it("refuses a batch over the size limit with an error naming the limit", async () => {
    const r = await gql(server.url, editor, INGEST, { input: [good(), good(), good(), good()] });
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(r.errors![0]!.message).toBe("ingestFacts accepts at most 3 rows per call (INGEST_MAX_ROWS); this call sent 4. Split it into batches.");
    expect(r.errors![0]!.extensions!.limit).toBe(3);
  });

  it("refuses a bad Date literal in a filter before running, saying the expected form", async () => {
    const r = await gql(server.url, editor, `{ facts(filter: { from: "2024-13-01" }) { totalCount } }`);
    expect(codes(r)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(r.errors![0]!.message).toBe('Date must be a calendar day in YYYY-MM-DD form, got "2024-13-01".');
  });
});
