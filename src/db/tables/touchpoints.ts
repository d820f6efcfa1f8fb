import { bigint, doublePrecision, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { organizations } from "./organizations.js";

/** Journey events for multi-touch attribution: marketing touches and conversions. */
export const touchpoints = pgTable(
  "touchpoints",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    journeyId: text("journey_id").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    /** touch | conversion */
    kind: text("kind").$type<"touch" | "conversion">().notNull(),
    /** Channel ("facebook / cpc"; from UTM parameters when a URL is given); '' for conversions. */
    channel: text("channel").notNull().default(""),
    campaign: text("campaign"),
    source: text("source"),
    medium: text("medium"),
    url: text("url"),
    /** Conversion value. */
    value: doublePrecision("value"),
  },
  (t) => [
    uniqueIndex("touchpoints_key_idx").on(t.orgId, t.journeyId, t.occurredAt, t.kind, t.channel),
    index("touchpoints_org_time_idx").on(t.orgId, t.occurredAt),
  ],
);

export type TouchpointRow = InferSelectModel<typeof touchpoints>;
