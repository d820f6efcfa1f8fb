import { date, doublePrecision, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";

/** A marketing mix model or multi-touch attribution model, trained in the background. */
export const attributionModels = pgTable(
  "attribution_models",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** mmm | mta */
    type: text("type").$type<"mmm" | "mta">().notNull(),
    /** queued | training | ready | failed */
    status: text("status").$type<"queued" | "training" | "ready" | "failed" | "cancelled">().notNull().default("queued"),
    /** What the caller asked for (options, outcome, grain, calibration experiments). */
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    dataFrom: date("data_from", { mode: "string" }),
    dataTo: date("data_to", { mode: "string" }),
    fitMetrics: jsonb("fit_metrics").$type<Record<string, unknown>>(),
    featureImportance: jsonb("feature_importance").$type<Record<string, number>>(),
    /** The fitted model (MMM coefficients, transforms, bootstrap draws, decomposition). */
    state: jsonb("state").$type<Record<string, unknown>>(),
    progress: doublePrecision("progress").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [index("attribution_models_org_created_idx").on(t.orgId, t.createdAt)],
);

export type AttributionModelRow = InferSelectModel<typeof attributionModels>;
