import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql, type InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";
import { connections } from "./connections.js";

export const syncRuns = pgTable(
  "sync_runs",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").notNull().references(() => connections.id, { onDelete: "cascade" }),
    /** queued | running | succeeded | failed | cancelled | partial */
    status: text("status").notNull().default("queued"),
    /** manual | schedule | cli | resume | api */
    trigger: text("trigger").notNull().default("manual"),
    streams: jsonb("streams").$type<string[]>(),
    windowStart: date("window_start", { mode: "string" }),
    windowEnd: date("window_end", { mode: "string" }),
    recordsRead: integer("records_read").notNull().default(0),
    recordsWritten: integer("records_written").notNull().default(0),
    recordsRejected: integer("records_rejected").notNull().default(0),
    error: text("error"),
    errorCode: text("error_code"),
    /** Last progress event, so late subscribers and history see where the run is. */
    progress: jsonb("progress").$type<Record<string, unknown>>(),
    /** Rejected records: count per reason and a few samples ({ counts, samples }). */
    rejects: jsonb("rejects").$type<{ counts: Record<string, number>; samples: { stream: string; key?: string; field?: string; reason: string }[] }>(),
    /** Data quality report for the facts this run loaded. */
    qualityReport: jsonb("quality_report").$type<Record<string, unknown>>(),
    /** Process that owns the run (host:pid), to find runs left behind by a crash. */
    workerId: text("worker_id"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "date" }),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [
    index("sync_runs_org_created_idx").on(t.orgId, t.createdAt),
    index("sync_runs_connection_idx").on(t.connectionId, t.status),
    // One active run per connection, enforced by the database so concurrent starts (or workers) cannot race.
    uniqueIndex("sync_runs_one_active_idx").on(t.connectionId).where(sql`status in ('queued', 'running')`),
  ],
);

export type SyncRun = InferSelectModel<typeof syncRuns>;
