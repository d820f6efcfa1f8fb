import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id } from "./columns.js";
import { organizations } from "./organizations.js";
import { experiments } from "./experiments.js";

/** One persisted analysis of an experiment: the method, the inputs it used, and what it found. */
export const experimentResults = pgTable(
  "experiment_results",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    experimentId: uuid("experiment_id").notNull().references(() => experiments.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    /** welch | cuped | proportions | did | synthetic_control */
    method: text("method").notNull(),
    /** Options and the data summary the analysis used (variant aggregates, geo panel size). */
    inputs: jsonb("inputs").$type<Record<string, unknown>>().notNull(),
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("experiment_results_experiment_idx").on(t.orgId, t.experimentId, t.createdAt)],
);

export type ExperimentResultRow = InferSelectModel<typeof experimentResults>;
