import { parse } from "csv-parse/sync";
import { badInput } from "../../errors.js";
import type { OrgScope } from "../../db/scope.js";
import type { CausalTable } from "./causal-columns.js";

export type { CausalTable } from "./causal-columns.js";
import { buildCausalDataset, type CausalDatasetInput } from "../causal-dataset/causal-dataset.service.js";

/** Exactly one source: inline rows, a CSV with a header row, or a causal dataset built from the facts. */
export interface CausalSource {
  rows?: { columns: string[]; values: (number | null)[][] } | null;
  csv?: string | null;
  dataset?: CausalDatasetInput | null;
}

// Bounds that keep one analysis within a request's budget (bootstraps multiply this).
export const MAX_ROWS = 100_000;

export async function loadCausalTable(scope: OrgScope, s: CausalSource): Promise<CausalTable> {
  const given = [s.rows, s.csv, s.dataset].filter((x) => x != null).length;
  if (given !== 1) throw badInput("Give exactly one data source: rows, csv or dataset.");
  let t: CausalTable;
  if (s.rows) {
    const { columns, values } = s.rows;
    values.forEach((v, i) => { if (v.length !== columns.length) throw badInput(`rows.values[${i}] has ${v.length} values for ${columns.length} columns.`); });
    t = { columns, rows: values.map((v) => Object.fromEntries(columns.map((c, j) => [c, v[j] ?? null]))), source: "rows" };
  } else if (s.csv != null) {
    let records: Record<string, string>[];
    try {
      records = parse(s.csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
    } catch (e) {
      throw badInput(`The CSV could not be read: ${(e as Error).message.split("\n")[0]}. Give a header row and one value per column on every line.`);
    }
    const columns = records.length ? Object.keys(records[0]!) : [];
    t = { columns, rows: records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] === "" ? null : r[c]!]))), source: "csv" };
  } else {
    const ds = await buildCausalDataset(scope, s.dataset!);
    t = { columns: ds.columns, rows: ds.rows, source: "dataset" };
  }
  if (t.rows.length === 0) throw badInput("The data has no rows.");
  if (t.rows.length > MAX_ROWS) throw badInput(`The data has ${t.rows.length} rows; an analysis takes at most ${MAX_ROWS}. Aggregate it or narrow the range.`);
  return t;
}
