import { and, eq, type SQL } from "drizzle-orm";
import type { OrgScope } from "../db/scope.js";
import { newestFirstPage, type PageArgs } from "../db/newest-first-page.js";
import { syncRuns, type SyncRun } from "../db/tables/index.js";

/** Sync runs of this org (of one connection or status, if given), newest first, one page at a time. */
export const pageSyncRuns = (scope: OrgScope, filter: { connectionId?: string; status?: string }, page: PageArgs) =>
  newestFirstPage<SyncRun>(scope.db, syncRuns, syncRuns, and(eq(syncRuns.orgId, scope.orgId),
    filter.connectionId ? eq(syncRuns.connectionId, filter.connectionId) : undefined,
    filter.status ? eq(syncRuns.status, filter.status) : undefined) as SQL, page);
