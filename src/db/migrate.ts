import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { packageRoot } from "../paths.js";
import type { Database } from "./client.js";

/** Apply the committed migrations in drizzle/ (idempotent; serialized across processes on PostgreSQL). */
export async function migrate(database: Database): Promise<void> {
  const migrationsFolder = join(packageRoot(), "drizzle");
  if (database.driver === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  // One migrator at a time when several gateway instances start together.
  await database.db.execute(sql`select pg_advisory_lock(727274)`);
  try {
    await migratePostgres(database.db as never, { migrationsFolder });
  } finally {
    await database.db.execute(sql`select pg_advisory_unlock(727274)`);
  }
}
