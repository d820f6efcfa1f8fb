import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./client.js";

/** Run raw SQL and return its rows, the same shape on PGlite and postgres.js. */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A SELECT run with settings local to its own statement, in one round trip instead of BEGIN, set_config and COMMIT
 * around it (each a round trip: on PGlite ~0.5 ms apiece, bench/search). The settings are made by set_config(…, true)
 * in a one-row FROM item that the query reads laterally: `query(ready)` must put `ready` in the WHERE of the scan that
 * needs them, so the nested loop makes the settings before that scan starts (a condition outside the scan lets the
 * planner run the scan first). They end with the statement's transaction. Only for settings read while rows are fetched,
 * like pg_trgm's thresholds (its index and operators read them per call); not for ones a scan reads when it is set up
 * (pgvector's hnsw.ef_search: the HNSW scan kept the default, bench/search) nor for planner settings.
 * `orderBy` orders the rows (columns of the query).
 */
export function withLocalSettings(settings: Record<string, string>, query: (ready: SQL) => SQL, orderBy: SQL): SQL {
  const set = sql.join(Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`), sql` || `);
  return sql`select q.* from (select (${set}) is not null as ready) settings cross join lateral (${query(sql`settings.ready`)}) q order by ${orderBy}`;
}
