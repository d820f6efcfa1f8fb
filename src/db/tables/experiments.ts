import { date, doublePrecision, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";

/** A variant of an A/B test and its planned share of units. */
export interface ExperimentVariant { name: string; weight: number; control: boolean }

/** An experiment: A/B split, geo test, holdout or pre/post. */
export const experiments = pgTable(
  "experiments",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    hypothesis: text("hypothesis"),
    /** ab | geo | holdout | pre_post */
    type: text("type").$type<"ab" | "geo" | "holdout" | "pre_post">().notNull(),
    /** draft | running | completed | archived */
    status: text("status").$type<"draft" | "running" | "completed" | "archived">().notNull().default("draft"),
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    variants: jsonb("variants").$type<ExperimentVariant[]>().notNull().default([]),
    /** Geo tests: treated and control geos. */
    treatedGeos: jsonb("treated_geos").$type<string[]>().notNull().default([]),
    controlGeos: jsonb("control_geos").$type<string[]>().notNull().default([]),
    /** What was treated beyond variants/geos: campaigns, connections or a channel (for MMM calibration). */
    treatment: jsonb("treatment").$type<{ campaigns?: string[]; connections?: string[]; channel?: string; spendChange?: number | null; spendMultiplier?: number | null }>().notNull().default({}),
    randomizationUnit: text("randomization_unit"),
    primaryMetric: text("primary_metric").notNull(),
    /** binary (conversions) or continuous (means). */
    metricType: text("metric_type").$type<"binary" | "continuous">().notNull().default("continuous"),
    secondaryMetrics: jsonb("secondary_metrics").$type<string[]>().notNull().default([]),
    alpha: doublePrecision("alpha").notNull().default(0.05),
    plannedPower: doublePrecision("planned_power"),
    plannedMde: doublePrecision("planned_mde"),
    ...timestamps,
  },
  (t) => [index("experiments_org_created_idx").on(t.orgId, t.createdAt)],
);

export type ExperimentRow = InferSelectModel<typeof experiments>;
