import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { AppError, type ErrorCode } from "../errors.js";
import type { ComputeRequest, ComputeResponse } from "./compute-worker.js";
import type { ComputeTaskName, ComputeTasks } from "./tasks.js";

/** Options of one compute call. */
export interface ComputeOptions {
  /** Aborting terminates the thread running the task; the call rejects with an AbortError. */
  signal?: AbortSignal;
  /** Progress reported by the task (fraction 0–1 and a stage name); may return a promise, not awaited by the thread. */
  onProgress?: (fraction: number, stage: string) => unknown;
}

type Result<N extends ComputeTaskName> = Awaited<ReturnType<ComputeTasks[N]>>;

// From dist the worker is the compiled .js next to this file; under tsx/vitest it is the .ts source,
// loaded through tsx's ESM hooks in the thread.
const builtWorker = fileURLToPath(new URL("./compute-worker.js", import.meta.url));
const sourceWorker = fileURLToPath(new URL("./compute-worker.ts", import.meta.url));

/** Threads of the pool: LIFTGATE_COMPUTE_THREADS, or all cores but one (at least 1, at most 4). */
export const defaultThreads = () => Math.max(1, Math.min(4, availableParallelism() - 1));

let pool: Piscina | undefined;
let poolThreads = defaultThreads();
let poolNice = 19;
// Tasks handed to the pool and not yet settled, and threads started and not yet exited (an aborted task's
// thread leaves the pool's list at once; it counts here until it has really stopped).
let inFlight = 0;
// Tasks that ran to an answer (a result or the task's own error) since the process started, over every pool.
let completed = 0;
const liveThreads = new Set<object>();
/** Count the pool's threads until their 'exit' (a thread is listed from its start, before it is ready). */
function trackThreads() {
  for (const t of pool?.threads ?? []) if (!liveThreads.has(t)) { liveThreads.add(t); t.once("exit", () => liveThreads.delete(t)); }
}

/**
 * Set the pool size and its threads' nice value (0–19, added to the process's) before first use (from config);
 * a running pool is resized, and threads it starts from then on take the new nice value.
 */
export function configureCompute(options: { threads?: number; nice?: number }) {
  if (options.threads) poolThreads = options.threads;
  if (options.nice !== undefined) poolNice = options.nice;
  if (pool) Object.assign(pool.options, { maxThreads: poolThreads, niceIncrement: niceIncrement() });
}

// Each thread lowers its own priority when it starts (piscina's niceIncrement, through its optional @napi-rs/nice), so
// the event loop gets the CPU first when the cores are busy. Only on Linux, where nice(2) applies to the calling thread;
// elsewhere (macOS) it would lower the whole process.
const niceIncrement = () => (process.platform === "linux" ? poolNice : 0);

function getPool(): Piscina {
  if (!pool) {
    const built = existsSync(builtWorker);
    pool = new Piscina({
      filename: built ? builtWorker : sourceWorker,
      execArgv: built ? [] : ["--import", "tsx"],
      minThreads: 0,
      maxThreads: poolThreads,
      // Idle threads exit, so a process with no heavy work holds none (and tests and CLIs exit).
      idleTimeout: 30_000,
      niceIncrement: niceIncrement(),
    });
    pool.on("workerCreate", trackThreads);
  }
  return pool;
}

/**
 * Run a CPU-heavy task in the process's one worker-thread pool, off the event loop: the request
 * path stays responsive while models fit. Errors keep their AppError code; aborting kills the thread.
 */
export async function compute<N extends ComputeTaskName>(task: N, args: Parameters<ComputeTasks[N]>[0], options: ComputeOptions = {}): Promise<Result<N>> {
  options.signal?.throwIfAborted();
  const channel = options.onProgress ? new MessageChannel() : undefined;
  channel?.port1.on("message", (m: { fraction: number; stage: string }) => {
    try { void Promise.resolve(options.onProgress!(m.fraction, m.stage)).catch(() => {}); } catch { /* progress must not fail the task */ }
  });
  // The thread closes its end when the task ends; its last reports arrive before that 'close' but may come after
  // the result (another port), so the call waits for it (bounded: a terminated thread's port closes too).
  const drained = channel && new Promise<void>((resolve) => {
    channel.port1.once("close", resolve);
    setTimeout(resolve, 1_000).unref();
  });
  try {
    const request: ComputeRequest = { task, args, progress: channel?.port2 };
    inFlight++;
    const run = getPool().run(request, { signal: options.signal ?? null, transferList: channel ? [channel.port2] : [] }).finally(() => inFlight--);
    trackThreads();
    const response: ComputeResponse = await run;
    completed++;
    await drained;
    if (response.ok) return response.value as Result<N>;
    if (response.name === "AppError") throw new AppError(response.code as ErrorCode, response.message, response.details);
    throw Object.assign(new Error(response.message), { name: response.name });
  } catch (e) {
    if (options.signal?.aborted && !(e instanceof AppError)) throw Object.assign(new Error("The computation was cancelled."), { name: "AbortError", cause: e });
    throw e;
  } finally {
    channel?.port1.close();
  }
}

/**
 * Threads of the pool and tasks waiting (health and metrics); threadIds change when an aborted task's thread is terminated.
 * `running`: tasks on a thread now; `liveThreads`: threads started that have not exited yet (a terminated one until it has stopped);
 * `completed`: tasks a thread answered since the process started.
 */
export const computeStats = () => (trackThreads(), {
  threads: pool?.threads.length ?? 0, queued: pool?.queueSize ?? 0, maxThreads: poolThreads, threadIds: pool?.threads.map((t) => t.threadId) ?? [],
  running: Math.max(0, inFlight - (pool?.queueSize ?? 0)), liveThreads: liveThreads.size, completed,
});

/** Stop the pool's threads (process shutdown); a later compute() starts a new pool. */
export async function closeCompute(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
