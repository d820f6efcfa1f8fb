import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestOrg } from "../helpers/server.js";
import { codes, gql } from "../helpers/graphql.js";
import { wsClient, wsExecute } from "../helpers/ws.js";
import { upsertEntities, upsertFacts } from "../../src/db/facts.js";

let server: TestServer;
let a: TestOrg;
let b: TestOrg;
let aKey: string;
let bKey: string;
let bKeyId: string;

const fact = (campaignId: string, spend: string) => ({ platform: "meta", stream: "ads", date: "2024-01-02", campaignId, adId: `${campaignId}-ad`, spend, currency: "USD" });

beforeAll(async () => {
  server = await startTestServer();
  a = await server.createOrg("Alpha");
  b = await server.createOrg("Beta");
  aKey = await a.key("admin");
  bKey = await b.key("admin");
  const db = server.app.database.db;
  await upsertEntities(db, a.orgId, null, [{ platform: "meta", level: "campaign", externalId: "shared-id", name: "Alpha campaign" }]);
  await upsertEntities(db, b.orgId, null, [{ platform: "meta", level: "campaign", externalId: "shared-id", name: "Beta campaign" }]);
  await upsertFacts(db, a.orgId, "src", [fact("shared-id", "1.00")]);
  await upsertFacts(db, b.orgId, "src", [fact("shared-id", "2.00"), fact("beta-only", "3.00")]);
  bKeyId = (await gql(server.url, bKey, "{ apiKeys { edges { node { id } } } }")).data!.apiKeys.edges[0].node.id;
});
afterAll(() => server.close());

describe("organization isolation", () => {
  it("facts returns only the caller's rows, even for a campaign id both orgs use", async () => {
    const r = await gql(server.url, aKey, "{ facts(first: 100) { totalCount edges { node { spend campaign { name } } } } }");
    expect(r.data!.facts).toEqual({ totalCount: 1, edges: [{ node: { spend: "1.000000", campaign: { name: "Alpha campaign" } } }] });
  });

  it("facts filtered on the other org's campaign id finds nothing", async () => {
    const r = await gql(server.url, aKey, `{ facts(first: 10, filter: { campaignIds: ["beta-only"] }) { totalCount edges { cursor } } }`);
    expect(r.data!.facts).toEqual({ totalCount: 0, edges: [] });
  });

  it("entities lists only the caller's entities", async () => {
    const r = await gql(server.url, aKey, "{ entities(first: 100) { edges { node { name } } } }");
    expect(r.data!.entities.edges).toEqual([{ node: { name: "Alpha campaign" } }]);
  });

  it("organization is always the key's own", async () => {
    const r = await gql(server.url, aKey, "{ organization { id name } }");
    expect(r.data!.organization).toEqual({ id: a.orgId, name: "Alpha" });
  });

  it("apiKeys lists only the caller's keys", async () => {
    const r = await gql(server.url, aKey, "{ apiKeys { totalCount edges { node { id } } } }");
    expect(r.data!.apiKeys.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(bKeyId);
    expect([r.data!.apiKeys.edges.length, r.data!.apiKeys.totalCount]).toEqual([1, 1]);
  });

  it("revokeApiKey cannot touch another org's key, and that key keeps working", async () => {
    const r = await gql(server.url, aKey, "mutation($id: ID!) { revokeApiKey(id: $id) { id } }", { id: bKeyId });
    expect(codes(r)).toEqual(["NOT_FOUND"]);
    expect((await gql(server.url, bKey, "{ organization { name } }")).data).toEqual({ organization: { name: "Beta" } });
  });

  it("ingestFacts writes into the caller's org only", async () => {
    await gql(server.url, aKey, "mutation($i: [FactInput!]!) { ingestFacts(input: $i) { written } }", {
      i: [{ source: "src", platform: "meta", stream: "ads", date: "2024-01-02", campaignId: "beta-only", adId: "beta-only-ad", spend: "9", currency: "USD" }],
    });
    const beta = await gql(server.url, bKey, `{ facts(first: 10, filter: { campaignIds: ["beta-only"] }) { edges { node { spend } } } }`);
    expect(beta.data!.facts.edges).toEqual([{ node: { spend: "3.000000" } }]);
    const alpha = await gql(server.url, aKey, `{ facts(first: 10, filter: { campaignIds: ["beta-only"] }) { edges { node { spend } } } }`);
    expect(alpha.data!.facts.edges).toEqual([{ node: { spend: "9.000000" } }]);
  });

  it("updateOrganization changes only the caller's org", async () => {
    await gql(server.url, aKey, `mutation { updateOrganization(input: { reportingCurrency: "EUR" }) { reportingCurrency } }`);
    const beta = await gql(server.url, bKey, "{ organization { reportingCurrency } }");
    expect(beta.data!.organization.reportingCurrency).toBe("USD");
  });

  it("a cursor from another org's page only positions the caller's own rows", async () => {
    const page = await gql(server.url, bKey, "{ facts(first: 1) { pageInfo { endCursor } } }");
    const r = await gql(server.url, aKey, "query($c: String) { facts(first: 10, after: $c) { edges { node { campaignId spend } } } }", {
      c: page.data!.facts.pageInfo.endCursor,
    });
    // Beta's first row sits between Alpha's two rows in (date, id) order; only Alpha's later row follows it.
    expect(r.data!.facts.edges).toEqual([{ node: { campaignId: "beta-only", spend: "9.000000" } }]);
  });

  it("over WebSocket, facts returns only the caller's rows", async () => {
    const client = wsClient(server.wsUrl, aKey);
    const r = await wsExecute(client, "{ facts(first: 100) { edges { node { campaign { name } } } } }");
    await client.dispose();
    expect(r.data!.facts.edges.map((e: any) => e.node.campaign?.name ?? null)).toEqual(["Alpha campaign", null]);
  });
});
