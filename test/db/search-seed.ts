import { upsertEntities, upsertFacts, type EntityRow, type FactRow } from "../../src/db/facts.js";
import type { Database } from "../../src/db/client.js";
import { connections, organizations, syncRuns } from "../../src/db/tables/index.js";

/** Two orgs with entities, daily facts and sync runs: the corpus the search tests query. */
export async function seedSearchCorpus(database: Database, orgs?: { orgA: string; orgB: string }) {
  const db = database.db;
  const [a, b] = orgs
    ? [{ id: orgs.orgA }, { id: orgs.orgB }]
    : await db.insert(organizations).values([{ name: "Acme", slug: "acme-s" }, { name: "Globex", slug: "globex-s" }]).returning();
  const ent = (platform: string, level: EntityRow["level"], externalId: string, name: string, extra: Partial<EntityRow> = {}): EntityRow =>
    ({ platform, level, externalId, name, accountExternalId: "act1", ...extra });
  await upsertEntities(db, a.id, null, [
    ent("meta", "account", "act1", "Acme US", { currency: "USD", accountExternalId: null }),
    ent("meta", "campaign", "c1", "Summer Sale Retargeting", { parentExternalId: "act1", objective: "OUTCOME_SALES", status: "ACTIVE" }),
    ent("meta", "campaign", "c2", "Brand Awareness Q3", { parentExternalId: "act1", objective: "OUTCOME_AWARENESS", status: "PAUSED" }),
    ent("meta", "ad", "ad1", "Blue sneaker carousel", { parentExternalId: "c1", status: "ACTIVE" }),
    ent("google_ads", "account", "gact1", "Acme Search", { accountExternalId: null }),
    ent("google_ads", "campaign", "g1", "Running Shoes Search", { parentExternalId: "gact1", accountExternalId: "gact1", objective: "SEARCH", status: "ENABLED" }),
  ]);
  await upsertEntities(db, b.id, null, [
    ent("meta", "campaign", "c1", "Summer Sale Retargeting", { objective: "OUTCOME_SALES", status: "ACTIVE" }),
    ent("meta", "campaign", "w1", "Winter Clearance", { objective: "OUTCOME_SALES", status: "ACTIVE" }),
  ]);
  const fact = (campaignId: string, date: string, spend: string, over: Partial<FactRow> = {}): FactRow => ({
    platform: "meta", stream: "ads_insights", level: "ad", date, accountId: "act1", campaignId, adGroupId: "s1", adId: "ad1",
    spend, impressions: 1000, clicks: 50, conversions: "5", revenue: "200", currency: "USD", ...over,
  });
  await upsertFacts(db, a.id, "src", [
    fact("c1", "2024-07-01", "100"), fact("c1", "2024-07-02", "80"),
    fact("c1", "2024-07-02", "20", { adId: "ad2" }),
    // a breakdown stream for the same day must not be added to the summary
    fact("c1", "2024-07-02", "999", { stream: "ads_insights_age", breakdowns: { age: "18-24" } }),
  ]);
  await upsertFacts(db, a.id, "google-src", [
    fact("g1", "2024-07-01", "50", { platform: "google_ads", stream: "campaign", level: "campaign", accountId: "gact1", adGroupId: "", adId: "" }),
  ]);
  await upsertFacts(db, b.id, "src", [fact("w1", "2024-07-01", "10")]);
  const [conn] = await db.insert(connections).values({ orgId: a.id, pluginId: "meta-ads", name: "Meta main" }).returning();
  const [run] = await db.insert(syncRuns).values({
    orgId: a.id, connectionId: conn.id, status: "failed", trigger: "schedule", windowStart: "2024-07-01", windowEnd: "2024-07-02",
    recordsRead: 120, recordsWritten: 0, recordsRejected: 0, error: "Meta access token expired; reconnect the account",
    finishedAt: new Date("2024-07-03T04:00:00Z"),
  }).returning();
  return { orgA: a.id, orgB: b.id, runId: run.id };
}
