import { getPriority } from "node:os";
import { fitMmm } from "../analytics/attribution/mmm/fit-mmm.js";
import { optimizeBudget } from "../analytics/attribution/mmm/optimize-budget.js";
import { attribute } from "../analytics/attribution/mta/attribute.js";
import { runCausalMethod } from "../analytics/causal/causal-methods.js";
import { syntheticControl, differenceInDifferences } from "../analytics/experiments/geo.js";

/**
 * The CPU-heavy functions the compute pool runs in worker threads, by name. Each takes plain,
 * structured-cloneable arguments and a progress callback, and returns a structured-cloneable result.
 * Areas add their heavy functions here, one line each (their module must not import the database or GraphQL).
 */
export const computeTasks = {
  fitMmm: (args: Parameters<typeof fitMmm>, progress: (fraction: number, stage: string) => void) => fitMmm(args[0], args[1], progress),
  attribute: (args: Parameters<typeof attribute>) => attribute(...args),
  optimizeBudget: (args: Parameters<typeof optimizeBudget>) => optimizeBudget(...args),
  syntheticControl: (args: Parameters<typeof syntheticControl>) => syntheticControl(...args),
  differenceInDifferences: (args: Parameters<typeof differenceInDifferences>) => differenceInDifferences(...args),
  causalMethod: (args: Parameters<typeof runCausalMethod>) => runCausalMethod(...args),
  /** Busy-waits `ms` milliseconds on the thread (tests and the latency bench). */
  spin: ([ms]: [ms: number], progress: (fraction: number, stage: string) => void) => {
    const end = Date.now() + ms;
    let n = 0;
    while (Date.now() < end) if (++n % 1_000_000 === 0) progress(0, "spin");
    return ms;
  },
  /** The thread's nice value (tests: on Linux getpriority(2) of process 0 is the calling thread's). */
  niceness: (_: []) => getPriority(),
} satisfies Record<string, (args: any, progress: (fraction: number, stage: string) => void) => unknown>;

export type ComputeTasks = typeof computeTasks;
export type ComputeTaskName = keyof ComputeTasks;
