import { z } from "zod";
import { InvalidConfig } from "../errors.js";
import type { ConnectorPlugin, Message, NormalizedRows } from "../types.js";
import { MappingError, columnOverrides, type ColumnMapping } from "./columns.js";
import { CSV_STREAM, normalizeCsvRow } from "./normalize.js";
import { openImportFile, type ImportDirOptions } from "./import-dir.js";
import { parseCsvStream } from "./parse-stream.js";
import { valueOptions } from "./values.js";

export const csvConfigSpec = valueOptions.extend({
  /** Path of the CSV file inside the operator's import directory (IMPORT_DIR), re-read whole on every sync. */
  path: z.string().min(1, "path is required: the CSV file to read").max(1024, "path must be at most 1024 characters"),
  /** Platform written into the facts, e.g. meta, google_ads, linkedin. */
  platform: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, "platform must be a lower-case name such as meta or linkedin"),
  /** Field separator; sniffed from the header when absent. */
  delimiter: z.enum([",", ";", "\t", "|"]).optional(),
  /** Explicit field → header choices. */
  columns: columnOverrides.optional(),
  /** Count Meta's "Results" as conversions when the file has no purchases column (it never wins over one). */
  resultsAsConversions: z.boolean().default(false),
});
export type CsvConfig = z.output<typeof csvConfigSpec>;

/** What `read` yields per data row: its line, the mapped cells, and the currency named in the header. */
interface CsvRecord { line: number; row?: Record<string, string>; error?: string; headerCurrency?: string }

/** A reason for a row csv-parse could not read, without the text it quotes from the file. */
const unreadableReason = (reason: string) => reason.split(":")[0]!.trim() || "unreadable row";

/**
 * A CSV file on disk as a connection (for files a scheduler drops in a folder). Reading server files is the
 * operator's grant, not a tenant's: only files inside `importDir` (IMPORT_DIR) are read, and errors never quote
 * the file beyond the cells of a data row. One-off uploads go through the import service instead (`liftgate import`,
 * POST /imports/csv, the importCsv mutation), which also records batches, detects repeated files and sums rows of
 * the same key; a connection keeps the last row per key.
 */
export function createCsvPlugin(importDir: ImportDirOptions): ConnectorPlugin<CsvConfig> {
  return {
    id: "csv",
    name: "CSV file",
    platform: "csv",
    // A file has no restatement window; one window covers any date range it holds.
    capabilities: { incremental: false, defaultLookbackDays: 0, maxWindowDays: 36_600 },
    spec: csvConfigSpec as never,
    secretFields: [],
    sampleConfig: csvConfigSpec.parse({ path: "exports/meta-daily.csv", platform: "meta", defaultCurrency: "USD" }),

    async check(config) {
      try {
        const file = await openImportFile(importDir, config.path);
        try {
          for await (const _ of parseCsvStream(file.stream(), { delimiter: config.delimiter, columns: config.columns, resultsAsConversions: config.resultsAsConversions })) break;
        } finally {
          await file.close();
        }
        return { ok: true };
      } catch (e) {
        if (e instanceof MappingError) return { ok: false, reason: e.brief };
        if (e instanceof InvalidConfig) return { ok: false, reason: e.message };
        return { ok: false, reason: "The file cannot be read as CSV." };
      }
    },

    async discover() {
      return [{ name: CSV_STREAM, kind: "facts", grain: "campaign, ad group or ad × day", primaryKey: ["date", "campaign", "adGroup", "ad"], cursorField: "date", breakdowns: [] }];
    },

    async *read(config): AsyncGenerator<Message> {
      let headerCurrency: string | undefined;
      let skipped = 0;
      const file = await openImportFile(importDir, config.path);
      try {
        const options = { delimiter: config.delimiter, columns: config.columns, resultsAsConversions: config.resultsAsConversions, onHeader: (m: ColumnMapping) => { headerCurrency = m.headerCurrency; } };
        for await (const item of parseCsvStream(file.stream(), options)) {
          if (item.kind === "summary") { skipped++; continue; }
          const data: CsvRecord = item.kind === "row" ? { line: item.line, row: item.row as Record<string, string>, headerCurrency } : { line: item.line, error: unreadableReason(item.reason) };
          yield { type: "record", stream: CSV_STREAM, data, key: String(item.line) };
        }
      } catch (e) {
        if (e instanceof MappingError) throw new InvalidConfig(e.brief, { field: "columns" });
        if (e instanceof InvalidConfig) throw e;
        throw new InvalidConfig("The file cannot be read as CSV.", { field: "path" });
      } finally {
        await file.close();
      }
      if (skipped) yield { type: "log", level: "info", message: `Skipped ${skipped} summary or totals row${skipped > 1 ? "s" : ""} of the export`, data: { skipped } };
      yield { type: "state", stream: CSV_STREAM, state: { readAt: new Date().toISOString() } };
    },

    normalize(_stream, record, { config }): NormalizedRows {
      const r = record as CsvRecord;
      if (!r.row) return { facts: [], entities: [], rejects: [{ reason: `line ${r.line}: ${r.error ?? "unreadable row"}` }] };
      const out = normalizeCsvRow(r.row, { ...config, headerCurrency: r.headerCurrency });
      return { ...out, rejects: out.rejects.map((x) => ({ ...x, reason: `line ${r.line}: ${x.reason}` })) };
    },
  };
}

/** The csv connector with reading server files off (no import directory); the registry builds one from config. */
export const csvPlugin = createCsvPlugin({ maxBytes: 0 });

export default csvPlugin;
