import { sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { queryRows } from "../../db/query.js";
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
  /** One row per journey from the touchpoints: converted, value, and touches and exposure per channel. */
  touchpoints?: { dateRange: { from: string; to: string } } | null;
}

// Bounds that keep one analysis within a request's budget (bootstraps multiply this).
export const MAX_ROWS = 100_000;

export async function loadCausalTable(scope: OrgScope, s: CausalSource): Promise<CausalTable> {
  const given = [s.rows, s.csv, s.dataset, s.touchpoints].filter((x) => x != null).length;
  if (given !== 1) throw badInput("Give exactly one data source: rows, csv, dataset or touchpoints.");
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
  } else if (s.touchpoints) {
    t = await journeyTable(scope, s.touchpoints.dateRange);
  } else {
    const ds = await buildCausalDataset(scope, s.dataset!);
    t = { columns: ds.columns, rows: ds.rows, source: "dataset" };
  }
  if (t.rows.length === 0) throw badInput("The data has no rows.");
  if (t.rows.length > MAX_ROWS) throw badInput(`The data has ${t.rows.length} rows; an analysis takes at most ${MAX_ROWS}. Aggregate it or narrow the range.`);
  return t;
}

const slug = (c: string) => c.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "unknown";

/**
 * Journeys that started in the range, one row each: `converted` (0/1), `value` (Σ conversion value),
 * and per channel `touches_<channel>` (count) and `exposed_<channel>` (0/1) — for matching "exposed to
 * a channel" against "not", adjusting for the other exposures.
 */
async function journeyTable(scope: OrgScope, range: { from: string; to: string }): Promise<CausalTable> {
  const rows = await queryRows<{ journey: string; kind: string; channel: string; n: number | string; value: number | null }>(scope.db, sql`
    with j as (
      select journey_id from touchpoints where org_id = ${scope.orgId}
      group by journey_id having min(occurred_at) >= ${range.from}::date and min(occurred_at) < (${range.to}::date + 1)
    )
    select t.journey_id as journey, t.kind, t.channel, count(*) as n, sum(t.value) as value
    from touchpoints t join j using (journey_id)
    where t.org_id = ${scope.orgId}
    group by t.journey_id, t.kind, t.channel`);
  const channels = [...new Set(rows.filter((r) => r.kind === "touch").map((r) => slug(r.channel)))].sort();
  const byJourney = new Map<string, Record<string, number | string | null>>();
  for (const r of rows) {
    const row = byJourney.get(r.journey) ?? byJourney.set(r.journey, { journey: r.journey, converted: 0, value: 0, ...Object.fromEntries(channels.flatMap((c) => [[`touches_${c}`, 0], [`exposed_${c}`, 0]])) }).get(r.journey)!;
    if (r.kind === "conversion") { row.converted = 1; row.value = Number(row.value) + Number(r.value ?? 0); }
    else { const c = slug(r.channel); row[`touches_${c}`] = Number(row[`touches_${c}`]) + Number(r.n); row[`exposed_${c}`] = 1; }
  }
  return { columns: ["journey", "converted", "value", ...channels.flatMap((c) => [`touches_${c}`, `exposed_${c}`])], rows: [...byJourney.values()], source: "touchpoints" };
}
