import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
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
  /** Backward pages: more facts precede this page. Forward pages: a cursor was given. */
  hasPreviousPage: boolean;
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

const pageSize = (n: number, name: string) => {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) throw badInput(`${name} must be between 0 and ${MAX_PAGE}.`, { field: name });
  return n;
};

/**
 * A keyset-paginated page of facts ordered by (date, id): forward with first/after, or backward with
 * last/before (the page just before the cursor, still in the requested order). The cursor condition is a
 * row comparison, (date, id) > (d, id), which PostgreSQL matches against the (org, date, id) order directly.
 */
export async function listFacts(scope: OrgScope, filter: FactFilter, page: { first: number; after?: string; last?: number | null; before?: string | null; orderBy: FactOrder }): Promise<FactPage> {
  const backward = page.last != null || Boolean(page.before);
  if (backward && page.after) throw badInput("Page one way at a time: give first/after or last/before, not after with before.", { field: "before" });
  const size = backward ? pageSize(page.last ?? page.first, "last") : pageSize(page.first, "first");
  if (filter.from && filter.to && filter.from > filter.to) throw badInput("The date range ends before it starts: `from` must be on or before `to`.");
  const t = marketingFacts;
  // Reading backwards walks the requested order in reverse, then flips the page.
  const descending = (page.orderBy === "DATE_DESC") !== backward;
  let where = whereOf(scope, filter);
  const cursor = backward ? page.before : page.after;
  if (cursor) {
    const [date, id] = decodeCursor(cursor, 2) as [string, number];
    if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isSafeInteger(id))
      throw badInput("The cursor is not valid; pass an `endCursor`, `startCursor` or edge `cursor` returned by this query.", { field: backward ? "before" : "after" });
    where = and(where, descending ? sql`(${t.date}, ${t.id}) < (${date}::date, ${id}::bigint)` : sql`(${t.date}, ${t.id}) > (${date}::date, ${id}::bigint)`)!;
  }
  const rows = await scope.db
    .select()
    .from(t)
    .where(where)
    .orderBy(...(descending ? [desc(t.date), desc(t.id)] : [asc(t.date), asc(t.id)]))
    .limit(size + 1);
  const more = rows.length > size;
  const pageRows = rows.slice(0, size);
  if (backward) pageRows.reverse();
  const cursors = pageRows.map((r) => encodeCursor([r.date, r.id]));
  return backward
    ? { rows: pageRows, cursors, hasNextPage: Boolean(page.before), hasPreviousPage: more }
    : { rows: pageRows, cursors, hasNextPage: more, hasPreviousPage: Boolean(page.after) };
}

/** Number of facts matching a filter (only computed when a client asks for totalCount). */
export async function countFacts(scope: OrgScope, filter: FactFilter): Promise<number> {
  const [row] = await scope.db.select({ n: count() }).from(marketingFacts).where(whereOf(scope, filter));
  return Number(row?.n ?? 0);
}
