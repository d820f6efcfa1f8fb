import { and, count, desc, sql, type Column, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./client.js";
import { badInput } from "../errors.js";

/** first/after of a Relay connection. */
export interface PageArgs {
  first: number;
  after?: string | null;
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
function decode(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(new Date(at ?? "").getTime()))
    throw badInput("The `after` cursor is not valid; pass an `endCursor` or edge `cursor` returned by this query.", { field: "after" });
  return { at: new Date(at!).toISOString(), id };
}

/** A newest-first page of a table keyed by (created_at, id) under `where` (which must scope the org). */
export async function newestFirstPage<T extends { createdAt: Date; id: string }>(
  db: Db,
  table: PgTable,
  cols: { createdAt: Column; id: Column },
  where: SQL | undefined,
  page: PageArgs,
): Promise<Page<T>> {
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}.`, { field: "first" });
  const c = page.after ? decode(page.after) : null;
  const keyset = c ? sql`(${ms(cols.createdAt)}, ${cols.id}) < (${c.at}::timestamptz, ${c.id}::uuid)` : undefined;
  const rows = (await db.select().from(table).where(and(where, keyset)).orderBy(desc(ms(cols.createdAt)), desc(cols.id)).limit(page.first + 1)) as T[];
  const nodes = rows.slice(0, page.first);
  return {
    nodes, cursors: nodes.map(encode), hasNextPage: rows.length > page.first, hasPreviousPage: Boolean(c),
    totalCount: async () => Number((await db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0),
  };
}
