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
  // Never Meta's "Results": it counts a different event per campaign objective (see resultsAsConversions).
  conversions: ["conversions", "purchases", "conversion", "conv", "website purchases", "total conversions"],
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

/** Export layouts recognised from the header; a profile only changes which rows count as summaries. */
export type ExportProfile = "meta-ads-manager" | "google-ads" | "generic";

/** How a header is mapped besides explicit overrides. */
export interface DetectOptions {
  /**
   * Count Meta's "Results" column as conversions when the file has no purchases/conversions column. Off by
   * default: "Results" is link clicks for a traffic campaign and purchases for a sales one.
   */
  resultsAsConversions?: boolean;
}

/** Which column index feeds each field, plus a currency read from a header such as "Amount spent (EUR)". */
export interface ColumnMapping {
  /** The export layout the header looks like. */
  profile: ExportProfile;
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
  /** The same advice without quoting the header, for files the caller did not send (csv connections). */
  readonly brief: string;
  constructor(message: string, brief = message) {
    super(message);
    this.brief = brief;
  }
}

/** Map a header row to fields: overrides first, then aliases in priority order; each column feeds one field. */
export function detectColumns(header: string[], overrides: ColumnOverrides = {}, options: DetectOptions = {}): ColumnMapping {
  const canon = header.map(canonicalHeader);
  const used = new Set<number>();
  const index: Partial<Record<CsvField, number>> = {};
  for (const field of CSV_FIELDS) {
    const wanted = overrides[field];
    if (!wanted) continue;
    const i = header.findIndex((h) => h.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (i < 0) throw new MappingError(`Column "${wanted}" given for ${field} is not in the header. The header has: ${header.map((h) => `"${h}"`).join(", ")}.`, `Column "${wanted}" given for ${field} is not in the header (${header.length} columns).`);
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
  const results = canon.findIndex((c, j) => c === "results" && !used.has(j));
  if (index.conversions === undefined && options.resultsAsConversions && results >= 0) { index.conversions = results; used.add(results); }
  if (overrides.conversions && canon[index.conversions!] === "results") {
    const purchases = canon.findIndex((c) => ALIASES.conversions.includes(c));
    if (purchases >= 0) {
      throw new MappingError(`"${header[index.conversions!]}" counts a different event per campaign objective; conversions come from the "${header[purchases]}" column. Drop the conversions column choice.`, "The conversions column chosen counts a different event per campaign objective; conversions come from the purchases column. Drop the conversions column choice.");
    }
  }
  // A per-day export keeps the range-wide "Reporting starts/ends" columns; the Day column dates each row.
  if (index.date !== undefined && !overrides.dateEnd && !RANGE_STARTS.includes(canon[index.date]!)) delete index.dateEnd;
  const missing = (["date", "spend"] as const).filter((f) => index[f] === undefined);
  if (index.campaign === undefined && index.campaignId === undefined) missing.push("campaign" as never);
  if (missing.length) {
    throw new MappingError(
      `Cannot find the ${missing.join(", ")} column${missing.length > 1 ? "s" : ""} in the header (${header.map((h) => `"${h}"`).join(", ")}). ` +
        `Rename the column or name it explicitly, e.g. --column ${missing[0]}="<header>".`,
      `Cannot find the ${missing.join(", ")} column${missing.length > 1 ? "s" : ""} in the header (${header.length} columns). Rename the column or name it explicitly in the connection's columns.`,
    );
  }
  const currencyFrom = [index.spend, index.revenue].map((i) => (i === undefined ? undefined : header[i]!.match(CURRENCY_SUFFIX)?.[1]?.toUpperCase()));
  return { profile: profileOf(canon), index, header, headerCurrency: currencyFrom.find(Boolean) };
}

const RANGE_STARTS = ["reporting starts", "reporting start", "start date"];

function profileOf(canon: string[]): ExportProfile {
  if (canon.includes("reporting starts") && canon.includes("reporting ends")) return "meta-ads-manager";
  if (canon.includes("impr") || canon.includes("currency code") || canon.includes("conv value")) return "google-ads";
  return "generic";
}

/** How many cells of a row name a known column: a header scores high, a title or date-range line zero. */
export function headerScore(cells: string[]): number {
  const canon = cells.map(canonicalHeader);
  return CSV_FIELDS.filter((f) => ALIASES[f].some((a) => canon.includes(a))).length;
}

/** The columns a header needs, in words, for errors. */
export const NEEDED_COLUMNS =
  'a date column ("Date", "Day" or "Reporting starts"), a spend column ("Spend", "Amount spent" or "Cost") and a campaign column ("Campaign name", "Campaign" or "Campaign ID")';

/** The raw cell text per mapped field of one data row. */
export type CsvRow = Partial<Record<CsvField, string>>;

export function pickCells(cells: string[], mapping: ColumnMapping): CsvRow {
  const row: CsvRow = {};
  for (const [field, i] of Object.entries(mapping.index) as [CsvField, number][]) row[field] = cells[i] ?? "";
  return row;
}
