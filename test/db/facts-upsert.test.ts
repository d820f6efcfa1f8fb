import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "../../src/db/query.js";
import type { Database } from "../../src/db/client.js";
import { upsertEntities, upsertFacts, type EntityRow, type FactRow } from "../../src/db/facts.js";
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

describe("upsertEntities", () => {
  const version = async () => (await queryRows<{ id: string; v: string; name: string | null; status: string | null }>(database.db,
    sql`select external_id as id, xmin::text as v, name, status from ad_entities where org_id = ${orgId} order by external_id`));
  const campaign = (id: string, over: Partial<EntityRow> = {}): EntityRow => ({ platform: "meta", level: "campaign", externalId: id, accountExternalId: "act_1", name: `Campaign ${id}`, status: "ACTIVE", ...over });

  it("leaves an entity seen again unchanged as it was, and rewrites only the one that changed", async () => {
    await upsertEntities(database.db, orgId, null, [campaign("e1"), campaign("e2")]);
    const [e1, e2] = await version();
    // A later chunk repeats both; e2 was paused. A null name means "not reported", not "cleared".
    await upsertEntities(database.db, orgId, null, [campaign("e1", { name: null }), campaign("e2", { status: "PAUSED" })]);
    const after = await version();
    expect(after).toEqual([
      { id: "e1", v: e1!.v, name: "Campaign e1", status: "ACTIVE" },
      { id: "e2", v: expect.not.stringMatching(`^${e2!.v}$`), name: "Campaign e2", status: "PAUSED" },
    ]);
  });
});
