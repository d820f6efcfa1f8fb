import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestOrg } from "../helpers/server.js";
import { gql } from "../helpers/graphql.js";
import { upsertEntities, upsertFacts, type EntityRow, type FactRow } from "../../src/db/facts.js";

let server: TestServer;
let org: TestOrg;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  org = await server.createOrg("Loaders");
  key = await org.key("viewer");
  const entities: EntityRow[] = [];
  const facts: FactRow[] = [];
  for (let c = 0; c < 20; c++) {
    entities.push({ platform: "meta", level: "campaign", externalId: `c${c}`, name: `Campaign ${c}` });
    entities.push({ platform: "meta", level: "ad_group", externalId: `g${c}`, parentExternalId: `c${c}`, name: `Ad set ${c}` });
    for (let a = 0; a < 5; a++) {
      entities.push({ platform: "meta", level: "ad", externalId: `c${c}a${a}`, parentExternalId: `g${c}`, name: `Ad ${c}.${a}` });
      facts.push({ platform: "meta", stream: "ads", date: "2024-05-01", campaignId: `c${c}`, adId: `c${c}a${a}`, spend: "1", currency: "USD" });
    }
  }
  await upsertEntities(server.app.database.db, org.orgId, null, entities);
  await upsertFacts(server.app.database.db, org.orgId, "s", facts);
  await gql(server.url, key, "{ organization { id } }"); // first use writes last_used_at once
});
afterAll(() => server.close());

async function statementsFor(first: number): Promise<{ statements: number; names: number }> {
  let statements = 0;
  const off = server.app.database.onQuery(() => statements++);
  const r = await gql(server.url, key, `{ facts(first: ${first}) { edges { node { spend campaign { name } ad { name parent { name } } } } } }`);
  off();
  return { statements, names: r.data!.facts.edges.filter((e: any) => e.node.campaign && e.node.ad.parent).length };
}

describe("DataLoaders", () => {
  it("loads a page of 100 facts with campaign, ad and the ad's parent in a constant number of statements", async () => {
    const small = await statementsFor(10);
    const large = await statementsFor(100);
    // The key is cached; 1 facts page joining campaigns and ads, 1 batch of the ads' ad sets.
    expect(large).toEqual({ statements: 2, names: 100 });
    expect(small).toEqual({ statements: 2, names: 10 });
  });

  it("reads a page with its campaign and ad names in one statement, each fact with its own entities", async () => {
    let statements = 0;
    const off = server.app.database.onQuery(() => statements++);
    const r = await gql(server.url, key, `{ facts(first: 100) { edges { node { campaignId adId campaign { name } ...F } } } } fragment F on Fact { ad { name } adGroup { name } }`);
    off();
    const nodes = r.data!.facts.edges.map((e: any) => e.node);
    expect(statements).toBe(1);
    expect(nodes).toHaveLength(100);
    expect(nodes.every((n: any) => n.campaign.name === `Campaign ${n.campaignId.slice(1)}` && n.ad.name === `Ad ${n.adId.slice(1).replace("a", ".")}` && n.adGroup === null)).toBe(true);
  });
});
