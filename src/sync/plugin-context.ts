import type { Logger } from "../logger.js";
import type { PluginContext } from "../plugins/types.js";

/** The context handed to plugin calls: a child logger, a signal, a clock and the rate-limit hooks. */
export function pluginContext(logger: Logger, signal: AbortSignal, extra: Partial<PluginContext> = {}): PluginContext {
  return { logger, signal, now: () => new Date(), ...extra };
}
