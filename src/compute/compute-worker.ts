import type { MessagePort } from "node:worker_threads";
import { AppError } from "../errors.js";
import { computeTasks, type ComputeTaskName } from "./tasks.js";

/** What the pool sends a thread: the task, its arguments and a port for progress reports. */
export interface ComputeRequest { task: ComputeTaskName; args: unknown; progress?: MessagePort }

/** What a thread returns: the value, or an error reduced to what crosses a thread (class, code, message). */
export type ComputeResponse = { ok: true; value: unknown } | { ok: false; name: string; message: string; code?: string; details?: Record<string, unknown> };

/** Piscina's entry point in each worker thread. */
export default async function run({ task, args, progress }: ComputeRequest): Promise<ComputeResponse> {
  try {
    const fn = computeTasks[task] as (a: unknown, p: (fraction: number, stage: string) => void) => unknown;
    if (!fn) throw new Error(`Unknown compute task "${task}".`);
    const value = await fn(args, (fraction, stage) => progress?.postMessage({ fraction, stage }));
    return { ok: true, value };
  } catch (e) {
    const err = e as Error;
    return e instanceof AppError
      ? { ok: false, name: "AppError", message: err.message, code: e.code, details: e.details }
      : { ok: false, name: err?.name ?? "Error", message: err?.message ?? String(e) };
  } finally {
    progress?.close();
  }
}
