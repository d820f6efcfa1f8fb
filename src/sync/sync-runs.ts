import { and, eq, sql, type SQL } from "drizzle-orm";
import type { OrgScope } from "../db/scope.js";
import { newestFirstPage, type PageArgs } from "../db/newest-first-page.js";
import { syncRuns, type SyncRun } from "../db/tables/index.js";
import { isUuid } from "../db/node-lookup.js";

/** Sync runs of this org (of one connection or status, if given), newest first, one page at a time. */
export const pageSyncRuns = (scope: OrgScope, filter: { connectionId?: string; status?: string }, page: PageArgs) =>
  newestFirstPage<SyncRun>(scope.db, syncRuns, syncRuns, and(eq(syncRuns.orgId, scope.orgId),
    // An id that is not a UUID names no connection (and must not reach a uuid column).
    filter.connectionId ? (isUuid(filter.connectionId) ? eq(syncRuns.connectionId, filter.connectionId) : sql`false`) : undefined,
    filter.status ? eq(syncRuns.status, filter.status) : undefined) as SQL, page);
