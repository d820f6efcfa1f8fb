import type { OrgScope } from "../../db/scope.js";
import type { MemoryKind } from "../../db/tables/memory-items.js";
import type { SearchFilter } from "./search-filter.js";

/** What a store keeps beside each vector so it can filter without the database. */
export interface VectorMeta {
  /** Item kind. */
  kind: MemoryKind;
  /** Platform, or null for items that have none. */
  platform: string | null;
  /** First and last day the item is about, or null. */
  dateFrom: string | null;
  dateTo: string | null;
}

/** A vector to write: `id` is the memory_items id. */
export interface VectorRecord {
  id: string;
  vector: number[];
  meta: VectorMeta;
}

/** A nearest-neighbour match: memory_items id and cosine similarity. */
export interface VectorMatch {
  id: string;
  similarity: number;
}

/** Where vectors live. The embedded store keeps them in memory_items itself; Pinecone keeps them remotely. */
export interface VectorStore {
  /** "pgvector" | "pg-array" | "pinecone". */
  readonly name: string;
  /** True when vectors are written in the memory_items row (the writer fills `embedding`). */
  readonly inline: boolean;
  /** Prepare the store for vectors of this model (extension, index); idempotent. */
  ensure(scope: OrgScope, model: string, dimensions: number): Promise<void>;
  /** Check that a remote index takes vectors of this size (the gateway calls it at start); absent for embedded stores. */
  verify?(model: string, dimensions: number): Promise<void>;
  /** Write vectors for the org (no-op when inline). */
  upsert(scope: OrgScope, model: string, records: VectorRecord[]): Promise<void>;
  /** Remove vectors of these items (no-op when inline: deleting the row removes them). */
  delete(scope: OrgScope, ids: string[]): Promise<void>;
  /** The `k` nearest items of the org that match the filter, best first (`terms`: the query's words, for stores that prefilter). */
  query(scope: OrgScope, model: string, vector: number[], filter: SearchFilter, k: number, terms?: string[]): Promise<VectorMatch[]>;
}
