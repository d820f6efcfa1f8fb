import type { Logger } from "../logger.js";
import { createRunCache } from "../plugins/run-cache.js";
import type { PluginContext } from "../plugins/types.js";

/** The context handed to plugin calls: a child logger, a signal, a clock, the rate-limit hooks and a look-up cache for the run. */
export function pluginContext(logger: Logger, signal: AbortSignal, extra: Partial<PluginContext> = {}): PluginContext {
  return { logger, signal, now: () => new Date(), cache: createRunCache(), ...extra };
}
