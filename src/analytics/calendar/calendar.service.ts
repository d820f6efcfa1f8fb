import { and, asc, between, eq, getTableColumns, sql } from "drizzle-orm";
import { calendarDays } from "../../db/tables/index.js";
import { queryRows } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import { badInput } from "../../errors.js";
import { buildCalendarYear, settingsKeyOf, type CalendarDayRow, type CalendarSettings } from "./calendar-day.js";
import { daysBetween, isIsoDate, isLeapYear } from "../../dates.js";
import { loadOrgSettings } from "./org-settings.js";
import { listEventsOverlapping } from "./marketing-events.service.js";
import { seasonalityIndex } from "./seasonality.js";

// Calendars are materialised for 1900–2199; a date outside is almost certainly a typo.
const MIN_YEAR = 1900, MAX_YEAR = 2199;
// A calendar() call returns at most ten years of days.
const MAX_CALENDAR_DAYS = 3660;
// Rows per insert statement: building and running a 365-row statement holds the event loop (on PGlite, the
// statement itself runs on it too), and statements yield to it between them.
const CHUNK = 100;
const UPDATE_ALL = Object.fromEntries(
  Object.entries(getTableColumns(calendarDays)).filter(([k]) => k !== "orgId" && k !== "date").map(([k, c]) => [k, sql.raw(`excluded.${c.name}`)]),
);

/** Check a date range from user input: real dates, from ≤ to, within the supported years. */
export function assertRange(from: string, to: string, what = "dateRange"): void {
  if (!isIsoDate(from) || !isIsoDate(to)) throw badInput(`${what}: dates must be real dates written YYYY-MM-DD (got "${from}" and "${to}").`);
  if (from > to) throw badInput(`${what}: "from" (${from}) is after "to" (${to}); swap them.`);
  const y1 = Number(from.slice(0, 4)), y2 = Number(to.slice(0, 4));
  if (y1 < MIN_YEAR || y2 > MAX_YEAR) throw badInput(`${what}: dates must fall between ${MIN_YEAR} and ${MAX_YEAR}.`);
}

/** Make sure calendar_days holds every day of the years `from`…`to` touch, built from the current org settings. */
export async function ensureCalendar(scope: OrgScope, from: string, to: string, settings?: CalendarSettings): Promise<void> {
  assertRange(from, to);
  const s = settings ?? (await loadOrgSettings(scope));
  const key = settingsKeyOf(s);
  const y1 = Number(from.slice(0, 4)), y2 = Number(to.slice(0, 4));
  const have = await queryRows<{ year: number; n: number }>(scope.db, sql`
    select year, count(*)::int as n from calendar_days
    where org_id = ${scope.orgId} and year between ${y1} and ${y2} and settings_key = ${key}
    group by year`);
  const complete = new Set(have.filter((r) => Number(r.n) === (isLeapYear(Number(r.year)) ? 366 : 365)).map((r) => Number(r.year)));
  for (let y = y1; y <= y2; y++) {
    if (complete.has(y)) continue;
    const rows = buildCalendarYear(y, s).map((r) => ({ ...r, orgId: scope.orgId, settingsKey: key }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await scope.db.insert(calendarDays).values(rows.slice(i, i + CHUNK)).onConflictDoUpdate({
        target: [calendarDays.orgId, calendarDays.date],
        set: UPDATE_ALL,
      });
    }
  }
}

/** A calendar day as the `calendar` query returns it. */
export interface CalendarEntry extends CalendarDayRow {
  /** Names of the org's marketing events that include the day. */
  events: string[];
  /** The day's month in the org's revenue history: average daily revenue that month ÷ overall; null without a year of history. */
  seasonalityIndex: number | null;
}

/** The org's calendar from `from` to `to`, inclusive. */
export async function getCalendar(scope: OrgScope, from: string, to: string): Promise<CalendarEntry[]> {
  assertRange(from, to);
  if (daysBetween(from, to) + 1 > MAX_CALENDAR_DAYS) throw badInput(`calendar: ask for at most ${MAX_CALENDAR_DAYS} days at a time.`);
  await ensureCalendar(scope, from, to);
  const rows = await scope.db.select().from(calendarDays)
    .where(and(eq(calendarDays.orgId, scope.orgId), between(calendarDays.date, from, to)))
    .orderBy(asc(calendarDays.date));
  const events = await listEventsOverlapping(scope, from, to);
  const index = await seasonalityIndex(scope);
  return rows.map(({ orgId: _o, settingsKey: _k, ...r }) => ({
    ...r,
    events: events.filter((e) => e.startDate <= r.date && e.endDate >= r.date).map((e) => e.name),
    seasonalityIndex: index.get(r.month) ?? null,
  }));
}
