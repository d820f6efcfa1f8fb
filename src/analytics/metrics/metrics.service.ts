import { sql } from "drizzle-orm";
import { queryRows } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import { ensureCalendar } from "../calendar/calendar.service.js";
import { loadOrgSettings, type OrgAnalyticsSettings } from "../calendar/org-settings.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { bucketLabel } from "./grains.js";
import { planMetrics, type MetricsPlan, type PlanOptions, type ResultColumn } from "./plan.js";
import type { DateRange, MetricsQuery } from "./query.js";
import { DEFAULT_LIMIT, validateMetricsQuery } from "./validate.js";

export type Cell = string | number | boolean | null;
export type MetricsRow = Record<string, Cell>;

/** Facts left out of money sums because their currency had no exchange rate for the day. */
export interface MissingRate {
  currency: string;
  /** Days with such facts, and the first and last of them. */
  days: number;
  from: string;
  to: string;
  /** Native-currency sums that were left out. */
  spend: string;
  revenue: string;
}

export interface MetricsResult {
  columns: ResultColumn[];
  rows: MetricsRow[];
  /** The measures over every row (all pages), with comparisons when asked. */
  totals: MetricsRow;
  /** Rows over all pages. */
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** The currency money is reported in (null when conversion was turned off). */
  currency: string | null;
  missingRates: MissingRate[];
  compareRange: DateRange | null;
}

/** Validate, make sure the calendar covers the ranges, and plan. */
export async function prepare(scope: OrgScope, q: MetricsQuery, page: PlanOptions): Promise<{ plan: MetricsPlan; st: OrgAnalyticsSettings }> {
  validateMetricsQuery(q);
  const st = await loadOrgSettings(scope);
  const plan = planMetrics(scope.orgId, q, st, page);
  if (plan.needsCalendar) {
    const from = plan.compareRange && plan.compareRange.from < q.dateRange.from ? plan.compareRange.from : q.dateRange.from;
    const to = plan.compareRange && plan.compareRange.to > q.dateRange.to ? plan.compareRange.to : q.dateRange.to;
    await ensureCalendar(scope, from, to, st);
  }
  return { plan, st };
}

/** Turn a database row into a result row: the period label added, internal columns dropped. */
export function rowMapper(q: MetricsQuery, st: OrgAnalyticsSettings, columns: ResultColumn[]): (r: Record<string, unknown>) => MetricsRow {
  return (r) => {
    const row: MetricsRow = {};
    for (const c of columns) {
      if (c.name === "period") row.period = q.grain && r.date ? bucketLabel(String(r.date), q.grain, st.fiscalYearStartMonth) : null;
      else row[c.name] = (r[c.name] ?? null) as Cell;
    }
    return row;
  };
}

/** Run a metrics query: one page of flat rows, totals and what could not be converted. */
export async function runMetrics(scope: OrgScope, q: MetricsQuery): Promise<MetricsResult> {
  const offset = decodeCursor(q.after, q);
  const limit = q.limit ?? DEFAULT_LIMIT;
  const { plan, st } = await prepare(scope, q, { offset, limit });
  const raw = await queryRows<Record<string, unknown>>(scope.db, plan.query);
  const head = raw[0]!;
  const pageRows = raw.filter((r) => r.__rn !== null && r.__rn !== undefined);
  const hasNextPage = pageRows.length > limit;
  const toRow = rowMapper(q, st, plan.columns);
  const rows = pageRows.slice(0, limit).map(toRow);
  const totals: MetricsRow = {};
  for (const c of plan.columns) if (c.role !== "dimension" && c.role !== "date" && c.role !== "period") totals[c.name] = (head[`__t_${c.name}`] ?? null) as Cell;
  const missingRates = Number(head.__missing) > 0 ? await queryRows<MissingRate>(scope.db, plan.missingRatesQuery) : [];
  return {
    columns: plan.columns, rows, totals, totalCount: Number(head.__total),
    pageInfo: { hasNextPage, endCursor: rows.length ? encodeCursor(offset + rows.length, q) : null },
    currency: q.convertCurrency === false ? null : st.reportingCurrency,
    missingRates: missingRates.map((m) => ({ ...m, days: Number(m.days) })),
    compareRange: plan.compareRange ?? null,
  };
}

// Rows fetched per round trip while streaming; memory stays at one batch whatever the result size.
const STREAM_BATCH = 1000;

/** Every row of the query, in order, in batches: a server-side cursor inside one transaction (no row cap, constant memory). */
export async function streamMetrics(scope: OrgScope, q: MetricsQuery, onBatch: (rows: MetricsRow[], columns: ResultColumn[]) => Promise<void>): Promise<void> {
  const { plan, st } = await prepare(scope, { ...q, limit: undefined, after: undefined }, { offset: 0, limit: null });
  const toRow = rowMapper(q, st, plan.columns);
  await scope.database.transaction(async (tx) => {
    // The whole result is read: plan for total time, not for the first rows (the default fraction 0.1 picks nested loops).
    await tx.db.execute(sql`set local cursor_tuple_fraction = 1.0`);
    await tx.db.execute(sql`declare metrics_export no scroll cursor for ${plan.query}`);
    for (let first = true; ; first = false) {
      const batch = await queryRows<Record<string, unknown>>(tx.db, sql.raw(`fetch ${STREAM_BATCH} from metrics_export`));
      // An empty result still gets one (empty) batch, so the caller can write the header.
      if (batch.length === 0) { if (first) await onBatch([], plan.columns); break; }
      await onBatch(batch.map(toRow), plan.columns);
      if (batch.length < STREAM_BATCH) break;
    }
    await tx.db.execute(sql`close metrics_export`);
  });
}
