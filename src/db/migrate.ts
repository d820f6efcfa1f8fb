import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { packageRoot } from "../paths.js";
import type { Database } from "./client.js";

/** The advisory lock key that serialises migrations across processes (any constant unique to liftgate). */
export const MIGRATION_LOCK = 727274;

/** Apply the committed migrations in drizzle/ (idempotent; serialized across processes on PostgreSQL). */
export async function migrate(database: Database): Promise<void> {
  const migrationsFolder = join(packageRoot(), "drizzle");
  if (database.driver === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  // One migrator at a time when several processes start together on one PostgreSQL. The lock is a
  // session lock: taken, used and released on one connection of its own (on the pool, the unlock
  // could run on another connection and leave the lock held, and the migrator run outside it).
  await database.withSession!(async (db) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await migratePostgres(db as never, { migrationsFolder });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}
