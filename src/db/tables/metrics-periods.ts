import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql, type InferSelectModel } from "drizzle-orm";
import { organizations } from "./organizations.js";
import { rollupKeys, rollupSums } from "./columns.js";

/**
 * The weekly (ISO, from Monday) and monthly rollups of marketing_facts: metrics_daily's rows summed per period, `date`
 * being the period's first day. Written by the same triggers and from the same deltas as metrics_daily (migration
 * "metrics_periods"), so both change in the statement, and transaction, that changes the facts. The metrics planner
 * reads whole periods from here and the ragged days at a range's ends from metrics_daily.
 */
export const metricsPeriods = pgTable(
  "metrics_periods",
  {
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    breakdownSet: text("breakdown_set").notNull(),
    /** "week" or "month"; the row's date is the period's first day (a Monday, or the 1st). */
    period: text("period").notNull(),
    ...rollupKeys(),
    ...rollupSums(),
  },
  (t) => [
    uniqueIndex("metrics_periods_key_idx").on(
      t.orgId, t.kind, t.breakdownSet, t.period, t.date, t.source, t.platform, t.level, t.accountId, t.campaignId, t.currency,
    ),
    index("metrics_periods_empty_idx").on(t.orgId).where(sql`fact_count = 0`),
  ],
);

export type MetricsPeriodsRow = InferSelectModel<typeof metricsPeriods>;
