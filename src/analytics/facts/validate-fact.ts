import type { FactRow } from "../../db/facts.js";

const DECIMAL = /^\d{1,14}(\.\d{1,6})?$/;
const LEVELS = new Set(["account", "campaign", "ad_group", "ad"]);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether YYYY-MM-DD names a real calendar day (proleptic Gregorian, as Date reads it; no Date built: the Date scalar checks every fact it sends). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!);
}

const decimalProblem = (v: string | number | undefined) => {
  if (v === undefined) return null;
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "x") : v;
  if (s.startsWith("-")) return "must not be negative";
  return DECIMAL.test(s) ? null : "must be a decimal number with at most 6 decimal places";
};

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const KINDS = new Set(["media", "outcome"]);
/** Longest text a fact's label fields take (names and ids are far shorter on every platform). */
const MAX_TEXT = 500;
const TEXT_FIELDS = ["platform", "stream", "source", "accountId", "campaignId", "adGroupId", "adId", "accountTimezone", "attributionSetting"] as const;

function validTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat("en-US", { timeZone: tz }); return true; } catch { return false; }
}

/** Whether a JSON value holds U+0000 in a string or a key (PostgreSQL jsonb cannot store it); walks without recursion. */
function holdsNul(value: unknown): boolean {
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") { if (v.includes("\u0000")) return true; continue; }
    if (!v || typeof v !== "object") continue;
    for (const [k, child] of Object.entries(v)) {
      if (k.includes("\u0000")) return true;
      stack.push(child);
    }
  }
  return false;
}

/** The first rule a unified fact row breaks, or null when it is valid. `today` (YYYY-MM-DD, UTC) bounds the date. */
export function validateFact(r: FactRow & { source?: string }, today = new Date().toISOString().slice(0, 10)): { field: string; reason: string } | null {
  if (!r.platform?.trim()) return { field: "platform", reason: "platform is required (e.g. \"meta\", \"google_ads\")" };
  const texts: [string, unknown][] = [...TEXT_FIELDS.map((f) => [f, r[f as keyof typeof r]] as [string, unknown]), ...Object.entries(r.breakdowns ?? {}).flatMap(([k, v]) => [["breakdowns", k], ["breakdowns", v]] as [string, unknown][])];
  for (const [field, v] of texts) {
    if (typeof v !== "string") continue;
    if (v.includes("\u0000")) return { field, reason: `${field} contains a NUL character` };
    if (v.length > MAX_TEXT) return { field, reason: `${field} is longer than ${MAX_TEXT} characters` };
  }
  if (holdsNul(r.extras)) return { field: "extras", reason: "extras contains a NUL character" };
  if (!r.date || !isIsoDate(r.date) || r.date < "1900-01-01") return { field: "date", reason: `date "${r.date ?? ""}" is not a calendar day in YYYY-MM-DD form` };
  // One day of slack: an account timezone ahead of UTC is already on tomorrow.
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (r.date > tomorrow) return { field: "date", reason: `date ${r.date} is in the future` };
  if (!r.currency || !/^[A-Z]{3}$/.test(r.currency) || !CURRENCIES.has(r.currency)) return { field: "currency", reason: `currency "${r.currency ?? ""}" is not an ISO 4217 code such as USD` };
  if (r.kind !== undefined && r.kind !== null && !KINDS.has(r.kind)) return { field: "kind", reason: "kind must be media or outcome" };
  if (r.accountTimezone && !validTimeZone(r.accountTimezone)) return { field: "accountTimezone", reason: `accountTimezone "${r.accountTimezone}" is not an IANA time zone such as America/New_York` };
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
