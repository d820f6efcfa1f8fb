import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { organizations } from "../../src/db/tables/index.js";
import { queryRows } from "../../src/db/query.js";
import { loadOrgSettings, type OrgAnalyticsSettings } from "../../src/analytics/calendar/org-settings.js";
import { orgScope } from "../../src/db/scope.js";
import { planMetrics } from "../../src/analytics/metrics/plan.js";
import type { MetricsQuery } from "../../src/analytics/metrics/query.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let orgId: string;
let st: OrgAnalyticsSettings;
const DAYS = 100; // × 1,000 ad-level facts a day: 100k, enough that sorting them overflows the default work_mem (4 MB)

interface PlanNode { "Node Type": string; Strategy?: string; "Relation Name"?: string; "Plan Rows": number; "Actual Rows": number;
  "Sort Space Type"?: string; "Disk Usage"?: number; Plans?: PlanNode[] }
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

beforeAll(async () => {
  database = await createTestDatabase();
  const [{ id }] = await database.db.insert(organizations).values({ name: "plan", slug: "plan-org", reportingCurrency: "USD", country: "US" }).returning({ id: organizations.id });
  orgId = id;
  // The metrics bench's shape: 50 campaigns × 20 ads a day over four platforms, a quarter of them in EUR.
  await database.db.execute(sql`
    insert into marketing_facts (org_id, source, platform, stream, level, date, account_id, campaign_id, ad_group_id, ad_id, spend, impressions, clicks, conversions, revenue, currency)
    select ${orgId}, 'bench-' || p.name, p.name, 'ads', 'ad', '2024-01-01'::date + (g / 1000)::int, 'acct', 'c' || (g % 1000) / 20, 'g' || (g % 1000) / 20, 'a' || (g % 1000),
      ((g * 7919) % 10000) / 100.0, 1000 + (g % 5000), 10 + (g % 90), (g % 7), ((g * 31) % 50000) / 100.0, p.currency
    from generate_series(0, ${DAYS * 1000 - 1}) g
    cross join lateral (select (array['meta','google','tiktok','klaviyo'])[1 + ((g % 1000) / 20) % 4] as name,
      case when ((g % 1000) / 20) % 4 = 1 then 'EUR' else 'USD' end as currency) p`);
  await database.db.execute(sql`insert into fx_rates (date, base, quote, rate) select d::date, 'EUR', 'USD', 1.05 + (extract(doy from d) % 10) / 100.0
    from generate_series('2023-12-01'::date, '2024-04-30'::date, interval '1 day') d on conflict do nothing`);
  await database.db.execute(sql`insert into ad_entities (org_id, platform, level, external_id, name)
    select ${orgId}, (array['meta','google','tiktok','klaviyo'])[1 + c % 4], 'campaign', 'c' || c, 'Campaign ' || c from generate_series(0, 49) c`);
  await database.db.execute(sql`analyze`);
  st = await loadOrgSettings(orgScope(database, orgId));
}, 300_000);
afterAll(() => database.close());

describe("the metrics facts path's plan", () => {
  it("scans the facts once and hash-aggregates the top campaigns by ROAS in memory, expecting at most 50× the groups it makes", async () => {
    const q: MetricsQuery = {
      measures: ["spend", "revenue", "roas"], dimensions: ["campaign", "campaignName"], dateRange: { from: "2024-01-01", to: "2024-04-09" },
      having: [{ measure: "spend", operator: "gt", value: 100 }], orderBy: [{ field: "roas", direction: "desc" }], limit: 50,
    };
    const plan = planMetrics(orgId, q, st, { offset: 0, limit: 50, rollup: false });
    const [row] = await queryRows<Record<string, unknown>>(database.db, sql`explain (analyze, format json) ${plan.query}`);
    const json = Object.values(row!)[0];
    const all = nodes((typeof json === "string" ? JSON.parse(json) : json)[0].Plan as PlanNode);
    expect(all.filter((n) => n["Relation Name"] === "marketing_facts").length).toBe(1);
    expect(all.filter((n) => n["Sort Space Type"] === "Disk" || (n["Disk Usage"] ?? 0) > 0)).toEqual([]);
    const groupings = all.filter((n) => n["Node Type"] === "Aggregate" && n.Strategy !== "Plain");
    // The one aggregate over the facts (the others pair up or total its few rows) is hashed. It makes 50 groups and
    // expects 2,500: the planner multiplies the 50 campaign ids by the 50 names, not knowing one names the other
    // (it expected ~90,000 when the bucket and the compared side were in the key, and sorted instead).
    const overFacts = groupings.filter((n) => nodes(n).some((c) => c["Relation Name"] === "marketing_facts"));
    expect(overFacts.map((n) => n.Strategy)).toEqual(["Hashed"]);
    expect(overFacts[0]!["Actual Rows"]).toBe(50);
    expect(overFacts[0]!["Plan Rows"]).toBeGreaterThanOrEqual(50);
    expect(overFacts[0]!["Plan Rows"]).toBeLessThanOrEqual(2500);
  }, 120_000);
});
