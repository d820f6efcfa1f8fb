import { and, between, eq } from "drizzle-orm";
import { calendarDays } from "../../db/tables/index.js";
import { queryRows } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import { badInput } from "../../errors.js";
import { addDays, daysBetween, eachDay } from "../../dates.js";
import { ensureCalendar } from "../calendar/calendar.service.js";
import { listEventsOverlapping } from "../calendar/marketing-events.service.js";
import { prepare } from "../metrics/metrics.service.js";
import type { Dimension } from "../metrics/query.js";
import type { CausalDataset, CausalDatasetInput, CorrelationMatrix, PanelRow } from "./causal-dataset.types.js";
import { correlationMatrix } from "./correlation.js";

export type { CausalDatasetInput } from "./causal-dataset.types.js";

// Panels are built in memory (lags need the past): days × units is capped well below any sane memory use.
const MAX_PANEL_ROWS = 200_000;
const MAX_LAG_DAYS = 365;
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "unknown";
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** Reject a causal dataset request that can never run (export links check it at creation). */
export function validateCausalDatasetInput(i: CausalDatasetInput): void {
  for (const n of [...(i.lags ?? []), ...(i.rollingWindows ?? [])])
    if (!Number.isInteger(n) || n < 1 || n > MAX_LAG_DAYS) throw badInput(`causalDataset: lags and rolling windows must be whole days from 1 to ${MAX_LAG_DAYS}.`);
  if (i.unit && !["date", "geo", "campaign"].includes(i.unit)) throw badInput('causalDataset: unit must be "date", "geo" or "campaign".');
}

/** Aggregate one kind of facts per day × platform (× unit), in the reporting currency. */
async function dailyRows(scope: OrgScope, i: CausalDatasetInput, from: string, kind: "media" | "outcome") {
  const unitDims: Dimension[] = i.unit === "geo" ? ["breakdown"] : i.unit === "campaign" ? ["campaign"] : [];
  const { plan, st } = await prepare(scope, {
    measures: ["spend", "impressions", "clicks", "conversions", "revenue"], dimensions: ["platform", ...unitDims], grain: "day",
    dateRange: { from, to: i.dateRange.to }, breakdownFields: i.unit === "geo" ? [i.geoField ?? "country"] : undefined,
  }, { offset: 0, limit: null, kind });
  const unitCol = i.unit === "geo" ? `breakdown.${i.geoField ?? "country"}` : "campaign";
  const rows = await queryRows<Record<string, unknown>>(scope.db, plan.query);
  type Daily = Record<string, unknown> & { unit: string };
  return { st, rows: rows.map((r): Daily => ({ ...r, unit: i.unit && i.unit !== "date" ? String(r[unitCol] ?? "") : "" })) };
}

/** The analysis-ready panel: treatments per channel, outcomes, calendar controls, lags, rolling sums and correlations. */
export async function buildCausalDataset(scope: OrgScope, input: CausalDatasetInput): Promise<CausalDataset> {
  validateCausalDatasetInput(input);
  const { from, to } = input.dateRange;
  const reach = Math.max(0, ...(input.lags ?? []), ...(input.rollingWindows ?? []).map((w) => w - 1));
  const fetchFrom = addDays(from, -reach);
  const treatments = input.treatments ?? ["spend", "impressions"];
  const outcomes = input.outcomes ?? ["conversions", "revenue"];
  const media = await dailyRows(scope, { ...input, dateRange: { from: fetchFrom, to } }, fetchFrom, "media");
  const outcomeRows = input.outcomeKind === "outcome" ? (await dailyRows(scope, input, fetchFrom, "outcome")).rows : media.rows;
  const channels = [...new Set(media.rows.map((r) => String(r.platform)))].sort();
  const units = input.unit && input.unit !== "date" ? [...new Set(media.rows.map((r) => r.unit))].sort() : [""];
  const days = daysBetween(from, to) + 1;
  if (days * units.length > MAX_PANEL_ROWS) throw badInput(`causalDataset: ${days * units.length} rows is more than ${MAX_PANEL_ROWS}; shorten the range or use a coarser unit.`);

  // Dense series per unit and column, from fetchFrom, so lags and rolling sums see the days before the range.
  const span = daysBetween(fetchFrom, to) + 1;
  const series = new Map<string, Float64Array>();
  const put = (unit: string, col: string, date: string, v: number) => {
    const k = `${unit}\u0000${col}`;
    let s = series.get(k);
    if (!s) series.set(k, (s = new Float64Array(span)));
    s[daysBetween(fetchFrom, date)]! += v;
  };
  for (const r of media.rows) for (const t of treatments) put(r.unit, `${t}_${slug(String(r.platform))}`, String(r.date), num(r[t]));
  for (const r of outcomeRows) for (const o of outcomes) put(r.unit, o, String(r.date), num(r[o]));
  const treatmentCols = channels.flatMap((c) => treatments.map((t) => `${t}_${slug(c)}`));
  const derived = treatmentCols.flatMap((c) => [...(input.lags ?? []).map((l) => `${c}_lag${l}`), ...(input.rollingWindows ?? []).map((w) => `${c}_roll${w}`)]);
  const controls = input.calendarControls === false ? [] : ["day_of_week", "is_weekend", "is_holiday", "month", "is_peak_season", "has_event"];
  const unitName = input.unit === "geo" ? "geo" : input.unit === "campaign" ? "campaign" : null;
  const columns = ["date", ...(unitName ? [unitName] : []), ...treatmentCols, ...derived, ...outcomes, ...controls];

  await ensureCalendar(scope, from, to, media.st);
  const cal = new Map((await scope.db.select().from(calendarDays).where(and(eq(calendarDays.orgId, scope.orgId), between(calendarDays.date, from, to)))).map((c) => [c.date, c]));
  const events = await listEventsOverlapping(scope, from, to);
  const rows: PanelRow[] = [];
  for (const unit of units) {
    for (const date of eachDay(from, to)) {
      const at = daysBetween(fetchFrom, date);
      const row: PanelRow = { date };
      if (unitName) row[unitName] = unit;
      const val = (col: string, idx: number) => (idx < 0 ? null : series.get(`${unit}\u0000${col}`)?.[idx] ?? 0);
      for (const c of treatmentCols) {
        row[c] = val(c, at);
        for (const l of input.lags ?? []) row[`${c}_lag${l}`] = val(c, at - l);
        for (const w of input.rollingWindows ?? []) { let s = 0; for (let k = 0; k < w; k++) s += val(c, at - k) ?? 0; row[`${c}_roll${w}`] = Math.round(s * 1e6) / 1e6; }
      }
      for (const o of outcomes) row[o] = val(o, at);
      if (controls.length) {
        const c = cal.get(date)!;
        Object.assign(row, {
          day_of_week: c.dayOfWeek, is_weekend: +c.isWeekend, is_holiday: +c.isHoliday, month: c.month, is_peak_season: c.peakSeason ? 1 : 0,
          has_event: events.some((e) => e.startDate <= date && e.endDate >= date) ? 1 : 0,
        });
      }
      rows.push(row);
    }
  }
  const numeric = columns.filter((c) => c !== "date" && c !== unitName);
  // Computed when read (the causalDataset query, not the MMM's data load): columns² work on the event loop.
  let correlation: CorrelationMatrix | undefined;
  return { columns, rows, channels, currency: media.st.reportingCurrency, get correlation() { return (correlation ??= correlationMatrix(rows, numeric)); } };
}

/** The panel as CSV batches (for the /export route). */
export async function streamCausalDataset(scope: OrgScope, input: CausalDatasetInput, onBatch: (rows: PanelRow[], columns: string[]) => Promise<void>): Promise<void> {
  const ds = await buildCausalDataset(scope, input);
  for (let i = 0; i === 0 || i < ds.rows.length; i += 1000) await onBatch(ds.rows.slice(i, i + 1000), ds.columns);
}
