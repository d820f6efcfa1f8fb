import type { FactRow } from "../../db/facts.js";
import type { NormalizedRows } from "../types.js";
import type { CsvRow } from "./columns.js";
import { CellError, parseCount, parseDate, parseDecimal, type ValueOptions } from "./values.js";

export const CSV_STREAM = "csv";

/** What the mapper needs besides the row: the platform the file came from and how its cells are written. */
export interface CsvRowContext extends ValueOptions {
  /** Platform written into facts, e.g. "meta" or "linkedin". */
  platform: string;
  /** Currency read from a header such as "Amount spent (EUR)". */
  headerCurrency?: string;
}

/**
 * One mapped CSV row → one fact, or one reject whose reason names the cell to fix. The grain is the most
 * detailed level present (ad, else ad group, else campaign); names stand in for ids when there is no id column.
 */
export function normalizeCsvRow(row: CsvRow, ctx: CsvRowContext): NormalizedRows {
  try {
    return { facts: [toFact(row, ctx)], entities: [], rejects: [] };
  } catch (e) {
    if (!(e instanceof CellError)) throw e;
    return { facts: [], entities: [], rejects: [{ reason: e.message }] };
  }
}

function toFact(row: CsvRow, ctx: CsvRowContext): FactRow {
  const date = parseDate(row.date ?? "", ctx.dateFormat);
  if (row.dateEnd !== undefined && row.dateEnd.trim() !== "") {
    const end = parseDate(row.dateEnd, ctx.dateFormat);
    if (end !== date) throw new CellError(`the row covers ${date} to ${end}; export one row per day (a daily time breakdown)`);
  }
  const campaignId = (row.campaignId ?? "").trim() || (row.campaign ?? "").trim();
  if (!campaignId) throw new CellError("the campaign is empty");
  const currency = ((row.currency ?? "").trim() || ctx.headerCurrency || ctx.defaultCurrency || "").toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new CellError(currency ? `currency "${currency}" is not a 3-letter ISO code` : "no currency: add a currency column or set the default currency");
  }
  const adGroupId = (row.adGroup ?? "").trim();
  const adId = (row.ad ?? "").trim();
  const num = { decimalSeparator: ctx.decimalSeparator, thousandsSeparator: ctx.thousandsSeparator };
  const names: Record<string, string> = {};
  if (row.campaign?.trim()) names.campaign_name = row.campaign.trim();
  return {
    platform: ctx.platform,
    stream: CSV_STREAM,
    level: adId ? "ad" : adGroupId ? "ad_group" : "campaign",
    date,
    accountId: (row.account ?? "").trim(),
    campaignId, adGroupId, adId,
    spend: parseDecimal(row.spend ?? "", "spend", num),
    impressions: parseCount(row.impressions ?? "", "impressions", num),
    clicks: parseCount(row.clicks ?? "", "clicks", num),
    conversions: parseDecimal(row.conversions ?? "", "conversions", num),
    revenue: parseDecimal(row.revenue ?? "", "revenue", num),
    currency,
    extras: names,
  };
}
