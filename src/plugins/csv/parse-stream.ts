import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { MappingError, NEEDED_COLUMNS, detectColumns, headerScore, pickCells, type ColumnMapping, type ColumnOverrides, type CsvRow } from "./columns.js";

/** One parsed data row (with its 1-based line in the file), a summary/totals row to skip, or a row csv-parse could not read. */
export type CsvItem =
  | { kind: "row"; line: number; cells: string[]; row: CsvRow }
  | { kind: "summary"; line: number; cells: string[]; reason: string }
  | { kind: "unreadable"; line: number; cells: string[]; reason: string };

/** Lines searched for the header: Google Ads puts a title and a date-range line above it. */
export const HEADER_SEARCH_LINES = 10;
const QUOTED_LINES = 5;
const QUOTED_CHARS = 120;

export interface CsvStreamOptions {
  /** Field separator; sniffed from the header line when absent ("," ";" tab or "|"). */
  delimiter?: string;
  /** Explicit field → header choices. */
  columns?: ColumnOverrides;
  /** Count Meta's "Results" as conversions when there is no purchases column (see DetectOptions). */
  resultsAsConversions?: boolean;
  /**
   * Quote the lines read while looking for the header in the "no header" error. Only for a file the caller sent
   * themselves (an upload, the CLI); a connection's file on the gateway's disk is never quoted.
   */
  quoteLines?: boolean;
  /** Called once with the header mapping and the lines skipped above it, before the first row. */
  onHeader?: (mapping: ColumnMapping, preambleLines: number) => void;
}

/** The delimiter most frequent on any of the first lines (a title line above the header may have none). */
export function sniffDelimiter(firstChunk: string): string {
  const lines = firstChunk.split(/\r?\n/, HEADER_SEARCH_LINES);
  const counts = [",", ";", "\t", "|"].map((d) => [d, Math.max(...lines.map((l) => l.split(d).length - 1))] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** A totals or summary row of a platform export, or undefined for a data row. */
export function summaryReason(cells: string[], mapping: ColumnMapping): string | undefined {
  const cell = (i: number | undefined) => (i === undefined ? "" : (cells[i] ?? "").trim());
  const { index } = mapping;
  // Google Ads puts "Total: Account", "Total: Search", "Total: Campaigns" … rows under the data.
  const total = [cells[0]?.trim() ?? "", cell(index.date), cell(index.campaign), cell(index.campaignId)].find((c) => /^total(\s*:|$)/i.test(c));
  if (total) return `the "${total}" totals row`;
  const dimensions = [index.campaign, index.campaignId, index.adGroup, index.ad].filter((i) => i !== undefined);
  // Ads Manager's summary row ("Results from N campaigns") has the range and the sums but no campaign, ad set or ad.
  if (dimensions.length && dimensions.every((i) => cell(i) === "") && (cell(index.date) === "" || mapping.profile === "meta-ads-manager")) {
    return "the summary row (no campaign, ad set or ad)";
  }
  return undefined;
}

interface Candidate { line: number; cells: string[]; error: MappingError; score: number }

/** The header search failed: the best partial header's own message, else what a header needs and the lines seen. */
function noHeader(candidates: Candidate[], delimiter: string, quote: boolean): MappingError {
  const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score >= 2) return best.error;
  const seen = candidates.slice(0, QUOTED_LINES).map((c) => {
    const text = c.cells.join(delimiter === "\t" ? "\\t" : delimiter);
    return `  line ${c.line}: ${text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text}`;
  });
  return new MappingError(
    `No header row found in the first ${candidates.length} line${candidates.length > 1 ? "s" : ""}. A header needs ${NEEDED_COLUMNS}; ` +
      `if yours are called otherwise, name them, e.g. --column date="<header>".` + (quote ? ` The file starts:\n${seen.join("\n")}` : ""),
  );
}

async function* withFirst(first: Buffer | string, rest: AsyncIterator<Buffer | string>) {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

/** A NUL byte (PostgreSQL text cannot hold one) or U+FFFD, what bytes that are not UTF-8 decode to. */
const BAD_TEXT = /[\u0000\uFFFD]/;
const NOT_TEXT = "the row holds a NUL byte or bytes that are not UTF-8 text; save the file as UTF-8";

const newlines = (cells: string[]) => cells.reduce((n, c) => n + (c.match(/\r\n|\n|\r/g)?.length ?? 0), 0);

/**
 * Stream a CSV: the header maps columns (throws MappingError), then each record is yielded with its line number.
 * Backpressure flows from the consumer to the source, so a file of any size is read in constant memory.
 */
export async function* parseCsvStream(source: AsyncIterable<Buffer | string>, options: CsvStreamOptions = {}): AsyncGenerator<CsvItem> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const delimiter = options.delimiter ?? sniffDelimiter(String(first.value).replace(/^\uFEFF/, ""));
  const parser = parse({ bom: true, delimiter, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, trim: false });
  const skipped: CsvItem[] = [];
  parser.on("skip", (e: Error & { lines?: number }) => skipped.push({ kind: "unreadable", line: e.lines ?? 0, cells: [], reason: e.message }));
  const input = Readable.from(withFirst(first.value, it));
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);
  let mapping: ColumnMapping | undefined;
  const candidates: Candidate[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      while (skipped.length) yield skipped.shift()!;
      const line = info.lines - newlines(record);
      if (!mapping) {
        if (record.some((c) => BAD_TEXT.test(c))) throw new MappingError("A line above the data holds a NUL byte or bytes that are not UTF-8 text; save the file as UTF-8 CSV.");
        try {
          mapping = detectColumns(record, options.columns, { resultsAsConversions: options.resultsAsConversions });
        } catch (e) {
          if (!(e instanceof MappingError)) throw e;
          candidates.push({ line, cells: record, error: e, score: headerScore(record) });
          if (candidates.length >= HEADER_SEARCH_LINES) throw noHeader(candidates, delimiter, options.quoteLines ?? false);
          continue;
        }
        options.onHeader?.(mapping, candidates.length);
        continue;
      }
      if (record.every((c) => c.trim() === "")) continue;
      const summary = summaryReason(record, mapping);
      if (summary) { yield { kind: "summary", line, cells: record, reason: summary }; continue; }
      if (record.some((c) => BAD_TEXT.test(c))) {
        yield { kind: "unreadable", line, cells: record.map((c) => c.replace(/\u0000/g, "")), reason: NOT_TEXT };
        continue;
      }
      if (record.length !== mapping.header.length) {
        yield { kind: "unreadable", line, cells: record, reason: `the row has ${record.length} columns but the header has ${mapping.header.length}` };
        continue;
      }
      yield { kind: "row", line, cells: record, row: pickCells(record, mapping) };
    }
    if (!mapping && candidates.length) throw noHeader(candidates, delimiter, options.quoteLines ?? false);
    while (skipped.length) yield skipped.shift()!;
  } finally {
    input.destroy();
    parser.destroy();
  }
}
