import type { OrgScope } from "../../db/scope.js";
import type { AttributionModelRow } from "../../db/tables/index.js";
import type { Memory } from "./memory.js";
import { indexResultMemory } from "./index-memory.js";

const pct = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : null);
const num = (x: unknown, digits = 3) => (typeof x === "number" && Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : null);

/** One sentence per result, from the numbers the analysis stored (never invented). */
export function describeExperimentResult(method: string, metric: string, result: Record<string, unknown>): string {
  const parts: string[] = [];
  const comparisons = Array.isArray(result.comparisons) ? (result.comparisons as Record<string, unknown>[]) : [];
  for (const c of comparisons) {
    const lift = pct(c.relativeLift);
    const p = num(c.pValue);
    parts.push(`${c.variant} vs ${result.control}: ${metric} ${lift ? `lift ${lift}` : "changed"}${p ? `, p = ${p}` : ""}`);
  }
  if (typeof result.att === "number") {
    parts.push(`${metric}: ATT ${num(result.att, 4)} per unit-day, lift ${pct(result.lift) ?? "n/a"}, incremental ${num(result.incremental, 5) ?? "n/a"}${result.pValue !== undefined ? `, p = ${num(result.pValue)}` : ""}`);
  }
  return `${method} analysis. ${parts.join("; ") || "no comparison yet"}.`;
}

/** Remember an experiment's latest analysis in search memory (re-embedded only when its text changed). */
export function rememberExperimentAnalysis(scope: OrgScope, memory: Memory, e: { id: string; name: string; startDate?: string | null; endDate?: string | null }, a: { method: string; metric: string; result: Record<string, unknown> }) {
  return indexResultMemory(scope, memory, { kind: "experiment", id: e.id, name: e.name, summary: describeExperimentResult(a.method, a.metric, a.result), dateFrom: e.startDate ?? null, dateTo: e.endDate ?? null });
}

/** Remember a trained attribution model: type, window, fit and its most important features. */
export function rememberModel(scope: OrgScope, memory: Memory, m: AttributionModelRow) {
  const fit = m.fitMetrics ?? {};
  const top = Object.entries(m.featureImportance ?? {}).sort((x, y) => y[1] - x[1]).slice(0, 3).map(([k, v]) => `${k} ${pct(v) ?? num(v)}`);
  const summary = `${m.type === "mmm" ? "marketing mix model" : "multi-touch attribution model"} (${m.status})` +
    `${m.dataFrom ? `, data ${m.dataFrom} to ${m.dataTo}` : ""}${num(fit.r2) ? `, R² ${num(fit.r2)}` : ""}` +
    `${top.length ? `; most important: ${top.join(", ")}` : ""}${m.error ? `; failed: ${m.error}` : ""}.`;
  return indexResultMemory(scope, memory, { kind: "model", id: m.id, name: m.name, summary, dateFrom: m.dataFrom, dateTo: m.dataTo });
}
