import { Logger as GraphileLogger, makeWorkerUtils, run, type Runner, type WorkerUtils } from "graphile-worker";
import type { Logger } from "../logger.js";
import type { JobQueue } from "./job-queue.js";

/** Options of the PostgreSQL job queue. */
export interface GraphileQueueOptions {
  /** How often idle workers look for jobs that are due later (retries); new jobs arrive by LISTEN at once. */
  pollIntervalMs?: number;
}

const graphileLogger = (logger: Logger) =>
  new GraphileLogger(() => (level, message, meta) => {
    const fn = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
    logger[fn]({ queue: "graphile-worker", ...(meta ?? {}) }, message);
  });

/**
 * The durable job queue on PostgreSQL, graphile-worker: jobs are rows locked with SKIP LOCKED,
 * new jobs reach idle workers through LISTEN/NOTIFY, failures retry with exponential backoff
 * (graphile's exp(min(attempts, 10)) seconds). Its schema (graphile_worker) is migrated at start.
 */
export async function createGraphileQueue(connectionString: string, logger: Logger, options: GraphileQueueOptions = {}): Promise<JobQueue> {
  const glogger = graphileLogger(logger);
  const utils: WorkerUtils = await makeWorkerUtils({ connectionString, logger: glogger, maxPoolSize: 2 });
  await utils.migrate();
  let runner: Runner | undefined;
  let stopped: Promise<void> | undefined;
  return {
    durable: true,
    async add(task, payload, opts = {}) {
      await utils.addJob(task, payload, { jobKey: opts.jobKey, maxAttempts: opts.maxAttempts ?? 5, queueName: opts.queue });
    },
    async work(handlers, { concurrency }) {
      runner = await run({
        connectionString, logger: glogger, concurrency, noHandleSignals: true, pollInterval: options.pollIntervalMs ?? 2_000,
        maxPoolSize: concurrency + 2,
        taskList: Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, async (payload, helpers) => {
          await handler(payload as Record<string, unknown>, { attempt: helpers.job.attempts, signal: helpers.abortSignal ?? new AbortController().signal });
        }])),
      });
    },
    stop() {
      stopped ??= (async () => { await runner?.stop(); await utils.release(); })();
      return stopped;
    },
    taking: () => Boolean(runner) && !stopped,
    async stats() {
      // graphile-worker 0.16's public view of its jobs table.
      const { rows: [r] } = await utils.withPgClient((c) => c.query<{ waiting: number; running: number; failed: number }>(
        `select count(*) filter (where locked_at is null and attempts < max_attempts)::int as waiting,
                count(*) filter (where locked_at is not null)::int as running,
                count(*) filter (where locked_at is null and attempts >= max_attempts)::int as failed
           from graphile_worker.jobs`));
      return r!;
    },
  };
}
