import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertFacts } from "../../src/db/facts.js";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let a: { admin: string; viewer: string; orgId: string };
let b: { admin: string };

// Five Meta campaign-days in org A (dates out of insert order, two on one day to exercise the id tie-break).
const days = ["2024-03-03", "2024-03-01", "2024-03-02", "2024-03-02", "2024-03-04"];

beforeAll(async () => {
  server = await startTestServer();
  const oa = await server.createOrg("Relay A");
  const ob = await server.createOrg("Relay B");
  a = { admin: await oa.key("admin"), viewer: await oa.key("viewer"), orgId: oa.orgId };
  b = { admin: await ob.key("admin") };
  await upsertFacts(server.app.database.db, oa.orgId, "s1", days.map((date, i) => ({ platform: "meta", stream: "campaigns", level: "campaign" as const, date, campaignId: `c${i}`, currency: "USD", spend: 10 + i })));
  await upsertFacts(server.app.database.db, ob.orgId, "s1", [{ platform: "meta", stream: "campaigns", level: "campaign", date: "2024-03-01", campaignId: "b", currency: "USD", spend: 99 }]);
});
afterAll(() => server.close());

const FACTS = `query($first: Int, $after: String, $last: Int, $before: String) {
  facts(first: $first, after: $after, last: $last, before: $before) { totalCount edges { node { date campaignId } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
type FactsPage = { facts: { edges: { node: { date: string; campaignId: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean } } };
const page = (r: { data?: unknown }) => {
  const f = (r.data as FactsPage).facts;
  return { rows: f.edges.map((e) => `${e.node.date} ${e.node.campaignId}`), next: f.pageInfo.hasNextPage, prev: f.pageInfo.hasPreviousPage };
};

describe("Relay: global ids, node and nodes", () => {
  it("fetches every kind of object back by its nodeId", async () => {
    const exp = await gql(server.url, a.admin, `mutation { createExperiment(input: { name: "Banner", type: ab, primaryMetric: "orders", variants: [{ name: "control" }, { name: "banner" }] }) { id nodeId } }`);
    expect(exp.errors).toBeUndefined();
    const ev = await gql(server.url, a.admin, `mutation { createMarketingEvent(input: { name: "Spring sale", startDate: "2024-03-01", endDate: "2024-03-03" }) { id nodeId } }`);
    const ids = await gql(server.url, a.admin, `{ organization { id nodeId } apiKeys(first: 1) { edges { node { id nodeId } } } connectors { id nodeId }
      facts(first: 1) { edges { node { id nodeId } } } }`);
    expect(ids.errors).toBeUndefined();
    const objects: [string, string, string][] = [
      ["Experiment", exp.data!.createExperiment.nodeId, exp.data!.createExperiment.id],
      ["MarketingEventType", ev.data!.createMarketingEvent.nodeId, ev.data!.createMarketingEvent.id],
      ["Organization", ids.data!.organization.nodeId, a.orgId],
      ["ApiKey", ids.data!.apiKeys.edges[0].node.nodeId, ids.data!.apiKeys.edges[0].node.id],
      ["Connector", ids.data!.connectors[0].nodeId, ids.data!.connectors[0].id],
      ["Fact", ids.data!.facts.edges[0].node.nodeId, ids.data!.facts.edges[0].node.id],
    ];
    for (const [type, nodeId, id] of objects) {
      const r = await gql(server.url, a.admin, `query($id: ID!) { node(id: $id) { __typename nodeId ... on Experiment { id } ... on MarketingEventType { id }
        ... on Organization { id } ... on ApiKey { id } ... on Connector { id } ... on Fact { id } } }`, { id: nodeId });
      expect(r.data!.node).toEqual({ __typename: type, nodeId, id });
    }
    // Opaque, and distinct per type even for one row id.
    expect(new Set(objects.map((o) => o[1])).size).toBe(objects.length);
    expect(objects.every(([, nodeId, id]) => !nodeId.includes(id))).toBe(true);
  });

  it("gives NOT_FOUND for another organization's ids, unknown ids and forged ids, and keys to viewers stay admin-only", async () => {
    const mine = await gql(server.url, a.admin, `{ organization { nodeId } apiKeys(first: 1) { edges { node { nodeId } } } facts(first: 1) { edges { node { nodeId } } } }`);
    for (const id of [mine.data!.organization.nodeId, mine.data!.apiKeys.edges[0].node.nodeId, mine.data!.facts.edges[0].node.nodeId]) {
      const other = await gql(server.url, b.admin, `query($id: ID!) { node(id: $id) { nodeId } }`, { id });
      expect([codes(other), other.data]).toEqual([["NOT_FOUND"], null]);
    }
    const viewer = await gql(server.url, a.viewer, `query($id: ID!) { node(id: $id) { nodeId } }`, { id: mine.data!.apiKeys.edges[0].node.nodeId });
    expect(codes(viewer)).toEqual(["NOT_FOUND"]);
    const forged = Buffer.from("Experiment:not-a-uuid").toString("base64url");
    // "Fact:1" was the global id of this org's first fact when fact ids were row numbers; they are sealed now.
    const rowNumber = Buffer.from("Fact:1").toString("base64url");
    for (const id of ["nope", forged, Buffer.from("Nothing:1").toString("base64url"), rowNumber, ""]) {
      expect(codes(await gql(server.url, a.admin, `query($id: ID!) { node(id: $id) { nodeId } }`, { id }))).toEqual(["NOT_FOUND"]);
    }
  });

  it("nodes(ids:) answers in order, with null and NOT_FOUND for an id of another organization", async () => {
    const mine = await gql(server.url, a.admin, `{ organization { nodeId } }`);
    const theirs = await gql(server.url, b.admin, `{ organization { nodeId } }`);
    const r = await gql(server.url, a.admin, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename nodeId } }`,
      { ids: [mine.data!.organization.nodeId, theirs.data!.organization.nodeId] });
    expect(r.data!.nodes).toEqual([{ __typename: "Organization", nodeId: mine.data!.organization.nodeId }, null]);
    expect(codes(r)).toEqual(["NOT_FOUND"]);
    expect(r.errors![0]!.path).toEqual(["nodes", 1]);
  });
});

describe("Relay: facts page both ways", () => {
  it("pages forward with first/after and back with last/before over the same (date, id) order", async () => {
    const p1 = await gql(server.url, a.viewer, FACTS, { first: 2 });
    expect(page(p1)).toEqual({ rows: ["2024-03-01 c1", "2024-03-02 c2"], next: true, prev: false });
    expect(p1.data!.facts.totalCount).toBe(5);
    const p2 = await gql(server.url, a.viewer, FACTS, { first: 2, after: p1.data!.facts.pageInfo.endCursor });
    expect(page(p2)).toEqual({ rows: ["2024-03-02 c3", "2024-03-03 c0"], next: true, prev: true });
    const back = await gql(server.url, a.viewer, FACTS, { last: 2, before: p2.data!.facts.pageInfo.startCursor });
    expect(page(back)).toEqual({ rows: ["2024-03-01 c1", "2024-03-02 c2"], next: true, prev: false });
    const back1 = await gql(server.url, a.viewer, FACTS, { last: 1, before: p2.data!.facts.pageInfo.endCursor });
    expect(page(back1)).toEqual({ rows: ["2024-03-02 c3"], next: true, prev: true });
    const tail = await gql(server.url, a.viewer, FACTS, { last: 2 });
    expect(page(tail)).toEqual({ rows: ["2024-03-03 c0", "2024-03-04 c4"], next: false, prev: true });
  });

  it("refuses after together with before, and a tampered cursor, with BAD_USER_INPUT", async () => {
    const p1 = await gql(server.url, a.viewer, FACTS, { first: 1 });
    const c = p1.data!.facts.pageInfo.endCursor;
    expect(codes(await gql(server.url, a.viewer, FACTS, { after: c, before: c }))).toEqual(["BAD_USER_INPUT"]);
    const bad = Buffer.from(JSON.stringify(["2024-03-01'); drop table x; --", 1])).toString("base64url");
    expect(codes(await gql(server.url, a.viewer, FACTS, { last: 1, before: bad }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("counts entities and sync runs on their connections", async () => {
    const r = await gql(server.url, a.viewer, `{ entities(first: 1) { totalCount } syncRuns(first: 1) { totalCount } }`);
    expect(r.data).toEqual({ entities: { totalCount: 0 }, syncRuns: { totalCount: 0 } });
  });
});
