import { bigserial, jsonb, pgTable, timestamp } from "drizzle-orm/pg-core";

/**
 * Event payloads too large for a NOTIFY (8000 bytes): the notification carries only this row's id.
 * Rows are deleted after a few minutes (src/jobs/pg-event-bus.ts).
 */
export const eventPayloads = pgTable("event_payloads", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
