import { and, eq, notInArray } from "drizzle-orm";
import type { App } from "../../app.js";
import { orgScope } from "../../db/scope.js";
import { syncRuns } from "../../db/tables/index.js";
import { indexOrgMemory } from "./index-memory.js";
import { memoryFor } from "./memory.js";

// The job is queued once the run's final status is written; a run another process ended may lag briefly.
const FINAL_STATUS_POLLS = 25;
const POLL_MS = 200;

/**
 * The `index-memory` job, queued by the sync engine when a run ends (search memory follows the data):
 * re-index an org's entities, the run's window of campaign days and the run itself (incrementally:
 * unchanged items are not re-embedded). Jobs of one org run one at a time.
 */
export async function indexAfterSync(app: App, orgId: string, runId: string): Promise<void> {
  const scope = orgScope(app.database, orgId);
  let run: { windowStart: string | null; windowEnd: string | null } | undefined;
  for (let i = 0; i < FINAL_STATUS_POLLS && !run; i++) {
    [run] = await scope.db.select({ windowStart: syncRuns.windowStart, windowEnd: syncRuns.windowEnd }).from(syncRuns)
      .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId), notInArray(syncRuns.status, ["queued", "running"])));
    if (!run) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (!run) return;
  const dateRange = run.windowStart && run.windowEnd ? { from: run.windowStart, to: run.windowEnd } : undefined;
  const counts = await indexOrgMemory(scope, { memory: memoryFor(app), dateRange, syncRunIds: [runId] });
  app.logger.debug({ orgId, runId, ...counts }, "memory indexed after sync");
}
