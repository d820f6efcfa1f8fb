import { boolean, date, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { organizations } from "./organizations.js";

/**
 * The calendar dimension per organization, materialised a year at a time by
 * src/analytics/calendar (holidays come from date-holidays, so they cannot be generated in SQL).
 */
export const calendarDays = pgTable(
  "calendar_days",
  {
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    date: date("date", { mode: "string" }).notNull(),
    year: integer("year").notNull(),
    quarter: integer("quarter").notNull(),
    month: integer("month").notNull(),
    isoYear: integer("iso_year").notNull(),
    isoWeek: integer("iso_week").notNull(),
    isoWeekStart: date("iso_week_start", { mode: "string" }).notNull(),
    monthStart: date("month_start", { mode: "string" }).notNull(),
    quarterStart: date("quarter_start", { mode: "string" }).notNull(),
    /** ISO day of week: 1 = Monday … 7 = Sunday. */
    dayOfWeek: integer("day_of_week").notNull(),
    dayOfYear: integer("day_of_year").notNull(),
    isWeekend: boolean("is_weekend").notNull(),
    isBusinessDay: boolean("is_business_day").notNull(),
    isHoliday: boolean("is_holiday").notNull(),
    holidayName: text("holiday_name"),
    isMonthEnd: boolean("is_month_end").notNull(),
    isQuarterEnd: boolean("is_quarter_end").notNull(),
    /** Fiscal year named by the calendar year it ends in (FY2025 = Jul 2024 – Jun 2025 with a July start). */
    fiscalYear: integer("fiscal_year").notNull(),
    fiscalQuarter: integer("fiscal_quarter").notNull(),
    fiscalMonth: integer("fiscal_month").notNull(),
    fiscalYearStart: date("fiscal_year_start", { mode: "string" }).notNull(),
    fiscalQuarterStart: date("fiscal_quarter_start", { mode: "string" }).notNull(),
    /** winter | spring | summer | autumn, by the hemisphere of the org's country. */
    season: text("season").notNull(),
    /** black_friday_cyber_monday | holiday_season | back_to_school, or null. */
    peakSeason: text("peak_season"),
    /** The org settings the row was built from (country, region, fiscal start); a change rebuilds the year. */
    settingsKey: text("settings_key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.date] })],
);

export type CalendarDay = InferSelectModel<typeof calendarDays>;
