import { describe, expect, it } from "vitest";
import { buildCalendarYear, type CalendarDayRow } from "../../../src/analytics/calendar/calendar-day.js";
import { addMonths, isIsoDate, isoWeek } from "../../../src/dates.js";
import { fiscalPosition } from "../../../src/analytics/calendar/fiscal.js";
import { peakSeasons, seasonOf } from "../../../src/analytics/calendar/seasons.js";
import { isKnownLocation, publicHolidays } from "../../../src/analytics/calendar/holidays.js";

const day = (rows: CalendarDayRow[], date: string) => rows.find((r) => r.date === date)!;

describe("ISO weeks", () => {
  it.each([
    ["2021-01-03", 2020, 53, "2020-12-28"],
    ["2021-01-04", 2021, 1, "2021-01-04"],
    ["2024-12-30", 2025, 1, "2024-12-30"],
    ["2020-12-31", 2020, 53, "2020-12-28"],
    ["2026-01-01", 2026, 1, "2025-12-29"],
    ["2024-02-29", 2024, 9, "2024-02-26"],
  ])("%s is ISO year %i week %i starting %s", (date, y, w, start) => {
    expect(isoWeek(date)).toEqual({ isoYear: y, isoWeek: w, weekStart: start });
  });
});

describe("fiscal years", () => {
  it("puts 30 June in the last month of the fiscal year that ends that year (July start)", () => {
    expect(fiscalPosition("2024-06-30", 7)).toEqual({ fiscalYear: 2024, fiscalQuarter: 4, fiscalMonth: 12, fiscalYearStart: "2023-07-01", fiscalQuarterStart: "2024-04-01" });
  });
  it("starts the next fiscal year on 1 July", () => {
    expect(fiscalPosition("2024-07-01", 7)).toEqual({ fiscalYear: 2025, fiscalQuarter: 1, fiscalMonth: 1, fiscalYearStart: "2024-07-01", fiscalQuarterStart: "2024-07-01" });
  });
  it("equals the calendar year with a January start", () => {
    expect(fiscalPosition("2024-03-15", 1)).toEqual({ fiscalYear: 2024, fiscalQuarter: 1, fiscalMonth: 3, fiscalYearStart: "2024-01-01", fiscalQuarterStart: "2024-01-01" });
  });
  it("places a leap day in fiscal Q4 with an April start", () => {
    expect(fiscalPosition("2024-02-29", 4)).toEqual({ fiscalYear: 2024, fiscalQuarter: 4, fiscalMonth: 11, fiscalYearStart: "2023-04-01", fiscalQuarterStart: "2024-01-01" });
  });
});

describe("leap years", () => {
  it("builds 366 days for 2024 and 365 for 2023 and 1900, 366 for 2000", () => {
    const s = { country: "US", fiscalYearStartMonth: 1 };
    expect([2024, 2023, 1900, 2000].map((y) => buildCalendarYear(y, s).length)).toEqual([366, 365, 365, 366]);
  });
  it("marks 29 February 2024 as day 60 and a month end", () => {
    const d = day(buildCalendarYear(2024, { country: "US", fiscalYearStartMonth: 1 }), "2024-02-29");
    expect([d.dayOfYear, d.isMonthEnd, d.isQuarterEnd, d.dayOfWeek]).toEqual([60, true, false, 4]);
  });
  it("clamps a month shift from a leap day", () => {
    expect([addMonths("2024-02-29", -12), addMonths("2024-01-31", 1), addMonths("2024-03-31", -1)]).toEqual(["2023-02-28", "2024-02-29", "2024-02-29"]);
  });
  it("rejects dates that do not exist", () => {
    expect([isIsoDate("2023-02-29"), isIsoDate("2024-02-29"), isIsoDate("2024-13-01"), isIsoDate("24-01-01")]).toEqual([false, true, false, false]);
  });
});

describe("holidays and business days", () => {
  it("knows US Independence Day and Thanksgiving 2024", () => {
    const h = publicHolidays(2024, "US");
    expect([h.get("2024-07-04"), h.get("2024-11-28")]).toEqual(["Independence Day", "Thanksgiving Day"]);
  });
  it("knows GB Boxing Day, and the English summer bank holiday with region ENG", () => {
    expect(publicHolidays(2024, "GB").get("2024-12-26")).toBe("Boxing Day");
    expect(publicHolidays(2024, "GB", "ENG").get("2024-08-26")).toBe("Summer bank holiday");
  });
  it("knows German Unity Day and Bavarian Epiphany", () => {
    expect(publicHolidays(2024, "DE").get("2024-10-03")).toBe("National Holiday");
    expect(publicHolidays(2024, "DE").has("2024-01-06")).toBe(false);
    expect(publicHolidays(2024, "DE", "BY").get("2024-01-06")).toBe("Epiphany");
  });
  it("makes a weekday holiday a non-business day", () => {
    const rows = buildCalendarYear(2024, { country: "US", fiscalYearStartMonth: 1 });
    const pick = (d: string) => { const r = day(rows, d); return [r.isHoliday, r.holidayName, r.isWeekend, r.isBusinessDay]; };
    expect(pick("2024-07-04")).toEqual([true, "Independence Day", false, false]);
    expect(pick("2024-07-06")).toEqual([false, null, true, false]);
    expect(pick("2024-07-05")).toEqual([false, null, false, true]);
  });
  it("tells known from unknown locations", () => {
    expect([isKnownLocation("DE", "BY"), isKnownLocation("XX"), isKnownLocation("GB", "ZZ")]).toEqual([true, false, false]);
  });
});

describe("seasons and peak seasons", () => {
  it("flips seasons in the southern hemisphere", () => {
    expect([seasonOf("2024-01-15", "US"), seasonOf("2024-01-15", "AU"), seasonOf("2024-04-01", "GB"), seasonOf("2024-04-01", "NZ")])
      .toEqual(["winter", "summer", "spring", "autumn"]);
  });
  it("computes Black Friday to Cyber Monday per year", () => {
    const bf = (y: number) => peakSeasons(y, "US").find((p) => p.name === "black_friday_cyber_monday")!;
    expect([bf(2024), bf(2023)].map((p) => [p.from, p.to])).toEqual([["2024-11-29", "2024-12-02"], ["2023-11-24", "2023-11-27"]]);
  });
  it("labels calendar days with the peak season they fall in", () => {
    const rows = buildCalendarYear(2024, { country: "US", fiscalYearStartMonth: 1 });
    expect(["2024-11-28", "2024-11-29", "2024-12-02", "2024-12-03", "2024-08-01", "2024-10-01"].map((d) => day(rows, d).peakSeason))
      .toEqual([null, "black_friday_cyber_monday", "black_friday_cyber_monday", "holiday_season", "back_to_school", null]);
    expect(day(buildCalendarYear(2024, { country: "AU", fiscalYearStartMonth: 7 }), "2024-01-20").peakSeason).toBe("back_to_school");
  });
});
