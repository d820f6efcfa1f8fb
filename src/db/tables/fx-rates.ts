import { date, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/** Daily exchange rates: 1 `base` = `rate` `quote`. Global, not per organization. */
export const fxRates = pgTable(
  "fx_rates",
  {
    date: date("date", { mode: "string" }).notNull(),
    base: text("base").notNull(),
    quote: text("quote").notNull(),
    rate: numeric("rate", { precision: 20, scale: 10 }).notNull(),
    source: text("source").notNull().default("manual"),
  },
  (t) => [primaryKey({ columns: [t.base, t.quote, t.date] })],
);
