import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";

export const apiKeyRole = pgEnum("api_key_role", ["viewer", "editor", "admin"]);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the key, shown to users so they can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the secret; the secret itself is never stored. */
    secretHash: text("secret_hash").notNull().unique(),
    role: apiKeyRole("role").notNull().default("viewer"),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [index("api_keys_org_idx").on(t.orgId)],
);

export type ApiKey = InferSelectModel<typeof apiKeys>;
export type ApiKeyRole = (typeof apiKeyRole.enumValues)[number];
