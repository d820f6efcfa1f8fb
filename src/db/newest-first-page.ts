import { and, asc, count, desc, getTableColumns, inArray, lte, sql, type Column, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./client.js";
import { badInput } from "../errors.js";
import { isUuid } from "./node-lookup.js";

/** first/after (forward) or last/before (backward) of a Relay connection. */
export interface PageArgs {
  first: number;
  after?: string | null;
  /** Page backwards: the `last` items before `before` (or the oldest `last`); wins over first. */
  last?: number | null;
  before?: string | null;
}

/** One page of a newest-first list, with cursors and a count run only when asked for. */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => Promise<number>;
}

export const MAX_PAGE = 200;

// Cursors name a row by (created_at to the millisecond, id): what a JS Date holds, compared the same way in SQL.
const ms = (c: Column) => sql`date_trunc('milliseconds', ${c})`;
const encode = (r: { createdAt: Date; id: string }) => Buffer.from(`${r.createdAt.toISOString()}|${r.id}`).toString("base64url");
function decode(cursor: string, field: "after" | "before"): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!id || !isUuid(id) || Number.isNaN(new Date(at ?? "").getTime()))
    throw badInput(`The \`${field}\` cursor is not valid; pass a \`${field === "after" ? "endCursor" : "startCursor"}\` or edge \`cursor\` returned by this query.`, { field });
  return { at: new Date(at!).toISOString(), id };
}

function checkSize(n: number, field: "first" | "last") {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput(`${field} must be between 1 and ${MAX_PAGE}.`, { field });
}

/** A page request's direction, size, keyset condition and order (checked before any statement runs). */
function plan(page: PageArgs, cols: { createdAt: Column; id: Column }) {
  if (page.after && page.before) throw badInput("Pass either `after` (with first) or `before` (with last), not both.", { field: "before" });
  const backward = page.last != null || Boolean(page.before);
  const size = backward ? (page.last ?? page.first) : page.first;
  checkSize(size, backward && page.last != null ? "last" : "first");
  const c = page.after ? decode(page.after, "after") : page.before ? decode(page.before, "before") : null;
  const key = sql`(${ms(cols.createdAt)}, ${cols.id})`;
  const keyset = !c ? undefined : backward ? sql`${key} > (${c.at}::timestamptz, ${c.id}::uuid)` : sql`${key} < (${c.at}::timestamptz, ${c.id}::uuid)`;
  const order = backward ? [asc(ms(cols.createdAt)), asc(cols.id)] : [desc(ms(cols.createdAt)), desc(cols.id)];
  return { backward, size, cursor: c, keyset, order };
}

/** Rows read in page order (size + 1 at most) as a page, newest first. */
function toPage<T extends { createdAt: Date; id: string }>(rows: T[], p: ReturnType<typeof plan>, totalCount: () => Promise<number>): Page<T> {
  const more = rows.length > p.size;
  const nodes = p.backward ? rows.slice(0, p.size).reverse() : rows.slice(0, p.size);
  return {
    nodes, cursors: nodes.map(encode),
    hasNextPage: p.backward ? Boolean(p.cursor) : more,
    hasPreviousPage: p.backward ? more : Boolean(p.cursor),
    totalCount,
  };
}

/** A newest-first page of a table keyed by (created_at, id) under `where` (which must scope the org). */
export async function newestFirstPage<T extends { createdAt: Date; id: string }>(
  db: Db,
  table: PgTable,
  cols: { createdAt: Column; id: Column },
  where: SQL | undefined,
  page: PageArgs,
): Promise<Page<T>> {
  const p = plan(page, cols);
  const rows = (await db.select().from(table).where(and(where, p.keyset)).orderBy(...p.order).limit(p.size + 1)) as T[];
  return toPage(rows, p, async () => Number((await db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0));
}

/**
 * The same page of many parents' newest-first children in one statement (a DataLoader's batch): each
 * parent's rows numbered by a window function in page order, the first size + 1 of each kept.
 * `where` must scope the org; `totalCount(parent)` counts one parent's children when asked for.
 */
export async function newestFirstPagesByParent<T extends { createdAt: Date; id: string }>(
  db: Db,
  table: PgTable,
  cols: { createdAt: Column; id: Column; parent: Column },
  where: SQL | undefined,
  parents: readonly string[],
  page: PageArgs,
  totalCount: (parent: string) => Promise<number>,
): Promise<Page<T>[]> {
  const p = plan(page, cols);
  const numbered = db.select({
    ...getTableColumns(table),
    pageParent: sql<string>`${cols.parent}`.as("page_parent"),
    pageRow: sql<number>`row_number() over (partition by ${cols.parent} order by ${sql.join(p.order, sql`, `)})`.as("page_row"),
  })
    .from(table).where(and(where, inArray(cols.parent, [...parents]), p.keyset)).as("numbered");
  const rows = await db.select().from(numbered).where(lte(numbered.pageRow, p.size + 1)).orderBy(asc(numbered.pageRow));
  const byParent = new Map<string, T[]>(parents.map((id) => [id, []]));
  for (const { pageParent, pageRow: _, ...row } of rows) byParent.get(pageParent)?.push(row as unknown as T);
  return parents.map((id) => toPage(byParent.get(id)!, p, () => totalCount(id)));
}


/** Children per parent (in the order of `parents`) in one statement; `where` must scope the org. */
export async function countByParent(db: Db, table: PgTable, parent: Column, where: SQL | undefined, parents: readonly string[]): Promise<number[]> {
  const rows = await db.select({ parent: sql<string>`${parent}`, n: count() }).from(table).where(and(where, inArray(parent, [...parents]))).groupBy(sql`${parent}`);
  const counts = new Map(rows.map((r) => [r.parent, Number(r.n)]));
  return parents.map((id) => counts.get(id) ?? 0);
}
