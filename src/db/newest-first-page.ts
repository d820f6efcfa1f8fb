import { and, asc, count, desc, sql, type Column, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./client.js";
import { badInput } from "../errors.js";

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
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(new Date(at ?? "").getTime()))
    throw badInput(`The \`${field}\` cursor is not valid; pass a \`${field === "after" ? "endCursor" : "startCursor"}\` or edge \`cursor\` returned by this query.`, { field });
  return { at: new Date(at!).toISOString(), id };
}

function checkSize(n: number, field: "first" | "last") {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput(`${field} must be between 1 and ${MAX_PAGE}.`, { field });
}

/** A newest-first page of a table keyed by (created_at, id) under `where` (which must scope the org). */
export async function newestFirstPage<T extends { createdAt: Date; id: string }>(
  db: Db,
  table: PgTable,
  cols: { createdAt: Column; id: Column },
  where: SQL | undefined,
  page: PageArgs,
): Promise<Page<T>> {
  if (page.after && page.before) throw badInput("Pass either `after` (with first) or `before` (with last), not both.", { field: "before" });
  const backward = page.last != null || Boolean(page.before);
  const size = backward ? (page.last ?? page.first) : page.first;
  checkSize(size, backward && page.last != null ? "last" : "first");
  const c = page.after ? decode(page.after, "after") : page.before ? decode(page.before, "before") : null;
  const key = sql`(${ms(cols.createdAt)}, ${cols.id})`;
  const keyset = !c ? undefined : backward ? sql`${key} > (${c.at}::timestamptz, ${c.id}::uuid)` : sql`${key} < (${c.at}::timestamptz, ${c.id}::uuid)`;
  const order = backward ? [asc(ms(cols.createdAt)), asc(cols.id)] : [desc(ms(cols.createdAt)), desc(cols.id)];
  const rows = (await db.select().from(table).where(and(where, keyset)).orderBy(...order).limit(size + 1)) as T[];
  const more = rows.length > size;
  const nodes = backward ? rows.slice(0, size).reverse() : rows.slice(0, size);
  return {
    nodes, cursors: nodes.map(encode),
    hasNextPage: backward ? Boolean(c) : more,
    hasPreviousPage: backward ? more : Boolean(c),
    totalCount: async () => Number((await db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0),
  };
}
