import { parse } from "csv-parse/sync";
import { badInput } from "../../errors.js";
import type { FxRateInput } from "./fx-rates.service.js";

/**
 * Parse rates from CSV in one of two shapes:
 * - long: a header `date,base,quote,rate`, one rate a row;
 * - the ECB's reference-rate files (eurofxref-hist.csv, https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html):
 *   `Date,USD,JPY,…`, one day a row, each value the EUR → currency rate, "N/A" where none was published.
 */
export function parseFxCsv(text: string): FxRateInput[] {
  const records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  if (records.length === 0) throw badInput("fx CSV: the file is empty.");
  const header = records[0]!.map((h) => h.toLowerCase()).filter((h) => h !== "");
  const rows = records.slice(1);
  if (["date", "base", "quote", "rate"].every((c) => header.includes(c))) {
    const at = (c: string) => header.indexOf(c);
    return rows.map((r) => ({ date: r[at("date")]!, base: r[at("base")]!.toUpperCase(), quote: r[at("quote")]!.toUpperCase(), rate: r[at("rate")]! }));
  }
  if (header[0] !== "date") throw badInput('fx CSV: expected a header "date,base,quote,rate" or the ECB layout "Date,USD,JPY,…".');
  const quotes = records[0]!.slice(1).map((q) => q.trim().toUpperCase());
  const out: FxRateInput[] = [];
  for (const r of rows) {
    quotes.forEach((quote, i) => {
      const v = r[i + 1]?.trim();
      if (quote && v && v !== "N/A") out.push({ date: r[0]!, base: "EUR", quote, rate: v });
    });
  }
  return out;
}
