import type { App } from "../app.js";
import type { SyncProgressEvent } from "../sync/progress.js";
import type { TrainingProgressEvent } from "../analytics/attribution/model-service.js";
import { onExperimentAnalysed, onSyncFinished, onTrainingProgress } from "./webhook-payloads.js";
import { stopWebhookQueue } from "./webhook-queue.js";

/** Turns the app's events (finished syncs, ended trainings, stored analyses) into webhook deliveries (src/webhooks/webhook-payloads.ts). */
export function startWebhookNotifier(app: App): { stop(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const follow = <T>(topic: string, stream: AsyncIterableIterator<T>, handle: (e: T) => Promise<void>) => {
    const loop = (async () => {
      for await (const e of stream) {
        const p = handle(e)
          .catch((err: Error) => app.logger.warn({ err: err.message, topic }, "could not queue webhook deliveries"))
          .finally(() => pending.delete(p));
        pending.add(p);
      }
    })();
    return async () => { await stream.return?.(); await loop; };
  };
  const stops = [
    follow("SYNC_PROGRESS", app.events.subscribe("SYNC_PROGRESS"), (e) => onSyncFinished(app, e as unknown as SyncProgressEvent)),
    follow("TRAINING_PROGRESS", app.events.subscribe("TRAINING_PROGRESS"), (e) => onTrainingProgress(app, e as unknown as TrainingProgressEvent)),
    follow("EXPERIMENT_ANALYSED", app.events.subscribe("EXPERIMENT_ANALYSED"), (e) => onExperimentAnalysed(app, e)),
  ];
  return {
    async stop() {
      await Promise.all(stops.map((s) => s()));
      await Promise.all(pending);
      await stopWebhookQueue(app);
    },
  };
}
