import { daysBetween, daysInMonth, eachDay, isoDayOfWeek, isoWeek, ymd } from "../../dates.js";
import { fiscalPosition } from "./fiscal.js";
import { publicHolidays } from "./holidays.js";
import { peakSeasons, seasonOf } from "./seasons.js";

/** The org settings a calendar is built from. */
export interface CalendarSettings {
  /** ISO 3166-1 alpha-2 country for holidays and hemisphere. */
  country: string;
  /** Optional region/state code for regional holidays (e.g. "BY", "ENG"). */
  region?: string | null;
  /** First month (1–12) of the fiscal year. */
  fiscalYearStartMonth: number;
}

/** One calendar day with every attribute the metrics engine can group or filter by. */
export interface CalendarDayRow {
  date: string; year: number; quarter: number; month: number;
  isoYear: number; isoWeek: number; isoWeekStart: string; monthStart: string; quarterStart: string;
  dayOfWeek: number; dayOfYear: number; isWeekend: boolean; isBusinessDay: boolean;
  isHoliday: boolean; holidayName: string | null; isMonthEnd: boolean; isQuarterEnd: boolean;
  fiscalYear: number; fiscalQuarter: number; fiscalMonth: number; fiscalYearStart: string; fiscalQuarterStart: string;
  season: string; peakSeason: string | null;
}

export const settingsKeyOf = (s: CalendarSettings): string => `${s.country.toUpperCase()}|${s.region ?? ""}|${s.fiscalYearStartMonth}`;

/** Every day of `year` for the given settings. */
export function buildCalendarYear(year: number, s: CalendarSettings): CalendarDayRow[] {
  const holidays = publicHolidays(year, s.country, s.region);
  const peaks = peakSeasons(year, s.country);
  const rows: CalendarDayRow[] = [];
  for (const date of eachDay(ymd(year, 1, 1), ymd(year, 12, 31))) {
    const month = Number(date.slice(5, 7)), day = Number(date.slice(8, 10));
    const quarter = Math.ceil(month / 3);
    const dow = isoDayOfWeek(date);
    const iw = isoWeek(date);
    const holidayName = holidays.get(date) ?? null;
    const isWeekend = dow >= 6;
    const monthEnd = day === daysInMonth(year, month);
    // The most specific peak wins: Black Friday–Cyber Monday sits inside no other window.
    const peak = peaks.find((p) => date >= p.from && date <= p.to);
    rows.push({
      date, year, quarter, month,
      isoYear: iw.isoYear, isoWeek: iw.isoWeek, isoWeekStart: iw.weekStart,
      monthStart: ymd(year, month, 1), quarterStart: ymd(year, quarter * 3 - 2, 1),
      dayOfWeek: dow, dayOfYear: daysBetween(ymd(year, 1, 1), date) + 1,
      isWeekend, isBusinessDay: !isWeekend && holidayName === null,
      isHoliday: holidayName !== null, holidayName,
      isMonthEnd: monthEnd, isQuarterEnd: monthEnd && month % 3 === 0,
      ...fiscalPosition(date, s.fiscalYearStartMonth),
      season: seasonOf(date, s.country), peakSeason: peak?.name ?? null,
    });
  }
  return rows;
}

