import type { MetricsResult, MetricsRow } from "../metrics/metrics.service.js";
import type { Measure, MetricsQuery } from "../metrics/query.js";
import type { Interpretation } from "./rule-parser.js";

const MONEY: Measure[] = ["spend", "revenue", "cpa", "cpc", "cpm", "aov"];
const PERCENT: Measure[] = ["ctr", "cvr"];
const LABEL: Partial<Record<Measure, string>> = {
  spend: "Spend", revenue: "Revenue", impressions: "Impressions", clicks: "Clicks", conversions: "Conversions", reach: "Reach",
  videoViews: "Video views", cpm: "CPM", cpc: "CPC", ctr: "CTR", cvr: "Conversion rate", cpa: "CPA", roas: "ROAS", aov: "AOV",
};
const COMPARE_LABEL = { previousPeriod: "the period before", samePeriodLastYear: "the same period last year", custom: "" };

/** A measure value in words: money with the currency, rates as percentages, counts with separators. */
export function formatMeasure(m: Measure, v: unknown, currency: string | null): string {
  if (v === null || v === undefined) return "n/a";
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  if (MONEY.includes(m)) return `${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ""}`;
  if (PERCENT.includes(m)) return `${(n * 100).toFixed(2)}%`;
  if (m === "roas") return n.toFixed(2);
  return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** A question that could not be turned into a query: what was understood and what was not, and no number. */
export function notUnderstoodAnswer(i: Interpretation): string {
  const got = i.understood.length ? ` I understood ${i.understood.join("; ")}.` : "";
  return `I could not turn that into a query.${got} I did not understand ${i.notUnderstood.join("; ")}. Try naming a measure (spend, ROAS, CPA …), a period and a grouping.`;
}

/** A short answer in words, built only from the result's numbers. */
export function answerInWords(q: MetricsQuery, r: MetricsResult): string {
  const period = `from ${q.dateRange.from} to ${q.dateRange.to}`;
  if (!r.rows.length) return `No data ${period} for that question.`;
  const dims = q.dimensions ?? [];
  const describe = (row: MetricsRow) => q.measures.map((m) => {
    let s = `${LABEL[m] ?? m} ${formatMeasure(m, row[m], r.currency)}`;
    if (q.compareTo && `${m}Compared` in row) {
      const rel = row[`${m}RelativeChange`];
      const change = rel === null || rel === undefined ? "" : `, ${Number(rel) >= 0 ? "+" : ""}${(Number(rel) * 100).toFixed(1)}%`;
      const against = q.compareTo.type === "custom" ? `${q.compareTo.range.from} to ${q.compareTo.range.to}` : COMPARE_LABEL[q.compareTo.type];
      s += ` (vs ${formatMeasure(m, row[`${m}Compared`], r.currency)} ${against}${change})`;
    }
    return s;
  }).join(", ");
  const name = (row: MetricsRow) => dims.map((d) => String(row[d] ?? "(none)")).join(" / ");
  if (!dims.length && !q.grain) return `${describe(r.rows[0])} ${period}.`;
  const label = (row: MetricsRow) => [q.grain ? String(row.period ?? row.date) : "", dims.length ? name(row) : ""].filter(Boolean).join(" · ");
  if (q.orderBy?.length && q.limit === 1) {
    const dir = q.orderBy[0].direction === "asc" ? "lowest" : "highest";
    return `${label(r.rows[0])} had the ${dir} ${LABEL[q.orderBy[0].field as Measure] ?? q.orderBy[0].field} ${period}: ${describe(r.rows[0])}.`;
  }
  const shown = r.rows.slice(0, 3).map((row) => `${label(row)}: ${describe(row)}`).join("; ");
  const more = r.totalCount > 3 ? ` (${r.totalCount} rows in all)` : "";
  return `${period}: ${shown}${more}.`.replace(/^f/, "F");
}
