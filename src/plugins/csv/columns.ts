import { z } from "zod";

/** The fields a spend CSV can carry; each maps from one header. */
export const CSV_FIELDS = ["date", "dateEnd", "account", "campaign", "campaignId", "adGroup", "ad", "spend", "impressions", "clicks", "conversions", "revenue", "currency"] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/**
 * Header aliases per field in priority order, matched after lower-casing and dropping punctuation and a trailing
 * "(USD)"-style currency. Taken from the exports of Meta Ads Manager, Google Ads, TikTok Ads Manager and LinkedIn.
 */
const ALIASES: Record<CsvField, string[]> = {
  date: ["date", "day", "reporting starts", "reporting start", "start date", "stat time day", "segments date", "report date"],
  dateEnd: ["reporting ends", "reporting end", "end date"],
  account: ["account id", "account name", "account", "advertiser id", "advertiser name", "customer id"],
  campaign: ["campaign name", "campaign"],
  campaignId: ["campaign id"],
  adGroup: ["ad set name", "ad group name", "ad group", "adgroup name", "ad set"],
  ad: ["ad name", "ad"],
  spend: ["spend", "amount spent", "cost", "total spent", "total spend", "spent"],
  impressions: ["impressions", "impr"],
  clicks: ["clicks", "link clicks", "clicks all"],
  conversions: ["conversions", "results", "purchases", "conversion", "conv", "website purchases", "total conversions"],
  revenue: ["revenue", "conversion value", "conv value", "conversions value", "purchase conversion value", "purchases conversion value", "website purchases conversion value", "total conversion value", "total purchase value"],
  currency: ["currency", "currency code", "account currency"],
};

const CURRENCY_SUFFIX = /\(([A-Za-z]{3})\)\s*$/;

/** "Amount spent (USD)" → "amount spent"; "Conv. value" → "conv value". */
export function canonicalHeader(h: string): string {
  return h.replace(CURRENCY_SUFFIX, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

/** Explicit column choices (field → header text) that win over auto-detection. */
export const columnOverrides = z.object(Object.fromEntries(CSV_FIELDS.map((f) => [f, z.string().min(1).optional()])) as Record<CsvField, z.ZodOptional<z.ZodString>>).partial();
export type ColumnOverrides = z.infer<typeof columnOverrides>;

/** Which column index feeds each field, plus a currency read from a header such as "Amount spent (EUR)". */
export interface ColumnMapping {
  /** Column index per mapped field. */
  index: Partial<Record<CsvField, number>>;
  /** Currency named in the spend or revenue header, used when there is no currency column. */
  headerCurrency?: string;
  /** The header row as read. */
  header: string[];
}

/** Raised when the header cannot be mapped; the message says what to add or override. */
export class MappingError extends Error {
  override name = "MappingError";
}

/** Map a header row to fields: overrides first, then aliases in priority order; each column feeds one field. */
export function detectColumns(header: string[], overrides: ColumnOverrides = {}): ColumnMapping {
  const canon = header.map(canonicalHeader);
  const used = new Set<number>();
  const index: Partial<Record<CsvField, number>> = {};
  for (const field of CSV_FIELDS) {
    const wanted = overrides[field];
    if (!wanted) continue;
    const i = header.findIndex((h) => h.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (i < 0) throw new MappingError(`Column "${wanted}" given for ${field} is not in the header. The header has: ${header.map((h) => `"${h}"`).join(", ")}.`);
    index[field] = i;
    used.add(i);
  }
  for (const field of CSV_FIELDS) {
    if (index[field] !== undefined) continue;
    for (const alias of ALIASES[field]) {
      const i = canon.findIndex((c, j) => c === alias && !used.has(j));
      if (i >= 0) { index[field] = i; used.add(i); break; }
    }
  }
  const missing = (["date", "spend"] as const).filter((f) => index[f] === undefined);
  if (index.campaign === undefined && index.campaignId === undefined) missing.push("campaign" as never);
  if (missing.length) {
    throw new MappingError(
      `Cannot find the ${missing.join(", ")} column${missing.length > 1 ? "s" : ""} in the header (${header.map((h) => `"${h}"`).join(", ")}). ` +
        `Rename the column or name it explicitly, e.g. --column ${missing[0]}="<header>".`,
    );
  }
  const currencyFrom = [index.spend, index.revenue].map((i) => (i === undefined ? undefined : header[i]!.match(CURRENCY_SUFFIX)?.[1]?.toUpperCase()));
  return { index, header, headerCurrency: currencyFrom.find(Boolean) };
}

/** The raw cell text per mapped field of one data row. */
export type CsvRow = Partial<Record<CsvField, string>>;

export function pickCells(cells: string[], mapping: ColumnMapping): CsvRow {
  const row: CsvRow = {};
  for (const [field, i] of Object.entries(mapping.index) as [CsvField, number][]) row[field] = cells[i] ?? "";
  return row;
}
