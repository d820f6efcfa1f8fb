import { inArray } from "drizzle-orm";
import type { App } from "../app.js";
import { apiKeys } from "../db/tables/index.js";
import type { Auth } from "./context.js";

/** Close code for a socket whose key no longer grants what it was opened with (graphql-ws uses 4403 for Forbidden). */
export const KEY_CHANGED_CLOSE = 4403;
// How often open sockets re-check their keys when no event says so (a CLI revoke, another gateway instance).
const SWEEP_MS = 2_000;

interface Tracked { auth: Auth; close(code: number, reason: string): void }

/**
 * Keeps open WebSockets honest about their API keys: a key revoked, deleted with its org, or given another role
 * closes its sockets (4403) — at once when this process changed it (API_KEYS_CHANGED), else within SWEEP_MS.
 */
export function wsKeyWatch(app: App) {
  const open = new Set<Tracked>();
  let sweeping: Promise<void> | undefined;
  const sweep = async () => {
    if (open.size === 0) return;
    const ids = [...new Set([...open].map((t) => t.auth.keyId))];
    const rows = await app.database.db.select({ id: apiKeys.id, orgId: apiKeys.orgId, role: apiKeys.role, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(inArray(apiKeys.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const t of open) {
      const row = byId.get(t.auth.keyId);
      const reason = !row ? "the API key or its organization was deleted" : row.revokedAt ? "the API key was revoked" : row.role !== t.auth.role || row.orgId !== t.auth.orgId ? "the API key's role changed; reconnect" : undefined;
      if (reason) { open.delete(t); t.close(KEY_CHANGED_CLOSE, `Forbidden: ${reason}`); }
    }
  };
  const run = () => (sweeping ??= sweep().catch((err) => app.logger.warn({ err }, "websocket key check failed")).finally(() => { sweeping = undefined; }));
  const timer = setInterval(run, SWEEP_MS).unref();
  const changes = app.events.subscribe("API_KEYS_CHANGED");
  void (async () => { for await (const _ of changes) await run(); })();
  return {
    /** Watch a socket's key; returns the function that stops watching (on close). */
    track(t: Tracked): () => void {
      open.add(t);
      return () => void open.delete(t);
    },
    /** Re-check every open socket now (before running an operation). */
    check: run,
    /** Whether the socket is still watched (false once closed for its key). */
    has: (t: Tracked) => open.has(t),
    stop: async () => { clearInterval(timer); await changes.return?.(); },
  };
}
