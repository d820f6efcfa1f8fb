import type { MetricsResult, MetricsRow } from "../metrics/metrics.service.js";
import type { Measure, MetricsQuery } from "../metrics/query.js";
import type { Interpretation } from "./rule-parser.js";

const MONEY: Measure[] = ["spend", "revenue", "cpa", "cpc", "cpm", "aov"];
const PERCENT: Measure[] = ["ctr", "cvr"];
const LABEL: Partial<Record<Measure, string>> = {
  spend: "Spend", revenue: "Revenue", impressions: "Impressions", clicks: "Clicks", conversions: "Conversions", reach: "Reach",
  videoViews: "Video views", cpm: "CPM", cpc: "CPC", ctr: "CTR", cvr: "Conversion rate", cpa: "CPA", roas: "ROAS (platform-reported)", aov: "AOV",
};
const COMPARE_LABEL = { previousPeriod: "the period before", samePeriodLastYear: "the same period last year", custom: "" };
/** Rows listed in the sentence; more become a table. */
const INLINE_ROWS = 5;
/** Rows of the table in the text; the link has them all. */
const TABLE_ROWS = 20;

/** What the answer says besides the rows: channels left out of spend ratios, the model's incremental ROAS, the full table. */
export interface AnswerNotes {
  /** Platforms left out of spend-based ratios for having no spend. */
  leftOut?: string[];
  /** Incremental ROAS per channel from the latest ready model, when ROAS was asked. */
  incremental?: { model: string; dataTo: string | null; level: number; rows: { channel: string; roas: number | null; roasLow: number | null; roasHigh: number | null }[] } | null;
  /** Where the full result is (the metrics query as a CSV export link). */
  link?: string;
}

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

function notesOf(q: MetricsQuery, n: AnswerNotes): string {
  const out: string[] = [];
  if (n.leftOut?.length) out.push(`Left out of ${q.measures.filter((m) => ["roas", "cpa", "cpc", "cpm"].includes(m)).map((m) => m.toUpperCase()).join(" and ")}: ${n.leftOut.join(", ")} (no spend in the period).`);
  if (q.measures.includes("roas")) {
    const inc = n.incremental;
    const rows = inc?.rows.filter((r) => r.roas !== null) ?? [];
    out.push(rows.length
      ? `ROAS here is what the platforms report; the model "${inc!.model}" (data to ${inc!.dataTo}) puts incremental ROAS at ${rows.map((r) => `${r.channel} ${r.roas!.toFixed(2)}${r.roasLow !== null && r.roasHigh !== null ? ` (${(inc!.level * 100).toFixed(0)} %: ${r.roasLow.toFixed(2)}–${r.roasHigh.toFixed(2)})` : ""}`).join(", ")}.`
      : "ROAS here is what the platforms report (their own attribution), not incremental.");
  }
  return out.length ? ` ${out.join(" ")}` : "";
}

/** A short answer in words, built only from the result's numbers: every row asked for (a table when many), ranked when asked. */
export function answerInWords(q: MetricsQuery, r: MetricsResult, notes: AnswerNotes = {}): string {
  const period = `from ${q.dateRange.from} to ${q.dateRange.to}`;
  if (!r.rows.length) return `No data ${period} for that question.${notesOf(q, notes)}`;
  const dims = q.dimensions ?? [];
  const compared = (m: Measure, row: MetricsRow) => {
    if (!q.compareTo || !(`${m}Compared` in row)) return "";
    const rel = row[`${m}RelativeChange`];
    const change = rel === null || rel === undefined ? "" : `, ${Number(rel) >= 0 ? "+" : ""}${(Number(rel) * 100).toFixed(1)}%`;
    const against = q.compareTo.type === "custom" ? `${q.compareTo.range.from} to ${q.compareTo.range.to}` : COMPARE_LABEL[q.compareTo.type];
    return ` (vs ${formatMeasure(m, row[`${m}Compared`], r.currency)} ${against}${change})`;
  };
  const describe = (row: MetricsRow) => q.measures.map((m) => `${LABEL[m] ?? m} ${formatMeasure(m, row[m], r.currency)}${compared(m, row)}`).join(", ");
  const name = (row: MetricsRow) => dims.map((d) => String(row[d] ?? "(none)")).join(" / ");
  const tail = notesOf(q, notes);
  if (!dims.length && !q.grain) return `${describe(r.rows[0]!)} ${period}.${tail}`;
  const label = (row: MetricsRow) => [q.grain ? String(row.period ?? row.date) : "", dims.length ? name(row) : ""].filter(Boolean).join(" · ");
  if (q.orderBy?.length && q.limit === 1) {
    const dir = q.orderBy[0]!.direction === "asc" ? "lowest" : "highest";
    return `${label(r.rows[0]!)} had the ${dir} ${LABEL[q.orderBy[0]!.field as Measure] ?? q.orderBy[0]!.field} ${period}: ${describe(r.rows[0]!)}.${tail}`;
  }
  const ranked = Boolean(q.orderBy?.length);
  const n = r.totalCount;
  if (r.rows.length <= INLINE_ROWS) {
    const shown = r.rows.map((row, i) => `${ranked ? `${i + 1}. ` : ""}${label(row)}: ${describe(row)}`).join("; ");
    return `${period}: ${shown}.`.replace(/^f/, "F") + tail;
  }
  const head = [...(q.grain ? ["period"] : []), ...dims, ...q.measures.map((m) => LABEL[m] ?? m)];
  const cells = (row: MetricsRow) => [...(q.grain ? [String(row.period ?? row.date)] : []), ...dims.map((d) => String(row[d] ?? "(none)")),
    ...q.measures.map((m) => formatMeasure(m, row[m], r.currency) + compared(m, row))];
  const table = [head, head.map(() => "---"), ...r.rows.slice(0, TABLE_ROWS).map(cells)].map((c) => `| ${c.join(" | ")} |`).join("\n");
  const more = n > TABLE_ROWS ? `, the first ${TABLE_ROWS} shown` : "";
  const link = notes.link ? `Full table: ${notes.link}` : "";
  return `${period.replace(/^f/, "F")}, ${n} rows${ranked ? ` ranked by ${q.orderBy![0]!.field} (${q.orderBy![0]!.direction === "asc" ? "lowest" : "highest"} first)` : ""}${more}:\n${table}\n${link}${tail}`.trimEnd();
}
