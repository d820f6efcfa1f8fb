import { badInput } from "../../errors.js";
import { assertRange } from "../calendar/calendar.service.js";
import { DIMENSIONS, GRAINS, MEASURES, type MetricsQuery } from "./query.js";

/** Rows per page when the caller gives no limit, and the most one page may hold (the CSV export has no cap). */
export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;
const FIELD = /^[A-Za-z0-9_]{1,64}$/;
const OPS = ["equals", "in", "notIn", "contains"];
const MOPS = ["gt", "gte", "lt", "lte", "eq", "neq"];

const oneOf = (what: string, v: string, list: readonly string[]) => {
  if (!list.includes(v)) throw badInput(`${what} "${v}" is not known; use one of: ${list.join(", ")}.`);
};

/** Reject a query that cannot be answered, saying what to change. */
export function validateMetricsQuery(q: MetricsQuery): void {
  if (!q.measures?.length) throw badInput("metrics: ask for at least one measure (e.g. spend).");
  q.measures.forEach((m) => oneOf("Measure", m, MEASURES));
  const dims = q.dimensions ?? [];
  dims.forEach((d) => oneOf("Dimension", d, DIMENSIONS));
  if (new Set(dims).size !== dims.length) throw badInput("metrics: list each dimension once.");
  if (new Set(q.measures).size !== q.measures.length) throw badInput("metrics: list each measure once.");
  if (q.grain) oneOf("Grain", q.grain, GRAINS);
  assertRange(q.dateRange?.from, q.dateRange?.to);
  const fields = q.breakdownFields ?? [];
  for (const f of fields) if (!FIELD.test(f)) throw badInput(`metrics: breakdown field "${f}" must be letters, digits or underscores.`);
  if (dims.includes("breakdown") && fields.length === 0) throw badInput('metrics: the "breakdown" dimension needs breakdownFields (e.g. ["age", "gender"]).');
  if (dims.includes("daysSinceFirstSpend") && !dims.includes("campaign")) throw badInput('metrics: "daysSinceFirstSpend" is per campaign; add the "campaign" dimension.');
  for (const f of q.filters ?? []) {
    oneOf("Filter dimension", f.dimension, DIMENSIONS);
    oneOf("Filter operator", f.operator, OPS);
    if (!f.values?.length) throw badInput(`metrics: the filter on ${f.dimension} needs at least one value.`);
    if (f.operator === "equals" && f.values.length !== 1) throw badInput(`metrics: "equals" on ${f.dimension} takes exactly one value; use "in" for several.`);
    if (f.dimension === "breakdown" && !(f.breakdownField && fields.includes(f.breakdownField)))
      throw badInput("metrics: a breakdown filter needs breakdownField, one of the query's breakdownFields.");
    if (f.dimension === "daysSinceFirstSpend") throw badInput('metrics: filter on "daysSinceFirstSpend" is not supported; use it as a dimension.');
  }
  for (const h of q.having ?? []) {
    oneOf("Having measure", h.measure, MEASURES);
    oneOf("Having operator", h.operator, MOPS);
    if (typeof h.value !== "number" || !Number.isFinite(h.value)) throw badInput(`metrics: the condition on ${h.measure} needs a finite number.`);
  }
  for (const o of q.orderBy ?? []) {
    if (o.field === "date") { if (!q.grain) throw badInput('metrics: order by "date" needs a grain.'); }
    else if (!(MEASURES as readonly string[]).includes(o.field) && !dims.includes(o.field as never))
      throw badInput(`metrics: order by "${o.field}": use a measure, "date", or one of the query's dimensions.`);
    if (o.direction !== "asc" && o.direction !== "desc") throw badInput('metrics: order direction must be "asc" or "desc".');
  }
  if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_LIMIT))
    throw badInput(`metrics: limit must be a whole number from 1 to ${MAX_LIMIT} (the CSV export has no limit).`);
  if (q.compareTo) {
    oneOf("Comparison", q.compareTo.type, ["previousPeriod", "samePeriodLastYear", "custom"]);
    if (q.compareTo.type === "custom") {
      if (!q.compareTo.range) throw badInput("metrics: a custom comparison needs a range.");
      assertRange(q.compareTo.range.from, q.compareTo.range.to, "compareTo.range");
    }
  }
}
