import { createHash } from "node:crypto";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { AppError, badInput, notFound } from "../errors.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import { refreshFactStatistics, upsertEntities, type EntityRow } from "../db/facts.js";
import type { OrgScope } from "../db/scope.js";
import { newestFirstPage, type PageArgs } from "../db/newest-first-page.js";
import { importBatches, importRejects, type ImportBatch } from "../db/tables/index.js";
import { MappingError, columnOverrides, type ColumnMapping } from "../plugins/csv/columns.js";
import { normalizeCsvRow } from "../plugins/csv/normalize.js";
import { parseCsvStream } from "../plugins/csv/parse-stream.js";
import { valueOptions } from "../plugins/csv/values.js";
import { z } from "zod";
import { csvChunkSize, factBuffer, loadCsvFacts } from "./csv-facts.loader.js";
import { isUuid } from "../db/node-lookup.js";

/** Options of one import: the platform, the column overrides and how the cells are written. */
export const csvImportOptions = valueOptions.extend({
  /** Platform written into the facts ("meta", "google_ads", "linkedin", …). */
  platform: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, "must be a lower-case platform name such as meta or linkedin"),
  /** Field separator; sniffed from the header when absent. */
  delimiter: z.enum([",", ";", "\t", "|"]).optional(),
  /** Explicit field → header choices that win over auto-detection. */
  columns: columnOverrides.optional(),
  /** Count Meta's "Results" as conversions when the file has no purchases column (it never wins over one). */
  resultsAsConversions: z.boolean().default(false),
  /** Load the file even when the same file was loaded before (its rows are upserted: nothing is duplicated). */
  force: z.boolean().default(false),
});
export type CsvImportOptions = z.input<typeof csvImportOptions>;

/** A file that can be read twice (once to hash, once to load); each call returns a fresh stream of its bytes. */
export interface CsvSource {
  open(): AsyncIterable<Buffer | string>;
  /** Name shown in the batch list. */
  fileName?: string;
}

/** The outcome of an import; `duplicate` means this exact file was loaded before and nothing changed. */
export interface CsvImportResult {
  batch: ImportBatch;
  duplicate: boolean;
  /** The first rejected rows (line and reason); the full list is downloadable. */
  rejectsPreview: { line: number; reason: string }[];
  /** Summary and totals rows of the export that were skipped (not loaded, not rejected). */
  skipped: { rows: number; lines: number[]; preambleLines: number };
}

const PREVIEW = 20;
const REJECT_CHUNK = 500;
const NAMED_MAX = 50_000;
/** Skipped summary lines kept per batch; an export has a handful (one summary row, a few "Total:" rows). */
const SKIPPED_MAX = 1000;

/** The facts' source for CSV rows of a platform (one per platform, so a corrected file supersedes the old rows). */
export const csvSourceOf = (platform: string) => `csv:${platform}`;

async function hashOf(source: CsvSource): Promise<{ hash: string; bytes: number }> {
  const h = createHash("sha256");
  let bytes = 0;
  for await (const chunk of source.open()) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    h.update(b);
    bytes += b.length;
  }
  return { hash: h.digest("hex"), bytes };
}

/**
 * Import a spend CSV into the org's facts: stream it, map the header, load good rows in chunks, keep bad rows with
 * their line and reason, and record the batch. The same file (by SHA-256) loaded again is reported as a duplicate,
 * unless the earlier import loaded no rows (e.g. all rejected for a wrong date format) or `force` is set.
 */
export async function importCsv(scope: OrgScope, source: CsvSource, input: CsvImportOptions, actor: string): Promise<CsvImportResult> {
  const parsed = csvImportOptions.safeParse(input);
  if (!parsed.success) throw badInput(`Invalid import options: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const opts = parsed.data;
  const { db, orgId } = scope;
  const { hash, bytes } = await hashOf(source);
  const [previous] = await db.select().from(importBatches)
    .where(and(eq(importBatches.orgId, orgId), eq(importBatches.platform, opts.platform), eq(importBatches.fileHash, hash), eq(importBatches.status, "loaded"), gt(importBatches.rowsLoaded, 0)))
    .orderBy(desc(importBatches.createdAt)).limit(1);
  if (previous && !opts.force) return { batch: previous, duplicate: true, rejectsPreview: [], skipped: skippedOf(previous) };

  let mapping: ColumnMapping | undefined;
  let preambleLines = 0;
  const items = parseCsvStream(source.open(), {
    delimiter: opts.delimiter, columns: opts.columns, resultsAsConversions: opts.resultsAsConversions, quoteLines: true,
    onHeader: (m, preamble) => { mapping = m; preambleLines = preamble; },
  });
  let first: IteratorResult<Awaited<ReturnType<typeof items.next>>["value"]>;
  try {
    first = await items.next();
  } catch (e) {
    if (e instanceof MappingError) throw badInput(e.message);
    throw e;
  }
  if (!mapping) throw badInput("The file is empty: it needs a header row and at least one data row.");
  const m = mapping as ColumnMapping;
  if (m.index.currency === undefined && !m.headerCurrency && !opts.defaultCurrency) {
    throw badInput("The file has no currency column and its spend header names no currency: set the default currency (e.g. defaultCurrency: \"USD\").");
  }
  const [batch] = await db.insert(importBatches).values({
    orgId, platform: opts.platform, fileName: source.fileName ?? null, fileHash: hash, fileBytes: bytes, actor,
    mapping: {
      header: m.header, profile: m.profile, preambleLines, columns: Object.fromEntries(Object.entries(m.index).map(([f, i]) => [f, m.header[i!]])),
      ...valueOptions.parse(opts), resultsAsConversions: opts.resultsAsConversions,
    },
  }).returning();
  const batchId = batch!.id;
  const sourceId = csvSourceOf(opts.platform);
  const counts = { read: 0, loaded: 0, rejected: 0, skipped: 0 };
  const skippedLines: number[] = [];
  const preview: CsvImportResult["rejectsPreview"] = [];
  let rejects: (typeof importRejects.$inferInsert)[] = [];
  const entities = new Map<string, EntityRow>();
  const named = new Set<string>(); // campaigns already named in this import (bounded, so memory stays flat)
  const flushRejects = async () => { if (rejects.length) await db.insert(importRejects).values(rejects); rejects = []; };
  const facts = factBuffer(async (rows) => {
    await loadCsvFacts(scope.database, orgId, sourceId, batchId, rows);
    if (entities.size) await upsertEntities(db, orgId, null, [...entities.values()]);
    entities.clear();
  }, csvChunkSize(scope.database));
  const reject = async (line: number, reason: string, cells: string[]) => {
    counts.rejected++;
    if (preview.length < PREVIEW) preview.push({ line, reason });
    rejects.push({ orgId, batchId, line, reason, cells });
    if (rejects.length >= REJECT_CHUNK) await flushRejects();
  };
  const ctx = { ...opts, headerCurrency: m.headerCurrency };
  try {
    for (let r = first; !r.done; r = await items.next()) {
      const item = r.value;
      counts.read++;
      if (item.kind === "unreadable") { await reject(item.line, item.reason, item.cells); continue; }
      if (item.kind === "summary") { counts.skipped++; if (skippedLines.length < SKIPPED_MAX) skippedLines.push(item.line); continue; }
      const out = normalizeCsvRow(item.row, ctx);
      if (out.rejects.length) { await reject(item.line, out.rejects[0]!.reason, item.cells); continue; }
      const fact = out.facts[0]!;
      counts.loaded++;
      const name = fact.extras?.campaign_name;
      if (typeof name === "string" && !named.has(fact.campaignId!)) {
        if (named.size >= NAMED_MAX) named.clear();
        named.add(fact.campaignId!);
        entities.set(fact.campaignId!, { platform: opts.platform, level: "campaign", externalId: fact.campaignId!, name, currency: fact.currency, extras: { source: "csv" } });
      }
      await facts.push(fact);
    }
    await facts.drain();
    await flushRejects();
    await refreshFactStatistics(scope.database, counts.loaded);
  } catch (e) {
    // The batch shows what the user can act on; a database or internal error's own text (SQL, paths) stays in the log.
    const error = e instanceof AppError ? e.message.slice(0, 500) : `The import stopped on an internal error after ${counts.read} rows; import the file again.`;
    await db.update(importBatches).set({ status: "failed", error, rowsRead: counts.read, completedAt: new Date() }).where(eq(importBatches.id, batchId));
    throw e;
  }
  const skipped = { rows: counts.skipped, lines: skippedLines, preambleLines };
  const [done] = await db.update(importBatches)
    .set({
      status: "loaded", rowsRead: counts.read, rowsLoaded: counts.loaded, rowsRejected: counts.rejected, completedAt: new Date(),
      mapping: sql`${importBatches.mapping} || ${JSON.stringify({ skippedRows: counts.skipped, skippedLines })}::jsonb`,
    })
    .where(eq(importBatches.id, batchId)).returning();
  return { batch: done!, duplicate: false, rejectsPreview: preview, skipped };
}

/** The summary/totals rows and preamble lines an earlier import skipped, from its recorded mapping. */
export function skippedOf(batch: ImportBatch): CsvImportResult["skipped"] {
  const m = batch.mapping as { skippedRows?: number; skippedLines?: number[]; preambleLines?: number };
  return { rows: m.skippedRows ?? 0, lines: m.skippedLines ?? [], preambleLines: m.preambleLines ?? 0 };
}

/**
 * At start: batches a stopped process left `running` (a crash, a kill) are marked failed, so no batch stays running
 * for ever. The rows loaded before the stop are kept; importing the file again replaces them.
 */
export async function recoverImportBatches(database: Database, logger: Logger): Promise<number> {
  const stuck = await database.db.update(importBatches)
    .set({ status: "failed", error: "The gateway stopped while this import ran; import the file again.", completedAt: new Date() })
    .where(eq(importBatches.status, "running")).returning({ id: importBatches.id });
  if (stuck.length) logger.warn({ batches: stuck.map((b) => b.id) }, "import batches left running by a stopped process marked failed");
  return stuck.length;
}

/** The org's import batches, newest first. */
export async function listImportBatches(scope: OrgScope, limit = 50): Promise<ImportBatch[]> {
  return scope.db.select().from(importBatches).where(eq(importBatches.orgId, scope.orgId)).orderBy(desc(importBatches.createdAt)).limit(Math.min(Math.max(limit, 1), 500));
}

/** One batch of this org, or NOT_FOUND (also for another org's batch). */
export async function getImportBatch(scope: OrgScope, batchId: string): Promise<ImportBatch> {
  if (!isUuid(batchId)) throw notFound("Import batch", batchId);
  const [b] = await scope.db.select().from(importBatches).where(and(eq(importBatches.orgId, scope.orgId), eq(importBatches.id, batchId)));
  if (!b) throw notFound("Import batch", batchId);
  return b;
}

/** The rejected rows of a batch in line order, read in pages so any number streams in constant memory. */
export async function* rejectsOf(scope: OrgScope, batchId: string, pageSize = 1000): AsyncGenerator<{ line: number; reason: string; cells: string[] }> {
  await getImportBatch(scope, batchId);
  let after = 0;
  for (;;) {
    const page = await scope.db.select({ id: importRejects.id, line: importRejects.line, reason: importRejects.reason, cells: importRejects.cells })
      .from(importRejects).where(and(eq(importRejects.orgId, scope.orgId), eq(importRejects.batchId, batchId), gt(importRejects.id, after)))
      .orderBy(importRejects.id).limit(pageSize);
    for (const r of page) yield { line: r.line, reason: r.reason, cells: r.cells };
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

/** This org's CSV imports, newest first, one page at a time. */
export const pageImportBatches = (scope: OrgScope, page: PageArgs) =>
  newestFirstPage<ImportBatch>(scope.db, importBatches, importBatches, eq(importBatches.orgId, scope.orgId), page);
