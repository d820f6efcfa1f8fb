import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { adEntities, memoryItems } from "../../src/db/tables/index.js";
import { createLocalEmbedder } from "../../src/analytics/embeddings/local-embedder.js";
import { createPgVectorStore } from "../../src/analytics/search/pg-vector-store.js";
import { forgetResultMemory, indexOrgMemory, indexResultMemory } from "../../src/analytics/search/index-memory.js";
import { searchMemory } from "../../src/analytics/search/search.service.js";
import type { Memory } from "../../src/analytics/search/memory.js";
import { createTestDatabase } from "../helpers/db.js";
import { seedSearchCorpus } from "./search-seed.js";

let database: Database;
let a: OrgScope;
let b: OrgScope;
let runId: string;
const memory: Memory = { embedder: createLocalEmbedder(), store: createPgVectorStore() };
const titles = async (scope: OrgScope, q: string, filter = {}, first = 5) => (await searchMemory(scope, memory, q, filter, first)).map((h) => h.title);

beforeAll(async () => {
  database = await createTestDatabase();
  const seeded = await seedSearchCorpus(database);
  a = orgScope(database, seeded.orgA);
  b = orgScope(database, seeded.orgB);
  runId = seeded.runId;
});
afterAll(() => database.close());

describe("indexOrgMemory", () => {
  it("embeds every entity, campaign day and finished sync run of the org on the first run", async () => {
    expect(await indexOrgMemory(a, { memory })).toEqual({ embedded: 10, unchanged: 0, deleted: 0 });
    expect(await indexOrgMemory(b, { memory })).toEqual({ embedded: 3, unchanged: 0, deleted: 0 });
  });

  it("sums one stream without breakdowns into the daily campaign summary", async () => {
    const [row] = await database.db.select().from(memoryItems).where(eq(memoryItems.refKey, "campaign_day:meta:c1:2024-07-02"));
    expect(row.orgId).toBe(a.orgId);
    expect(row.body).toBe('Meta campaign "Summer Sale Retargeting" on 2024-07-02: spend 100.00 USD, 2000 impressions, 100 clicks, 10 conversions, ' +
      "revenue 400.00 USD. CTR 5.00%, CPC 1.00, CPA 10.00, ROAS 4.00. Objective: OUTCOME_SALES.");
    expect(row.link).toEqual({ type: "facts", platform: "meta", campaignId: "c1", date: "2024-07-02", entityId: expect.any(String) });
  });

  it("re-embeds nothing when nothing changed", async () => {
    expect(await indexOrgMemory(a, { memory })).toEqual({ embedded: 0, unchanged: 10, deleted: 0 });
  });
});

describe("searchMemory", () => {
  it("ranks the campaign whose name matches first", async () => {
    expect((await titles(a, "running shoes search"))[0]).toBe('Google Ads campaign "Running Shoes Search"');
  });

  it("finds the failed sync run by its error", async () => {
    const [hit] = await searchMemory(a, memory, "access token expired", {}, 1);
    expect(hit.title).toBe('Sync run of "Meta main" (meta-ads) failed');
    expect(hit.link).toEqual({ type: "syncRun", id: runId, connectionName: "Meta main" });
    expect(hit.vectorSimilarity).toBeGreaterThan(0);
    expect(hit.textRank).toBeGreaterThan(0);
  });

  it("finds the ad under its campaign and links to the entity", async () => {
    const [hit] = await searchMemory(a, memory, "blue sneaker carousel ad", {}, 1);
    const [ad] = await database.db.select().from(adEntities).where(eq(adEntities.externalId, "ad1"));
    expect(hit.title).toBe('Meta ad "Blue sneaker carousel"');
    expect(hit.link).toEqual({ type: "entity", id: ad.id, platform: "meta", level: "ad", externalId: "ad1" });
  });

  it("applies kinds, platforms and dateRange filters", async () => {
    expect(await titles(a, "summer sale", { kinds: ["campaign_day"], dateRange: { from: "2024-07-02", to: "2024-07-31" } }))
      .toEqual(['Meta campaign "Summer Sale Retargeting" on 2024-07-02']);
    expect(await titles(a, "campaign", { platforms: ["google_ads"], kinds: ["campaign"] })).toEqual(['Google Ads campaign "Running Shoes Search"']);
  });

  it("never returns another organization's items", async () => {
    const hits = await searchMemory(b, memory, "running shoes search summer sale token expired", {}, 100);
    const ids = new Set((await database.db.select({ id: memoryItems.id }).from(memoryItems).where(eq(memoryItems.orgId, b.orgId))).map((r) => r.id));
    // the day's summary is collapsed under its campaign, as evidence
    expect(hits.map((h) => h.title).sort()).toEqual(['Meta campaign "Summer Sale Retargeting"', 'Meta campaign "Winter Clearance"'].sort());
    expect(hits.find((h) => h.title === 'Meta campaign "Winter Clearance"')!.evidence.map((e) => e.title)).toEqual(['Meta campaign "Winter Clearance" on 2024-07-01']);
    expect(hits.every((h) => ids.has(h.id))).toBe(true);
  });

  it("rejects an empty query and an unknown kind with BAD_USER_INPUT", async () => {
    await expect(searchMemory(a, memory, "  ")).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(searchMemory(a, memory, "x", { kinds: ["invoice" as never] })).rejects.toMatchObject({
      code: "BAD_USER_INPUT", message: expect.stringContaining("invoice"),
    });
  });

  it("gives the same first hits with pgvector and with the float4[] fallback", async () => {
    const noVector = orgScope({ ...database, hasVector: async () => false }, a.orgId);
    for (const q of ["running shoes search", "brand awareness paused", "access token expired"]) {
      expect((await titles(noVector, q, {}, 3))).toEqual(await titles(a, q, {}, 3));
    }
  });
  it("bounds the float4[] scan of a large org to word matches and recent items", async () => {
    const noVector = orgScope({ ...database, hasVector: async () => false }, a.orgId);
    const bounded: Memory = { embedder: memory.embedder, store: createPgVectorStore({ exactMax: 3, candidates: 2 }) };
    const hits = await searchMemory(noVector, bounded, "running shoes search", {}, 3);
    expect(hits[0].title).toBe('Google Ads campaign "Running Shoes Search"');
    // 2 word matches + 2 recent items at most on the vector side; the full-text side adds none here
    expect(hits.filter((h) => h.vectorSimilarity !== null).length).toBeLessThanOrEqual(4);
    // no word in common: only the 2 most recently updated items are candidates
    const none = await searchMemory(noVector, bounded, "zzz", {}, 3);
    expect(none.map((h) => h.textRank)).toEqual([null, null]);
  });
});

describe("incremental re-index", () => {
  it("re-embeds only the renamed campaign and its daily summaries, and search follows the new name", async () => {
    await database.db.update(adEntities).set({ name: "Autumn Sale Retargeting" })
      .where(and(eq(adEntities.orgId, a.orgId), eq(adEntities.externalId, "c1")));
    expect(await indexOrgMemory(a, { memory })).toEqual({ embedded: 4, unchanged: 6, deleted: 0 });
    expect((await titles(a, "autumn sale retargeting"))[0]).toBe('Meta campaign "Autumn Sale Retargeting"');
    // vector search always returns neighbours; no item of org A contains the old word any more
    const hits = await searchMemory(a, memory, "summer", { kinds: ["campaign"] });
    expect(hits.map((h) => h.textRank)).toEqual([null, null, null]);
  });

  it("deletes the item of a removed entity and keeps the other org untouched", async () => {
    await database.db.delete(adEntities).where(eq(adEntities.externalId, "ad1"));
    expect(await indexOrgMemory(a, { memory, sources: ["entities"] })).toEqual({ embedded: 0, unchanged: 5, deleted: 1 });
    expect(await titles(a, "blue sneaker carousel", { kinds: ["ad"] })).toEqual([]);
    expect(await indexOrgMemory(b, { memory })).toEqual({ embedded: 0, unchanged: 3, deleted: 0 });
  });

  it("limits campaign days to the given date range", async () => {
    expect(await indexOrgMemory(a, { memory, sources: ["campaignDays"], dateRange: { from: "2024-07-02", to: "2024-07-02" } }))
      .toEqual({ embedded: 0, unchanged: 1, deleted: 0 });
  });
});

describe("experiment and model results", () => {
  const result = {
    kind: "experiment" as const, id: "11111111-1111-1111-1111-111111111111", name: "Geo holdout Q3",
    summary: "Meta prospecting lifted conversions by 12% (95% CI 4% to 20%) in the test regions.", platform: "meta", dateFrom: "2024-07-01", dateTo: "2024-09-30",
  };

  it("remembers a result once and finds it by its words", async () => {
    expect(await indexResultMemory(a, memory, result)).toEqual({ embedded: 1, unchanged: 0, deleted: 0 });
    expect(await indexResultMemory(a, memory, result)).toEqual({ embedded: 0, unchanged: 1, deleted: 0 });
    const [hit] = await searchMemory(a, memory, "geo holdout lift", {}, 1);
    expect(hit).toMatchObject({ kind: "experiment", title: 'Experiment "Geo holdout Q3"', link: { type: "experiment", id: result.id } });
    expect(await titles(b, "geo holdout lift", { kinds: ["experiment"] })).toEqual([]);
  });

  it("keeps results through a full re-index of the built-in sources and forgets them on request", async () => {
    expect((await indexOrgMemory(a, { memory })).deleted).toBe(0);
    expect(await forgetResultMemory(a, memory, "experiment", result.id)).toBe(1);
    expect(await titles(a, "geo holdout lift", { kinds: ["experiment"] })).toEqual([]);
  });
});
