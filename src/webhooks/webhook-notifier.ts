import type { App } from "../app.js";
import { emitWebhookEvent } from "./webhook-service.js";
import { stopWebhookQueue } from "./webhook-queue.js";

/** Turns finished sync runs into `sync.succeeded` / `sync.failed` webhook events. */
export function startWebhookNotifier(app: App): { stop(): Promise<void> } {
  const stream = app.events.subscribe("SYNC_PROGRESS");
  const pending = new Set<Promise<unknown>>();
  const loop = (async () => {
    for await (const e of stream) {
      if (e.status !== "succeeded" && e.status !== "failed") continue;
      const data = { runId: e.runId, connectionId: e.connectionId, status: e.status, recordsRead: e.recordsRead, recordsWritten: e.recordsWritten, recordsRejected: e.recordsRejected, error: e.error, errorCode: e.errorCode, finishedAt: e.at };
      const p = emitWebhookEvent(app, e.orgId, `sync.${e.status}`, `sync_run:${e.runId}:${e.status}`, data)
        .catch((err: Error) => app.logger.warn({ err: err.message, runId: e.runId }, "could not queue webhook deliveries"))
        .finally(() => pending.delete(p));
      pending.add(p);
    }
  })();
  return {
    async stop() {
      await stream.return?.();
      await loop;
      await Promise.all(pending);
      await stopWebhookQueue(app);
    },
  };
}
