import type { OrgScope } from "../../db/scope.js";
import { upsertFacts, type FactRow } from "../../db/facts.js";
import { badInput } from "../../errors.js";
import { validateFact } from "./validate-fact.js";

export interface IngestFactInput extends Omit<FactRow, "stream"> {
  /** Stream name; default "ingest". */
  stream?: string;
  /** Where the rows come from (a pipeline name); rows are unique per source. Default "api". */
  source?: string;
}

export interface RowError {
  index: number;
  field?: string;
  reason: string;
}

export interface IngestResult {
  received: number;
  written: number;
  rejected: RowError[];
}

/** Validate each row, store the good ones idempotently, and return each bad row's index and reason. */
export async function ingestFacts(scope: OrgScope, rows: IngestFactInput[], maxRows: number): Promise<IngestResult> {
  if (rows.length > maxRows)
    throw badInput(`ingestFacts accepts at most ${maxRows} rows per call (INGEST_MAX_ROWS); this call sent ${rows.length}. Split it into batches.`, {
      limit: maxRows,
    });
  const rejected: RowError[] = [];
  const bySource = new Map<string, FactRow[]>();
  rows.forEach((row, index) => {
    const problem = validateFact(row as FactRow);
    if (problem) return void rejected.push({ index, ...problem });
    const { source = "api", ...fact } = row;
    const list = bySource.get(source) ?? [];
    list.push({ ...fact, stream: fact.stream || "ingest" });
    bySource.set(source, list);
  });
  let written = 0;
  await scope.database.transaction(async (tx) => {
    for (const [source, facts] of bySource) written += await upsertFacts(tx.db, scope.orgId, source, facts);
  });
  return { received: rows.length, written, rejected };
}
