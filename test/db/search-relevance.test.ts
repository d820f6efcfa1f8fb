import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { attributionModels, experimentResults, experiments, memoryItems } from "../../src/db/tables/index.js";
import { createLocalEmbedder } from "../../src/analytics/embeddings/local-embedder.js";
import { createPgVectorStore } from "../../src/analytics/search/pg-vector-store.js";
import { indexOrgMemory } from "../../src/analytics/search/index-memory.js";
import { rememberExperimentAnalysis, rememberModel } from "../../src/analytics/search/remember-results.js";
import { searchMemory } from "../../src/analytics/search/search.service.js";
import type { Memory } from "../../src/analytics/search/memory.js";
import { createTestDatabase } from "../helpers/db.js";
import { seedSandboxOrg } from "./sandbox-org-fixture.js";
import { RELEVANCE } from "./search-relevance-set.js";

let database: Database;
let org: OrgScope;
const memory: Memory = { embedder: createLocalEmbedder(), store: createPgVectorStore() };

beforeAll(async () => {
  database = await createTestDatabase();
  org = orgScope(database, (await seedSandboxOrg(database, { slug: "sandbox-s", days: 120 })).orgId);
  await indexOrgMemory(org, { memory });
  for (const e of await database.db.select().from(experiments).where(eq(experiments.orgId, org.orgId))) {
    const [r] = await database.db.select().from(experimentResults).where(eq(experimentResults.experimentId, e.id));
    await rememberExperimentAnalysis(org, memory, e, r!);
  }
  for (const m of await database.db.select().from(attributionModels).where(eq(attributionModels.orgId, org.orgId))) await rememberModel(org, memory, m);
});
afterAll(() => database.close());

describe("search relevance on the sandbox org (the public judged set)", () => {
  it("holds at least 60 judged queries", () => {
    expect(RELEVANCE.length).toBeGreaterThanOrEqual(60);
  });

  it("finds the judged items: recall@5 ≥ 0.85 and MRR ≥ 0.8 (printed, with the misses)", async () => {
    const items = await database.db.select({ title: memoryItems.title, kind: memoryItems.kind, date: memoryItems.dateFrom, platform: memoryItems.platform }).from(memoryItems).where(eq(memoryItems.orgId, org.orgId));
    const titles = new Set(items.map((r) => r.title));
    // A day's judged hits: the campaigns with a summary that day (on the platform the query names).
    const dayCount = (day: string, platform?: string) => items.filter((i) => i.kind === "campaign_day" && i.date === day && (!platform || i.platform === platform)).length;
    let recall = 0, rr = 0;
    const misses: string[] = [];
    for (const j of RELEVANCE) {
      const hits = await searchMemory(org, memory, j.q, {}, 10);
      const good = (h: (typeof hits)[number]) => ("day" in j ? h.kind === "campaign" && h.evidence.some((e) => e.date === j.day) : j.relevant.includes(h.title));
      const rank = hits.findIndex(good) + 1;
      const wanted = Math.min(5, "day" in j ? dayCount(j.day, j.platform) : j.relevant.filter((t) => titles.has(t)).length);
      const found = hits.slice(0, 5).filter(good).length;
      recall += wanted ? Math.min(1, found / wanted) : 1;
      rr += rank ? 1 / rank : 0;
      if (rank !== 1 || found < wanted) misses.push(`${j.q} → rank ${rank || "-"}, ${found}/${wanted} in top 5: ${hits.slice(0, 5).map((h) => h.title).join(" | ")}`);
    }
    const r5 = recall / RELEVANCE.length, mrr = rr / RELEVANCE.length;
    console.log(`search on ${database.driver}: recall@5 ${r5.toFixed(3)}, MRR ${mrr.toFixed(3)} over ${RELEVANCE.length} queries\n  ${misses.join("\n  ")}`);
    expect(r5).toBeGreaterThanOrEqual(0.85);
    expect(mrr).toBeGreaterThanOrEqual(0.8);
  });
});
