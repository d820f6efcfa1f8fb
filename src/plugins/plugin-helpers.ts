import { isPluginError } from "./errors.js";
import type { CheckResult, StreamInfo } from "./types.js";

/**
 * Run a plugin's credential probe: `{ ok: true }` when it resolves without a verdict,
 * `{ ok: false, reason }` when it throws a PluginError (anything else is a bug and propagates).
 */
export async function probe(fn: () => Promise<CheckResult | void>): Promise<CheckResult> {
  try {
    return (await fn()) ?? { ok: true };
  } catch (e) {
    if (isPluginError(e)) return { ok: false, reason: e.message };
    throw e;
  }
}

/** An entity (dimension) stream, keyed by the platform's id. */
export const entityStream = (name: string, grain: string): StreamInfo => ({ name, kind: "entities", grain, primaryKey: ["id"] });
