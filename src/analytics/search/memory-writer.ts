import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { OrgScope } from "../../db/scope.js";
import { memoryItems, type MemoryKind, type MemoryLink } from "../../db/tables/memory-items.js";
import type { Memory } from "./memory.js";

/** A memory item as sources produce it (before hashing and embedding). */
export interface MemoryItemInput {
  /** What it describes. */
  kind: MemoryKind;
  /** Stable key within the org; the same key again updates the item. */
  refKey: string;
  /** Platform id, or null. */
  platform: string | null;
  /** Days the item is about (inclusive), or null. */
  dateFrom: string | null;
  dateTo: string | null;
  /** Short headline shown in results. */
  title: string;
  /** The searchable text. */
  body: string;
  /** The entity, facts or result behind it. */
  link: MemoryLink;
}

/** What an indexing call did. */
export interface IndexCounts {
  /** Items new or changed, embedded and written. */
  embedded: number;
  /** Items whose text and model were unchanged (not re-embedded). */
  unchanged: number;
  /** Items removed because their source is gone. */
  deleted: number;
}

const CHUNK = 500; // rows per statement; keeps bind parameters well under PostgreSQL's 65,535
// Rows per write on the embedded database: PGlite runs in-process, and each row's HNSW insert is CPU work
// on the event loop, so small writes with a yield between them keep the gateway answering during a big index.
const EMBEDDED_CHUNK = 50;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const ANALYZE_AFTER = 1000; // rows written in one call

export const contentHashOf = (i: Pick<MemoryItemInput, "title" | "body">) => createHash("sha256").update(`${i.title}\n${i.body}`).digest("hex");

/** Upsert items for the org, embedding only those whose content hash or embedding model changed. */
export async function writeMemoryItems(scope: OrgScope, memory: Memory, input: MemoryItemInput[]): Promise<IndexCounts> {
  const { embedder, store } = memory;
  const items = [...new Map(input.map((i) => [i.refKey, i])).values()];
  const existing = new Map<string, { hash: string; model: string | null }>();
  for (let i = 0; i < items.length; i += CHUNK) {
    const keys = items.slice(i, i + CHUNK).map((x) => x.refKey);
    const rows = await scope.db
      .select({ refKey: memoryItems.refKey, hash: memoryItems.contentHash, model: memoryItems.embeddingModel })
      .from(memoryItems)
      .where(and(eq(memoryItems.orgId, scope.orgId), inArray(memoryItems.refKey, keys)));
    for (const r of rows) existing.set(r.refKey, { hash: r.hash, model: r.model });
  }
  const changed = items
    .map((i) => ({ ...i, hash: contentHashOf(i) }))
    .filter((i) => {
      const e = existing.get(i.refKey);
      return !e || e.hash !== i.hash || e.model !== embedder.model;
    });
  if (changed.length) await store.ensure(scope, embedder.model, embedder.dimensions);
  const writeChunk = scope.database.driver === "pglite" ? EMBEDDED_CHUNK : CHUNK;
  for (let i = 0; i < changed.length; i += writeChunk) {
    if (i > 0) await yieldToEventLoop();
    const batch = changed.slice(i, i + writeChunk);
    const vectors = await embedder.embed(batch.map((b) => `${b.title}\n${b.body}`));
    const rows = await scope.db
      .insert(memoryItems)
      .values(batch.map((b, j) => ({
        orgId: scope.orgId, kind: b.kind, refKey: b.refKey, platform: b.platform, dateFrom: b.dateFrom, dateTo: b.dateTo,
        title: b.title, body: b.body, link: b.link, contentHash: b.hash, embeddingModel: embedder.model,
        embedding: store.inline ? vectors[j] : null,
      })))
      .onConflictDoUpdate({
        target: [memoryItems.orgId, memoryItems.refKey],
        set: {
          kind: sql`excluded.kind`, platform: sql`excluded.platform`, dateFrom: sql`excluded.date_from`, dateTo: sql`excluded.date_to`,
          title: sql`excluded.title`, body: sql`excluded.body`, link: sql`excluded.link`, contentHash: sql`excluded.content_hash`,
          embeddingModel: sql`excluded.embedding_model`, embedding: sql`excluded.embedding`, updatedAt: sql`now()`,
        },
      })
      .returning({ id: memoryItems.id, refKey: memoryItems.refKey });
    if (!store.inline) {
      const idOf = new Map(rows.map((r) => [r.refKey, r.id]));
      await store.upsert(scope, embedder.model, batch.map((b, j) => ({
        id: idOf.get(b.refKey)!, vector: vectors[j],
        meta: { kind: b.kind, platform: b.platform, dateFrom: b.dateFrom, dateTo: b.dateTo },
      })));
    }
  }
  // PGlite runs no autovacuum: refresh planner statistics after a big load so searches use the indexes.
  if (changed.length >= ANALYZE_AFTER) await scope.db.execute(sql`analyze memory_items`);
  return { embedded: changed.length, unchanged: items.length - changed.length, deleted: 0 };
}

/** Delete the org's items with these ref keys (from the table and the vector store). */
export async function deleteMemoryItems(scope: OrgScope, memory: Memory, refKeys: string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < refKeys.length; i += CHUNK) {
    const rows = await scope.db
      .delete(memoryItems)
      .where(and(eq(memoryItems.orgId, scope.orgId), inArray(memoryItems.refKey, refKeys.slice(i, i + CHUNK))))
      .returning({ id: memoryItems.id });
    if (rows.length) await memory.store.delete(scope, rows.map((r) => r.id));
    deleted += rows.length;
  }
  return deleted;
}

/**
 * Make the org's items of `kinds` (optionally only those dated within `dateRange`) exactly `items`:
 * upsert what changed and delete what is no longer produced by the source.
 */
export async function syncMemoryItems(
  scope: OrgScope, memory: Memory, kinds: MemoryKind[], items: MemoryItemInput[], dateRange?: { from: string; to: string },
): Promise<IndexCounts> {
  const counts = await writeMemoryItems(scope, memory, items);
  const keep = new Set(items.map((i) => i.refKey));
  const conds = [eq(memoryItems.orgId, scope.orgId), inArray(memoryItems.kind, kinds)];
  if (dateRange) conds.push(sql`${memoryItems.dateFrom} between ${dateRange.from} and ${dateRange.to}`);
  const present = await scope.db.select({ refKey: memoryItems.refKey }).from(memoryItems).where(and(...conds));
  const stale = present.map((r) => r.refKey).filter((k) => !keep.has(k));
  counts.deleted = stale.length ? await deleteMemoryItems(scope, memory, stale) : 0;
  return counts;
}
