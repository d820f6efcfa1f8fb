import { bigint, doublePrecision, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { organizations } from "./organizations.js";
import { attributionModels } from "./attribution-models.js";

/** Per-channel results of a model; for MTA one set per method (first_touch … shapley), for MMM method "mmm". */
export const attributionResults = pgTable(
  "attribution_results",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    modelId: uuid("model_id").notNull().references(() => attributionModels.id, { onDelete: "cascade" }),
    method: text("method").notNull(),
    channel: text("channel").notNull(),
    spend: doublePrecision("spend"),
    conversions: doublePrecision("conversions"),
    /** Outcome (revenue or value) credited to the channel. */
    value: doublePrecision("value").notNull(),
    valueLow: doublePrecision("value_low"),
    valueHigh: doublePrecision("value_high"),
    share: doublePrecision("share").notNull(),
    roas: doublePrecision("roas"),
    roasLow: doublePrecision("roas_low"),
    roasHigh: doublePrecision("roas_high"),
    marginalRoas: doublePrecision("marginal_roas"),
    marginalRoasLow: doublePrecision("marginal_roas_low"),
    marginalRoasHigh: doublePrecision("marginal_roas_high"),
    /** Response curve, removal effect, error bound… */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("attribution_results_key_idx").on(t.modelId, t.method, t.channel),
    index("attribution_results_org_idx").on(t.orgId, t.modelId),
  ],
);

export type AttributionResultRow = InferSelectModel<typeof attributionResults>;
