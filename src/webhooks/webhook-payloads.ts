import { and, eq } from "drizzle-orm";
import type { App } from "../app.js";
import { attributionModels, connections, experimentResults, experiments, syncRuns } from "../db/tables/index.js";
import type { QualityReport } from "../analytics/quality/quality.types.js";
import type { SyncProgressEvent } from "../sync/progress.js";
import type { TrainingProgressEvent } from "../analytics/attribution/model-service.js";
import { emitWebhookEvent } from "./webhook-service.js";
import type { ExperimentAnalysedEventData } from "./webhook-events.js";

// Each function turns one event of the app's bus into the webhook events it means; every read is scoped by the event's org.

/** A finished sync run: sync.succeeded / sync.failed, then connection.reauthorization_required or quality.below_threshold. */
export async function onSyncFinished(app: App, e: SyncProgressEvent): Promise<void> {
  if (e.status !== "succeeded" && e.status !== "failed") return;
  const { orgId, runId, connectionId } = e;
  await emitWebhookEvent(app, orgId, `sync.${e.status}`, `sync_run:${runId}:${e.status}`, {
    runId, connectionId, status: e.status, recordsRead: e.recordsRead, recordsWritten: e.recordsWritten, recordsRejected: e.recordsRejected, error: e.error, errorCode: e.errorCode, finishedAt: e.at,
  });
  const db = app.database.db;
  const [conn] = await db.select({ name: connections.name, pluginId: connections.pluginId }).from(connections).where(and(eq(connections.orgId, orgId), eq(connections.id, connectionId)));
  if (!conn) return;
  if (e.status === "failed" && e.failureKind === "auth_failed") {
    await emitWebhookEvent(app, orgId, "connection.reauthorization_required", `sync_run:${runId}:reauthorization`, {
      connectionId, connectionName: conn.name, pluginId: conn.pluginId, runId, error: e.error, failedAt: e.at,
    });
  }
  if (e.status !== "succeeded") return;
  // The engine stores the run's quality report before it announces the end.
  const [run] = await db.select({ report: syncRuns.qualityReport }).from(syncRuns).where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
  const report = run?.report as QualityReport | null | undefined;
  if (!report) return;
  const failedRules = report.rules.filter((r) => r.failed > 0).map(({ examples: _, ...r }) => r);
  await emitWebhookEvent(app, orgId, "quality.below_threshold", `sync_run:${runId}:quality`, (endpoint) => report.score < endpoint.qualityThreshold
    ? { runId, connectionId, connectionName: conn.name, score: report.score, threshold: endpoint.qualityThreshold, dateRange: report.dateRange, failedRules }
    : null);
}

/** A training that ended: model.ready / model.failed (a cancelled one sends nothing). */
export async function onTrainingProgress(app: App, e: TrainingProgressEvent): Promise<void> {
  if (e.status !== "ready" && e.status !== "failed") return;
  const [m] = await app.database.db.select().from(attributionModels).where(and(eq(attributionModels.orgId, e.orgId), eq(attributionModels.id, e.modelId)));
  if (!m) return;
  await emitWebhookEvent(app, e.orgId, `model.${e.status}`, `model:${m.id}:${e.status}`, {
    modelId: m.id, name: m.name, modelType: m.type, status: e.status, error: e.error, dataFrom: m.dataFrom, dataTo: m.dataTo, fitMetrics: e.status === "ready" ? m.fitMetrics ?? null : null,
  });
}

/** A stored experiment analysis: experiment.analysed. */
export async function onExperimentAnalysed(app: App, e: { orgId: string; experimentId: string; analysisId: string }): Promise<void> {
  const [row] = await app.database.db.select({ experiment: experiments, analysis: experimentResults }).from(experimentResults)
    .innerJoin(experiments, and(eq(experiments.orgId, experimentResults.orgId), eq(experiments.id, experimentResults.experimentId)))
    .where(and(eq(experimentResults.orgId, e.orgId), eq(experimentResults.id, e.analysisId)));
  if (!row) return;
  const { experiment: x, analysis: a } = row;
  await emitWebhookEvent(app, e.orgId, "experiment.analysed", `experiment_result:${a.id}`, {
    experimentId: x.id, experimentName: x.name, experimentType: x.type, analysisId: a.id, metric: a.metric, method: a.method,
    result: a.result as unknown as ExperimentAnalysedEventData["result"], analysedAt: a.createdAt.toISOString(),
  });
}
