import { sql, type SQL } from "drizzle-orm";
import type { Database, Db } from "../../db/client.js";
import { queryRows } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import { filterConditions, type SearchFilter } from "./search-filter.js";
import type { VectorMatch, VectorStore } from "./vector-store.js";

/**
 * The embedded vector store: vectors live in memory_items.embedding (float4[]).
 * - With pgvector (always in PGlite; on PostgreSQL when the extension is available) the column is cast
 *   to `vector(d)` and a partial HNSW index per embedding model is created at runtime by `ensure`
 *   (a runtime step, not a drizzle migration, because the dimension depends on the configured model
 *   and the extension may be missing). Iterative index scans keep org/kind filters exact.
 * - Without pgvector: cosine similarity is a dot product of the unit vectors computed in SQL, exactly
 *   over the org's filtered rows up to 5,000 of them; beyond that over a candidate set (items
 *   sharing a word with the query, plus the most recently updated when fewer than k do), so latency stays bounded.
 */
export function createPgVectorStore(opts: { exactMax?: number; candidates?: number } = {}): VectorStore {
  const limits = { exactMax: opts.exactMax ?? EXACT_MAX, candidates: opts.candidates ?? CANDIDATES };
  return {
    name: "pg",
    inline: true,
    ensure: async (scope, model, dimensions) => {
      await vectorMode(scope.database, model, dimensions);
    },
    upsert: async () => {},
    delete: async () => {},
    query: async (scope, model, vector, filter, k, terms = []) => {
      const mode = await vectorMode(scope.database, model, vector.length);
      if (mode === "array") return arrayQuery(scope, model, vector, filter, k, terms, limits);
      const d = sql.raw(String(vector.length));
      const q = `[${vector.join(",")}]`;
      // A literal model in the predicate lets the planner match the partial index.
      const whereIndexed = sql`${filterConditions(scope.orgId, filter)} and embedding_model = ${sql.raw(quoteLiteral(model))} and embedding is not null`;
      const efSearch = Math.max(40, k * 2);
      const nearest = (db: Db) => queryRows<{ id: string; dist: number }>(db, sql`
        select id, dist from (
          select id, (embedding::vector(${d}) <=> ${q}::vector(${d}))::float8 as dist from memory_items
          where ${whereIndexed} order by embedding::vector(${d}) <=> ${q}::vector(${d}) limit ${k}
        ) s order by dist, id`);
      const similarities = (rows: { id: string; dist: number }[]) => rows.map((r) => ({ id: r.id, similarity: 1 - Number(r.dist) }));
      // PGlite's one session already has these settings for the usual k (vectorMode): no BEGIN, set_config and COMMIT round trips.
      if (scope.database.driver === "pglite" && efSearch === SESSION_EF_SEARCH) return similarities(await nearest(scope.db));
      return scope.database.transaction(async (tx) => {
        // pgvector ≥ 0.8: keep scanning the index until enough rows pass the filter (https://github.com/pgvector/pgvector#iterative-index-scans).
        await tx.db.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(efSearch)}, true)`);
        return similarities(await nearest(tx.db));
      });
    },
  };
}

// Above this many filtered rows the float4[] scan is restricted to candidates. bench/search on PostgreSQL
// without pgvector: an exact scan costs ~0.1 ms a row (5,000 rows ≈ 0.5 s; 95,000 ≈ 7 s); install pgvector for big orgs.
const EXACT_MAX = 5000;
const CANDIDATES = 1500; // per source: word matches and most recent items

async function arrayQuery(
  scope: OrgScope, model: string, vector: number[], filter: SearchFilter, k: number, terms: string[], limits: { exactMax: number; candidates: number },
): Promise<VectorMatch[]> {
  const where = sql`${filterConditions(scope.orgId, filter)} and embedding_model = ${model} and embedding is not null`;
  const dot = dotProduct(vector);
  const [{ n }] = await queryRows<{ n: number }>(scope.db, sql`select count(*)::int as n from (select 1 from memory_items where ${where} limit ${limits.exactMax + 1}) c`);
  if (Number(n) <= limits.exactMax) {
    return queryRows<VectorMatch>(scope.db, sql`select id, ${dot} as similarity from memory_items where ${where} order by similarity desc nulls last, id limit ${k}`);
  }
  // Recent items make up for too few word matches (a misspelt query); with enough they would only cost a sort of the org's rows.
  const words = terms.length ? sql`select id from memory_items where ${where} and tsv @@ to_tsquery('english', ${terms.join(" | ")}) limit ${limits.candidates}` : sql`select null::uuid as id where false`;
  return queryRows<VectorMatch>(scope.db, sql`
    with w as (${words})
    select id, ${dot} as similarity from memory_items
    where ${where} and id in (select id from w union
      select id from (select id from memory_items where ${where} order by updated_at desc limit ${limits.candidates}) r where (select count(*) from w) < ${k})
    order by similarity desc nulls last, id limit ${k}`);
}

// A query vector with at most this many non-zero components (the local embedding of a few words has ~10 per word)
// is multiplied term by term: a sum of subscripts is ~10x cheaper per row than unnesting both arrays (bench/search).
const SPARSE_MAX = 96;

/** SQL for the dot product of memory_items.embedding with `vector`, in float8. */
function dotProduct(vector: number[]): SQL {
  const terms = vector.flatMap((x, i) => (x ? [`embedding[${i + 1}]::float8 * ${x}`] : []));
  if (!terms.length) return sql`0::float8`;
  // Numbers and 1-based indexes only, so the text is safe to inline (bind parameters would be one per term).
  if (terms.length <= SPARSE_MAX) return sql.raw(`(${terms.join(" + ")})`);
  return sql`(select sum(a::float8 * b) from unnest(embedding, ${`{${vector.join(",")}}`}::float8[]) as t(a, b))`;
}

type Mode = "vector" | "array";
const modes = new WeakMap<Database, Map<string, Promise<Mode>>>();

/** Whether this database searches with pgvector, creating the extension and the model's HNSW index once. */
export function vectorMode(database: Database, model: string, dimensions: number): Promise<Mode> {
  let perDb = modes.get(database);
  if (!perDb) modes.set(database, (perDb = new Map()));
  let p = perDb.get(model);
  if (!p) {
    p = ensureVector(database, model, dimensions).catch((err) => {
      perDb!.delete(model);
      throw err;
    });
    perDb.set(model, p);
  }
  return p;
}

async function ensureVector(database: Database, model: string, dimensions: number): Promise<Mode> {
  if (!(await database.hasVector())) return "array";
  try {
    await database.db.execute(sql`create extension if not exists vector`);
  } catch {
    return "array"; // available but not creatable by this role: fall back rather than fail
  }
  const name = `memory_items_hnsw_${model.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`.slice(0, 63);
  try {
    await database.transaction(async (tx) => {
      // An HNSW build is much faster when the graph fits in maintenance_work_mem (https://github.com/pgvector/pgvector#index-build-time).
      await tx.db.execute(sql`select set_config('maintenance_work_mem', '256MB', true)`);
      await tx.db.execute(sql.raw(
        `create index if not exists "${name}" on memory_items using hnsw ((embedding::vector(${Number(dimensions)})) vector_cosine_ops) ` +
        `where embedding_model = ${quoteLiteral(model)}`,
      ));
    });
  } catch (err) {
    if (!/already exists/.test(String((err as Error).message))) throw err; // another process created it first
  }
  if (database.driver === "pglite") {
    // The embedded database has one session, and only search scans HNSW: its settings for the usual k (50, first ≤ 16)
    // are made once here; other k set theirs in a transaction. Set after the index exists, outside any transaction.
    await database.db.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', false), set_config('hnsw.ef_search', ${String(SESSION_EF_SEARCH)}, false)`);
  }
  return "vector";
}

/** hnsw.ef_search for k = 50, the candidates of a search for up to 16 hits (ef_search = 2k). */
const SESSION_EF_SEARCH = 100;

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;
