import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate, MIGRATION_LOCK } from "../../src/db/migrate.js";
import { createPostgresUrl } from "../helpers/db.js";

let url: string, drop: () => Promise<void>;
const opened: Database[] = [];
const journal = JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: unknown[] };

beforeAll(async () => { ({ url, drop } = await createPostgresUrl()); });
afterAll(async () => { await Promise.all(opened.map((d) => d.close())); await drop(); });

describe("migrations when several processes start at once on one PostgreSQL", () => {
  it("waits for a migrator holding the lock, then four starting together each succeed and apply every migration once", async () => {
    const holder = postgres(url, { max: 1, onnotice: () => {} });
    await holder`select pg_advisory_lock(${MIGRATION_LOCK})`;
    for (let i = 0; i < 4; i++) opened.push(await openDatabase({ url, max: 3 }));
    let finished = 0;
    const all = Promise.all(opened.map((d) => migrate(d).then(() => void finished++)));
    await new Promise((r) => setTimeout(r, 500));
    expect(finished).toBe(0);
    await holder`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    await holder.end();
    await all;
    expect(finished).toBe(4);
    const check = postgres(url, { max: 1, onnotice: () => {} });
    const [applied] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
    // Nobody holds the lock afterwards (each migrator released it on the connection that took it). Advisory locks
    // belong to a database: other test files migrate their own databases on this server meanwhile.
    const held = await check`select 1 from pg_locks where locktype = 'advisory' and objid = ${MIGRATION_LOCK}
      and database = (select oid from pg_database where datname = current_database())`;
    await check.end();
    expect([applied!.n, held.length]).toEqual([journal.entries.length, 0]);
  });
});
