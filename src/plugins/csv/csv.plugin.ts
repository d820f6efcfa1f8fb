import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { z } from "zod";
import { InvalidConfig } from "../errors.js";
import type { ConnectorPlugin, Message, NormalizedRows } from "../types.js";
import { MappingError, columnOverrides, type ColumnMapping } from "./columns.js";
import { CSV_STREAM, normalizeCsvRow } from "./normalize.js";
import { parseCsvStream } from "./parse-stream.js";
import { valueOptions } from "./values.js";

export const csvConfigSpec = valueOptions.extend({
  /** Path of the CSV file on the gateway's disk (re-read whole on every sync). */
  path: z.string().min(1, "path is required: the CSV file to read"),
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

/**
 * A CSV file on disk as a connection (for files a scheduler drops in a folder). One-off uploads go through the
 * import service instead (`liftgate import`, POST /imports/csv, the importCsv mutation), which also records batches,
 * detects repeated files and sums rows of the same key; a connection keeps the last row per key.
 */
export const csvPlugin: ConnectorPlugin<CsvConfig> = {
  id: "csv",
  name: "CSV file",
  platform: "csv",
  // A file has no restatement window; one window covers any date range it holds.
  capabilities: { incremental: false, defaultLookbackDays: 0, maxWindowDays: 36_600 },
  spec: csvConfigSpec as never,
  secretFields: [],
  sampleConfig: csvConfigSpec.parse({ path: "./exports/meta-daily.csv", platform: "meta", defaultCurrency: "USD" }),

  async check(config) {
    try {
      await access(config.path);
      for await (const _ of parseCsvStream(createReadStream(config.path), { delimiter: config.delimiter, columns: config.columns, resultsAsConversions: config.resultsAsConversions })) break;
      return { ok: true };
    } catch (e) {
      if (e instanceof MappingError) return { ok: false, reason: e.message };
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return { ok: false, reason: `No such file: ${config.path}` };
      throw e;
    }
  },

  async discover() {
    return [{ name: CSV_STREAM, kind: "facts", grain: "campaign, ad group or ad × day", primaryKey: ["date", "campaign", "adGroup", "ad"], cursorField: "date", breakdowns: [] }];
  },

  async *read(config): AsyncGenerator<Message> {
    let headerCurrency: string | undefined;
    let skipped = 0;
    try {
      const options = { delimiter: config.delimiter, columns: config.columns, resultsAsConversions: config.resultsAsConversions, onHeader: (m: ColumnMapping) => { headerCurrency = m.headerCurrency; } };
      for await (const item of parseCsvStream(createReadStream(config.path), options)) {
        if (item.kind === "summary") { skipped++; continue; }
        const data: CsvRecord = item.kind === "row" ? { line: item.line, row: item.row as Record<string, string>, headerCurrency } : { line: item.line, error: item.reason };
        yield { type: "record", stream: CSV_STREAM, data, key: String(item.line) };
      }
    } catch (e) {
      if (e instanceof MappingError) throw new InvalidConfig(e.message, { field: "columns" });
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new InvalidConfig(`No such file: ${config.path}`, { field: "path" });
      throw e;
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

export default csvPlugin;
