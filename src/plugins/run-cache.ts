import type { PluginContext } from "./types.js";

/**
 * Look-ups shared by every read of one sync run: ad accounts, advertisers, access tokens, metric ids. The engine
 * calls `read` once per stream and window, so without it each call repeats them (against quotas that count calls).
 */
export interface RunCache {
  /** The value under `key`, loaded once per run; callers at the same time share one load, and a failed load is not kept. */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Forget `key` (an access token the platform refused). */
  delete(key: string): void;
}

export function createRunCache(): RunCache {
  const values = new Map<string, Promise<unknown>>();
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      let p = values.get(key) as Promise<T> | undefined;
      if (!p) {
        p = load();
        values.set(key, p);
        p.catch(() => { if (values.get(key) === p) values.delete(key); });
      }
      return p;
    },
    delete(key) { values.delete(key); },
  };
}

/** `ctx.cache.get(key, load)`, or just `load()` for a call made outside a run (check, discover, unit tests). */
export const cached = <T>(ctx: Pick<PluginContext, "cache">, key: string, load: () => Promise<T>): Promise<T> => (ctx.cache ? ctx.cache.get(key, load) : load());
