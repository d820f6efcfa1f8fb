import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { detectColumns, pickCells, type ColumnMapping, type ColumnOverrides, type CsvRow } from "./columns.js";

/** One parsed data row (with its 1-based line in the file) or a row csv-parse could not read. */
export type CsvItem =
  | { kind: "row"; line: number; cells: string[]; row: CsvRow }
  | { kind: "unreadable"; line: number; cells: string[]; reason: string };

export interface CsvStreamOptions {
  /** Field separator; sniffed from the header line when absent ("," ";" tab or "|"). */
  delimiter?: string;
  /** Explicit field → header choices. */
  columns?: ColumnOverrides;
  /** Called once with the header mapping, before the first row. */
  onHeader?: (mapping: ColumnMapping) => void;
}

/** The most frequent of , ; tab | in the first line. */
export function sniffDelimiter(firstChunk: string): string {
  const line = firstChunk.split(/\r?\n/, 1)[0] ?? "";
  const counts = [",", ";", "\t", "|"].map((d) => [d, line.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

async function* withFirst(first: Buffer | string, rest: AsyncIterator<Buffer | string>) {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

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
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      while (skipped.length) yield skipped.shift()!;
      const line = info.lines - newlines(record);
      if (!mapping) {
        mapping = detectColumns(record, options.columns);
        options.onHeader?.(mapping);
        continue;
      }
      if (record.every((c) => c.trim() === "")) continue;
      if (record.length !== mapping.header.length) {
        yield { kind: "unreadable", line, cells: record, reason: `the row has ${record.length} columns but the header has ${mapping.header.length}` };
        continue;
      }
      yield { kind: "row", line, cells: record, row: pickCells(record, mapping) };
    }
    while (skipped.length) yield skipped.shift()!;
  } finally {
    input.destroy();
    parser.destroy();
  }
}
