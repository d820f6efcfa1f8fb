import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { factKeyOf, toFactInsert, type FactRow } from "../db/facts.js";
import { marketingFacts } from "../db/tables/index.js";

const add = (col: { name: string }) =>
  sql.raw(`case when marketing_facts.sync_run_id = excluded.sync_run_id then marketing_facts.${col.name} + excluded.${col.name} else excluded.${col.name} end`);

/**
 * Upsert CSV facts of one import batch. Rows with the same key within the batch add up (exports broken down by
 * age or placement become one daily row per campaign/ad); a row written by an earlier batch is replaced, so a
 * corrected file supersedes the old one instead of adding to it. `batchId` is kept in `sync_run_id`.
 */
export async function loadCsvFacts(db: Db, orgId: string, source: string, batchId: string, rows: FactRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(marketingFacts)
    .values(rows.map((r) => toFactInsert(orgId, source, r, batchId)))
    .onConflictDoUpdate({
      target: [
        marketingFacts.orgId, marketingFacts.source, marketingFacts.stream, marketingFacts.date, marketingFacts.accountId,
        marketingFacts.campaignId, marketingFacts.adGroupId, marketingFacts.adId, marketingFacts.breakdownKey,
      ],
      set: {
        platform: sql`excluded.platform`, level: sql`excluded.level`, currency: sql`excluded.currency`, extras: sql`excluded.extras`,
        spend: add(marketingFacts.spend), impressions: add(marketingFacts.impressions), clicks: add(marketingFacts.clicks),
        conversions: add(marketingFacts.conversions), revenue: add(marketingFacts.revenue),
        syncRunId: sql`excluded.sync_run_id`, loadedAt: sql`now()`,
      },
    });
}

/** Collects facts into statements of at most `size` rows, never two rows with one key in a statement. */
export function factBuffer(flush: (rows: FactRow[]) => Promise<void>, size = 1000) {
  let rows: FactRow[] = [];
  let keys = new Set<string>();
  const drain = async () => {
    if (rows.length === 0) return;
    const out = rows;
    rows = [];
    keys = new Set();
    await flush(out);
  };
  return {
    async push(r: FactRow) {
      const k = factKeyOf(r);
      if (keys.has(k) || rows.length >= size) await drain();
      keys.add(k);
      rows.push(r);
    },
    drain,
  };
}
