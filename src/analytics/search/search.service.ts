import { sql, type SQL } from "drizzle-orm";
import { queryRows, withLocalSettings } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import { type MemoryItem, type MemoryKind, type MemoryLink } from "../../db/tables/memory-items.js";
import { badInput } from "../../errors.js";
import { tokenize } from "../embeddings/local-embedder.js";
import type { Memory } from "./memory.js";
import { filterConditions, validateFilter, type SearchFilter } from "./search-filter.js";
import { searchIntent } from "./search-intent.js";
import { diversify, scoreCandidate, type Candidate } from "./search-rank.js";
import { findCalendarPhrases } from "../nlq/calendar-phrases.js";
import { findDatePhrases } from "../nlq/date-phrases.js";

/** A daily summary behind a campaign hit. */
export interface SearchEvidence {
  /** memory_items id of the day's summary. */
  id: string;
  date: string | null;
  title: string;
}

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
  /** For a campaign: the daily summaries that matched, collapsed under it (newest first). */
  evidence: SearchEvidence[];
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
  return rerank(scope, q, filter, first, fused);
}

const EVIDENCE_DAYS = 7;
// Names ranked per query: the closest 100 by trigram similarity are more than a page of hits needs (bench/search).
const NAME_CANDIDATES = 100;
const DAY_CANDIDATES = 500;
const trigram = new WeakMap<object, Promise<boolean>>();

/** The smallest trigram word similarity between the query and a name for the name to be a candidate. */
const NAME_SIMILARITY = 0.3;
/** Names this similar (a typo, a partial name) are found first: few titles share that many of the query's trigrams. */
const CLOSE_NAME_SIMILARITY = 0.6;
/**
 * Names compared per threshold: a bounded sample, because a query of common words ("summer sale") shares trigrams with
 * thousands of names at 100k items and each one costs a similarity computed on its row (bench/search).
 */
const NAME_SCAN = 300;
/** Enough close names that partial ones (ranked below them) need not be looked for. */
const CLOSE_ENOUGH = 50;

/**
 * Whether pg_trgm is there (created on first use; PGlite loads it as an extension), with a trigram index on
 * the names of everything but daily summaries, so a misspelt name is an index look-up, not a similarity
 * computed for every item (created at runtime like the HNSW index: the extension is optional). False keeps
 * search working without it.
 */
function hasTrigram(scope: OrgScope): Promise<boolean> {
  let p = trigram.get(scope.database);
  if (!p) {
    p = (async () => {
      await scope.db.execute(sql`create extension if not exists pg_trgm`);
      await scope.db.execute(sql.raw("create index if not exists memory_items_title_trgm_idx on memory_items using gin (lower(title) gin_trgm_ops) where kind <> 'campaign_day'"));
      return true;
    })().catch(() => false);
    trigram.set(scope.database, p);
  }
  return p;
}

/** Ids of the org's items (not daily summaries) whose names are close to the query, closest first. */
async function nameCandidates(scope: OrgScope, where: SQL, nameQuery: string): Promise<{ id: string }[]> {
  if (await hasTrigram(scope)) {
    // `<%` is word similarity above pg_trgm.word_similarity_threshold, set for the statement: the index answers it.
    const similar = (threshold: number) => queryRows<{ id: string }>(scope.db, withLocalSettings({ "pg_trgm.word_similarity_threshold": String(threshold) },
      (ready) => sql`select id, word_similarity(${nameQuery}, lower(title)) as similarity from (select id, title from memory_items where ${where} and kind <> 'campaign_day'
        and ${nameQuery} <% lower(title) and ${ready} limit ${NAME_SCAN}) n order by similarity desc, id limit ${NAME_CANDIDATES}`, sql`similarity desc, id`));
    const close = await similar(CLOSE_NAME_SIMILARITY);
    if (close.length >= CLOSE_ENOUGH) return close;
    const seen = new Set(close.map((r) => r.id));
    const more = await similar(NAME_SIMILARITY);
    return [...close, ...more.filter((r) => !seen.has(r.id))].slice(0, NAME_CANDIDATES);
  }
  // Without pg_trgm: titles sharing a query word's first letters.
  const stems = [...new Set(tokenize(nameQuery))].filter((w) => w.length >= 3).slice(0, 8).map((w) => `%${w.slice(0, 3)}%`);
  if (!stems.length) return [];
  return queryRows<{ id: string }>(scope.db, sql`select id from memory_items where ${where} and kind <> 'campaign_day'
    and (${sql.join(stems.map((p) => sql`title ilike ${p}`), sql` or `)}) order by id limit ${NAME_CANDIDATES}`);
}

/** Ids as one array parameter (uuids need no quoting), not one parameter each: drizzle builds and PGlite parses hundreds less. */
const uuidArray = (ids: string[]) => `{${ids.join(",")}}`;
/** Texts as one array parameter, each quoted as an array element. */
const textArray = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

type CandidateRow = Pick<MemoryItem, "id" | "kind" | "title" | "body" | "platform" | "dateFrom" | "dateTo" | "link" | "refKey">;

/** The org's items that `where` selects, with what ranking needs (raw SQL: drizzle's row mapping doubled the CPU of reading ~200 rows). */
function candidateRows(scope: OrgScope, where: SQL): Promise<CandidateRow[]> {
  return queryRows<CandidateRow>(scope.db, sql`select id, kind, title, body, platform, date_from as "dateFrom", date_to as "dateTo", link, ref_key as "refKey"
    from memory_items where org_id = ${scope.orgId} and ${where}`);
}

/** The days a query names ("black friday", "2026-11-27"), counted from the org's latest summarised day. */
async function namedDays(scope: OrgScope, q: string): Promise<{ from: string; to: string } | null> {
  const text = ` ${q.toLowerCase()} `;
  if (!/\d|friday|monday|christmas|xmas|thanksgiving|halloween|valentine|bfcm|yesterday|last|this|since|week|month|quarter|year|day/.test(text)) return null;
  // a summary's date_from is its day (= date_to): the (org_id, kind, date_from) index answers the max
  const [row] = await queryRows<{ latest: string | null }>(scope.db, sql`select max(date_from)::text as latest from memory_items where org_id = ${scope.orgId} and kind = 'campaign_day'`);
  if (!row?.latest) return null;
  const found = [...findCalendarPhrases(text, row.latest), ...findDatePhrases(text, row.latest)];
  return found[0]?.range ?? null;
}

/**
 * Rank candidates from the hybrid lists, name look-ups (trigram similarity when pg_trgm is there) and the days a
 * query names, by name match, kind, status, objective and platform words; daily summaries collapse under their campaign.
 */
async function rerank(scope: OrgScope, q: string, filter: SearchFilter, first: number, fused: Map<string, { score: number; sim: number | null; rank: number | null }>): Promise<SearchHit[]> {
  const intent = searchIntent(q);
  const where = filterConditions(scope.orgId, filter);
  const nameQuery = (intent.rest || q).toLowerCase();
  const days = await namedDays(scope, q);
  // daily summaries have no name look-up: a filter to them alone needs none
  const named = !filter.kinds?.length || filter.kinds.some((kind) => kind !== "campaign_day");
  const [names, dayRows] = await Promise.all([
    named ? nameCandidates(scope, where, nameQuery) : Promise.resolve([]),
    days ? queryRows<{ id: string }>(scope.db, sql`select id from memory_items where ${where} and kind = 'campaign_day' and date_from between ${days.from} and ${days.to}
      ${intent.platforms.length ? sql`and platform in ${intent.platforms}` : sql``} limit ${DAY_CANDIDATES}`) : Promise.resolve([]),
  ]);
  const ids = [...new Set([...fused.keys(), ...names.map((r) => r.id), ...dayRows.map((r) => r.id)])];
  const rows = ids.length ? await candidateRows(scope, sql`id = any(${uuidArray(ids)}::uuid[])`) : [];
  const queryWords = [...new Set(tokenize(q))];
  const dayIds = new Set(dayRows.map((r) => r.id));
  const scored = rows.map((r) => {
    const f = fused.get(r.id);
    let score = scoreCandidate({ ...r, fused: f?.score ?? 0 } as Candidate, intent, queryWords);
    if (dayIds.has(r.id)) score += 2;
    return { row: r, score, f };
  });
  // Collapse daily summaries under their campaign (one hit per campaign, the days as evidence).
  const collapse = !filter.kinds?.length || filter.kinds.includes("campaign");
  const dayOwner = (r: (typeof rows)[number]) => (collapse && r.kind === "campaign_day" && r.link.entityId ? `entity:${String(r.link.entityId)}` : null);
  const owners = [...new Set(scored.map((s) => dayOwner(s.row)).filter((k): k is string => !!k))];
  const present = new Map(scored.map((s) => [s.row.refKey, s]));
  const missing = owners.filter((k) => !present.has(k));
  if (missing.length) {
    const extra = await candidateRows(scope, sql`ref_key = any(${textArray(missing)}::text[])`);
    for (const r of extra) present.set(r.refKey, { row: r, score: -Infinity, f: undefined });
  }
  const hits = new Map<string, { row: (typeof rows)[number]; score: number; f?: { score: number; sim: number | null; rank: number | null }; evidence: (typeof rows)[number][]; best: number }>();
  for (const s of [...present.values()]) if (s.row.kind !== "campaign_day" || !dayOwner(s.row) || !present.has(dayOwner(s.row)!)) hits.set(s.row.refKey, { ...s, evidence: [], best: s.score });
  for (const s of scored) {
    const owner = dayOwner(s.row);
    const h = owner ? hits.get(owner) : undefined;
    if (!h) continue;
    h.evidence.push(s.row);
    h.best = Math.max(h.best, s.score);
  }
  const sorted = [...hits.values()].map((h) => ({ ...h, kind: h.row.kind, title: h.row.title, final: Math.max(h.score, h.best) }))
    .sort((a, b) => b.final - a.final || (a.row.id < b.row.id ? -1 : 1));
  const ranked = diversify(sorted.slice(0, first * 3), first);
  return ranked.map((h) => ({
    id: h.row.id, kind: h.row.kind, title: h.row.title, body: h.row.body, platform: h.row.platform, dateFrom: h.row.dateFrom, dateTo: h.row.dateTo, link: h.row.link,
    score: h.final, vectorSimilarity: h.f?.sim ?? null, textRank: h.f?.rank ?? null,
    evidence: h.evidence.sort((a, b) => String(b.dateFrom).localeCompare(String(a.dateFrom))).slice(0, EVIDENCE_DAYS).map((e) => ({ id: e.id, date: e.dateFrom, title: e.title })),
  }));
}

// Items ranked per OR-query: ranking every row that shares one common word ("campaign") grows with
// the table, so the OR pass ranks a bounded candidate set; the AND pass has already found the best ones.
const OR_CANDIDATES = 500;
// Items ranked per AND-query: a bound for one common word ("sale" matches 12,000 of 100k items in bench/search).
const AND_CANDIDATES = 1000;

/**
 * Full-text matches, best first: items containing all of the query's words (ranked by ts_rank_cd),
 * then, if fewer than k, items containing any of them. One statement (a round trip less on PGlite): the OR pass is
 * gated by a one-time filter on the AND pass's count, so it runs only when that found fewer than k.
 */
async function fullTextMatches(scope: OrgScope, q: string, filter: SearchFilter, k: number): Promise<{ id: string; rank: number }[]> {
  const terms = [...new Set(tokenize(q))].slice(0, 32);
  if (!terms.length) return [];
  const where = filterConditions(scope.orgId, filter);
  // tokens are letters and digits only, so they are safe tsquery operands
  const ranked = (tsquery: string, candidates: number, gate: SQL = sql``) => sql`select id, ts_rank_cd(tsv, to_tsquery('english', ${tsquery}), 1)::float8 as rank
    from (select id, tsv from memory_items where ${where} and tsv @@ to_tsquery('english', ${tsquery}) ${gate} limit ${candidates}) m
    order by rank desc, id limit ${k}`; // 1: divide by 1 + log(length), so a short item naming the words wins a tie
  const rows = await queryRows<{ pass: number; id: string; rank: number }>(scope.db, sql`
    with all_m as (${ranked(terms.join(" & "), AND_CANDIDATES)})
    select 0 as pass, id, rank from all_m
    ${terms.length > 1 ? sql`union all select 1, id, rank from (${ranked(terms.join(" | "), OR_CANDIDATES, sql`and (select count(*) from all_m) < ${k}`)}) any_m` : sql``}`);
  const all = rows.filter((r) => Number(r.pass) === 0).sort(byRank).map((r) => ({ id: r.id, rank: Number(r.rank) }));
  const seen = new Set(all.map((r) => r.id));
  const any = rows.filter((r) => Number(r.pass) === 1 && !seen.has(r.id)).sort(byRank).map((r) => ({ id: r.id, rank: Number(r.rank) }));
  return [...all, ...any].slice(0, k);
}

const byRank = (a: { rank: number; id: string }, b: { rank: number; id: string }) => Number(b.rank) - Number(a.rank) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
