import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { attributionModels, connections, experimentResults, experiments, syncRuns } from "../../src/db/tables/index.js";
import { codes, gql } from "../helpers/graphql.js";
import { AttributionModelsDocument, ConnectionsDocument, ExperimentAnalysesDocument, ExperimentsDocument, ListCountsDocument, SyncRunsDocument } from "../../generated/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let a: { admin: string; orgId: string };
let b: { admin: string };

// Creation times, oldest first; the last three share one millisecond (what now() gives quick inserts).
const TIMES = ["2024-05-01T09:00:00.000000Z", "2024-05-01T09:30:00.500000Z", "2024-05-01T10:00:00.123100Z", "2024-05-01T10:00:00.123400Z", "2024-05-01T10:00:00.123900Z"];
const at = (i: number) => sql`${TIMES[i]}::timestamptz`;
/** The order a newest-first list promises: by creation millisecond, then by id (both descending). */
const newestFirst = (rows: { id: string; i: number }[]) =>
  rows.map((r) => [TIMES[r.i]!.slice(0, 23), r.id] as const).sort((x, y) => (x[0] === y[0] ? y[1].localeCompare(x[1]) : y[0].localeCompare(x[0]))).map((x) => x[1]);
type Edges = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null } };
type PageVars = { first?: number; after?: string | null; last?: number; before?: string | null };

beforeAll(async () => {
  server = await startTestServer();
  const oa = await server.createOrg("Lists A");
  const ob = await server.createOrg("Lists B");
  a = { admin: await oa.key("admin"), orgId: oa.orgId };
  b = { admin: await ob.key("admin") };
});
afterAll(() => server.close());

/** A typed list query as a function of its page arguments (org A's admin), failing on any error. */
const lister = <T, V extends PageVars>(doc: import("@graphql-typed-document-node/core").TypedDocumentNode<T, V>, pick: (d: T) => Edges, extra: Omit<V, keyof PageVars> = {} as Omit<V, keyof PageVars>) =>
  async (vars: PageVars) => {
    const r = await gql(server.url, a.admin, doc, { ...extra, ...vars } as V);
    expect(r.errors).toBeUndefined();
    return pick(r.data!);
  };

/** Every id of a list, paged forwards with first/after, then backwards with last/before from the end. */
async function pageBothWays(run: (vars: PageVars) => Promise<Edges>, size: number) {
  const forward: string[] = [];
  const flags: boolean[][] = [];
  for (let after: string | null = null, i = 0; i < 10; i++) {
    const p = await run({ first: size, after });
    forward.push(...p.edges.map((e) => e.node.id));
    flags.push([p.pageInfo.hasPreviousPage, p.pageInfo.hasNextPage]);
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor ?? null;
  }
  const backward: string[] = [];
  for (let before: string | null = null, i = 0; i < 10; i++) {
    const p = await run({ last: size, before });
    backward.unshift(...p.edges.map((e) => e.node.id));
    if (!p.pageInfo.hasPreviousPage) break;
    before = p.pageInfo.startCursor ?? null;
  }
  return { forward, backward, flags };
}

describe("lists that grow are Relay connections, newest first on a tie-safe cursor", () => {
  it("syncRuns returns each of three runs created within one millisecond exactly once, one per page", async () => {
    const db = server.app.database.db;
    const [conn] = await db.insert(connections).values({ orgId: a.orgId, pluginId: "meta-ads", name: "Tie", config: {} }).returning({ id: connections.id });
    const rows: { id: string; i: number }[] = [];
    for (const i of [2, 3, 4]) rows.push({ i, id: (await db.insert(syncRuns).values({ orgId: a.orgId, connectionId: conn!.id, status: "succeeded", createdAt: at(i) }).returning({ id: syncRuns.id }))[0]!.id });
    const { forward, backward } = await pageBothWays(lister(SyncRunsDocument, (d) => d.syncRuns, { connectionId: conn!.id }), 1);
    expect(forward).toEqual(newestFirst(rows));
    expect(backward).toEqual(newestFirst(rows));
  });

  it("pages experiments forwards and backwards to the same newest-first order, with filters and totalCount", async () => {
    const db = server.app.database.db;
    const rows: { id: string; i: number }[] = [];
    for (let i = 0; i < TIMES.length; i++)
      rows.push({ i, id: (await db.insert(experiments).values({ orgId: a.orgId, name: `E${i}`, type: i % 2 ? "geo" : "ab", status: i < 2 ? "running" : "draft", primaryMetric: "orders", createdAt: at(i) }).returning({ id: experiments.id }))[0]!.id });
    const { forward, backward, flags } = await pageBothWays(lister(ExperimentsDocument, (d) => d.experiments), 2);
    expect(forward).toEqual(newestFirst(rows));
    expect(backward).toEqual(newestFirst(rows));
    expect(flags).toEqual([[false, true], [true, true], [true, false]]);
    const running = (await gql(server.url, a.admin, ExperimentsDocument, { status: "running" })).data!.experiments;
    const geo = (await gql(server.url, a.admin, ExperimentsDocument, { type: "geo", first: 1 })).data!.experiments;
    expect([running.totalCount, running.edges.map((e) => e.node.name), geo.totalCount, geo.edges.map((e) => e.node.type)]).toEqual([2, ["E1", "E0"], 2, ["geo"]]);
    expect((await gql(server.url, a.admin, ExperimentsDocument, { first: 1 })).data!.experiments.totalCount).toBe(5);
    expect((await gql(server.url, b.admin, ExperimentsDocument)).data!.experiments).toMatchObject({ totalCount: 0, edges: [] });
  });

  it("pages an experiment's analyses, newest first", async () => {
    const db = server.app.database.db;
    const [exp] = await db.insert(experiments).values({ orgId: a.orgId, name: "Analysed", type: "ab", primaryMetric: "orders" }).returning({ id: experiments.id });
    const rows: { id: string; i: number }[] = [];
    for (const i of [0, 3, 4])
      rows.push({ i, id: (await db.insert(experimentResults).values({ orgId: a.orgId, experimentId: exp!.id, metric: "orders", method: "welch", inputs: {}, result: {}, createdAt: at(i) }).returning({ id: experimentResults.id }))[0]!.id });
    const one = (await gql(server.url, a.admin, ExperimentAnalysesDocument, { id: exp!.id, first: 2 })).data!.experiment.analyses;
    const two = (await gql(server.url, a.admin, ExperimentAnalysesDocument, { id: exp!.id, first: 2, after: one.pageInfo.endCursor })).data!.experiment.analyses;
    expect([...one.edges, ...two.edges].map((e) => e.node.id)).toEqual(newestFirst(rows));
    expect([one.totalCount, one.pageInfo.hasNextPage, two.pageInfo.hasNextPage, one.edges[0].node.method]).toEqual([3, true, false, "welch"]);
  });

  it("pages connections and attribution models, each org seeing only its own", async () => {
    const db = server.app.database.db;
    const models: { id: string; i: number }[] = [];
    for (const i of [1, 2, 3])
      models.push({ i, id: (await db.insert(attributionModels).values({ orgId: a.orgId, name: `M${i}`, type: i > 1 ? "mta" : "mmm", status: "failed", config: {}, createdAt: at(i) }).returning({ id: attributionModels.id }))[0]!.id });
    const m = await pageBothWays(lister(AttributionModelsDocument, (d) => d.attributionModels), 2);
    expect([m.forward, m.backward]).toEqual([newestFirst(models), newestFirst(models)]);
    const conns: { id: string; i: number }[] = [];
    for (const i of [0, 1, 2])
      conns.push({ i, id: (await db.insert(connections).values({ orgId: a.orgId, pluginId: "meta-ads", name: `C${i}`, config: {}, createdAt: at(i) }).returning({ id: connections.id }))[0]!.id });
    const c = await pageBothWays(lister(ConnectionsDocument, (d) => d.connections), 2);
    // The "Tie" connection of the first test is the newest (created now).
    expect(c.forward.slice(1)).toEqual(newestFirst(conns));
    expect(c.backward).toEqual(c.forward);
    const counts = ListCountsDocument;
    expect((await gql(server.url, a.admin, counts)).data).toEqual({ connections: { totalCount: 4 }, attributionModels: { totalCount: 3 }, mta: { totalCount: 2 } });
    expect((await gql(server.url, b.admin, counts)).data).toEqual({ connections: { totalCount: 0 }, attributionModels: { totalCount: 0 }, mta: { totalCount: 0 } });
  });

  it("refuses after with before, a page size out of range and a tampered cursor with BAD_USER_INPUT", async () => {
    const first = await gql(server.url, a.admin, `{ experiments(first: 1) { pageInfo { endCursor } } }`);
    const cursor = first.data!.experiments.pageInfo.endCursor as string;
    for (const q of [`{ experiments(after: "${cursor}", before: "${cursor}") { totalCount } }`, `{ connections(last: 0) { totalCount } }`, `{ attributionModels(first: 201) { totalCount } }`,
      `{ syncRuns(before: "bm90LWEtY3Vyc29y") { totalCount } }`]) {
      const r = await gql(server.url, a.admin, q);
      expect([codes(r), r.data]).toEqual([["BAD_USER_INPUT"], null]);
    }
  });
});
