import type { SQL } from "drizzle-orm";
import type { Db } from "./client.js";

/** Run raw SQL and return its rows, the same shape on PGlite and postgres.js. */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
