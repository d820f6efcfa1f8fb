import type { FactRow } from "../../db/facts.js";

const DECIMAL = /^\d{1,14}(\.\d{1,6})?$/;
const LEVELS = new Set(["account", "campaign", "ad_group", "ad"]);

/** Whether YYYY-MM-DD names a real calendar day. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const decimalProblem = (v: string | number | undefined) => {
  if (v === undefined) return null;
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "x") : v;
  if (s.startsWith("-")) return "must not be negative";
  return DECIMAL.test(s) ? null : "must be a decimal number with at most 6 decimal places";
};

/** The first rule a unified fact row breaks, or null when it is valid. */
export function validateFact(r: FactRow & { source?: string }): { field: string; reason: string } | null {
  if (!r.platform?.trim()) return { field: "platform", reason: "platform is required (e.g. \"meta\", \"google_ads\")" };
  if (!r.date || !isIsoDate(r.date)) return { field: "date", reason: `date "${r.date ?? ""}" is not a calendar day in YYYY-MM-DD form` };
  if (!r.currency || !/^[A-Z]{3}$/.test(r.currency)) return { field: "currency", reason: `currency "${r.currency ?? ""}" is not an ISO 4217 code such as USD` };
  if (r.level !== undefined && !LEVELS.has(r.level)) return { field: "level", reason: `level must be one of account, campaign, ad_group, ad` };
  for (const field of ["spend", "conversions", "revenue"] as const) {
    const p = decimalProblem(r[field]);
    if (p) return { field, reason: `${field} ${p}` };
  }
  for (const field of ["impressions", "clicks", "reach", "videoViews"] as const) {
    const v = r[field];
    if (v === undefined || v === null) continue;
    if (!Number.isSafeInteger(v) || v < 0) return { field, reason: `${field} must be a non-negative whole number` };
  }
  if (r.clicks !== undefined && r.impressions !== undefined && r.impressions > 0 && r.clicks > r.impressions)
    return { field: "clicks", reason: "clicks exceed impressions" };
  return null;
}
