import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";

/** Which database this vitest project runs on: PGlite always; PostgreSQL when TEST_DATABASE_URL is set. */
export const testDriver = (process.env.TEST_DRIVER ?? "pglite") as "pglite" | "postgres";

/**
 * A fresh, migrated, empty database for one test file.
 * PGlite: loaded from the template dump made in global setup. PostgreSQL: a new database, dropped on close.
 */
export async function createTestDatabase(): Promise<Database> {
  if (testDriver === "postgres") return createPostgresDatabase();
  const template = process.env.LIFTGATE_TEST_TEMPLATE;
  const loadDataDir = template ? new Blob([readFileSync(template)]) : undefined;
  const database = await openDatabase({ loadDataDir });
  if (!template) await migrate(database);
  return database;
}

/** The URL of a fresh PostgreSQL database on the server at `adminUrl` (tests that start a process themselves, benches). */
export async function createPostgresUrl(adminUrl = process.env.TEST_DATABASE_URL): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set: the postgres test project needs a server URL");
  const name = `liftgate_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function createPostgresDatabase(): Promise<Database> {
  const { url, drop } = await createPostgresUrl();
  const database = await openDatabase({ url, max: 5 });
  await migrate(database);
  return { ...database, close: async () => { await database.close(); await drop(); } };
}
