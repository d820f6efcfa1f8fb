import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";

export const connections = pgTable(
  "connections",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    /** Registry id of the connector plugin, e.g. "meta-ads". */
    pluginId: text("plugin_id").notNull(),
    name: text("name").notNull(),
    /** Non-secret configuration, validated against the plugin's spec. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** Secret fields, AES-256-GCM encrypted as one envelope; never returned. */
    secretsEnc: text("secrets_enc"),
    /** Cron-like schedule ("every 6h", "daily 03:00") or null for manual only. */
    schedule: text("schedule"),
    status: text("status").notNull().default("active"),
    /** Land every raw record in raw_records, so retransform can re-derive facts without calling the platform. */
    landRaw: boolean("land_raw").notNull().default(false),
    lastSyncAt: timestamp("last_sync_at", { withTimezone: true, mode: "date" }),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true, mode: "date" }),
    /** The schedule slot last claimed by a scheduler; claiming it with compare-and-set makes a due sync start once across instances. */
    scheduleClaimedAt: timestamp("schedule_claimed_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [index("connections_org_idx").on(t.orgId)],
);

export type Connection = InferSelectModel<typeof connections>;
