/**
 * TikTok sends each metric as a string, a number, null or "-" (not applicable), sometimes mixed in
 * one row (see shared/fixtures/platforms/tiktok_report_integrated_get_ads_hourly.airbyte.json).
 */
export type TikTokValue = string | number | null | undefined;

/** Thrown for a metric value that is none of the forms TikTok documents. */
export class BadMetricValue extends Error {
  constructor(readonly field: string, readonly value: unknown) {
    super(`metric ${field} has the value ${JSON.stringify(value)}, which is not a number, null or "-"`);
  }
}

const NOT_APPLICABLE = new Set(["-", "", "--", "N/A"]);

/** A decimal string ("20.00" → "20.00", 1.5 → "1.5"); null for null/"-". */
export function decimalOf(field: string, v: TikTokValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new BadMetricValue(field, v);
    return String(v);
  }
  const s = v.trim();
  if (NOT_APPLICABLE.has(s)) return null;
  const cleaned = s.replace(/,/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) throw new BadMetricValue(field, v);
  return cleaned;
}

/** An integer count ("5830" → 5830); null for null/"-". */
export function countOf(field: string, v: TikTokValue): number | null {
  const d = decimalOf(field, v);
  if (d === null) return null;
  const n = Number(d);
  if (!Number.isSafeInteger(n)) throw new BadMetricValue(field, v);
  return n;
}

/** An id that may arrive as a number or a string ("1714125042508817"). */
export function idOf(v: unknown): string | undefined {
  if (v === null || v === undefined || v === "") return undefined;
  return String(v);
}

/** Sum of decimal strings without float drift (6 decimal places, the facts' scale). */
export function addDecimals(...values: (string | null)[]): string {
  let micros = 0n;
  for (const v of values) {
    if (v === null) continue;
    const neg = v.startsWith("-");
    const [i, f = ""] = v.replace("-", "").split(".");
    const m = BigInt(i!) * 1_000_000n + BigInt((f + "000000").slice(0, 6));
    micros += neg ? -m : m;
  }
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  const frac = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${abs / 1_000_000n}${frac ? `.${frac}` : ""}`;
}
