import { bigint, date, index, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { InferInsertModel, InferSelectModel } from "drizzle-orm";
import { organizations } from "./organizations.js";

const money = (name: string) => numeric(name, { precision: 20, scale: 6 });

/**
 * One row per org, source, stream, day, account, campaign, ad group, ad and breakdown key.
 * Missing levels are '' (not null) so the natural key is a plain unique index.
 * `source` is the connection id for synced rows, or the caller-chosen source of ingested rows.
 */
export const marketingFacts = pgTable(
  "marketing_facts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    /** Connection id (uuid text) for synced rows; any label for rows pushed through ingestFacts. */
    source: text("source").notNull(),
    platform: text("platform").notNull(),
    stream: text("stream").notNull(),
    /** "media" for platform-reported delivery and attributed results; "outcome" for the business's own totals. */
    kind: text("kind").$type<"media" | "outcome">().notNull().default("media"),
    /** Grain of the row: account | campaign | ad_group | ad. */
    level: text("level").notNull().default("ad"),
    /** The platform's reporting day in the account's timezone; never re-bucketed. */
    date: date("date", { mode: "string" }).notNull(),
    accountId: text("account_id").notNull().default(""),
    campaignId: text("campaign_id").notNull().default(""),
    adGroupId: text("ad_group_id").notNull().default(""),
    adId: text("ad_id").notNull().default(""),
    /** Canonical "k=v|k=v" of the breakdown values ('' for none); one stream writes one breakdown set. */
    breakdownKey: text("breakdown_key").notNull().default(""),
    /** Sorted breakdown field names ("age,gender"; '' for none); metrics never sum across sets. */
    breakdownSet: text("breakdown_set").notNull().default(""),
    breakdowns: jsonb("breakdowns").$type<Record<string, string>>().notNull().default({}),
    spend: money("spend").notNull().default("0"),
    impressions: bigint("impressions", { mode: "number" }).notNull().default(0),
    clicks: bigint("clicks", { mode: "number" }).notNull().default(0),
    conversions: numeric("conversions", { precision: 20, scale: 6 }).notNull().default("0"),
    revenue: money("revenue").notNull().default("0"),
    reach: bigint("reach", { mode: "number" }),
    videoViews: bigint("video_views", { mode: "number" }),
    currency: text("currency").notNull(),
    accountTimezone: text("account_timezone"),
    attributionSetting: text("attribution_setting"),
    extras: jsonb("extras").$type<Record<string, unknown>>().notNull().default({}),
    syncRunId: uuid("sync_run_id"),
    loadedAt: timestamp("loaded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("marketing_facts_key_idx").on(
      t.orgId, t.source, t.stream, t.date, t.accountId, t.campaignId, t.adGroupId, t.adId, t.breakdownKey,
    ),
    index("marketing_facts_org_date_idx").on(t.orgId, t.date, t.id),
    index("marketing_facts_org_platform_date_idx").on(t.orgId, t.platform, t.date),
    index("marketing_facts_org_campaign_idx").on(t.orgId, t.campaignId, t.date),
  ],
);

export type MarketingFact = InferSelectModel<typeof marketingFacts>;
export type NewMarketingFact = InferInsertModel<typeof marketingFacts>;
