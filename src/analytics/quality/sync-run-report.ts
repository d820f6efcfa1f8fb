import { and, eq } from "drizzle-orm";
import { syncRuns } from "../../db/tables/index.js";
import type { OrgScope } from "../../db/scope.js";
import { notFound } from "../../errors.js";
import { runQualityChecks } from "./quality.service.js";
import type { QualityReport } from "./quality.types.js";

/**
 * Check the facts a sync run loaded (its connection, its window) and store the report on the run
 * (sync_runs.quality_report). For the sync engine to call after a run commits; returns the report.
 */
export async function attachQualityReport(scope: OrgScope, runId: string, now?: Date, range?: { from: string; to: string }): Promise<QualityReport | null> {
  const [run] = await scope.db.select({ connectionId: syncRuns.connectionId, from: syncRuns.windowStart, to: syncRuns.windowEnd })
    .from(syncRuns).where(and(eq(syncRuns.orgId, scope.orgId), eq(syncRuns.id, runId)));
  if (!run) throw notFound("Sync run", runId);
  // `range`: the days the engine actually read (incremental runs have no requested window).
  // A run without either (e.g. entities only) loaded no dated facts to check.
  const dateRange = range ?? (run.from && run.to ? { from: run.from, to: run.to } : null);
  if (!dateRange) return null;
  const report = await runQualityChecks(scope, { dateRange, connectionId: run.connectionId, now });
  await scope.db.update(syncRuns).set({ qualityReport: report as unknown as Record<string, unknown> })
    .where(and(eq(syncRuns.orgId, scope.orgId), eq(syncRuns.id, runId)));
  return report;
}
