import { sql, type InferSelectModel } from "drizzle-orm";
import { customType, date, index, jsonb, pgTable, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** What a memory item describes. */
export type MemoryKind = "account" | "campaign" | "ad_group" | "ad" | "campaign_day" | "sync_run" | "experiment" | "model";

/** Where a hit points: the entity, facts, run or result behind a memory item. */
export interface MemoryLink {
  /** What the item stands for. */
  type: "entity" | "facts" | "syncRun" | "experiment" | "model";
  /** Id of the row behind it (entity uuid, run uuid, …) when there is one. */
  id?: string;
  /** Entity and facts: the platform. */
  platform?: string;
  /** Entity: its level. */
  level?: string;
  /** Entity: the platform's own id. */
  externalId?: string;
  /** Facts: the campaign's platform id, the day, and the campaign entity's id when known. */
  campaignId?: string;
  date?: string;
  entityId?: string;
  /** Sync run: the connection's name. */
  connectionName?: string;
}

/**
 * Searchable memory of an organization: one text per entity, daily campaign summary, sync run,
 * experiment or model result. `embedding` is a float4[] so the table migrates on PostgreSQL with or
 * without pgvector; where pgvector exists the search casts it to `vector` (see search/vector-schema.ts,
 * which adds the HNSW index at runtime). With Pinecone configured the vector lives there and this is null.
 */
export const memoryItems = pgTable(
  "memory_items",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind").$type<MemoryKind>().notNull(),
    /** Stable key of the source within the org, e.g. "entity:<uuid>" or "campaign_day:meta:123:2024-07-01". */
    refKey: text("ref_key").notNull(),
    platform: text("platform"),
    /** Day or range the item is about (inclusive), for date filters. */
    dateFrom: date("date_from", { mode: "string" }),
    dateTo: date("date_to", { mode: "string" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    link: jsonb("link").$type<MemoryLink>().notNull(),
    /** sha256 of title + body: an unchanged hash is not re-embedded. */
    contentHash: text("content_hash").notNull(),
    /** Embedding model id; a change of model re-embeds. */
    embeddingModel: text("embedding_model"),
    embedding: real("embedding").array(),
    tsv: tsvector("tsv").generatedAlwaysAs(sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("memory_items_ref_idx").on(t.orgId, t.refKey),
    // with the day: search's latest summarised day and the days a query names are index range scans
    index("memory_items_org_kind_date_idx").on(t.orgId, t.kind, t.dateFrom),
    // fastupdate off: PGlite has no autovacuum to merge a GIN pending list, which would slow every search
    index("memory_items_tsv_idx").using("gin", t.tsv).with({ fastupdate: false }),
  ],
);

export type MemoryItem = InferSelectModel<typeof memoryItems>;
