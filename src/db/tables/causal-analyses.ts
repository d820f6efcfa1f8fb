import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id } from "./columns.js";
import { organizations } from "./organizations.js";

/** One observational causal analysis (IV, RDD, matching, pre/post): its inputs, result and robustness checks. */
export const causalAnalyses = pgTable(
  "causal_analyses",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** instrumental_variables | regression_discontinuity | propensity_matching | pre_post_impact */
    method: text("method").notNull(),
    /** Rows used after dropping those with a missing value in a used column. */
    observations: integer("observations").notNull(),
    /** Where the data came from and the options (column roles, cutoff, caliper…). */
    inputs: jsonb("inputs").$type<Record<string, unknown>>().notNull(),
    /** The method's typed result, refutations, verdict and warnings. */
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("causal_analyses_org_idx").on(t.orgId, t.createdAt)],
);

export type CausalAnalysisRow = InferSelectModel<typeof causalAnalyses>;
