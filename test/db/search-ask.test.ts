import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { eq } from "drizzle-orm";
import { organizations } from "../../src/db/tables/index.js";
import { ask, orgToday } from "../../src/analytics/nlq/ask.service.js";
import { createTestDatabase } from "../helpers/db.js";
import { seedSearchCorpus } from "./search-seed.js";

let database: Database;
let a: OrgScope;
let b: OrgScope;
const today = "2024-08-10";

beforeAll(async () => {
  database = await createTestDatabase();
  const seeded = await seedSearchCorpus(database);
  a = orgScope(database, seeded.orgA);
  b = orgScope(database, seeded.orgB);
});
afterAll(() => database.close());

describe("ask's today", () => {
  it("is the date in the organization's timezone, not UTC's", async () => {
    const now = new Date("2024-03-31T12:00:00Z");
    await database.db.update(organizations).set({ timezone: "Pacific/Kiritimati" }).where(eq(organizations.id, b.orgId)); // UTC+14
    expect(await orgToday(b, now)).toBe("2024-04-01");
    await database.db.update(organizations).set({ timezone: "America/Los_Angeles" }).where(eq(organizations.id, b.orgId));
    expect(await orgToday(b, new Date("2024-04-01T03:00:00Z"))).toBe("2024-03-31");
    const r = await ask(b, "spend yesterday", { now: new Date("2024-04-01T03:00:00Z") });
    expect(r.query!.dateRange).toEqual({ from: "2024-03-30", to: "2024-03-30" });
  });
});

describe("ask (rule-based)", () => {
  it("answers spend by campaign last month from the metrics engine", async () => {
    const r = await ask(a, "Meta spend last month by campaign", { today });
    expect(r.query).toEqual({
      measures: ["spend"], dateRange: { from: "2024-07-01", to: "2024-07-31" }, dimensions: ["campaignName"],
      filters: [{ dimension: "platform", operator: "in", values: ["meta"] }],
    });
    expect(r.rows).toEqual([{ campaignName: "Summer Sale Retargeting", spend: "200" }]);
    expect(r.answer).toBe("From 2024-07-01 to 2024-07-31: Summer Sale Retargeting: Spend 200.00 USD.");
  });

  it("names the channel with the best CPA", async () => {
    const r = await ask(a, "which channel had the best CPA in July 2024?", { today });
    expect(r.rows).toEqual([{ platform: "google_ads", cpa: 10 }]);
    expect(r.answer).toBe("google_ads had the lowest CPA from 2024-07-01 to 2024-07-31: CPA 10.00 USD.");
  });

  it("compares with the period before", async () => {
    const r = await ask(a, "spend on 2024-07-02 vs the day before", { today });
    expect(r.query?.compareTo).toEqual({ type: "previousPeriod" });
    expect(r.answer).toBe("Spend 100.00 USD (vs 150.00 USD the period before, -33.3%) from 2024-07-02 to 2024-07-02.");
  });

  it("answers with what it understood and no number when the question is unclear", async () => {
    const r = await ask(a, "how are the blue widgets doing last month", { today });
    expect(r.query).toBeNull();
    expect(r.rows).toEqual([]);
    // "how are … doing" asks for spend, revenue and ROAS; the unknown words still stop it from answering
    expect(r.answer).toBe("I could not turn that into a query. I understood period: 2024-07-01 to 2024-07-31 (\"last month\"); measure: spend; measure: revenue; measure: roas. " +
      "I did not understand the words: blue, widgets. " +
      "Try naming a measure (spend, ROAS, CPA …), a period and a grouping.");
    expect(r.answer).not.toMatch(/\d+\.\d\d/);
  });

  it("only sees its own organization's facts", async () => {
    const r = await ask(b, "spend by campaign in July 2024", { today });
    expect(r.rows).toEqual([{ campaignName: "Winter Clearance", spend: "10" }]);
  });

  it("rejects an empty question with BAD_USER_INPUT", async () => {
    await expect(ask(a, "   ")).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
