import { writeSync } from "node:fs";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { openDatabase, type Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope } from "../../src/db/scope.js";
import { createEventBus } from "../../src/events.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createSyncEngine, defaultWorkerId } from "../../src/sync/sync-engine.js";

/** Where a database is: a PostgreSQL URL or a PGlite data dir. */
export interface KillDb { url?: string; dataDir?: string }
/** What one process of kill-child.ts does (see there), and the sync it runs. */
export interface KillPlan {
  key: string; orgId: string; connectionId: string; range: { start: string; end: string }; chunkSize: number;
  restart?: KillDb;
  run?: { db: KillDb; killAt?: number };
}

export const print = (line: unknown) => writeSync(1, JSON.stringify(line) + "\n");

/** Open a database with a sync engine for the plan's sync; with `killAt`, SIGKILL this process just before that statement (printed first). */
export async function openSync(plan: KillPlan, where: KillDb, killAt?: number) {
  const database = await openDatabase(where.url ? { url: where.url, max: 2 } : { dataDir: where.dataDir! });
  let statements = 0;
  database.onQuery((text) => {
    if (++statements !== killAt) return;
    print({ killedBefore: statements, sql: text });
    process.kill(process.pid, "SIGKILL");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000); // nothing more runs before the signal lands
  });
  const engine = createSyncEngine({
    database, events: createEventBus(), logger: pino({ level: "silent" }), registry: createPluginRegistry([jsonHttpPlugin]),
    box: createSecretBox(Buffer.from(plan.key, "hex")), workerId: defaultWorkerId(), chunkSize: plan.chunkSize, now: () => new Date("2024-06-30T12:00:00Z"),
  });
  const startSync = async () => {
    const run = await engine.start(orgScope(database, plan.orgId), { connectionId: plan.connectionId, range: plan.range, trigger: "cli" });
    await engine.wait(run.id);
  };
  return { database, engine, startSync, statements: () => statements };
}

/** The connection's facts, their totals, its runs by status, its entities by level and its stream state. */
export async function report(database: Database, conn: string) {
  const [totals] = await queryRows(database.db, sql`select count(*)::int as rows, count(distinct (stream, date, account_id, campaign_id, ad_id))::int as keys,
    sum(spend)::text as spend, sum(impressions)::text as impressions, sum(clicks)::text as clicks, sum(conversions)::text as conversions, sum(revenue)::text as revenue
    from marketing_facts where source = ${conn}`);
  const facts = await queryRows(database.db, sql`select stream, date::text, account_id, campaign_id, ad_id, spend::text, impressions, clicks, conversions::text, revenue::text, currency
    from marketing_facts where source = ${conn} order by date, ad_id`);
  const runs = await queryRows(database.db, sql`select status, count(*)::int as n from sync_runs where connection_id = ${conn} group by status order by status`);
  const entities = await queryRows(database.db, sql`select level, count(*)::int as n from ad_entities where connection_id = ${conn} group by level order by level`);
  const state = await queryRows(database.db, sql`select stream, state from sync_state where connection_id = ${conn} order by stream`);
  return { totals, facts, runs, entities, state };
}

