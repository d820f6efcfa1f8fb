import { date, index, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * Daily exchange rates: 1 `base` = `rate` `quote`. `org_scope` '' holds the shared rates the
 * operator loads (CLI, demo); an org id holds that org's own rates (GraphQL `setFxRates`), which
 * win over shared ones for that org only, so no org can change another's conversions.
 */
export const fxRates = pgTable(
  "fx_rates",
  {
    orgScope: text("org_scope").notNull().default(""),
    date: date("date", { mode: "string" }).notNull(),
    base: text("base").notNull(),
    quote: text("quote").notNull(),
    rate: numeric("rate", { precision: 20, scale: 10 }).notNull(),
    source: text("source").notNull().default("manual"),
  },
  // (quote, date) serves cross rates through a common base (ECB rates are all EUR → X).
  (t) => [primaryKey({ columns: [t.orgScope, t.base, t.quote, t.date] }), index("fx_rates_quote_date_idx").on(t.quote, t.date)],
);
