/**
 * p50/p95 latency of memory search on the embedded store (PGlite + pgvector HNSW), with 100,000
 * memory items by default, against the same search on the float4[] fallback (exact scan in SQL).
 *
 *   npx tsx bench/search/search-latency.bench.ts [--items 100000] [--runs 60]
 *   npx tsx bench/search/search-latency.bench.ts --postgres postgres://postgres@127.0.0.1:5433/postgres
 *     (a fresh database on that server, dropped after; without pgvector only the exact scan runs)
 *
 * Items are generated (campaign, ad and daily-summary texts over ~2,000 campaign names) and bulk
 * inserted with their local embeddings; the HNSW index is then built once, as `ensure` would.
 */
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../src/db/client.js";
import { createPostgresUrl } from "../../test/helpers/db.js";
import { migrate } from "../../src/db/migrate.js";
import { orgScope } from "../../src/db/scope.js";
import { organizations } from "../../src/db/tables/index.js";
import { createLocalEmbedder } from "../../src/analytics/embeddings/local-embedder.js";
import { createPgVectorStore, vectorMode } from "../../src/analytics/search/pg-vector-store.js";
import { contentHashOf } from "../../src/analytics/search/memory-writer.js";
import { searchMemory } from "../../src/analytics/search/search.service.js";
import type { Memory } from "../../src/analytics/search/memory.js";

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const ITEMS = arg("items", 100_000);
const RUNS = arg("runs", 60);
const SMALL_ORG_SHARE = 0.05; // a small org among a big table exercises the filtered (iterative) index scan

const ADJ = ["Summer", "Winter", "Spring", "Autumn", "Holiday", "Brand", "Flash", "Evergreen", "Retargeting", "Prospecting", "Lookalike", "Launch", "Clearance", "Loyalty", "Black Friday", "Cyber"];
const NOUN = ["Sale", "Sneakers", "Running Shoes", "Jackets", "Dresses", "Watches", "Bags", "Skincare", "Coffee", "Headphones", "Furniture", "Toys", "Books", "Vitamins", "Bikes", "Tents"];
const GEO = ["US", "UK", "DE", "FR", "CA", "AU", "NL", "ES"];
const PLATFORMS = ["meta", "google_ads", "tiktok", "klaviyo"];
const QUERIES = ["summer sale retargeting", "running shoes search UK", "black friday jackets", "winter clearance DE", "brand awareness coffee",
  "lookalike skincare", "flash sale headphones", "holiday toys US", "loyalty vitamins", "launch bikes FR"];

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31); // deterministic LCG
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

function item(i: number) {
  const name = `${pick(ADJ)} ${pick(NOUN)} ${pick(GEO)} ${100 + (i % 2000)}`;
  const platform = pick(PLATFORMS);
  const r = rnd();
  if (r < 0.8) {
    const date = new Date(Date.UTC(2023, 0, 1) + Math.floor(rnd() * 700) * 86_400_000).toISOString().slice(0, 10);
    const spend = (rnd() * 500).toFixed(2);
    return { kind: "campaign_day", refKey: `campaign_day:${i}`, platform, dateFrom: date, dateTo: date, title: `${platform} campaign "${name}" on ${date}`,
      body: `${platform} campaign "${name}" on ${date}: spend ${spend} USD, ${Math.floor(rnd() * 90000)} impressions, ${Math.floor(rnd() * 900)} clicks.` };
  }
  const kind = r < 0.95 ? "ad" : "campaign";
  return { kind, refKey: `entity:${i}`, platform, dateFrom: null, dateTo: null, title: `${platform} ${kind} "${name}"`,
    body: `${platform} ${kind} "${name}" (id ${i}). Status: ${pick(["ACTIVE", "PAUSED"])}. Objective: ${pick(["SALES", "AWARENESS", "TRAFFIC"])}.` };
}

async function load(database: Database, orgs: string[], memory: Memory) {
  const CHUNK = 1000;
  for (let i = 0; i < ITEMS; i += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, ITEMS - i) }, (_, j) => item(i + j));
    const vectors = await memory.embedder.embed(batch.map((b) => `${b.title}\n${b.body}`));
    const rows = batch.map((b, j) => sql`(${(i + j) % Math.round(1 / SMALL_ORG_SHARE) === 0 ? orgs[1] : orgs[0]}, ${b.kind}, ${b.refKey}, ${b.platform},
      ${b.dateFrom}, ${b.dateTo}, ${b.title}, ${b.body}, ${JSON.stringify({ type: "bench" })}::jsonb, ${contentHashOf(b)}, ${memory.embedder.model}, ${`{${vectors[j].join(",")}}`}::real[])`);
    await database.db.execute(sql`insert into memory_items (org_id, kind, ref_key, platform, date_from, date_to, title, body, link, content_hash, embedding_model, embedding)
      values ${sql.join(rows, sql`, `)}`);
  }
}

async function timeSearches(scope: ReturnType<typeof orgScope>, memory: Memory, runs: number) {
  for (const q of QUERIES.slice(0, 3)) await searchMemory(scope, memory, q, {}, 10); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await searchMemory(scope, memory, QUERIES[i % QUERIES.length], i % 3 === 0 ? { kinds: ["campaign_day"] } : {}, 10);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length * 0.5)], p95: ms[Math.floor(ms.length * 0.95)] };
}

const pgIdx = process.argv.indexOf("--postgres");
const pg = pgIdx > 0 ? await createPostgresUrl(process.argv[pgIdx + 1]) : null;
const database = await openDatabase(pg ? { url: pg.url } : {});
await migrate(database);
const orgs = (await database.db.insert(organizations).values([{ name: "Big", slug: "big" }, { name: "Small", slug: "small" }]).returning()).map((o) => o.id);
const memory: Memory = { embedder: createLocalEmbedder(), store: createPgVectorStore() };
let t = performance.now();
await load(database, orgs, memory);
await database.db.execute(sql`analyze memory_items`); // as writeMemoryItems does after a big write
console.log(`loaded ${ITEMS} items (${Math.round(ITEMS * SMALL_ORG_SHARE)} in the small org) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const hasVector = await database.hasVector();
if (hasVector) {
  t = performance.now();
  await vectorMode(database, memory.embedder.model, memory.embedder.dimensions); // builds the HNSW index
  console.log(`built the HNSW index in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const big = orgScope(database, orgs[0]);
const small = orgScope(database, orgs[1]);
const noVector = { ...database, hasVector: async () => false };
const f = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
const line = (label: string, r: { p50: number; p95: number }) => console.log(`${label.padEnd(48)}${f(r.p50)}${f(r.p95)}`);
let hnswBig: { p50: number; p95: number } | undefined;
if (hasVector) {
  hnswBig = await timeSearches(big, memory, RUNS);
  const hnswSmall = await timeSearches(small, memory, RUNS);
  // the vector half alone (embedding the query + HNSW), to show where the time goes
  const vec: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const [v] = await memory.embedder.embed([QUERIES[i % QUERIES.length]]);
    await memory.store.query(big, memory.embedder.model, v, {}, 50);
    vec.push(performance.now() - t0);
  }
  vec.sort((a, b) => a - b);
  console.log(`\nsearch latency, ${ITEMS} memory items, ${database.driver}, first = 10`);
  console.log(`${"".padEnd(48)}${"p50".padStart(10)}${"p95".padStart(10)}`);
  line("pgvector HNSW, big org (95% of items)", hnswBig);
  line("pgvector HNSW, small org (5% of items)", hnswSmall);
  line("  of which the vector half (k = 50), big org", { p50: vec[Math.floor(RUNS * 0.5)], p95: vec[Math.floor(RUNS * 0.95)] });
} else {
  console.log(`\nsearch latency, ${ITEMS} memory items, ${database.driver} without pgvector, first = 10`);
  console.log(`${"".padEnd(48)}${"p50".padStart(10)}${"p95".padStart(10)}`);
}
const few = Math.max(10, Math.floor(RUNS / 6));
const exactSmall = await timeSearches(orgScope(noVector, orgs[1]), memory, few);
line("float4[], small org (5,000 rows: exact)", exactSmall);
const boundedBig = await timeSearches(orgScope(noVector, orgs[0]), memory, few);
line("float4[], big org (candidates above 5,000)", boundedBig);
const exactMemory: Memory = { embedder: memory.embedder, store: createPgVectorStore({ exactMax: Number.MAX_SAFE_INTEGER }) };
const exactBig = await timeSearches(orgScope(noVector, orgs[0]), exactMemory, few);
line("float4[], big org, forced exact scan", exactBig);
console.log(`\nratio exact / candidates (p50, big org): ${(exactBig.p50 / boundedBig.p50).toFixed(1)}x`);
if (hnswBig) console.log(`ratio exact / HNSW (p50, big org): ${(exactBig.p50 / hnswBig.p50).toFixed(1)}x`);
await database.close();
await pg?.drop();
