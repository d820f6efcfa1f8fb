import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { seedSearchCorpus } from "../db/search-seed.js";
import { ReindexMemoryDocument, SearchDocument } from "../../generated/graphql.js";

let server: TestServer;
let viewerA: string;
let editorA: string;
let editorB: string;
let runId: string;

const SEARCH = SearchDocument;
const REINDEX = ReindexMemoryDocument;

beforeAll(async () => {
  server = await startTestServer();
  const a = await server.createOrg("Acme");
  const b = await server.createOrg("Globex");
  viewerA = await a.key("viewer");
  editorA = await a.key("editor");
  editorB = await b.key("editor");
  ({ runId } = await seedSearchCorpus(server.app.database, { orgA: a.orgId, orgB: b.orgId }));
});
afterAll(() => server.close());

describe("search and reindexMemory over GraphQL", () => {
  it("lets only editors re-index", async () => {
    expect(codes(await gql(server.url, viewerA, REINDEX))).toEqual(["FORBIDDEN"]);
    expect((await gql(server.url, editorA, REINDEX)).data).toEqual({ reindexMemory: { embedded: 10, unchanged: 0, deleted: 0 } });
    expect((await gql(server.url, editorB, REINDEX)).data).toEqual({ reindexMemory: { embedded: 3, unchanged: 0, deleted: 0 } });
    expect((await gql(server.url, editorA, REINDEX)).data).toEqual({ reindexMemory: { embedded: 0, unchanged: 10, deleted: 0 } });
  });

  it("returns the expected hit first with its score and link", async () => {
    const r = await gql(server.url, viewerA, SEARCH, { query: "meta main access token expired", first: 2 });
    expect(r.errors).toBeUndefined();
    const [hit] = r.data!.search;
    expect(hit).toMatchObject({
      kind: "sync_run", title: 'Sync run of "Meta main" (meta-ads) failed', platform: null,
      dateFrom: "2024-07-01", dateTo: "2024-07-02", link: { type: "syncRun", id: runId, connectionName: "Meta main" },
    });
    expect(hit!.score).toBeGreaterThan(r.data!.search[1]!.score);
  });

  it("filters by kind, platform and date range", async () => {
    const r = await gql(server.url, viewerA, SEARCH, {
      query: "summer sale", filter: { kinds: ["campaign_day"], platforms: ["meta"], dateRange: { from: "2024-07-01", to: "2024-07-01" } },
    });
    expect(r.data!.search.map((h) => h.title)).toEqual(['Meta campaign "Summer Sale Retargeting" on 2024-07-01']);
  });

  it("never shows another organization's items", async () => {
    const r = await gql(server.url, editorB, SEARCH, { query: "running shoes search token expired", first: 100 });
    expect(r.data!.search.map((h) => h.title).sort()).toEqual([
      // the day's summary is collapsed under its campaign, as evidence
      'Meta campaign "Summer Sale Retargeting"', 'Meta campaign "Winter Clearance"',
    ].sort());
  });

  it("rejects a bad page size and an empty query with BAD_USER_INPUT", async () => {
    expect(codes(await gql(server.url, viewerA, SEARCH, { query: "x", first: 0 }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(server.url, viewerA, SEARCH, { query: " " }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("requires an API key", async () => {
    expect(codes(await gql(server.url, null, SEARCH, { query: "x" }))).toEqual(["UNAUTHENTICATED"]);
  });
});
