import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { gql } from "../helpers/graphql.js";
import { FactsDocument, IngestFactsDocument, OrganizationDocument } from "../../generated/graphql.js";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  key = await (await server.createOrg("Typed")).key("editor");
});
afterAll(() => server.close());

describe("generated typed documents", () => {
  it("run against the server and page through facts with cursors", async () => {
    const input = [1, 2, 3].map((d) => ({ platform: "tiktok", date: `2024-03-0${d}`, adId: "ad1", spend: `${d}.25`, currency: "USD" }));
    const ingest = await gql(server.url, key, IngestFactsDocument, { input });
    expect(ingest.data!.ingestFacts).toEqual({ received: 3, written: 3, rejected: [] });

    const first = await gql(server.url, key, FactsDocument, { first: 2 });
    expect(first.data!.facts.edges.map((e) => [e.node.date, e.node.spend])).toEqual([["2024-03-01", "1.250000"], ["2024-03-02", "2.250000"]]);
    expect(first.data!.facts.pageInfo.hasNextPage).toBe(true);
    const second = await gql(server.url, key, FactsDocument, { first: 2, after: first.data!.facts.pageInfo.endCursor });
    expect(second.data!.facts.edges.map((e) => e.node.date)).toEqual(["2024-03-03"]);
    expect([second.data!.facts.pageInfo.hasNextPage, second.data!.facts.totalCount]).toEqual([false, 3]);

    const org = await gql(server.url, key, OrganizationDocument);
    expect(org.data!.organization.name).toBe("Typed");
  });

  it("refuses a cursor that was not issued by the server", async () => {
    const r = await gql(server.url, key, FactsDocument, { first: 2, after: "bm9wZQ" });
    expect(r.errors!.map((e) => [e.extensions!.code, e.message])).toEqual([
      ["BAD_USER_INPUT", "The `after` cursor is not valid; pass an `endCursor` or edge `cursor` returned by this query."],
    ]);
  });
});
