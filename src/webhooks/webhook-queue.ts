import type { App } from "../app.js";
import { createLocalJobQueue, type JobQueue } from "../jobs/job-queue.js";
import { attemptDelivery } from "./webhook-service.js";

const local = new WeakMap<App, JobQueue>();

/**
 * Where deliveries are queued: the app's job queue, whose workers run the `webhook-deliver` handler
 * registered in src/jobs/worker.ts; else (a process that runs no worker) an in-process queue with the same retries and backoff.
 */
export function webhookQueueOf(app: App): JobQueue {
  // The app's queue when a worker takes its jobs (any process on PostgreSQL; this one when it runs startJobWorker).
  if (app.jobs?.durable || app.jobs?.taking?.()) return app.jobs;
  let q = local.get(app);
  if (!q) {
    q = createLocalJobQueue((err) => app.logger.warn({ err: (err as Error).message }, "webhook delivery given up"));
    void q.work({ "webhook-deliver": ({ deliveryId }, job) => attemptDelivery(app, String(deliveryId), job.attempt) }, { concurrency: 4 });
    local.set(app, q);
  }
  return q;
}

/** Stop the in-process queue (at shutdown); pending retries are dropped, their rows stay `pending`. */
export async function stopWebhookQueue(app: App): Promise<void> {
  await local.get(app)?.stop();
  local.delete(app);
}
