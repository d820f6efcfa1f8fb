import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql, type InferSelectModel } from "drizzle-orm";
import { organizations } from "./organizations.js";
import { rollupKeys, rollupSums } from "./columns.js";

/**
 * The daily rollup of marketing_facts: one row per org, kind, breakdown set, day, source, platform, level, account,
 * campaign and currency, summing the ad groups, ads, breakdown values and streams below it. Written only by the
 * triggers on marketing_facts (migration "metrics_rollup_triggers"), so it changes in the same statement, and transaction, as the facts.
 * The metrics planner reads it whenever a query needs nothing finer than a campaign.
 */
export const metricsDaily = pgTable(
  "metrics_daily",
  {
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    breakdownSet: text("breakdown_set").notNull(),
    ...rollupKeys(),
    ...rollupSums(),
  },
  (t) => [
    // The upsert target of the triggers and the metrics scan (org, kind, breakdown set, date range) in one index.
    uniqueIndex("metrics_daily_key_idx").on(
      t.orgId, t.kind, t.breakdownSet, t.date, t.source, t.platform, t.level, t.accountId, t.campaignId, t.currency,
    ),
    // The days of a currency (the metrics planner reads the other currencies' days inside whole weeks and months).
    index("metrics_daily_currency_idx").on(t.orgId, t.kind, t.breakdownSet, t.currency, t.date),
    // Empty rows exist only inside a trigger, between its upsert and its delete.
    index("metrics_daily_empty_idx").on(t.orgId).where(sql`fact_count = 0`),
  ],
);

export type MetricsDailyRow = InferSelectModel<typeof metricsDaily>;
