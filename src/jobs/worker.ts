import type { App } from "../app.js";
import { indexAfterSync } from "../analytics/search/memory-indexer.js";
import { getAttributionModel, trainQueuedModel } from "../analytics/attribution/model-service.js";
import { rememberModel } from "../analytics/search/remember-results.js";
import { memoryFor } from "../analytics/search/memory.js";
import { orgScope } from "../db/scope.js";
import { syncEngineOf } from "../sync/sync-engine.js";
import { startScheduler } from "../sync/scheduler.js";
import { attemptDelivery } from "../webhooks/webhook-service.js";

/** A process's job-running side: the queue's handlers, takeover of abandoned runs, and schedules. */
export interface JobWorker {
  /** Stop taking jobs, abort this process's runs and wait for them. */
  stop(): Promise<void>;
}

/**
 * Run jobs in this process (`liftgate worker`, and `liftgate serve` unless --no-worker; on the
 * embedded database, always): syncs, memory indexing after each sync, model training; at start and
 * every heartbeat, take over runs whose worker died (they resume from their last committed window);
 * and, unless schedules are off, start due connections (once across instances: the schedule slot
 * is claimed with compare-and-set).
 */
export async function startJobWorker(app: App): Promise<JobWorker> {
  const jobs = app.jobs;
  const engine = await syncEngineOf(app);
  // A remote vector index that cannot take the embedding model's vectors is reported at start, not at the first sync.
  const memory = memoryFor(app);
  void memory.store.verify?.(memory.embedder.model, memory.embedder.dimensions).catch((err: Error) =>
    app.logger.error({ err: err.message }, "search memory: the vector index is not usable; indexing fails until this is fixed"));
  await jobs.work({
    // The engine queues `index-memory` when the run ends (also for runs resumed or started in-process).
    sync: async ({ runId }) => { await engine.runQueued(String(runId)); },
    "webhook-deliver": async ({ deliveryId }, { attempt }) => attemptDelivery(app, String(deliveryId), attempt),
    "index-memory": async ({ orgId, runId }) => indexAfterSync(app, String(orgId), String(runId)),
    "train-model": async ({ orgId, modelId }, { signal }) => {
      const scope = orgScope(app.database, String(orgId));
      if (!(await trainQueuedModel(scope, app.events, String(modelId), app.logger, signal))) return;
      // Search memory learns the model's result.
      await rememberModel(scope, memory, await getAttributionModel(scope, String(modelId)))
        .catch((err: Error) => app.logger.warn({ err: err.message, modelId }, "could not index the model result for search"));
    },
  }, { concurrency: app.config.workerConcurrency });
  const takeover = setInterval(() => {
    engine.resumeAbandoned().catch((err) => app.logger.error({ err }, "taking over abandoned sync runs failed"));
  }, app.config.heartbeatMs).unref();
  // Resumes runs a stopped process left behind at once, then runs connection schedules (unless switched off).
  const scheduler = startScheduler(app);
  return {
    async stop() {
      clearInterval(takeover);
      await scheduler.stop();
      await jobs.stop();
    },
  };
}
