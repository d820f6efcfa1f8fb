import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { fxRates } from "../../db/tables/index.js";
import { badInput } from "../../errors.js";
import { isIsoDate } from "../../dates.js";

/** One daily rate: 1 `base` = `rate` `quote`. */
export interface FxRateInput {
  date: string;
  base: string;
  quote: string;
  /** A positive decimal (string or number). */
  rate: string | number;
}

const CCY = /^[A-Z]{3}$/;
// 65,535 bind parameters per statement; 5 columns a row.
const CHUNK = 5000;

/** Check rates, saying which one is wrong and why. */
export function validateFxRates(rates: FxRateInput[]): void {
  rates.forEach((r, i) => {
    const where = `fx rate #${i + 1} (${r.date} ${r.base}/${r.quote})`;
    if (!isIsoDate(r.date)) throw badInput(`${where}: date must be a real date written YYYY-MM-DD.`);
    if (!CCY.test(r.base) || !CCY.test(r.quote)) throw badInput(`${where}: currencies must be ISO 4217 codes in capitals, e.g. EUR.`);
    if (r.base === r.quote) throw badInput(`${where}: base and quote must differ.`);
    const n = Number(r.rate);
    if (!Number.isFinite(n) || n <= 0) throw badInput(`${where}: rate must be a positive number.`);
  });
}

/**
 * Insert or replace rates (idempotent on base, quote and date). Without `orgId` they are the shared
 * rates every organization uses (operator: CLI, demo); with it, that organization's own rates.
 */
export async function upsertFxRates(db: Db, rates: FxRateInput[], source = "manual", orgId?: string): Promise<number> {
  validateFxRates(rates);
  const byKey = new Map(rates.map((r) => [`${r.base}|${r.quote}|${r.date}`, r]));
  const rows = [...byKey.values()].map((r) => ({ orgScope: orgId ?? "", date: r.date, base: r.base, quote: r.quote, rate: String(r.rate), source }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.insert(fxRates).values(rows.slice(i, i + CHUNK)).onConflictDoUpdate({
      target: [fxRates.orgScope, fxRates.base, fxRates.quote, fxRates.date],
      set: { rate: sql`excluded.rate`, source: sql`excluded.source` },
    });
  }
  return rows.length;
}
