import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { startFromTemplate } from "../../src/db/embedded-template.js";
import { queryRows } from "../../src/db/query.js";
import { packageRoot } from "../../src/paths.js";

// An empty embedded data folder starts as a copy of the build's template (dist/embedded/) instead of running initdb.
// Here the template is made the way the build makes it (a start with no template, then the migrations) in a temp folder.
const dir = mkdtempSync(join(tmpdir(), "liftgate-template-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const journal = JSON.parse(readFileSync(join(packageRoot(), "drizzle", "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };

async function state(database: Database) {
  const tables = await queryRows<{ name: string }>(database.db, sql`select table_schema || '.' || table_name as name from information_schema.tables
    where table_schema not in ('pg_catalog', 'information_schema') order by 1`);
  const migrations = await queryRows<{ hash: string; created_at: string }>(database.db, sql`select hash, created_at from drizzle.__drizzle_migrations order by id`);
  const [settings] = await queryRows(database.db, sql`select current_setting('shared_buffers') as shared_buffers`);
  return { tables: tables.map((r) => r.name), migrations: migrations.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) })), settings };
}

async function start(dataDir: string, template: string) {
  const database = await openDatabase({ dataDir, template });
  try {
    await migrate(database);
    return await state(database);
  } finally {
    await database.close();
  }
}

describe("embedded template", () => {
  const template = join(dir, "template");
  let initdb: Awaited<ReturnType<typeof state>>;

  it("without a template an empty folder still starts through initdb, with every migration applied", async () => {
    initdb = await start(template, join(dir, "no-such-template"));
    expect(initdb.migrations.map((m) => m.createdAt)).toEqual(journal.entries.map((e) => e.when));
    expect(initdb.tables).toContain("public.marketing_facts");
    expect(initdb.tables).toContain("drizzle.__drizzle_migrations");
    expect(initdb.settings).toEqual({ shared_buffers: "16MB" });
  });

  it("an empty folder started from the template has exactly the tables and migrations of an initdb start", async () => {
    // A mark in the template tells a copy from a start that ran initdb.
    const marking = await openDatabase({ dataDir: template });
    await marking.db.execute(sql`create table public.from_template (v int)`);
    await marking.close();
    const copy = join(dir, "copy");
    mkdirSync(copy);
    const copied = await start(copy, template);
    expect(copied.tables.filter((t) => t !== "public.from_template")).toEqual(initdb.tables);
    expect(copied).toEqual({ ...initdb, tables: [...initdb.tables, "public.from_template"].sort() });
    // Copied beside and renamed into place: nothing half-copied is left next to the folder.
    expect(readdirSync(dir).sort()).toEqual(["copy", "template"]);
  });

  it("a folder that holds a database is opened as it is, never replaced by the template", async () => {
    const folder = join(dir, "copy");
    const first = await openDatabase({ dataDir: folder, template });
    await first.db.execute(sql`create table kept (v int)`);
    await first.db.execute(sql`insert into kept values (7)`);
    await first.close();
    const again = await openDatabase({ dataDir: folder, template });
    try {
      expect(await queryRows(again.db, sql`select v from kept`)).toEqual([{ v: 7 }]);
    } finally {
      await again.close();
    }
  });

  it("a folder that holds anything but a database is left to PGlite, not replaced", () => {
    const other = join(dir, "other");
    mkdirSync(other);
    writeFileSync(join(other, "notes.txt"), "mine");
    expect(startFromTemplate(other, template)).toBe(false);
    expect(readdirSync(other)).toEqual(["notes.txt"]);
    rmSync(other, { recursive: true });
  });
});
