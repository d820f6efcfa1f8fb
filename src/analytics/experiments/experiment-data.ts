import { sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import type { OrgScope } from "../../db/scope.js";
import { experimentObservations } from "../../db/tables/index.js";
import { badInput } from "../../errors.js";
import { queryRows } from "../../db/query.js";
import { getExperiment } from "./experiment-service.js";

/** Data for an experiment: any mix of per-variant aggregates, per-unit rows, geo × day rows, or one CSV. */
export interface ExperimentDataInput {
  /** Metric the rows measure (default: the experiment's primary metric). */
  metric?: string | null;
  /** Per-variant sufficient statistics. */
  aggregates?: { variant: string; n: number; sum: number; sumSquares: number; covariateSum?: number | null; covariateSumSquares?: number | null; crossSum?: number | null }[];
  /** Per-unit rows. */
  units?: { unitId: string; variant: string; value: number; covariate?: number | null }[];
  /** Geo × day panel rows. */
  geoRows?: { geo: string; date: string; value: number }[];
  /** CSV text with a header: aggregates (variant,n,sum,sum_squares[,covariate_sum,covariate_sum_squares,cross_sum]), units (unit_id,variant,value[,covariate]) or geo (geo,date,value). */
  csv?: string | null;
  /** Which kind the CSV holds. */
  csvKind?: "aggregate" | "unit" | "geo" | null;
  /** Build the geo × day panel from fact breakdowns instead (outcome facts by default). */
  fromFacts?: GeoPanelFromFacts | null;
}

/** Where a geo panel comes from in the facts. */
export interface GeoPanelFromFacts {
  /** First day (inclusive). */
  from: string;
  /** Last day. */
  to: string;
  /** Breakdown field holding the geo (default "region"). */
  geoField?: string | null;
  /** Measure (default revenue). */
  measure?: "revenue" | "conversions" | null;
  /** "outcome" (the business's own results, default) or "media" (platform-reported). */
  kind?: "outcome" | "media" | null;
}

/**
 * Geo × day rows from facts broken down by one geo field (breakdown set = that field alone, so rows of
 * other breakdown sets or levels are never added in). Values are summed in their native currency, so a
 * panel mixing currencies is refused.
 */
async function geoRowsFromFacts(scope: OrgScope, f: GeoPanelFromFacts) {
  const field = f.geoField ?? "region";
  const measure = f.measure === "conversions" ? sql`conversions` : sql`revenue`;
  const rows = await queryRows<{ geo: string; date: string; value: string; currencies: number }>(scope.db, sql`
    select breakdowns->>${field} as geo, date::text as date, sum(${measure})::text as value, count(distinct currency)::int as currencies
    from marketing_facts
    where org_id = ${scope.orgId} and kind = ${f.kind ?? "outcome"} and breakdown_set = ${field} and date between ${f.from} and ${f.to}
    group by 1, 2 order by 1, 2`);
  if (rows.length === 0) throw badInput(`No ${f.kind ?? "outcome"} facts broken down by "${field}" between ${f.from} and ${f.to}; upload geoRows instead.`);
  if (rows.some((r) => r.currencies > 1)) throw badInput(`The "${field}" facts mix currencies within a geo and day; upload a converted panel as geoRows.`);
  return rows.map((r) => ({ geo: r.geo, date: r.date, value: Number(r.value) }));
}

// Rows per upload: enough for a large A/B export, small enough to keep one statement reasonable.
const MAX_ROWS = 200_000;
const finite = (v: unknown, what: string) => { const n = Number(v); if (v === "" || v == null || !Number.isFinite(n)) throw badInput(`${what} must be a number; got "${String(v)}".`); return n; };
const optional = (v: unknown, what: string) => (v === "" || v == null ? null : finite(v, what));

function fromCsv(csv: string, kind: "aggregate" | "unit" | "geo"): Pick<ExperimentDataInput, "aggregates" | "units" | "geoRows"> {
  let records: Record<string, string>[];
  try { records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true }); }
  catch (e) { throw badInput(`The CSV could not be read: ${(e as Error).message}`); }
  const need = { aggregate: ["variant", "n", "sum", "sum_squares"], unit: ["unit_id", "variant", "value"], geo: ["geo", "date", "value"] }[kind];
  const missing = need.filter((c) => records.length && !(c in records[0]!));
  if (missing.length) throw badInput(`The ${kind} CSV needs the columns ${need.join(", ")}; missing ${missing.join(", ")}.`);
  const at = (i: number, c: string) => `Line ${i + 2}, column ${c}`;
  if (kind === "aggregate") return { aggregates: records.map((r, i) => ({ variant: r.variant!, n: finite(r.n, at(i, "n")), sum: finite(r.sum, at(i, "sum")), sumSquares: finite(r.sum_squares, at(i, "sum_squares")),
    covariateSum: optional(r.covariate_sum, at(i, "covariate_sum")), covariateSumSquares: optional(r.covariate_sum_squares, at(i, "covariate_sum_squares")), crossSum: optional(r.cross_sum, at(i, "cross_sum")) })) };
  if (kind === "unit") return { units: records.map((r, i) => ({ unitId: r.unit_id!, variant: r.variant!, value: finite(r.value, at(i, "value")), covariate: optional(r.covariate, at(i, "covariate")) })) };
  return { geoRows: records.map((r, i) => ({ geo: r.geo!, date: r.date!, value: finite(r.value, at(i, "value")) })) };
}

/** Store experiment data; rows with the same key (variant, unit or geo × day) replace earlier uploads. Returns rows written per kind. */
export async function uploadExperimentData(scope: OrgScope, experimentId: string, input: ExperimentDataInput): Promise<{ aggregates: number; units: number; geoRows: number }> {
  const exp = await getExperiment(scope, experimentId);
  const metric = input.metric?.trim() || exp.primaryMetric;
  let data: Pick<ExperimentDataInput, "aggregates" | "units" | "geoRows"> = input;
  if (input.fromFacts) data = { geoRows: await geoRowsFromFacts(scope, input.fromFacts) };
  else if (input.csv) {
    if (!input.csvKind) throw badInput("Say what the CSV holds with csvKind: aggregate, unit or geo.");
    data = fromCsv(input.csv, input.csvKind);
  }
  const variants = new Set(exp.variants.map((v) => v.name));
  const checkVariant = (v: string) => { if (variants.size && !variants.has(v)) throw badInput(`Variant "${v}" is not one of this experiment's variants (${[...variants].join(", ")}).`); };
  const base = { orgId: scope.orgId, experimentId, metric };
  const rows = [
    ...(data.aggregates ?? []).map((a) => {
      checkVariant(a.variant);
      if (!(a.n >= 0) || !Number.isFinite(a.sum) || !Number.isFinite(a.sumSquares)) throw badInput(`Aggregates of "${a.variant}" need n ≥ 0 and finite sums.`);
      return { ...base, kind: "aggregate" as const, key: a.variant, variant: a.variant, n: a.n, sum: a.sum, sumSquares: a.sumSquares, covariateSum: a.covariateSum ?? null, covariateSumSquares: a.covariateSumSquares ?? null, crossSum: a.crossSum ?? null };
    }),
    ...(data.units ?? []).map((u) => {
      checkVariant(u.variant);
      if (!u.unitId) throw badInput("Every unit row needs a unitId.");
      return { ...base, kind: "unit" as const, key: u.unitId, unitId: u.unitId, variant: u.variant, value: u.value, covariate: u.covariate ?? null };
    }),
    ...(data.geoRows ?? []).map((g) => {
      if (!g.geo || !/^\d{4}-\d{2}-\d{2}$/.test(g.date)) throw badInput(`Geo rows need a geo and a YYYY-MM-DD date; got "${g.geo}", "${g.date}".`);
      return { ...base, kind: "geo" as const, key: `${g.geo}|${g.date}`, geo: g.geo, date: g.date, value: g.value };
    }),
  ];
  if (rows.length === 0) throw badInput("Give aggregates, units, geoRows or a csv.");
  if (rows.length > MAX_ROWS) throw badInput(`At most ${MAX_ROWS} rows per upload; split the data.`);
  const cols = ["variant", "unit_id", "geo", "date", "n", "sum", "sum_squares", "covariate_sum", "covariate_sum_squares", "cross_sum", "value", "covariate"];
  await scope.database.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 2000) {
      await tx.db.insert(experimentObservations).values(rows.slice(i, i + 2000))
        .onConflictDoUpdate({ target: [experimentObservations.experimentId, experimentObservations.metric, experimentObservations.kind, experimentObservations.key],
          set: Object.fromEntries(cols.map((c) => [c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase()), sql.raw(`excluded.${c}`)])) });
    }
  });
  return { aggregates: data.aggregates?.length ?? 0, units: data.units?.length ?? 0, geoRows: data.geoRows?.length ?? 0 };
}
