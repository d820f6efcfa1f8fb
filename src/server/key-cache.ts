import type { App } from "../app.js";
import { verifyApiKey, type VerifiedKey } from "../orgs/api-keys.js";

/**
 * How long a verified API key is trusted without reading `api_keys` again. A key revoked through this gateway
 * (revokeApiKey publishes API_KEYS_CHANGED) is forgotten at once; one revoked elsewhere (the CLI on PostgreSQL,
 * another gateway instance) stops working here within this bound. Documented in the README (Security).
 */
export const KEY_CACHE_MS = 5_000;
// Distinct keys held at most; past it the cache starts over (unknown keys are never cached).
const MAX_KEYS = 10_000;

interface KeyCache {
  verify(token: string): Promise<VerifiedKey | null>;
}

const caches = new WeakMap<App, KeyCache>();

/** The app's verified-key cache (created on first use, emptied whenever API_KEYS_CHANGED is published). */
export function keyCacheOf(app: App): KeyCache {
  let cache = caches.get(app);
  if (cache) return cache;
  const held = new Map<string, { key: VerifiedKey; until: number }>();
  const changes = app.events.subscribe("API_KEYS_CHANGED");
  void (async () => { for await (const _ of changes) held.clear(); })();
  cache = {
    async verify(token) {
      const hit = held.get(token);
      if (hit && hit.until > Date.now()) return hit.key;
      held.delete(token);
      const key = await verifyApiKey(app.database.db, token);
      if (key) {
        if (held.size >= MAX_KEYS) held.clear();
        held.set(token, { key, until: Date.now() + KEY_CACHE_MS });
      }
      return key;
    },
  };
  caches.set(app, cache);
  return cache;
}
