import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id } from "./columns.js";
import { organizations } from "./organizations.js";
import { apiKeys } from "./api-keys.js";

/** What an export link serves: the metrics query or the causal dataset, as CSV. */
export type ExportLinkKind = "metrics" | "causal_dataset";

/** A signed CSV link for tools that can only GET a URL: bound to one org, one query and an expiry; revocable. */
export const exportLinks = pgTable(
  "export_links",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    /** The key that created the link; revoking that key stops the link too. */
    createdByKeyId: uuid("created_by_key_id").notNull().references(() => apiKeys.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").$type<ExportLinkKind>().notNull(),
    /** The service query the link runs (MetricsQuery or CausalDatasetInput), fixed at creation. */
    query: jsonb("query").$type<Record<string, unknown>>().notNull(),
    /** First characters of the token, to tell links apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the token; the token itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("export_links_org_created_idx").on(t.orgId, t.createdAt)],
);

export type ExportLink = InferSelectModel<typeof exportLinks>;
