import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id } from "./columns.js";
import { organizations } from "./organizations.js";

/** One CSV import: who loaded which file (by SHA-256) when, and how many rows loaded or were rejected. */
export const importBatches = pgTable(
  "import_batches",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    /** Platform written into the facts, e.g. "meta" or "linkedin". */
    platform: text("platform").notNull(),
    fileName: text("file_name"),
    /** SHA-256 of the file bytes (hex); the same file twice is detected through it. */
    fileHash: text("file_hash").notNull(),
    fileBytes: bigint("file_bytes", { mode: "number" }).notNull().default(0),
    /** Who imported: "key:<api key id>" or "cli". */
    actor: text("actor").notNull(),
    /** running | loaded | failed */
    status: text("status").notNull().default("running"),
    rowsRead: integer("rows_read").notNull().default(0),
    rowsLoaded: integer("rows_loaded").notNull().default(0),
    rowsRejected: integer("rows_rejected").notNull().default(0),
    /** Column mapping and value options used (header → field). */
    mapping: jsonb("mapping").$type<Record<string, unknown>>().notNull().default({}),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("import_batches_org_hash_idx").on(t.orgId, t.platform, t.fileHash), index("import_batches_org_created_idx").on(t.orgId, t.createdAt)],
);

export type ImportBatch = InferSelectModel<typeof importBatches>;
