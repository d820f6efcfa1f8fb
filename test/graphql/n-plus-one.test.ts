import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestOrg } from "../helpers/server.js";
import { gql } from "../helpers/graphql.js";
import { upsertEntities, upsertFacts, type EntityRow, type FactRow } from "../../src/db/facts.js";
import { attributionModels, attributionResults, experimentResults, experiments, webhookDeliveries, webhookEndpoints } from "../../src/db/tables/index.js";

let server: TestServer;
let org: TestOrg;
let key: string;
let admin: string;

beforeAll(async () => {
  // The worker's takeover of abandoned sync runs reads sync_runs every heartbeat; one landing inside a counted request
  // was counted as that request's statement. This file runs no sync: an hour keeps the sweep out of every count.
  server = await startTestServer({ LIFTGATE_HEARTBEAT_MS: "3600000" });
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
  await seedParents(20);
  admin = await org.key("admin");
  for (const k of [key, admin]) await gql(server.url, k, "{ organization { id } }"); // first use writes last_used_at once
});

/** n experiments, attribution models and webhook endpoints (created a second apart, newest last), each with 3 children. */
async function seedParents(n: number) {
  const db = server.app.database.db;
  const at = (i: number, j = 0) => new Date(Date.UTC(2024, 4, 1, 0, i, j));
  const orgId = org.orgId;
  const exps = await db.insert(experiments).values(Array.from({ length: n }, (_, i) => ({ orgId, name: `E${i}`, type: "ab" as const, primaryMetric: `m${i}`, createdAt: at(i) }))).returning();
  await db.insert(experimentResults).values(exps.flatMap((e, i) => [0, 1, 2].map((j) =>
    ({ orgId, experimentId: e.id, metric: j === 2 ? `m${i}` : `other${i}`, method: "welch", inputs: {}, result: { j }, createdAt: at(i, j) }))));
  const models = await db.insert(attributionModels).values(Array.from({ length: n }, (_, i) => ({ orgId, name: `M${i}`, type: "mta" as const, status: "ready" as const, config: {}, createdAt: at(i) }))).returning();
  await db.insert(attributionResults).values(models.flatMap((m, i) => ["a", "b", "c"].map((channel, j) =>
    ({ orgId, modelId: m.id, method: j === 0 ? "first_touch" : "last_touch", channel: `${channel}${i}`, value: j, share: j / 3 }))));
  const endpoints = await db.insert(webhookEndpoints).values(Array.from({ length: n }, (_, i) => ({ orgId, url: `https://hooks.example.com/${i}`, events: ["sync.failed"], secretEnc: "x", createdAt: at(i) }))).returning();
  await db.insert(webhookDeliveries).values(endpoints.flatMap((e, i) => [0, 1, 2].map((j) =>
    ({ orgId, endpointId: e.id, event: "sync.failed", eventKey: `run:${i}:${j}`, body: `{"i":${i},"j":${j}}`, createdAt: at(i, j) }))));
}

/** The statements one request ran, and its data. */
async function counted(k: string, query: string): Promise<{ statements: number; data: any }> {
  // The key is verified from the database at most every KEY_CACHE_MS; a request just before keeps that lookup out of
  // the count however slowly the machine ran the test so far.
  await gql(server.url, k, "{ __typename }");
  let statements = 0;
  const off = server.app.database.onQuery(() => statements++);
  const r = await gql(server.url, k, query);
  off();
  expect(r.errors).toBeUndefined();
  return { statements, data: r.data };
}
afterAll(() => server.close());

async function statementsFor(first: number): Promise<{ statements: number; names: number }> {
  await gql(server.url, key, "{ __typename }"); // keeps the key's cache warm, as counted() does
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

  it("reads only the columns the page's fields need, fragments and the ad's parent included", async () => {
    await gql(server.url, key, "{ __typename }");
    const statements: string[] = [];
    const off = server.app.database.onQuery((sql) => statements.push(sql));
    const r = await gql(server.url, key, `{ facts(first: 2) { edges { node { spend ...F ad { name parent { name } } } } } } fragment F on Fact { campaign { externalId } }`);
    off();
    const selected = (alias: string) => [...statements[0]!.matchAll(new RegExp(`\\b${alias}\\."(\\w+)" as "`, "g"))].map((m) => m[1]).filter((c, i, all) => all.indexOf(c) === i).sort();
    // Cursors read id and date; relations read platform and their id column; a found entity is told by its id.
    expect(selected("f")).toEqual(["ad_id", "campaign_id", "date", "id", "platform", "spend"]);
    expect([selected("e0"), selected("e1")]).toEqual([["external_id", "id"], ["id", "level", "name", "parent_external_id", "platform"]]);
    expect(r.data!.facts.edges[0].node).toEqual({ spend: "1.000000", campaign: { externalId: "c0" }, ad: { name: "Ad 0.0", parent: { name: "Ad set 0" } } });
  });
});

describe("DataLoaders for lists under each parent", () => {
  const EXPERIMENTS = (n: number) => `{ experiments(first: ${n}) { edges { node { name analysis { metric } analyses(first: 2) { totalCount edges { node { metric } } pageInfo { hasNextPage } } } } } }`;

  it("loads a page of experiments with their latest analysis and a page of analyses each in 4 statements, whatever the page size", async () => {
    const small = await counted(key, EXPERIMENTS(5));
    const large = await counted(key, EXPERIMENTS(20));
    // experiments page, every analysis of the page's experiments (analysis), one analyses page for all, their counts.
    expect([small.statements, large.statements]).toEqual([4, 4]);
    const nodes = large.data.experiments.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(20);
    expect(nodes[0]).toEqual({ name: "E19", analysis: { metric: "m19" }, analyses: { totalCount: 3, edges: [{ node: { metric: "m19" } }, { node: { metric: "other19" } }], pageInfo: { hasNextPage: true } } });
    expect(nodes.every((n: any, i: number) => n.analysis.metric === `m${19 - i}` && n.analyses.edges.map((e: any) => e.node.metric).join() === `m${19 - i},other${19 - i}`)).toBe(true);
  });

  it("batches each distinct page of a list once: two aliased analyses pages cost one statement each", async () => {
    const r = await counted(key, `{ experiments(first: 20) { edges { node { a: analyses(first: 1) { edges { node { metric } } } b: analyses(first: 3) { edges { node { metric } } } } } } }`);
    expect(r.statements).toBe(3);
    const last = r.data.experiments.edges.at(-1).node;
    expect([last.a.edges.length, last.b.edges.map((e: any) => e.node.metric)]).toEqual([1, ["m0", "other0", "other0"]]);
  });

  it("loads a page of attribution models with their results in 2 statements, each model with its own results", async () => {
    const small = await counted(key, `{ attributionModels(first: 5) { edges { node { name results { channel } } } } }`);
    const large = await counted(key, `{ attributionModels(first: 20) { edges { node { name results { channel } last: results(method: last_touch) { channel } } } } }`);
    expect([small.statements, large.statements]).toEqual([2, 3]);
    const nodes = large.data.attributionModels.edges.map((e: any) => e.node);
    expect(nodes[0]).toEqual({ name: "M19", results: [{ channel: "a19" }, { channel: "c19" }, { channel: "b19" }], last: [{ channel: "c19" }, { channel: "b19" }] });
    expect(nodes.every((n: any, i: number) => n.results.length === 3 && n.results.every((c: any) => c.channel.endsWith(`${19 - i}`)))).toBe(true);
  });

  it("loads a page of webhook endpoints with a page of deliveries each in 3 statements", async () => {
    const DELIVERIES = (n: number) => `{ webhookEndpoints(first: ${n}) { edges { node { url deliveries(first: 2) { totalCount edges { node { body } } } } } } }`;
    const small = await counted(admin, DELIVERIES(5));
    const large = await counted(admin, DELIVERIES(20));
    expect([small.statements, large.statements]).toEqual([3, 3]);
    const nodes = large.data.webhookEndpoints.edges.map((e: any) => e.node);
    expect(nodes[0]).toEqual({ url: "https://hooks.example.com/19", deliveries: { totalCount: 3, edges: [{ node: { body: '{"i":19,"j":2}' } }, { node: { body: '{"i":19,"j":1}' } }] } });
    expect(nodes.every((n: any, i: number) => n.deliveries.edges.every((e: any) => JSON.parse(e.node.body).i === 19 - i))).toBe(true);
  });
});
