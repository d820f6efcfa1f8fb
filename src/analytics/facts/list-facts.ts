import { and, asc, count, desc, eq, gt, gte, inArray, lt, lte, or, type SQL } from "drizzle-orm";
import type { OrgScope } from "../../db/scope.js";
import { marketingFacts, type MarketingFact } from "../../db/tables/index.js";
import { badInput } from "../../errors.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

export interface FactFilter {
  from?: string;
  to?: string;
  platforms?: string[];
  /** Connection ids (or ingest sources). */
  sources?: string[];
  streams?: string[];
  accountIds?: string[];
  campaignIds?: string[];
  adGroupIds?: string[];
  adIds?: string[];
}

export type FactOrder = "DATE_ASC" | "DATE_DESC";

export interface FactPage {
  rows: MarketingFact[];
  cursors: string[];
  hasNextPage: boolean;
}

export const MAX_PAGE = 1000;

function whereOf(scope: OrgScope, f: FactFilter): SQL {
  const t = marketingFacts;
  const parts: (SQL | undefined)[] = [eq(t.orgId, scope.orgId)];
  if (f.from) parts.push(gte(t.date, f.from));
  if (f.to) parts.push(lte(t.date, f.to));
  const lists: [keyof FactFilter, (typeof t)[keyof typeof t]][] = [
    ["platforms", t.platform], ["sources", t.source], ["streams", t.stream], ["accountIds", t.accountId],
    ["campaignIds", t.campaignId], ["adGroupIds", t.adGroupId], ["adIds", t.adId],
  ];
  for (const [key, column] of lists) {
    const values = f[key] as string[] | undefined;
    if (values?.length) parts.push(inArray(column as typeof t.platform, values));
  }
  return and(...parts)!;
}

/** A keyset-paginated page of facts ordered by (date, id). */
export async function listFacts(scope: OrgScope, filter: FactFilter, page: { first: number; after?: string; orderBy: FactOrder }): Promise<FactPage> {
  if (!Number.isInteger(page.first) || page.first < 0 || page.first > MAX_PAGE)
    throw badInput(`first must be between 0 and ${MAX_PAGE}.`, { field: "first" });
  if (filter.from && filter.to && filter.from > filter.to) throw badInput("The date range ends before it starts: `from` must be on or before `to`.");
  const t = marketingFacts;
  const descending = page.orderBy === "DATE_DESC";
  let where = whereOf(scope, filter);
  if (page.after) {
    const [date, id] = decodeCursor(page.after, 2) as [string, number];
    const cmp = descending ? lt : gt;
    where = and(where, or(cmp(t.date, date), and(eq(t.date, date), cmp(t.id, id))))!;
  }
  const rows = await scope.db
    .select()
    .from(t)
    .where(where)
    .orderBy(...(descending ? [desc(t.date), desc(t.id)] : [asc(t.date), asc(t.id)]))
    .limit(page.first + 1);
  const hasNextPage = rows.length > page.first;
  const pageRows = rows.slice(0, page.first);
  return { rows: pageRows, cursors: pageRows.map((r) => encodeCursor([r.date, r.id])), hasNextPage };
}

/** Number of facts matching a filter (only computed when a client asks for totalCount). */
export async function countFacts(scope: OrgScope, filter: FactFilter): Promise<number> {
  const [row] = await scope.db.select({ n: count() }).from(marketingFacts).where(whereOf(scope, filter));
  return Number(row?.n ?? 0);
}
