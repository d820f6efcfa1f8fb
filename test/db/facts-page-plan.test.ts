import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { organizations } from "../../src/db/tables/index.js";
import { factsPageSql, type FactRelation } from "../../src/analytics/facts/list-facts.js";
import { createTestDatabase } from "../helpers/db.js";

// A deep page must cost what the first page costs: the keyset condition has to be an index range on
// (org_id, date, id), read from the cursor on, whatever the direction and order, with the relations joined.
const FACTS = 10_000;
let database: Database;
let scope: OrgScope;
let deep: { date: string; id: number };

interface PlanNode { "Node Type": string; "Index Name"?: string; "Index Cond"?: string; "Relation Name"?: string; "Actual Rows"?: number; Plans?: PlanNode[] }
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

beforeAll(async () => {
  database = await createTestDatabase();
  const orgIds: string[] = [];
  for (const slug of ["plan-a", "plan-b"]) {
    const [org] = await database.db.insert(organizations).values({ name: slug, slug }).returning({ id: organizations.id });
    orgIds.push(org!.id);
  }
  scope = orgScope(database, orgIds[0]!);
  // 20 ads × 500 days per org, interleaved between the two orgs; campaigns and ads as entities.
  for (const orgId of orgIds) {
    await database.db.execute(sql`insert into ad_entities (org_id, platform, level, external_id, name)
      select ${orgId}::uuid, 'meta', lv, lv || n, lv || ' ' || n from generate_series(0, 19) n, unnest(array['campaign', 'ad']) lv`);
  }
  await database.db.execute(sql`insert into marketing_facts (org_id, source, platform, stream, date, campaign_id, ad_id, spend, currency)
    select o.id, 's', 'meta', 'ads', date '2022-01-01' + d, 'campaign' || (a / 2), 'ad' || a, 1, 'USD'
    from generate_series(0, ${FACTS / 20 - 1}) d, generate_series(0, 19) a, unnest(${sql.param(orgIds)}::uuid[]) o(id)`);
  await database.db.execute(sql`analyze marketing_facts`);
  await database.db.execute(sql`analyze ad_entities`);
  // The fact at 90 % depth in (date, id) order.
  [deep] = await queryRows<{ date: string; id: number }>(database.db, sql`select date::text as date, id::int as id from marketing_facts
    where org_id = ${scope.orgId} order by date, id offset ${Math.floor(FACTS * 0.9)} limit 1`);
});
afterAll(() => database.close());

const cases = (["DATE_ASC", "DATE_DESC"] as const).flatMap((orderBy) => (["forward", "backward"] as const).map((way) => [orderBy, way] as const));

describe("facts page plan", () => {
  it.each(cases)("%s %s from a cursor at 90 %% depth reads an index range on (org, date, id), no sort, only the page's rows", async (orderBy, way) => {
    const descending = (orderBy === "DATE_DESC") !== (way === "backward");
    const relations: FactRelation[] = ["campaign", "ad"];
    const page = factsPageSql(scope, { descending, cursor: true, filter: {}, relations }, { limit: 21, ...deep });
    const [row] = await queryRows<{ "QUERY PLAN": unknown }>(database.db, sql`explain (analyze, format json) ${page}`);
    const raw = row!["QUERY PLAN"];
    const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
    const all = nodes(plan[0]!.Plan);
    const scan = all.find((n) => n["Relation Name"] === "marketing_facts")!;
    expect(scan["Node Type"]).toBe("Index Scan");
    expect(scan["Index Name"]).toBe("marketing_facts_org_date_idx");
    expect(scan["Index Cond"]).toMatch(new RegExp(`ROW\\((\\w+\\.)?date, (\\w+\\.)?id\\) ${descending ? "<" : ">"} ROW\\(`));
    expect(scan["Index Cond"]).toContain("org_id = ");
    expect(all.some((n) => n["Node Type"].includes("Sort"))).toBe(false);
    expect(scan["Actual Rows"]).toBe(21);
  });
});
