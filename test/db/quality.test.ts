import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { eq } from "drizzle-orm";
import { connections, organizations, syncRuns } from "../../src/db/tables/index.js";
import { attachQualityReport } from "../../src/analytics/quality/sync-run-report.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { upsertFacts, type FactRow } from "../../src/db/facts.js";
import { runQualityChecks } from "../../src/analytics/quality/quality.service.js";
import type { QualityReport } from "../../src/analytics/quality/quality.types.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let scope: OrgScope;
let report: QualityReport;
let connB: string;
const NOW = new Date("2024-01-10T12:00:00Z");
const RANGE = { from: "2024-01-01", to: "2024-01-31" };
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const f = (date: string, campaignId: string, o: Partial<FactRow> = {}): FactRow =>
  ({ platform: "meta", stream: "c", level: "campaign", date, campaignId, currency: "USD", spend: 10, impressions: 100, clicks: 10, conversions: 1, ...o });
const rule = (r: QualityReport, id: string) => r.rules.find((x) => x.rule === id)!;

beforeAll(async () => {
  database = await createTestDatabase();
  const [{ id }] = await database.db.insert(organizations).values({ name: "Q", slug: "q", reportingCurrency: "USD" }).returning({ id: organizations.id });
  scope = orgScope(database, id);
  const conns = await database.db.insert(connections).values([
    { orgId: id, pluginId: "csv", name: "A fresh", schedule: "every 6h", lastSuccessAt: hoursAgo(2) },
    { orgId: id, pluginId: "csv", name: "B late", schedule: "daily 03:00", lastSuccessAt: hoursAgo(48) },
    { orgId: id, pluginId: "csv", name: "C manual", schedule: null },
    { orgId: id, pluginId: "csv", name: "D never", schedule: "every 6h" },
  ]).returning({ id: connections.id });
  connB = conns[1]!.id;
  await upsertFacts(database.db, id, "s", [
    f("2024-01-01", "c1"), f("2024-01-02", "c1"), f("2024-01-04", "c1"),
    f("2024-01-01", "c2", { spend: -1, clicks: 1, conversions: 0 }),
    f("2024-01-01", "c3", { spend: 1, impressions: 5, clicks: 10, conversions: 0 }),
    f("2024-01-01", "c4", { spend: 1, clicks: 1, conversions: 3 }),
    f("2024-01-01", "c5", { spend: 5, impressions: 0, clicks: 0, conversions: 0 }),
    f("2024-01-01", "c6", { currency: "", clicks: 1, conversions: 0 }),
    f("2024-01-01", "c7", { currency: "EUR", clicks: 1, conversions: 0 }),
  ]);
  await upsertFacts(database.db, id, connB, [f("2024-01-01", "c1")]);
  report = await runQualityChecks(scope, { dateRange: RANGE, now: NOW });
});
afterAll(() => database.close());

describe("data quality", () => {
  it("finds the day missing between a live campaign's first and last day", () => {
    expect(rule(report, "completeness")).toMatchObject({ checked: 11, failed: 1, score: 0.9091, examples: [{ platform: "meta", campaign: "c1", stream: "c", date: "2024-01-03" }] });
  });
  it("finds a key loaded by two sources", () => {
    expect(rule(report, "duplicate_keys")).toMatchObject({ checked: 9, failed: 1, examples: [{ campaign: "c1", date: "2024-01-01", sources: [connB, "s"].sort().join(",") }] });
  });
  it.each([
    ["negative_values", "c2", "error"], ["clicks_above_impressions", "c3", "error"], ["conversions_above_clicks", "c4", "warning"],
    ["spend_without_impressions", "c5", "warning"], ["missing_currency", "c6", "error"], ["missing_exchange_rate", "c7", "error"],
  ])("rule %s catches campaign %s (%s)", (id, campaign, severity) => {
    const r = rule(report, id);
    expect([r.checked, r.failed, r.score, r.severity, r.examples.map((e) => e.campaign)]).toEqual([10, 1, 0.9, severity, [campaign]]);
  });
  it("finds scheduled connections without a recent success", () => {
    const r = rule(report, "stale_connections");
    expect([r.checked, r.failed, r.examples.map((e) => e.name)]).toEqual([3, 2, ["B late", "D never"]]);
  });
  it("weights errors twice as much as warnings in the overall score", () => {
    expect(report.score).toBe(0.8289);
  });
  it("scopes facts and staleness to one connection, and checks its keys against the other sources' for duplicates", async () => {
    const r = await runQualityChecks(scope, { dateRange: RANGE, connectionId: connB, now: NOW });
    expect(rule(r, "duplicate_keys").examples).toEqual([{ platform: "meta", stream: "c", date: "2024-01-01", campaign: "c1", ad: "", sources: [connB, "s"].sort().join(",") }]);
    expect(r.rules.map((x) => [x.rule, x.checked, x.failed])).toEqual([
      ["completeness", 1, 0], ["duplicate_keys", 1, 1], ["negative_values", 1, 0], ["clicks_above_impressions", 1, 0], ["conversions_above_clicks", 1, 0],
      ["spend_without_impressions", 1, 0], ["missing_currency", 1, 0], ["missing_exchange_rate", 1, 0], ["stale_connections", 1, 1],
    ]);
  });
  it("checks the click and impression rules on media facts only: a store's orders have no clicks", async () => {
    await upsertFacts(scope.db, scope.orgId, "shop", [{ platform: "shop", stream: "orders", kind: "outcome", level: "account", date: "2024-02-01", accountId: "store", currency: "USD", conversions: 50, revenue: "4000.00" }]);
    const r = await runQualityChecks(scope, { dateRange: { from: "2024-02-01", to: "2024-02-01" }, now: NOW });
    expect(r.rules.filter((x) => x.rule !== "stale_connections").map((x) => [x.rule, x.checked, x.failed])).toEqual([
      ["completeness", 0, 0], ["duplicate_keys", 1, 0], ["negative_values", 1, 0], ["clicks_above_impressions", 0, 0], ["conversions_above_clicks", 0, 0],
      ["spend_without_impressions", 0, 0], ["missing_currency", 1, 0], ["missing_exchange_rate", 1, 0],
    ]);
  });
  it("scores a range without facts as clean", async () => {
    const r = await runQualityChecks(scope, { dateRange: { from: "2023-01-01", to: "2023-01-31" }, now: NOW });
    expect(r.rules.filter((x) => x.rule !== "stale_connections").every((x) => x.checked === 0 && x.score === 1)).toBe(true);
  });
  it("stores the report of a sync run's connection and window on the run", async () => {
    const [run] = await database.db.insert(syncRuns).values({ orgId: scope.orgId, connectionId: connB, status: "succeeded", windowStart: "2024-01-01", windowEnd: "2024-01-02" }).returning({ id: syncRuns.id });
    await attachQualityReport(scope, run!.id, NOW);
    const [stored] = await database.db.select({ r: syncRuns.qualityReport }).from(syncRuns).where(eq(syncRuns.id, run!.id));
    const r = stored!.r as unknown as QualityReport;
    expect([r.connectionId, r.dateRange, r.rules.find((x) => x.rule === "stale_connections")!.failed]).toEqual([connB, { from: "2024-01-01", to: "2024-01-02" }, 1]);
  });
});
