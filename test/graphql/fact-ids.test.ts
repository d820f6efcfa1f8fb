import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { upsertFacts } from "../../src/db/facts.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope } from "../../src/db/scope.js";
import { loadConfig, startGateway } from "../../src/index.js";
import { createLogger } from "../../src/logger.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { createOrganization } from "../../src/orgs/organizations.js";
import { codes, gql } from "../helpers/graphql.js";
import { createPostgresUrl, testDriver } from "../helpers/db.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Fact rows share one bigint sequence across organizations; what a client sees of a fact (its id, nodeId and
// cursors) must neither show that number nor follow its order, yet stay stable and resolve for its own org only.
const FIRST_ROW = 987_654_321;
const FACTS = 20;
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** `s` with the character at `i` replaced by the next one of the base64url alphabet. */
const flip = (s: string, i: number) => s.slice(0, i) + B64[(B64.indexOf(s[i]!) + 1) % 64] + s.slice(i + 1);
const unb64 = (s: string) => Buffer.from(s, "base64url").toString("latin1");
/** Every digit run in a token, as sent and base64url-decoded (twice, for a global id wrapping an id). */
const digitRuns = (token: string) => {
  const once = unb64(token);
  const inner = once.includes(":") ? unb64(once.slice(once.indexOf(":") + 1)) : "";
  return [token, once, inner].flatMap((t) => t.match(/\d+/g) ?? []);
};
const bitsApart = (a: string, b: string) => {
  const x = Buffer.from(a, "base64url");
  const y = Buffer.from(b, "base64url");
  return x.reduce((n, byte, i) => n + [...(byte ^ y[i]!).toString(2)].filter((c) => c === "1").length, 0);
};

const FACTS_Q = `query($first: Int, $after: String, $last: Int, $before: String) {
  facts(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id nodeId campaignId } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
type Edge = { cursor: string; node: { id: string; nodeId: string; campaignId: string } };
type FactsPage = { facts: { edges: Edge[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } } };
const NODE_Q = `query($id: ID!) { node(id: $id) { __typename nodeId ... on Fact { id campaignId } } }`;

describe("opaque fact ids on one server", () => {
  let server: TestServer;
  let a: string;
  let b: string;
  /** Row id (the sequence) of each of org A's facts, by campaign id. */
  const rowOf = new Map<string, number>();

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.app.database.db;
    // A sequence far from 1, so a leaked row number is a 9-digit run no random text contains by chance.
    await db.execute(sql.raw(`alter table marketing_facts alter column id restart with ${FIRST_ROW}`));
    const oa = await server.createOrg("Ids A");
    const ob = await server.createOrg("Ids B");
    [a, b] = [await oa.key("viewer"), await ob.key("viewer")];
    // One after another, one a day, so (date, id) order is insert order.
    for (let i = 0; i < FACTS; i++) {
      const date = `2024-03-${String(i + 1).padStart(2, "0")}`;
      await upsertFacts(db, oa.orgId, "s1", [{ platform: "meta", stream: "campaigns", level: "campaign", date, campaignId: `c${i}`, currency: "USD", spend: 1 + i }]);
    }
    await upsertFacts(db, ob.orgId, "s1", [{ platform: "meta", stream: "campaigns", level: "campaign", date: "2024-03-05", campaignId: "b0", currency: "USD", spend: 9 }]);
    const rows = await queryRows<{ id: number; campaign_id: string }>(db, sql`select id::int as id, campaign_id from marketing_facts where org_id = ${oa.orgId} order by id`);
    for (const r of rows) rowOf.set(r.campaign_id, r.id);
  });
  afterAll(() => server.close());

  const all = async (key: string) => {
    const r = await gql<FactsPage>(server.url, key, FACTS_Q, { first: 100 });
    expect(r.errors).toBeUndefined();
    return r.data!.facts.edges;
  };

  it("gives two facts inserted one after another ids with no row number in them, far apart and out of row order", async () => {
    // The setup's premise: consecutive row numbers from FIRST_ROW, in campaign order.
    expect([...rowOf.entries()]).toEqual(Array.from({ length: FACTS }, (_, i) => [`c${i}`, FIRST_ROW + i]));
    const edges = await all(a);
    expect(edges.map((e) => e.node.campaignId)).toEqual(Array.from({ length: FACTS }, (_, i) => `c${i}`));
    for (const { cursor, node } of edges) {
      const row = String(rowOf.get(node.campaignId));
      expect(node.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(unb64(node.nodeId)).toBe(`Fact:${node.id}`);
      for (const token of [node.id, node.nodeId, cursor]) {
        expect(digitRuns(token)).not.toContain(row);
        expect(digitRuns(token).join(" ")).not.toContain(row.slice(0, 6));
      }
    }
    // Neighbours in the sequence differ in about half their 128 bits (a counter would differ in a few).
    for (let i = 1; i < FACTS; i++) expect(bitsApart(edges[i - 1]!.node.id, edges[i]!.node.id)).toBeGreaterThan(24);
    // Sorting by id (as text or as bytes) does not give back the insert order, either way round.
    const inserted = edges.map((e) => e.node.campaignId);
    const byText = [...edges].sort((x, y) => (x.node.id < y.node.id ? -1 : 1)).map((e) => e.node.campaignId);
    const byBytes = [...edges].sort((x, y) => Buffer.compare(Buffer.from(x.node.id, "base64url"), Buffer.from(y.node.id, "base64url"))).map((e) => e.node.campaignId);
    for (const order of [byText, byBytes]) {
      expect(order).not.toEqual(inserted);
      expect(order).not.toEqual([...inserted].reverse());
    }
  });

  it("gives the same ids, nodeIds and cursors in every request", async () => {
    const first = await all(a);
    const again = await all(a);
    expect(again).toEqual(first);
    expect(new Set(first.map((e) => e.node.id)).size).toBe(FACTS);
  });

  it("node(id:) finds a fact for its own organization and NOT_FOUND for another's key", async () => {
    const [edge] = await all(a);
    const own = await gql(server.url, a, NODE_Q, { id: edge!.node.nodeId });
    expect(own.data!.node).toEqual({ __typename: "Fact", nodeId: edge!.node.nodeId, id: edge!.node.id, campaignId: "c0" });
    const other = await gql(server.url, b, NODE_Q, { id: edge!.node.nodeId });
    expect([codes(other), other.data]).toEqual([["NOT_FOUND"], null]);
    // B's own fact resolves for B and not for A.
    const [theirs] = await all(b);
    expect((await gql(server.url, b, NODE_Q, { id: theirs!.node.nodeId })).data!.node.campaignId).toBe("b0");
    expect(codes(await gql(server.url, a, NODE_Q, { id: theirs!.node.nodeId }))).toEqual(["NOT_FOUND"]);
  });

  it("answers NOT_FOUND for every one-character change of a fact's nodeId or of the id inside it, the old Fact:<row> shape, and a cursor", async () => {
    const [edge] = await all(a);
    const { id, nodeId } = edge!.node;
    const wrap = (inner: string) => Buffer.from(`Fact:${inner}`).toString("base64url");
    const forged = [
      ...Array.from(nodeId, (_, i) => flip(nodeId, i)),
      ...Array.from(id, (_, i) => wrap(flip(id, i))),
      wrap(String(rowOf.get("c0"))),
      wrap(edge!.cursor),
    ];
    const r = await gql(server.url, a, `query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids: forged });
    expect(r.data!.nodes).toEqual(forged.map(() => null));
    expect(codes(r)).toEqual(forged.map(() => "NOT_FOUND"));
    // Same answer as for an unknown id, through node(id:) too.
    for (const bad of [forged[5]!, forged.at(-3)!]) expect(codes(await gql(server.url, a, NODE_Q, { id: bad }))).toEqual(["NOT_FOUND"]);
  });

  it("pages forward and back over sealed cursors to exactly the same rows", async () => {
    const rows = (edges: Edge[]) => edges.map((e) => e.node.campaignId);
    const whole = rows(await all(a));
    const forward: string[] = [];
    let after: string | undefined;
    for (let hasNext = true; hasNext; ) {
      const p = (await gql<FactsPage>(server.url, a, FACTS_Q, { first: 7, after })).data!.facts;
      forward.push(...rows(p.edges));
      [after, hasNext] = [p.pageInfo.endCursor, p.pageInfo.hasNextPage];
    }
    expect(forward).toEqual(whole);
    const backward: string[] = [];
    let before: string | undefined;
    for (let hasPrevious = true; hasPrevious; ) {
      const p = (await gql<FactsPage>(server.url, a, FACTS_Q, { last: 7, before })).data!.facts;
      backward.unshift(...rows(p.edges));
      [before, hasPrevious] = [p.pageInfo.startCursor, p.pageInfo.hasPreviousPage];
    }
    expect(backward).toEqual(whole);
    // A cursor is 22 opaque characters, and a changed one is refused like any cursor the server did not issue.
    const c = (await all(a))[9]!.cursor;
    expect(c).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(unb64(c)).not.toContain("2024");
    const tampered = await gql(server.url, a, FACTS_Q, { first: 1, after: flip(c, 3) });
    expect(tampered.errors!.map((e) => [e.extensions!.code, e.message])).toEqual([
      ["BAD_USER_INPUT", "The `after` cursor is not valid; pass an `endCursor` or edge `cursor` returned by this query."],
    ]);
    const backwards = await gql(server.url, a, FACTS_Q, { last: 1, before: flip(c, 21) });
    expect(backwards.errors!.map((e) => [e.extensions!.code, e.message])).toEqual([
      ["BAD_USER_INPUT", "The `before` cursor is not valid; pass a `startCursor` or edge `cursor` returned by this query."],
    ]);
  });
});

describe("opaque fact ids across a restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "liftgate-fact-ids-"));
  let pg: { url: string; drop: () => Promise<void> } | undefined;
  const quiet = createLogger("error", new Writable({ write: (_c, _e, done) => done() }));
  const start = async (env: Record<string, string> = {}) => startGateway(loadConfig({
    NODE_ENV: "test", HOST: "127.0.0.1", PORT: "0", LIFTGATE_SCHEDULER: "false", RATE_LIMIT_PER_MINUTE: "0",
    LIFTGATE_DATA_DIR: dir, ...(pg ? { DATABASE_URL: pg.url } : {}), ...env,
  } as Record<string, string>), quiet);

  beforeAll(async () => {
    if (testDriver === "postgres") pg = await createPostgresUrl();
  });
  afterAll(async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every fact's id, nodeId and cursor after a restart on the same database, and refuses them under another key", async () => {
    let gateway = await start();
    const org = await createOrganization(gateway.app.database, { name: "Restart", slug: "restart" });
    const key = (await createApiKey(orgScope(gateway.app.database, org.id), { name: "t", role: "viewer" })).secret;
    await upsertFacts(gateway.app.database.db, org.id, "s1", [1, 2, 3].map((d) => ({ platform: "meta", stream: "campaigns", level: "campaign" as const, date: `2024-03-0${d}`, campaignId: `c${d}`, currency: "USD", spend: d })));
    const read = async () => (await gql<FactsPage>(gateway.server.url, key, FACTS_Q, { first: 10 })).data!.facts.edges;
    const before = await read();
    expect(before.map((e) => e.node.campaignId)).toEqual(["c1", "c2", "c3"]);
    await gateway.stop();

    gateway = await start();
    try {
      expect(await read()).toEqual(before);
      const node = await gql(gateway.server.url, key, NODE_Q, { id: before[1]!.node.nodeId });
      expect(node.data!.node).toEqual({ __typename: "Fact", nodeId: before[1]!.node.nodeId, id: before[1]!.node.id, campaignId: "c2" });
      const page = await gql<FactsPage>(gateway.server.url, key, FACTS_Q, { first: 10, after: before[0]!.cursor });
      expect(page.data!.facts.edges.map((e) => e.node.campaignId)).toEqual(["c2", "c3"]);
    } finally {
      await gateway.stop();
    }

    // Another deployment key: the same rows get other ids, and the old ones and old cursors name nothing.
    gateway = await start({ LIFTGATE_ENCRYPTION_KEY: "ab".repeat(32) });
    try {
      const other = await read();
      expect(other.map((e) => e.node.campaignId)).toEqual(["c1", "c2", "c3"]);
      expect(other.map((e) => e.node.id).filter((id) => before.some((e) => e.node.id === id))).toEqual([]);
      expect(codes(await gql(gateway.server.url, key, NODE_Q, { id: before[1]!.node.nodeId }))).toEqual(["NOT_FOUND"]);
      expect(codes(await gql(gateway.server.url, key, FACTS_Q, { first: 10, after: before[0]!.cursor }))).toEqual(["BAD_USER_INPUT"]);
    } finally {
      await gateway.stop();
    }
  }, 180_000);
});
