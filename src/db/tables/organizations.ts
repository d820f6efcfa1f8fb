import { integer, pgTable, text } from "drizzle-orm/pg-core";
import type { InferInsertModel, InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";

export const organizations = pgTable("organizations", {
  id: id(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  reportingCurrency: text("reporting_currency").notNull().default("USD"),
  timezone: text("timezone").notNull().default("UTC"),
  /** ISO 3166-1 alpha-2 country (and optional region) used for public holidays. */
  country: text("country").notNull().default("US"),
  region: text("region"),
  /** First month (1–12) of the fiscal year. */
  fiscalYearStartMonth: integer("fiscal_year_start_month").notNull().default(1),
  /** ISO weekday the week starts on: 1 = Monday … 7 = Sunday. */
  weekStart: integer("week_start").notNull().default(1),
  ...timestamps,
});

export type Organization = InferSelectModel<typeof organizations>;
export type NewOrganization = InferInsertModel<typeof organizations>;
