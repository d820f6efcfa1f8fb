import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { syncState } from "../db/tables/index.js";

/** What the engine keeps per stream: its own date cursor and the plugin's opaque state. */
export interface StreamState {
  /** Last day whose records are all committed (YYYY-MM-DD). */
  cursor?: string;
  /** The plugin's last committed StateMessage.state. */
  plugin?: unknown;
}

/** Every stream's saved state for a connection. */
export async function readStates(db: Db, orgId: string, connectionId: string): Promise<Record<string, StreamState>> {
  const rows = await db.select().from(syncState).where(and(eq(syncState.orgId, orgId), eq(syncState.connectionId, connectionId)));
  return Object.fromEntries(rows.map((r) => [r.stream, (r.state ?? {}) as StreamState]));
}

/** Save one stream's state (call inside the transaction that commits the records it covers). */
export async function writeState(db: Db, orgId: string, connectionId: string, stream: string, state: StreamState): Promise<void> {
  await db
    .insert(syncState)
    .values({ orgId, connectionId, stream, state })
    .onConflictDoUpdate({ target: [syncState.connectionId, syncState.stream], set: { state: sql`excluded.state`, updatedAt: sql`now()` } });
}
