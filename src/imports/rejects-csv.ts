import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { csvText } from "../csv-cell.js";
import type { OrgScope } from "../db/scope.js";
import { getImportBatch, rejectsOf } from "./csv-import.service.js";

/**
 * The rejected rows of a batch as a CSV the user can fix and upload again: `line`, `reason`, then the file's
 * own columns. Streamed page by page.
 */
export async function rejectsCsv(scope: OrgScope, batchId: string): Promise<Readable> {
  const batch = await getImportBatch(scope, batchId);
  const header = ((batch.mapping as { header?: string[] }).header ?? []).map(String);
  async function* rows() {
    yield ["line", "reason", ...header];
    for await (const r of rejectsOf(scope, batchId)) yield [String(r.line), r.reason, ...r.cells];
  }
  return Readable.from(rows()).pipe(stringify({ cast: { string: csvText } }));
}
