import { sql } from "drizzle-orm";
import type { Database, Tx } from "../db/client.js";
import { factKeyOf, toFactInsert, type FactRow } from "../db/facts.js";
import { marketingFacts } from "../db/tables/index.js";
import { FACT_COLUMNS, factCopyLines } from "../sync/loader.js";

const ADDITIVE = ["spend", "impressions", "clicks", "conversions", "revenue"] as const;
/** Within one batch (same sync_run_id) a repeated key adds up; a row of an earlier batch is replaced. */
const add = (c: string) => `case when marketing_facts.sync_run_id = excluded.sync_run_id then marketing_facts.${c} + excluded.${c} else excluded.${c} end`;
const KEY = "org_id, source, stream, date, account_id, campaign_id, ad_group_id, ad_id, breakdown_key";

const STAGE = "liftgate_csv_stage_facts";
const STAGE_DDL = `create temp table if not exists ${STAGE} (
  org_id uuid, source text, platform text, stream text, kind text, level text, date date, account_id text, campaign_id text,
  ad_group_id text, ad_id text, breakdown_key text, breakdown_set text, breakdowns jsonb, spend numeric, impressions bigint,
  clicks bigint, conversions numeric, revenue numeric, reach bigint, video_views bigint, currency text, account_timezone text,
  attribution_setting text, extras jsonb, sync_run_id uuid) on commit delete rows`;
const MERGE = `insert into marketing_facts (${FACT_COLUMNS.join(", ")}) select ${FACT_COLUMNS.join(", ")} from ${STAGE}
  on conflict (${KEY}) do update set platform = excluded.platform, level = excluded.level, currency = excluded.currency, extras = excluded.extras,
  ${ADDITIVE.map((c) => `${c} = ${add(c)}`).join(", ")}, sync_run_id = excluded.sync_run_id, loaded_at = now()`;

/** Rows per load statement: COPY on PostgreSQL takes large chunks; PGlite's multi-row insert stays under the bind-parameter limit. */
export const csvChunkSize = (database: Database) => (database.driver === "postgres" ? 10_000 : 1_000);

/**
 * Upsert CSV facts of one import batch in one transaction. Rows with the same key within the batch add up (exports
 * broken down by age or placement become one daily row per campaign/ad); a row written by an earlier batch is
 * replaced, so a corrected file supersedes the old one instead of adding to it. `batchId` is kept in `sync_run_id`.
 * The caller never passes two rows with one key in one call (see factBuffer).
 */
export async function loadCsvFacts(database: Database, orgId: string, source: string, batchId: string, rows: FactRow[]): Promise<void> {
  if (rows.length === 0) return;
  await database.transaction(async (tx: Tx) => {
    if (tx.copyText) {
      await tx.db.execute(sql.raw(STAGE_DDL));
      await tx.copyText(STAGE, [...FACT_COLUMNS], factCopyLines(orgId, source, rows, batchId));
      await tx.db.execute(sql.raw(MERGE));
      return;
    }
    await tx.db
      .insert(marketingFacts)
      .values(rows.map((r) => toFactInsert(orgId, source, r, batchId)))
      .onConflictDoUpdate({
        target: [
          marketingFacts.orgId, marketingFacts.source, marketingFacts.stream, marketingFacts.date, marketingFacts.accountId,
          marketingFacts.campaignId, marketingFacts.adGroupId, marketingFacts.adId, marketingFacts.breakdownKey,
        ],
        set: {
          platform: sql`excluded.platform`, level: sql`excluded.level`, currency: sql`excluded.currency`, extras: sql`excluded.extras`,
          spend: sql.raw(add("spend")), impressions: sql.raw(add("impressions")), clicks: sql.raw(add("clicks")),
          conversions: sql.raw(add("conversions")), revenue: sql.raw(add("revenue")),
          syncRunId: sql`excluded.sync_run_id`, loadedAt: sql`now()`,
        },
      });
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
