import { fxRates, organizations } from "../../src/db/tables/index.js";
import { upsertEntities, upsertFacts, type FactRow } from "../../src/db/facts.js";
import type { Database } from "../../src/db/client.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";

const f = (over: Partial<FactRow> & Pick<FactRow, "date">): FactRow => ({
  platform: "meta", stream: "ads", level: "ad", accountId: "m1", currency: "USD",
  spend: 0, impressions: 0, clicks: 0, conversions: 0, revenue: 0, ...over,
});

/**
 * Hand-built facts with known sums (see test/db/metrics.test.ts for the arithmetic):
 * meta writes ad AND campaign rows of the same delivery (must not double count), google in EUR,
 * tiktok in JPY (cross rate through EUR) and GBP (no rate), a breakdown stream, and an "edge" source
 * around the 2020/2021 year end and a July fiscal year start.
 */
export async function seedMetricsOrg(database: Database, slug: string): Promise<OrgScope> {
  const [{ id }] = await database.db.insert(organizations)
    .values({ name: slug, slug, reportingCurrency: "USD", country: "US", fiscalYearStartMonth: 7 }).returning({ id: organizations.id });
  const db = database.db;
  const ads = [
    f({ date: "2023-02-28", campaignId: "c1", adGroupId: "g1", adId: "a1", spend: 5 }),
    f({ date: "2024-02-28", campaignId: "c1", adGroupId: "g1", adId: "a1", spend: 10, impressions: 1000, clicks: 50, conversions: 5, revenue: 100 }),
    f({ date: "2024-02-29", campaignId: "c1", adGroupId: "g1", adId: "a2", spend: 20, impressions: 2000, clicks: 100, conversions: 10, revenue: 300 }),
    f({ date: "2024-03-01", campaignId: "c2", adGroupId: "g2", adId: "a3", spend: 30 }),
  ];
  const campaigns = ads.map((r) => ({ ...r, stream: "campaigns", level: "campaign" as const, adGroupId: "", adId: "" }));
  const breakdown = [
    f({ date: "2024-02-28", stream: "age", level: "campaign", campaignId: "c1", breakdowns: { age: "18-24" }, spend: 4 }),
    f({ date: "2024-02-28", stream: "age", level: "campaign", campaignId: "c1", breakdowns: { age: "25-34" }, spend: 6 }),
  ];
  await upsertFacts(db, id, "s1", [...ads, ...campaigns, ...breakdown]);
  await upsertFacts(db, id, "s2", [
    f({ platform: "google", stream: "campaigns", level: "campaign", accountId: "g", campaignId: "gc1", currency: "EUR", date: "2024-02-29", spend: 50, impressions: 5000, clicks: 100, conversions: 2, revenue: 200 }),
    f({ platform: "google", stream: "campaigns", level: "campaign", accountId: "g", campaignId: "gc1", currency: "EUR", date: "2024-03-02", spend: 10, impressions: 1000, clicks: 10, conversions: 1, revenue: 50 }),
  ]);
  await upsertFacts(db, id, "s3", [
    f({ platform: "tiktok", stream: "campaigns", level: "campaign", accountId: "t", campaignId: "tc1", currency: "JPY", date: "2024-03-01", spend: 1000, impressions: 10000, clicks: 20 }),
    f({ platform: "tiktok", stream: "campaigns", level: "campaign", accountId: "t", campaignId: "tc2", currency: "GBP", date: "2024-03-01", spend: 7, impressions: 100, clicks: 1 }),
  ]);
  const edge = (date: string, spend: number) => f({ platform: "csv", stream: "daily", level: "campaign", accountId: "e", campaignId: "e1", date, spend });
  await upsertFacts(db, id, "s4", [edge("2020-12-31", 1), edge("2021-01-01", 32), edge("2021-01-03", 2), edge("2021-01-04", 4), edge("2021-06-30", 8), edge("2021-07-01", 16)]);
  await upsertEntities(db, id, null, [
    { platform: "meta", level: "campaign", externalId: "c1", name: "Spring Sale" },
    { platform: "meta", level: "campaign", externalId: "c2", name: "Brand" },
    { platform: "google", level: "campaign", externalId: "gc1", name: "Search" },
  ]);
  await db.insert(fxRates).values([
    { date: "2024-02-29", base: "EUR", quote: "USD", rate: "1.08" },
    { date: "2024-03-01", base: "EUR", quote: "USD", rate: "1.10" },
    { date: "2024-03-01", base: "EUR", quote: "JPY", rate: "160" },
  ]).onConflictDoNothing();
  return orgScope(database, id);
}
