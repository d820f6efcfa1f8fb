// Number formatting for the console, in the browser's locale; money in the org's reporting currency.

const num = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));

export function money(v: unknown, currency: string, digits = 2): string {
  const n = num(v);
  if (n === null || !Number.isFinite(n)) return "–";
  return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** Short money for chart axes: $12k, $1.2M. */
export function moneyShort(v: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(v);
}

export function count(v: unknown, digits = 0): string {
  const n = num(v);
  if (n === null || !Number.isFinite(n)) return "–";
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

/** A ratio as "2.34×" (ROAS). */
export function ratio(v: unknown): string {
  const n = num(v);
  return n === null || !Number.isFinite(n) ? "–" : `${n.toFixed(2)}×`;
}

/** 0.1234 → "12.3 %"; with sign → "+12.3 %". */
export function percent(v: unknown, signed = false, digits = 1): string {
  const n = num(v);
  if (n === null || !Number.isFinite(n)) return "–";
  const s = `${(n * 100).toFixed(digits)} %`;
  return signed && n > 0 ? `+${s}` : s.replace("-", "−");
}

export function pValue(v: number): string {
  return v < 0.001 ? "< 0.001" : v.toFixed(3);
}

export function dateTime(v: string | null | undefined): string {
  return v ? new Date(v).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "–";
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
