import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { queryRows } from "../../src/db/query.js";
import { importBatches, marketingFacts, organizations } from "../../src/db/tables/index.js";
import { getImportBatch, importCsv, listImportBatches, type CsvSource } from "../../src/imports/csv-import.service.js";
import { rejectsCsv } from "../../src/imports/rejects-csv.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let acme: OrgScope;
let other: OrgScope;
const text = (s: string, fileName = "export.csv"): CsvSource => ({ open: () => Readable.from([s]), fileName });

const META = [
  "Campaign name,Reporting starts,Reporting ends,Impressions,Link clicks,Results,Amount spent (USD),Purchases conversion value",
  "Spring,2024-03-01,2024-03-01,\"1,000\",40,2,12.50,80.00",
  "Spring,2024-03-02,2024-03-02,900,30,1,10.00,40.00",
  "Summer,2024-03-01,2024-03-01,500,5,,abc,0",
  "Summer,2024-03-01,2024-03-31,500,5,0,3.00,0",
  "Summer,2024-03-02,2024-03-02,500,5,0,3.00,0",
].join("\n");

const totals = async (scope: OrgScope) => (await queryRows<{ n: number; spend: string; impressions: string; revenue: string }>(scope.db, sql`
  select count(*)::int as n, coalesce(sum(spend),0)::text as spend, coalesce(sum(impressions),0)::text as impressions, coalesce(sum(revenue),0)::text as revenue
  from marketing_facts where org_id = ${scope.orgId}`))[0]!;

beforeAll(async () => {
  database = await createTestDatabase();
  const orgs = await database.db.insert(organizations).values([{ name: "Acme", slug: "acme" }, { name: "Other", slug: "other" }]).returning({ id: organizations.id });
  acme = orgScope(database, orgs[0]!.id);
  other = orgScope(database, orgs[1]!.id);
});
afterAll(() => database.close());

describe("CSV import", () => {
  it("loads good rows, keeps bad rows with line numbers and reasons, and records the batch", async () => {
    const r = await importCsv(acme, text(META), { platform: "meta" }, "key:k1");
    expect(r.duplicate).toBe(false);
    expect([r.batch.status, r.batch.rowsRead, r.batch.rowsLoaded, r.batch.rowsRejected, r.batch.actor, r.batch.fileName]).toEqual(["loaded", 5, 3, 2, "key:k1", "export.csv"]);
    expect(r.batch.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.rejectsPreview).toEqual([
      { line: 4, reason: 'spend "abc" is not a number (decimal separator ".", thousands separator ",")' },
      { line: 5, reason: "the row covers 2024-03-01 to 2024-03-31; export one row per day (a daily time breakdown)" },
    ]);
    expect(await totals(acme)).toEqual({ n: 3, spend: "25.500000", impressions: "2400", revenue: "120.000000" });
    const facts = await database.db.select().from(marketingFacts).where(and(eq(marketingFacts.orgId, acme.orgId), eq(marketingFacts.campaignId, "Spring")));
    expect(facts.map((f) => [f.source, f.platform, f.level, f.date, f.currency, f.clicks])).toEqual([
      ["csv:meta", "meta", "campaign", "2024-03-01", "USD", 40], ["csv:meta", "meta", "campaign", "2024-03-02", "USD", 30],
    ]);
  });

  it("detects the same file loaded twice and changes nothing", async () => {
    const before = await totals(acme);
    const batches = (await listImportBatches(acme)).length;
    const r = await importCsv(acme, text(META, "again.csv"), { platform: "meta" }, "cli");
    expect(r.duplicate).toBe(true);
    expect(r.batch.fileName).toBe("export.csv");
    expect(await totals(acme)).toEqual(before);
    expect((await listImportBatches(acme)).length).toBe(batches);
  });

  it("imports the same file again with force, upserting the same rows (nothing doubled)", async () => {
    const before = await totals(acme);
    const batches = (await listImportBatches(acme)).length;
    const r = await importCsv(acme, text(META, "again.csv"), { platform: "meta", force: true }, "cli");
    expect([r.duplicate, r.batch.fileName, r.batch.rowsLoaded, r.batch.rowsRejected]).toEqual([false, "again.csv", 3, 2]);
    expect(await totals(acme)).toEqual(before);
    expect((await listImportBatches(acme)).length).toBe(batches + 1);
    // The newest batch is the forced one; the rejects CSV test below reads the first.
    await acme.db.delete(importBatches).where(eq(importBatches.id, r.batch.id));
  });

  it("imports a file again when its earlier import loaded nothing (all rows rejected), with corrected options", async () => {
    const [org] = await database.db.insert(organizations).values({ name: "Euro", slug: "euro-dates" }).returning({ id: organizations.id });
    const scope = orgScope(database, org!.id);
    const file = "Day,Campaign,Cost,Currency\n13/03/2024,Spring,12.50,EUR\n14/03/2024,Spring,7.25,EUR\n";
    const first = await importCsv(scope, text(file, "eu.csv"), { platform: "meta" }, "cli");
    expect([first.duplicate, first.batch.rowsLoaded, first.batch.rowsRejected]).toEqual([false, 0, 2]);
    const second = await importCsv(scope, text(file, "eu.csv"), { platform: "meta", dateFormat: "DD/MM/YYYY" }, "cli");
    expect([second.duplicate, second.batch.rowsLoaded, second.batch.rowsRejected]).toEqual([false, 2, 0]);
    expect(await totals(scope)).toMatchObject({ n: 2, spend: "19.750000" });
    const third = await importCsv(scope, text(file, "eu.csv"), { platform: "meta", dateFormat: "DD/MM/YYYY" }, "cli");
    expect([third.duplicate, third.batch.id]).toEqual([true, second.batch.id]);
  });

  it("serves the rejects as a CSV with line, reason and the original cells", async () => {
    const [batch] = await listImportBatches(acme);
    let out = "";
    for await (const chunk of await rejectsCsv(acme, batch!.id)) out += chunk;
    expect(out).toBe([
      "line,reason,Campaign name,Reporting starts,Reporting ends,Impressions,Link clicks,Results,Amount spent (USD),Purchases conversion value",
      '4,"spend ""abc"" is not a number (decimal separator ""."", thousands separator "","")",Summer,2024-03-01,2024-03-01,500,5,,abc,0',
      "5,the row covers 2024-03-01 to 2024-03-31; export one row per day (a daily time breakdown),Summer,2024-03-01,2024-03-31,500,5,0,3.00,0",
      "",
    ].join("\n"));
  });

  it("adds up rows of one key within a file and lets a corrected file replace them", async () => {
    const broken = "Date;Campaign;Spend;Currency\n2024-04-01;Breakdown;1,50;EUR\n2024-04-01;Breakdown;2,25;EUR\n";
    await importCsv(acme, text(broken), { platform: "linkedin", decimalSeparator: "," }, "cli");
    const spend = async () => (await database.db.select({ s: marketingFacts.spend }).from(marketingFacts).where(and(eq(marketingFacts.orgId, acme.orgId), eq(marketingFacts.campaignId, "Breakdown"))))[0]!.s;
    expect(await spend()).toBe("3.750000");
    await importCsv(acme, text("Date;Campaign;Spend;Currency\n2024-04-01;Breakdown;4,00;EUR\n"), { platform: "linkedin", decimalSeparator: "," }, "cli");
    expect(await spend()).toBe("4.000000");
  });

  it("refuses a file whose header has no spend column, loading nothing", async () => {
    const n = (await listImportBatches(acme)).length;
    await expect(importCsv(acme, text("Date,Campaign\n2024-01-01,A\n"), { platform: "meta" }, "cli")).rejects.toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringContaining("Cannot find the spend column") });
    expect((await listImportBatches(acme)).length).toBe(n);
  });

  it("refuses a file with no currency anywhere, asking for a default", async () => {
    await expect(importCsv(acme, text("Date,Campaign,Spend\n2024-01-01,A,1\n"), { platform: "meta" }, "cli")).rejects.toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringContaining("set the default currency") });
  });

  it("refuses bad options with the field named", async () => {
    await expect(importCsv(acme, text(META), { platform: "Meta Ads!" }, "cli")).rejects.toMatchObject({ code: "BAD_USER_INPUT", message: "Invalid import options: platform: must be a lower-case platform name such as meta or linkedin" });
  });

  it("keeps each org's batches and facts to itself", async () => {
    const [batch] = await listImportBatches(acme);
    await expect(getImportBatch(other, batch!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(rejectsCsv(other, batch!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const r = await importCsv(other, text(META), { platform: "meta" }, "cli");
    expect(r.duplicate).toBe(false);
    expect(await totals(other)).toEqual({ n: 3, spend: "25.500000", impressions: "2400", revenue: "120.000000" });
    const rows = await database.db.select({ n: sql<number>`count(*)::int` }).from(importBatches).where(eq(importBatches.orgId, other.orgId));
    expect(rows[0]!.n).toBe(1);
  });
});
