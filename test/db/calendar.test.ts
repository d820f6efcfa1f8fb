import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { organizations } from "../../src/db/tables/index.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { queryRows } from "../../src/db/query.js";
import { upsertFacts, type FactRow } from "../../src/db/facts.js";
import { ensureCalendar, getCalendar } from "../../src/analytics/calendar/calendar.service.js";
import { createMarketingEvent, deleteMarketingEvent, listEventsOverlapping, updateMarketingEvent } from "../../src/analytics/calendar/marketing-events.service.js";
import { seasonalityIndex } from "../../src/analytics/calendar/seasonality.js";
import { runMetrics } from "../../src/analytics/metrics/metrics.service.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let gb: OrgScope;
let de: OrgScope;

const org = async (slug: string, values: Partial<typeof organizations.$inferInsert>) => {
  const [{ id }] = await database.db.insert(organizations).values({ name: slug, slug, ...values }).returning({ id: organizations.id });
  return orgScope(database, id);
};

beforeAll(async () => {
  database = await createTestDatabase();
  gb = await org("gb", { country: "GB", region: "ENG", fiscalYearStartMonth: 4 });
  de = await org("de", { country: "DE", region: "BY" });
});
afterAll(() => database.close());

describe("calendar", () => {
  it("materialises whole years once and returns the org's holidays and fiscal periods", async () => {
    const days = await getCalendar(gb, "2024-08-26", "2024-08-26");
    expect(days.map((d) => [d.holidayName, d.isBusinessDay, d.fiscalYear, d.fiscalQuarter, d.fiscalMonth, d.season, d.isoWeek])).toEqual([["Summer bank holiday", false, 2025, 2, 5, "summer", 35]]);
    const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from calendar_days where org_id = ${gb.orgId}`);
    expect(Number(n)).toBe(366);
  });

  it("keeps each org's own holidays", async () => {
    expect((await getCalendar(de, "2024-01-06", "2024-01-06"))[0]!.holidayName).toBe("Epiphany");
    expect((await getCalendar(gb, "2024-01-06", "2024-01-06"))[0]!.holidayName).toBe(null);
  });

  it("rebuilds a year when the org's settings change", async () => {
    await ensureCalendar(de, "2024-01-01", "2024-01-01");
    await database.db.update(organizations).set({ region: null }).where(eq(organizations.id, de.orgId));
    expect((await getCalendar(de, "2024-01-06", "2024-01-06"))[0]!.holidayName).toBe(null);
  });

  it("rejects a range over ten years and a non-date", async () => {
    await expect(getCalendar(gb, "2000-01-01", "2020-01-01")).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(getCalendar(gb, "2024-02-30", "2024-03-01")).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});

describe("marketing events", () => {
  it("creates, lists by overlap, updates and deletes, shown on calendar days", async () => {
    const e = await createMarketingEvent(gb, { name: "Spring Sale", kind: "promotion", startDate: "2024-03-01", endDate: "2024-03-03" });
    expect((await listEventsOverlapping(gb, "2024-03-03", "2024-03-10")).map((x) => x.name)).toEqual(["Spring Sale"]);
    expect((await getCalendar(gb, "2024-03-03", "2024-03-04")).map((d) => d.events)).toEqual([["Spring Sale"], []]);
    await updateMarketingEvent(gb, e.id, { name: "Spring Sale", kind: "promotion", startDate: "2024-03-01", endDate: "2024-03-04" });
    expect((await getCalendar(gb, "2024-03-04", "2024-03-04"))[0]!.events).toEqual(["Spring Sale"]);
    await deleteMarketingEvent(gb, e.id);
    expect(await listEventsOverlapping(gb, "2024-01-01", "2024-12-31")).toEqual([]);
  });

  it("keeps events per org: another org cannot update or delete them", async () => {
    const e = await createMarketingEvent(gb, { name: "Launch", kind: "launch", startDate: "2024-05-01", endDate: "2024-05-01" });
    await expect(deleteMarketingEvent(de, e.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateMarketingEvent(de, e.id, { name: "x", startDate: "2024-05-01", endDate: "2024-05-01" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listEventsOverlapping(de, "2024-05-01", "2024-05-01")).toEqual([]);
  });

  it("rejects an end before the start and an unknown kind", async () => {
    await expect(createMarketingEvent(gb, { name: "x", startDate: "2024-05-02", endDate: "2024-05-01" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(createMarketingEvent(gb, { name: "x", kind: "party" as never, startDate: "2024-05-01", endDate: "2024-05-01" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});

describe("seasonality index", () => {
  it("is average daily revenue per month of year over the overall average, once a year of history exists", async () => {
    const s = await org("seasonal", {});
    const rows: FactRow[] = [];
    // 2023: 100 a day, except December at 400 a day (365 days; December 31 days).
    for (let d = new Date(Date.UTC(2023, 0, 1)); d.getUTCFullYear() === 2023; d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10);
      rows.push({ platform: "shop", stream: "s", level: "account", date, currency: "USD", revenue: date.startsWith("2023-12") ? 400 : 100 });
    }
    await upsertFacts(database.db, s.orgId, "s", rows);
    const idx = await seasonalityIndex(s);
    // overall mean = (334×100 + 31×400) / 365 = 125.479452…; December 400 / 125.479452 = 3.1878, other months 100 / 125.479452 = 0.7969
    expect([idx.get(12), idx.get(1), idx.get(6), idx.size]).toEqual([3.1878, 0.7969, 0.7969, 12]);
    expect((await seasonalityIndex(gb)).size).toBe(0);

    // The same index as a metrics dimension: revenue of December vs June days, by their month's index.
    const r = await runMetrics(s, { measures: ["revenue"], dimensions: ["seasonalityIndex"], dateRange: { from: "2023-06-01", to: "2023-12-31" }, orderBy: [{ field: "seasonalityIndex", direction: "asc" }] });
    // June–November: 183 days × 100; December: 31 days × 400.
    expect(r.rows.map((row) => [row.seasonalityIndex, row.revenue])).toEqual([[0.7969, "18300"], [3.1878, "12400"]]);
  });
});
