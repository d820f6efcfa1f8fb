import { count, and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { badInput } from "../errors.js";
import type { OrgScope } from "../db/scope.js";
import { syncRuns, type SyncRun } from "../db/tables/index.js";

const encode = (r: SyncRun) => Buffer.from(`${r.createdAt.toISOString()}|${r.id}`).toString("base64url");
function decode(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (!id || Number.isNaN(date.getTime())) throw badInput("after is not a cursor from this list; pass pageInfo.endCursor.", { field: "after" });
  return { at: date, id };
}

/** Sync runs of this org, newest first, keyset-paginated on (created_at, id). */
/** Runs matching a filter (only counted when a client asks for totalCount). */
export async function countSyncRuns(scope: OrgScope, filter: { connectionId?: string; status?: string }): Promise<number> {
  const where: SQL[] = [eq(syncRuns.orgId, scope.orgId)];
  if (filter.connectionId) where.push(eq(syncRuns.connectionId, filter.connectionId));
  if (filter.status) where.push(eq(syncRuns.status, filter.status));
  const [row] = await scope.db.select({ n: count() }).from(syncRuns).where(and(...where));
  return Number(row?.n ?? 0);
}

export async function listSyncRuns(scope: OrgScope, filter: { connectionId?: string; status?: string }, page: { first: number; after?: string }) {
  if (page.first < 1 || page.first > 200) throw badInput("first must be between 1 and 200.", { field: "first" });
  const where: SQL[] = [eq(syncRuns.orgId, scope.orgId)];
  if (filter.connectionId) where.push(eq(syncRuns.connectionId, filter.connectionId));
  if (filter.status) where.push(eq(syncRuns.status, filter.status));
  if (page.after) {
    const c = decode(page.after);
    where.push(or(lt(syncRuns.createdAt, c.at), and(eq(syncRuns.createdAt, c.at), lt(syncRuns.id, c.id)))!);
  }
  const rows = await scope.db.select().from(syncRuns).where(and(...where)).orderBy(desc(syncRuns.createdAt), desc(syncRuns.id)).limit(page.first + 1);
  const nodes = rows.slice(0, page.first);
  return { nodes, cursors: nodes.map(encode), hasNextPage: rows.length > page.first };
}
