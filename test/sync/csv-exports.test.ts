import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { organizations } from "../../src/db/tables/index.js";
import { importCsv, type CsvSource } from "../../src/imports/csv-import.service.js";
import { createTestDatabase } from "../helpers/db.js";

// The platforms' own downloads (test/fixtures/exports), loaded as a user uploads them.
const file = (name: string): CsvSource => ({ open: () => createReadStream(new URL(`../fixtures/exports/${name}`, import.meta.url)), fileName: name });

let database: Database;
let acme: OrgScope;
const totals = async (platform: string) => (await queryRows<{ days: number; rows: number; spend: string; impressions: string; clicks: string; conversions: string; revenue: string }>(acme.db, sql`
  select count(distinct date)::int as days, count(*)::int as rows, sum(spend)::text as spend, sum(impressions)::text as impressions,
    sum(clicks)::text as clicks, sum(conversions)::text as conversions, sum(revenue)::text as revenue
  from marketing_facts where org_id = ${acme.orgId} and platform = ${platform}`))[0]!;

beforeAll(async () => {
  database = await createTestDatabase();
  const [org] = await database.db.insert(organizations).values({ name: "Acme", slug: "acme" }).returning({ id: organizations.id });
  acme = orgScope(database, org!.id);
});
afterAll(() => database.close());

describe("platform CSV exports as downloaded", () => {
  it("loads a Meta Ads Manager export by Day: every day kept, the summary row skipped, Purchases as conversions", async () => {
    const r = await importCsv(acme, file("meta-ads-manager-campaigns-by-day.csv"), { platform: "meta" }, "cli");
    expect([r.batch.rowsRead, r.batch.rowsLoaded, r.batch.rowsRejected, r.skipped]).toEqual([7, 6, 0, { rows: 1, lines: [2], preambleLines: 0 }]);
    expect(r.batch.mapping).toMatchObject({ profile: "meta-ads-manager", columns: { date: "Day", conversions: "Purchases" } });
    expect(await totals("meta")).toEqual({ days: 3, rows: 6, spend: "523.700000", impressions: "57647", clicks: "1456", conversions: "32.000000", revenue: "2110.650000" });
  });

  it("loads a Google Ads report below its title and date lines, skipping the Total rows", async () => {
    const r = await importCsv(acme, file("google-ads-campaign-report.csv"), { platform: "google_ads" }, "cli");
    expect([r.batch.rowsRead, r.batch.rowsLoaded, r.batch.rowsRejected, r.rejectsPreview, r.skipped]).toEqual([10, 6, 0, [], { rows: 4, lines: [10, 11, 12, 13], preambleLines: 2 }]);
    expect(await totals("google_ads")).toEqual({ days: 3, rows: 6, spend: "5277.800000", impressions: "235079", clicks: "5802", conversions: "165.500000", revenue: "15464.500000" });
  });

  it("says what a header needs and quotes the upload's first lines when none is found", async () => {
    const text = "Kampagnenbericht\n1. November 2026 - 3. November 2026\nTag,Kampagne,Kosten\n";
    await expect(importCsv(acme, { open: () => Readable.from([text]) }, { platform: "google_ads" }, "cli")).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringContaining("The file starts:\n  line 1: Kampagnenbericht\n  line 2: 1. November 2026 - 3. November 2026\n  line 3: Tag,Kampagne,Kosten"),
    });
  });
});
