import { index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";
import { connections } from "./connections.js";

/** account | campaign | ad_group | ad */
export type EntityLevel = "account" | "campaign" | "ad_group" | "ad";

/** The dimension of accounts, campaigns, ad groups (ad sets) and ads across platforms. */
export const adEntities = pgTable(
  "ad_entities",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "set null" }),
    platform: text("platform").notNull(),
    level: text("level").$type<EntityLevel>().notNull(),
    /** The platform's own id (e.g. Meta's ad id, Google's campaign id). */
    externalId: text("external_id").notNull(),
    /** External id of the parent (ad → ad group → campaign → account). */
    parentExternalId: text("parent_external_id"),
    accountExternalId: text("account_external_id"),
    name: text("name"),
    status: text("status"),
    objective: text("objective"),
    currency: text("currency"),
    timezone: text("timezone"),
    extras: jsonb("extras").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("ad_entities_key_idx").on(t.orgId, t.platform, t.level, t.externalId),
    index("ad_entities_parent_idx").on(t.orgId, t.platform, t.parentExternalId),
  ],
);

export type AdEntity = InferSelectModel<typeof adEntities>;
