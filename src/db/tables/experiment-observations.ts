import { bigint, date, doublePrecision, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { organizations } from "./organizations.js";
import { experiments } from "./experiments.js";

/**
 * Data of an experiment, one of three kinds: `aggregate` (per-variant sufficient statistics), `unit`
 * (one row per randomised unit) or `geo` (one row per geo and day). Re-uploading the same key replaces it.
 */
export const experimentObservations = pgTable(
  "experiment_observations",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    experimentId: uuid("experiment_id").notNull().references(() => experiments.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"aggregate" | "unit" | "geo">().notNull(),
    metric: text("metric").notNull(),
    variant: text("variant").notNull().default(""),
    unitId: text("unit_id").notNull().default(""),
    geo: text("geo").notNull().default(""),
    /** Geo rows: the day (null for other kinds). */
    date: date("date", { mode: "string" }),
    /** Natural key within (experiment, metric, kind): variant, unit id, or geo|date. */
    key: text("key").notNull(),
    n: doublePrecision("n"),
    sum: doublePrecision("sum"),
    sumSquares: doublePrecision("sum_squares"),
    covariateSum: doublePrecision("covariate_sum"),
    covariateSumSquares: doublePrecision("covariate_sum_squares"),
    crossSum: doublePrecision("cross_sum"),
    /** Unit and geo rows: the metric value. */
    value: doublePrecision("value"),
    /** Unit rows: the pre-period covariate (CUPED). */
    covariate: doublePrecision("covariate"),
  },
  (t) => [
    uniqueIndex("experiment_observations_key_idx").on(t.experimentId, t.metric, t.kind, t.key),
    index("experiment_observations_org_idx").on(t.orgId, t.experimentId),
  ],
);

export type ExperimentObservationRow = InferSelectModel<typeof experimentObservations>;
