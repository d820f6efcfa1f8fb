import { bigint, uniqueIndex, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.js";
import { connections } from "./connections.js";

/** What the platform returned, landed as-is when the connection asks for it (for retransform). */
export const rawRecords = pgTable(
  "raw_records",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").notNull().references(() => connections.id, { onDelete: "cascade" }),
    stream: text("stream").notNull(),
    /** Stable key of the record within its stream, so re-reads replace rather than append. */
    recordKey: text("record_key").notNull(),
    data: jsonb("data").$type<unknown>().notNull(),
    syncRunId: uuid("sync_run_id"),
    emittedAt: timestamp("emitted_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("raw_records_key_idx").on(t.connectionId, t.stream, t.recordKey)],
);
