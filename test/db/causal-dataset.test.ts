import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { organizations } from "../../src/db/tables/index.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { upsertFacts, type FactRow } from "../../src/db/facts.js";
import { buildCausalDataset } from "../../src/analytics/causal-dataset/causal-dataset.service.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let scope: OrgScope;
const day = (n: number) => `2024-01-0${n}`;

beforeAll(async () => {
  database = await createTestDatabase();
  const [{ id }] = await database.db.insert(organizations).values({ name: "Causal", slug: "causal", country: "US" }).returning({ id: organizations.id });
  scope = orgScope(database, id);
  const rows: FactRow[] = [];
  for (let n = 1; n <= 5; n++) {
    rows.push({ platform: "meta", stream: "c", level: "campaign", campaignId: "m", date: day(n), currency: "USD", spend: n, impressions: 10 * n, conversions: 1, revenue: 10 * n,
      breakdowns: undefined });
    if (n % 2 === 1) rows.push({ platform: "google", stream: "c", level: "campaign", campaignId: "g", date: day(n), currency: "USD", spend: 5, impressions: 7 });
  }
  await upsertFacts(database.db, id, "s", rows);
  // A geo breakdown stream: its own breakdown set, never added to the date-only panel.
  await upsertFacts(database.db, id, "geo", [
    { platform: "meta", stream: "geo", level: "campaign", campaignId: "m", date: day(1), currency: "USD", spend: 2, revenue: 20, breakdowns: { country: "US" } },
    { platform: "meta", stream: "geo", level: "campaign", campaignId: "m", date: day(1), currency: "USD", spend: 3, revenue: 5, breakdowns: { country: "DE" } },
    { platform: "meta", stream: "geo", level: "campaign", campaignId: "m", date: day(2), currency: "USD", spend: 4, revenue: 8, breakdowns: { country: "DE" } },
  ]);
  // The business's own revenue, a different kind: only used with outcomeKind "outcome".
  await upsertFacts(database.db, id, "shop", [1, 2, 3, 4, 5].map((n) => ({ platform: "shopify", stream: "orders", kind: "outcome" as const, level: "account" as const, date: day(n), currency: "USD", revenue: 100 * n, conversions: n })));
});
afterAll(() => database.close());

describe("causalDataset", () => {
  it("builds one row per day with treatments per channel, lags, rolling sums, outcomes and controls", async () => {
    const ds = await buildCausalDataset(scope, { dateRange: { from: "2024-01-03", to: "2024-01-05" }, treatments: ["spend"], lags: [1], rollingWindows: [2] });
    expect(ds.channels).toEqual(["google", "meta"]);
    expect(ds.columns).toEqual(["date", "spend_google", "spend_meta", "spend_google_lag1", "spend_google_roll2", "spend_meta_lag1", "spend_meta_roll2",
      "conversions", "revenue", "day_of_week", "is_weekend", "is_holiday", "month", "is_peak_season", "has_event"]);
    expect(ds.rows.map((r) => [r.date, r.spend_google, r.spend_google_lag1, r.spend_google_roll2, r.spend_meta, r.spend_meta_lag1, r.spend_meta_roll2, r.revenue, r.day_of_week, r.is_weekend])).toEqual([
      ["2024-01-03", 5, 0, 5, 3, 2, 5, 30, 3, 0],
      ["2024-01-04", 0, 5, 5, 4, 3, 7, 40, 4, 0],
      ["2024-01-05", 5, 0, 5, 5, 4, 9, 50, 5, 0],
    ]);
  });

  it("has exact correlations: meta spend moves with revenue, google spend does not", async () => {
    const ds = await buildCausalDataset(scope, { dateRange: { from: "2024-01-01", to: "2024-01-05" }, treatments: ["spend"], calendarControls: false });
    const at = (a: string, b: string) => ds.correlation.matrix[ds.correlation.columns.indexOf(a)]![ds.correlation.columns.indexOf(b)];
    expect(ds.correlation.columns).toEqual(["spend_google", "spend_meta", "conversions", "revenue"]);
    expect([at("spend_meta", "revenue"), at("spend_google", "spend_meta"), at("conversions", "revenue")]).toEqual([1, 0, null]);
  });

  it("uses the business's own outcome facts when asked", async () => {
    const ds = await buildCausalDataset(scope, { dateRange: { from: "2024-01-01", to: "2024-01-02" }, outcomeKind: "outcome", calendarControls: false });
    expect(ds.rows.map((r) => [r.revenue, r.conversions])).toEqual([[100, 1], [200, 2]]);
  });

  it("rejects a lag of zero days", async () => {
    await expect(buildCausalDataset(scope, { dateRange: { from: "2024-01-01", to: "2024-01-02" }, lags: [0] })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
  it("builds a date × geo panel from the geo breakdown, zero-filling missing days", async () => {
    const ds = await buildCausalDataset(scope, { dateRange: { from: "2024-01-01", to: "2024-01-02" }, unit: "geo", treatments: ["spend"], outcomes: ["revenue"], calendarControls: false });
    expect([ds.columns, ds.rows.map((r) => [r.geo, r.date, r.spend_meta, r.revenue])]).toEqual([
      ["date", "geo", "spend_meta", "revenue"],
      [["DE", "2024-01-01", 3, 5], ["DE", "2024-01-02", 4, 8], ["US", "2024-01-01", 2, 20], ["US", "2024-01-02", 0, 0]],
    ]);
  });
});
