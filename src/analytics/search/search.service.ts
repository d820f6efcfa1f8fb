import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import { memoryItems, type MemoryKind, type MemoryLink } from "../../db/tables/memory-items.js";
import { badInput } from "../../errors.js";
import { tokenize } from "../embeddings/local-embedder.js";
import type { Memory } from "./memory.js";
import { filterConditions, validateFilter, type SearchFilter } from "./search-filter.js";

/** One search result. */
export interface SearchHit {
  /** memory_items id. */
  id: string;
  kind: MemoryKind;
  title: string;
  body: string;
  platform: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  /** The entity, facts, run or result behind the item. */
  link: MemoryLink;
  /** Fused score: Σ 1/(60 + rank) over the vector and full-text rankings (higher is better). */
  score: number;
  /** Cosine similarity to the query, when the item was among the vector candidates. */
  vectorSimilarity: number | null;
  /** PostgreSQL ts_rank_cd of the item, when it matched the full-text query. */
  textRank: number | null;
}

// Reciprocal rank fusion constant from Cormack, Clarke & Büttcher (SIGIR 2009); damps the head of each list.
const RRF_K = 60;
const MAX_FIRST = 100;
const MAX_QUERY_CHARS = 500;

/**
 * Hybrid search of the org's memory: nearest vectors and PostgreSQL full-text matches, fused by
 * reciprocal rank. Always scoped to `scope.orgId`.
 */
export async function searchMemory(scope: OrgScope, memory: Memory, query: string, filter: SearchFilter = {}, first = 10): Promise<SearchHit[]> {
  const q = query.trim();
  if (!q) throw badInput("The search query is empty; type a few words to search for.");
  if (q.length > MAX_QUERY_CHARS) throw badInput(`The search query is ${q.length} characters; keep it under ${MAX_QUERY_CHARS}.`);
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) throw badInput(`first must be an integer from 1 to ${MAX_FIRST}.`);
  validateFilter(filter);
  const k = Math.max(50, first * 3);
  const [vector] = await memory.embedder.embed([q]);
  const [vectorMatches, textMatches] = await Promise.all([
    memory.store.query(scope, memory.embedder.model, vector, filter, k, [...new Set(tokenize(q))].slice(0, 32)),
    fullTextMatches(scope, q, filter, k),
  ]);
  const fused = new Map<string, { score: number; sim: number | null; rank: number | null }>();
  vectorMatches.forEach((m, i) => fused.set(m.id, { score: 1 / (RRF_K + i + 1), sim: m.similarity, rank: null }));
  textMatches.forEach((m, i) => {
    const f = fused.get(m.id) ?? { score: 0, sim: null, rank: null };
    fused.set(m.id, { ...f, score: f.score + 1 / (RRF_K + i + 1), rank: m.rank });
  });
  const ranked = [...fused.entries()]
    .sort(([ia, a], [ib, b]) => b.score - a.score || (b.sim ?? -2) - (a.sim ?? -2) || (ia < ib ? -1 : 1))
    .slice(0, first);
  if (!ranked.length) return [];
  const rows = await scope.db
    .select({
      id: memoryItems.id, kind: memoryItems.kind, title: memoryItems.title, body: memoryItems.body, platform: memoryItems.platform,
      dateFrom: memoryItems.dateFrom, dateTo: memoryItems.dateTo, link: memoryItems.link,
    })
    .from(memoryItems)
    .where(and(eq(memoryItems.orgId, scope.orgId), inArray(memoryItems.id, ranked.map(([id]) => id))));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked.flatMap(([id, f]) => {
    const r = byId.get(id);
    return r ? [{ ...r, score: f.score, vectorSimilarity: f.sim, textRank: f.rank }] : [];
  });
}

// Items ranked per OR-query: ranking every row that shares one common word ("campaign") grows with
// the table, so the OR pass ranks a bounded candidate set; the AND pass has already found the best ones.
const OR_CANDIDATES = 500;

/**
 * Full-text matches, best first: items containing all of the query's words (ranked by ts_rank_cd),
 * then, if fewer than k, items containing any of them.
 */
async function fullTextMatches(scope: OrgScope, q: string, filter: SearchFilter, k: number): Promise<{ id: string; rank: number }[]> {
  const terms = [...new Set(tokenize(q))].slice(0, 32);
  if (!terms.length) return [];
  // tokens are letters and digits only, so they are safe tsquery operands
  const all = await rankedMatches(scope, terms.join(" & "), filter, k, null);
  if (all.length >= k || terms.length === 1) return all;
  const seen = new Set(all.map((r) => r.id));
  const any = await rankedMatches(scope, terms.join(" | "), filter, k, OR_CANDIDATES);
  return [...all, ...any.filter((r) => !seen.has(r.id))].slice(0, k);
}

async function rankedMatches(scope: OrgScope, tsquery: string, filter: SearchFilter, k: number, candidates: number | null) {
  const bound = candidates ? sql`limit ${candidates}` : sql``;
  const rows = await queryRows<{ id: string; rank: number }>(scope.db, sql`
    select id, ts_rank_cd(tsv, q, 1)::float8 as rank -- 1: divide by 1 + log(length), so a short item naming the words wins a tie
    from (select id, tsv from memory_items where ${filterConditions(scope.orgId, filter)} and tsv @@ to_tsquery('english', ${tsquery}) ${bound}) m,
      to_tsquery('english', ${tsquery}) as q
    order by rank desc, id limit ${k}`);
  return rows.map((r) => ({ id: r.id, rank: Number(r.rank) }));
}
