import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "../../src/db/query.js";
import type { Database } from "../../src/db/client.js";
import { upsertFacts, type FactRow } from "../../src/db/facts.js";
import { marketingFacts, organizations } from "../../src/db/tables/index.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let orgId: string;
const row = (over: Partial<FactRow> = {}): FactRow => ({
  platform: "meta", stream: "ads_insights", date: "2024-03-01", accountId: "act_1", campaignId: "c1", adGroupId: "g1", adId: "a1",
  spend: "12.34", impressions: 1000, clicks: 20, conversions: "2", revenue: "99.90", currency: "USD", ...over,
});

beforeAll(async () => {
  database = await createTestDatabase();
  [{ id: orgId }] = await database.db.insert(organizations).values({ name: "Acme", slug: "acme" }).returning({ id: organizations.id });
});
afterAll(() => database.close());

describe("upsertFacts", () => {
  it("updates the row with the same natural key instead of duplicating it", async () => {
    await upsertFacts(database.db, orgId, "s1", [row()]);
    await upsertFacts(database.db, orgId, "s1", [row({ spend: "20.00" })]);
    const rows = await database.db.select().from(marketingFacts).where(eq(marketingFacts.orgId, orgId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.spend).toBe("20.000000");
  });

  it("keeps the last of two rows with one key in the same batch", async () => {
    await upsertFacts(database.db, orgId, "s2", [row({ spend: "1" }), row({ spend: "2" })]);
    const [{ total }] = await queryRows<{ total: string }>(database.db, sql`select sum(spend)::text as total from marketing_facts where source = 's2'`);
    expect(total).toBe("2.000000");
  });
});
