import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { queryRows, withLocalSettings } from "../../src/db/query.js";
import { orgScope } from "../../src/db/scope.js";
import { organizations } from "../../src/db/tables/index.js";
import { createLocalEmbedder } from "../../src/analytics/embeddings/local-embedder.js";
import { createPgVectorStore } from "../../src/analytics/search/pg-vector-store.js";
import { contentHashOf } from "../../src/analytics/search/memory-writer.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("withLocalSettings", () => {
  const titles = ["summer sale", "summer sale uk", "winter clearance"];
  const similar = (db: Database["db"], threshold: string) => queryRows<{ title: string }>(db, withLocalSettings({ "pg_trgm.word_similarity_threshold": threshold },
    (ready) => sql`select title from trgm_titles where 'sumer sal' <% title and ${ready}`, sql`title`));

  beforeAll(async () => {
    await database.db.execute(sql`create extension if not exists pg_trgm`);
    await database.db.execute(sql`create table trgm_titles (title text not null)`);
    await database.db.execute(sql`insert into trgm_titles values ${sql.join(titles.map((t) => sql`(${t})`), sql`, `)}`);
    await database.db.execute(sql`create index on trgm_titles using gin (title gin_trgm_ops)`);
  });

  it("makes the setting before the scan reads it, by row and through the trigram index", async () => {
    expect((await similar(database.db, "0.3")).map((r) => r.title)).toEqual(["summer sale", "summer sale uk"]);
    expect(await similar(database.db, "0.9")).toEqual([]);
    const indexed = await database.transaction(async (tx) => {
      await tx.db.execute(sql`set local enable_seqscan = off`);
      const plan = await queryRows<{ "QUERY PLAN": string }>(tx.db, sql`explain select title from trgm_titles where 'sumer sal' <% title`);
      return { plan: plan.map((r) => r["QUERY PLAN"]).join("\n"), low: await similar(tx.db, "0.3"), high: await similar(tx.db, "0.9") };
    });
    expect(indexed.plan).toContain("Bitmap Index Scan");
    expect(indexed.low.map((r) => r.title)).toEqual(["summer sale", "summer sale uk"]);
    expect(indexed.high).toEqual([]);
  });

  it("leaves the session's value after the statement", async () => {
    await similar(database.db, "0.3");
    const [row] = await queryRows<{ v: string }>(database.db, sql`select current_setting('pg_trgm.word_similarity_threshold') as v`);
    expect(row!.v).toBe("0.6");
  });
});

describe("the embedded vector store", () => {
  it("finds the 50 nearest items of a filter that keeps a third of the table (HNSW settings on PGlite, the exact scan without pgvector)", async () => {
    const [org] = await database.db.insert(organizations).values({ name: "Settings", slug: "settings" }).returning();
    const embedder = createLocalEmbedder();
    const items = Array.from({ length: 150 }, (_, i) => ({ kind: i % 3 === 0 ? "campaign" : "ad", title: `campaign ${i} summer sale ${i % 7}`, body: `body ${i}` }));
    const vectors = await embedder.embed(items.map((x) => `${x.title}\n${x.body}`));
    await database.db.execute(sql`insert into memory_items (org_id, kind, ref_key, title, body, link, content_hash, embedding_model, embedding) values ${sql.join(items.map((x, i) =>
      sql`(${org!.id}, ${x.kind}, ${`entity:${i}`}, ${x.title}, ${x.body}, ${JSON.stringify({ type: "entity" })}::jsonb, ${contentHashOf(x)}, ${embedder.model}, ${`{${vectors[i]!.join(",")}}`}::real[])`), sql`, `)}`);
    const store = createPgVectorStore();
    const scope = orgScope(database, org!.id);
    await store.ensure(scope, embedder.model, embedder.dimensions);
    const [query] = await embedder.embed(["summer sale campaign"]);
    const hits = await store.query(scope, embedder.model, query!, { kinds: ["campaign"] }, 50);
    expect(hits.length).toBe(50);
    const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from memory_items where id = any(${`{${hits.map((h) => h.id).join(",")}}`}::uuid[]) and kind = 'campaign'`);
    expect(Number(n)).toBe(50);
  });
});
