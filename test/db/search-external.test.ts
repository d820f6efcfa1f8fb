import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { loadConfig } from "../../src/config.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { adEntities, memoryItems } from "../../src/db/tables/index.js";
import { createMemory, type Memory } from "../../src/analytics/search/memory.js";
import { indexOrgMemory } from "../../src/analytics/search/index-memory.js";
import { searchMemory } from "../../src/analytics/search/search.service.js";
import { createTestDatabase } from "../helpers/db.js";
import { startOpenAiStub, type OpenAiStub } from "../stubs/openai-stub.js";
import { startPineconeStub, type PineconeStub } from "../stubs/pinecone-stub.js";
import { seedSearchCorpus } from "./search-seed.js";

let database: Database;
let openai: OpenAiStub;
let pinecone: PineconeStub;
let memory: Memory;
let a: OrgScope;
let b: OrgScope;
const embeddedInputs = () => openai.requests.filter((r) => r.path === "/v1/embeddings").flatMap((r) => (r.body as { input: string[] }).input);

beforeAll(async () => {
  database = await createTestDatabase();
  const seeded = await seedSearchCorpus(database);
  a = orgScope(database, seeded.orgA);
  b = orgScope(database, seeded.orgB);
  openai = await startOpenAiStub("sk-ext");
  pinecone = await startPineconeStub("pc-ext", { dimension: 1536 });
  const config = loadConfig({ OPENAI_API_KEY: "sk-ext", OPENAI_BASE_URL: openai.baseURL, PINECONE_API_KEY: "pc-ext", PINECONE_INDEX_HOST: pinecone.url });
  memory = createMemory(config);
});
beforeEach(() => openai.reset());
afterAll(async () => { await openai.close(); await pinecone.close(); await database.close(); });

describe("memory with OpenAI embeddings and Pinecone (configured)", () => {
  it("indexes through the OpenAI and Pinecone APIs, one namespace per org, no vectors in the table", async () => {
    expect(memory.embedder.model).toBe("openai:text-embedding-3-small:1536");
    expect(memory.store.name).toBe("pinecone");
    expect(await indexOrgMemory(a, { memory })).toEqual({ embedded: 10, unchanged: 0, deleted: 0 });
    expect(await indexOrgMemory(b, { memory })).toEqual({ embedded: 3, unchanged: 0, deleted: 0 });
    expect(embeddedInputs()).toHaveLength(13);
    expect(pinecone.namespaces.get(a.orgId)!.size).toBe(10);
    expect(pinecone.namespaces.get(b.orgId)!.size).toBe(3);
    const inline = await database.db.select().from(memoryItems).where(isNull(memoryItems.embedding));
    expect(inline).toHaveLength(13);
  });

  it("ranks the expected item first and stays inside the org", async () => {
    const [hit] = await searchMemory(a, memory, "running shoes search", {}, 1);
    expect(hit.title).toBe('Google Ads campaign "Running Shoes Search"');
    const hitsB = await searchMemory(b, memory, "running shoes search", {}, 20);
    expect(hitsB.map((h) => h.title).sort()).toEqual([
      // the day's summary is collapsed under its campaign, as evidence
      'Meta campaign "Summer Sale Retargeting"', 'Meta campaign "Winter Clearance"',
    ].sort());
  });

  it("re-embeds only changed texts and deletes the vectors of removed items", async () => {
    await database.db.update(adEntities).set({ status: "PAUSED" }).where(and(eq(adEntities.orgId, a.orgId), eq(adEntities.externalId, "g1")));
    await database.db.delete(adEntities).where(and(eq(adEntities.orgId, a.orgId), eq(adEntities.externalId, "ad1")));
    expect(await indexOrgMemory(a, { memory })).toEqual({ embedded: 1, unchanged: 8, deleted: 1 });
    expect(embeddedInputs()).toEqual(['Google Ads campaign "Running Shoes Search"\nGoogle Ads campaign "Running Shoes Search" (id g1). Account "Acme Search". Objective: SEARCH. Status: PAUSED.']);
    expect(pinecone.namespaces.get(a.orgId)!.size).toBe(9);
    const [hit] = await searchMemory(a, memory, "running shoes paused", { kinds: ["campaign"] }, 1);
    expect(hit.body).toContain("Status: PAUSED.");
  });
});
