import { Pinecone } from "@pinecone-database/pinecone";
import { AppError } from "../../errors.js";
import type { SearchFilter } from "./search-filter.js";
import type { VectorStore } from "./vector-store.js";

/** How to reach a Pinecone index (or a stand-in speaking its data-plane API). */
export interface PineconeOptions {
  /** Secret key; never logged or echoed. */
  apiKey: string;
  /** Index host, e.g. "my-index-abc123.svc.us-east1-aws.pinecone.io" or "http://127.0.0.1:port". */
  indexHost: string;
  /** Retries after 429 (ours) and after 5xx or connection errors (the SDK's own) before giving up. */
  maxRetries?: number;
  /** First backoff delay in ms (doubles each retry, plus jitter). */
  retryBaseMs?: number;
}

// Pinecone accepts up to 1000 records (2 MB) per upsert (https://docs.pinecone.io/guides/index-data/upsert-data).
const UPSERT_BATCH = 100;
// Delete by ids takes up to 1000 ids per request (https://docs.pinecone.io/reference/api/data-plane/delete).
const DELETE_BATCH = 1000;

/**
 * Vectors in Pinecone, one namespace per organization (the namespace is the org id, so one org's
 * query can never return another org's vectors). Metadata carries kind, platform and the item's
 * days as yyyymmdd numbers so filters run in Pinecone.
 */
export function createPineconeVectorStore(opts: PineconeOptions): VectorStore {
  const pc = new Pinecone({ apiKey: opts.apiKey, maxRetries: opts.maxRetries ?? 3 });
  const index = pc.index({ host: opts.indexHost });
  const call = <T>(what: string, fn: () => Promise<T>) => withRetry(what, fn, opts.maxRetries ?? 3, opts.retryBaseMs ?? 500);
  // The index's dimension, read once (a successful check is remembered; a failed one is retried next time).
  let verified: Promise<void> | undefined;
  const verify = (model: string, dimensions: number) => {
    verified ??= call("index check", () => index.describeIndexStats()).then((stats) => {
      if (stats.dimension !== undefined && stats.dimension !== dimensions)
        throw new AppError("CONFLICT", `The Pinecone index has dimension ${stats.dimension}, but the embedding model ${model} makes ${dimensions}-dimensional vectors; point PINECONE_INDEX_HOST at an index of dimension ${dimensions}, or use the embedding model the index was built for.`);
    }).catch((err) => { verified = undefined; throw err; });
    return verified;
  };
  return {
    name: "pinecone",
    inline: false,
    verify,
    ensure: (_scope, model, dimensions) => verify(model, dimensions),
    async upsert(scope, model, records) {
      const ns = index.namespace(scope.orgId);
      for (let i = 0; i < records.length; i += UPSERT_BATCH) {
        const batch = records.slice(i, i + UPSERT_BATCH).map((r) => ({
          id: r.id,
          values: r.vector,
          metadata: {
            model, kind: r.meta.kind, platform: r.meta.platform ?? "",
            dateFrom: dayNumber(r.meta.dateFrom), dateTo: dayNumber(r.meta.dateTo ?? r.meta.dateFrom),
          },
        }));
        await call("upsert", () => ns.upsert({ records: batch }));
      }
    },
    async delete(scope, ids) {
      const ns = index.namespace(scope.orgId);
      for (let i = 0; i < ids.length; i += DELETE_BATCH) {
        const batch = ids.slice(i, i + DELETE_BATCH);
        await call("delete", () => ns.deleteMany({ ids: batch }));
      }
    },
    async query(scope, model, vector, filter, k) {
      const ns = index.namespace(scope.orgId);
      const res = await call("query", () => ns.query({ vector, topK: k, filter: pineconeFilter(model, filter), includeMetadata: false }));
      return (res.matches ?? []).map((m) => ({ id: m.id, similarity: m.score ?? 0 }));
    },
  };
}

/** YYYY-MM-DD → 20240701 (Pinecone range filters need numbers); null → 0. */
const dayNumber = (d: string | null | undefined) => (d ? Number(d.replace(/-/g, "")) : 0);

/** The metadata filter for a search (https://docs.pinecone.io/guides/search/filter-by-metadata). */
export function pineconeFilter(model: string, f: SearchFilter): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [{ model: { $eq: model } }];
  if (f.kinds?.length) clauses.push({ kind: { $in: f.kinds } });
  if (f.platforms?.length) clauses.push({ platform: { $in: f.platforms } });
  if (f.dateRange) {
    clauses.push({ dateFrom: { $gt: 0, $lte: dayNumber(f.dateRange.to) } });
    clauses.push({ dateTo: { $gte: dayNumber(f.dateRange.from) } });
  }
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

/**
 * The SDK retries 5xx and connection failures itself (`maxRetries`) but not 429; this retries 429 with
 * exponential backoff and jitter and maps every failure to an AppError.
 */
async function withRetry<T>(what: string, fn: () => Promise<T>, maxRetries: number, baseMs: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const status = statusOf(err);
      if (status !== 429 || attempt >= maxRetries) throw pineconeError(err, what, status);
      const delay = baseMs * 2 ** attempt * (1 + Math.random() * 0.25);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** The HTTP status behind an SDK error (its class, or the "Status: NNN" its message ends with). */
function statusOf(err: unknown): number | undefined {
  const name = (err as Error)?.name;
  if (name === "PineconeAuthorizationError") return 401;
  if (name === "PineconeNotFoundError") return 404;
  if (name === "PineconeMaxRetriesExceededError") return 503;
  const m = /Status: (\d{3})/.exec(String((err as Error)?.message ?? ""));
  return m ? Number(m[1]) : undefined;
}

function pineconeError(err: unknown, what: string, status: number | undefined): AppError {
  if (status === 429) return new AppError("RATE_LIMITED", `Pinecone rate-limited the ${what} and retries ran out; try again shortly.`);
  if (status === 401 || status === 403) return new AppError("UPSTREAM_ERROR", `Pinecone rejected the API key during the ${what}; check PINECONE_API_KEY.`);
  if (status === 404) return new AppError("UPSTREAM_ERROR", "Pinecone has no index at the configured host; check PINECONE_INDEX_HOST.");
  if ((err as Error)?.name === "PineconeMaxRetriesExceededError") return new AppError("UPSTREAM_ERROR", `Pinecone kept failing the ${what} with server errors after retries; try again later.`);
  return new AppError("UPSTREAM_ERROR", `Pinecone ${what} failed${status ? ` with HTTP ${status}` : ""}; try again later.`);
}
