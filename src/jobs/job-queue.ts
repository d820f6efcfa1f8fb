/** How a job is added. */
export interface JobOptions {
  /** A job with the same key that has not started yet is replaced rather than added twice. */
  jobKey?: string;
  /** Attempts before the job is given up (default 5); retries back off exponentially. */
  maxAttempts?: number;
  /** Jobs with the same queue name run one at a time, in the order they were added. */
  queue?: string;
}

/** What a handler gets besides the payload. */
export interface JobContext {
  /** 1 on the first attempt. */
  attempt: number;
  /** Aborted when this worker shuts down. */
  signal: AbortSignal;
}

export type JobHandler = (payload: Record<string, unknown>, job: JobContext) => Promise<void>;

/**
 * The job queue: syncs, model training and memory indexing are jobs, on both databases. On
 * PostgreSQL it is graphile-worker (durable: any `liftgate worker` or `liftgate serve` process runs
 * them); on the embedded database it is createLocalJobQueue (jobs run in this process).
 */
export interface JobQueue {
  /** Whether jobs survive this process and may run in another one. */
  durable: boolean;
  /** Add a job for any worker. */
  add(task: string, payload: Record<string, unknown>, options?: JobOptions): Promise<void>;
  /** Start running jobs in this process with these handlers, at most `concurrency` at a time. */
  work(handlers: Record<string, JobHandler>, options: { concurrency: number }): Promise<void>;
  /** Stop taking jobs, let running ones end (their signal is aborted), release connections. */
  stop(): Promise<void>;
  /** Whether this process is taking jobs (work() was called and stop() was not). */
  taking?(): boolean;
  /** Jobs waiting to run, running (locked by a worker) and given up (attempts exhausted), across all workers. */
  stats?(): Promise<{ waiting: number; running: number; failed: number }>;
}

/** Delay before retry `attempt` (1-based), capped: 1 s, 2 s, 4 s … 5 min. */
export const backoffMs = (attempt: number) => Math.min(300_000, 1000 * 2 ** (attempt - 1));

/**
 * The embedded database's queue: jobs run in this process with the same retries, job keys and serial
 * queues as graphile-worker, and no concurrency cap (one process owns the database); nothing outlives it.
 */
export function createLocalJobQueue(onError: (err: unknown, task: string) => void): JobQueue {
  let handlers: Record<string, JobHandler> | undefined;
  const pending: { task: string; payload: Record<string, unknown>; options: JobOptions }[] = [];
  const running = new Set<Promise<void>>();
  const controller = new AbortController();
  let failed = 0;
  const keyed = new Map<string, Record<string, unknown>>();
  const queues = new Map<string, Promise<void>>();
  const attempt = async (task: string, payload: Record<string, unknown>, options: JobOptions, n: number): Promise<void> => {
    try {
      await handlers![task]!(payload, { attempt: n, signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted || n >= (options.maxAttempts ?? 5)) return (failed++, onError(err, task));
      await new Promise((r) => setTimeout(r, backoffMs(n)).unref());
      return attempt(task, payload, options, n + 1);
    }
  };
  const dispatch = (task: string, payload: Record<string, unknown>, options: JobOptions) => {
    if (!handlers?.[task]) return void pending.push({ task, payload, options });
    if (options.jobKey) {
      if (keyed.has(options.jobKey)) return void keyed.set(options.jobKey, payload);
      keyed.set(options.jobKey, payload);
    }
    const job = () => {
      if (controller.signal.aborted) return Promise.resolve();
      const latest = options.jobKey ? keyed.get(options.jobKey)! : payload;
      if (options.jobKey) keyed.delete(options.jobKey);
      return attempt(task, latest, options, 1);
    };
    const before = options.queue ? queues.get(options.queue) : undefined;
    const p: Promise<void> = (before ?? Promise.resolve()).then(job).finally(() => {
      running.delete(p);
      if (options.queue && queues.get(options.queue) === p) queues.delete(options.queue);
    });
    if (options.queue) queues.set(options.queue, p);
    running.add(p);
  };
  return {
    durable: false,
    add: async (task, payload, options = {}) => dispatch(task, payload, options),
    async work(h) {
      handlers = { ...handlers, ...h };
      for (const job of pending.splice(0)) dispatch(job.task, job.payload, job.options);
    },
    async stop() {
      controller.abort();
      while (running.size) await Promise.allSettled([...running]);
    },
    taking: () => Boolean(handlers) && !controller.signal.aborted,
    stats: async () => ({ waiting: pending.length, running: running.size, failed }),
  };
}
