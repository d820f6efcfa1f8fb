import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pino } from "pino";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../src/analytics/stats/descriptive.js";
import { loadConfig } from "../../src/config.js";
import { configureOutbound } from "../../src/plugins/outbound.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { startJsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createPostgresUrl, testDriver } from "../helpers/db.js";
import { openSync, report, type KillDb, type KillPlan } from "./kill-plan.js";
import { newOrg } from "./sync-fixture.js";

// Kill points: the first and the last statement of an uninterrupted sync, and one drawn with this seed from each
// of STRATA equal stretches of its statements in between (planning, every chunk's writes, entity upserts, commits, the end).
const SEED = 20261202;
const STRATA = 10;
// Chains of child processes run side by side, each point on its own copy of one prepared database.
const CONCURRENCY = 3;
const KEY = randomBytes(32).toString("hex");
// Two 31-day windows of 6 ads: 366 facts in chunks of 40, so a window spans several transactions.
const RANGE = { start: "2024-01-01", end: "2024-03-01" };
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

/** A migrated database with one org and connection, and a way to make copies of it (a PGlite data dir, a PostgreSQL template). */
async function prepared(setup: (db: Database) => Promise<void>): Promise<() => Promise<KillDb>> {
  if (testDriver === "postgres") {
    const base = await createPostgresUrl();
    cleanups.push(base.drop);
    const db = await openDatabase({ url: base.url, max: 2 });
    await migrate(db);
    await setup(db);
    await db.close();
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end());
    const template = new URL(base.url).pathname.slice(1);
    return async () => {
      const name = `${template}_${randomBytes(4).toString("hex")}`;
      await admin.unsafe(`create database ${name} template ${template}`);
      cleanups.push(() => admin.unsafe(`drop database if exists ${name} with (force)`).then(() => {}));
      const url = new URL(base.url);
      url.pathname = `/${name}`;
      return { url: url.toString() };
    };
  }
  const root = mkdtempSync(join(tmpdir(), "liftgate-kill-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const template = process.env.LIFTGATE_TEST_TEMPLATE;
  const db = await openDatabase({ dataDir: join(root, "base"), loadDataDir: template ? new Blob([readFileSync(template)]) : undefined });
  if (!template) await migrate(db);
  await setup(db);
  await db.close();
  let n = 0;
  return async () => {
    const dataDir = join(root, `copy-${++n}`);
    cpSync(join(root, "base"), dataDir, { recursive: true });
    return { dataDir };
  };
}

/** One process of test/sync/kill-child.ts; resolves with its JSON lines and how it ended. */
function child(plan: KillPlan) {
  const p = spawn(process.execPath, ["--import", "tsx", "test/sync/kill-child.ts"], { env: { ...process.env, KILL_PLAN: JSON.stringify(plan) }, stdio: ["ignore", "pipe", "inherit"] });
  const lines: any[] = [];
  createInterface({ input: p.stdout! }).on("line", (l) => lines.push(JSON.parse(l)));
  return new Promise<{ code: number | null; signal: string | null; line: (field: string) => any }>((r) =>
    p.on("exit", (code, signal) => setImmediate(() => r({ code, signal, line: (field) => lines.find((l) => field in l)?.[field] }))));
}

/** The table a statement reads or writes, with its verb: where a kill landed. */
const kindOf = (text: string) => {
  const verb = /^\s*(\w+)/.exec(text)![1]!.toLowerCase();
  const table = (verb === "insert" ? /into\s+"?(\w+)/i : verb === "update" ? /update\s+"?(\w+)/i : /\bfrom\s+"?(\w+)/i).exec(text)?.[1];
  return `${verb} ${table ?? "?"}`;
};

describe("a sync killed at random points", () => {
  it(`SIGKILLed before each of ${STRATA + 2} seeded statements and restarted once, it ends with the uninterrupted sync's exact facts`, async () => {
    const emu = await startJsonHttpEmulator({ campaigns: 2, adsPerCampaign: 3 });
    cleanups.push(() => emu.close());
    const deps = { registry: createPluginRegistry([jsonHttpPlugin]), box: createSecretBox(Buffer.from(KEY, "hex")), logger: pino({ level: "silent" }) };
    let common!: Omit<KillPlan, "restart" | "run">;
    const copy = await prepared(async (db) => {
      const scope = await newOrg(db, "Kill");
      const conn = await createConnection(scope, deps, { pluginId: "json-http", name: "killed", config: { ...emu.config, pageSize: 25 } });
      common = { key: KEY, orgId: scope.orgId, connectionId: conn.id, range: RANGE, chunkSize: 40 };
    });

    // The uninterrupted sync, here: its statements are the kill points' range, its database the expected result.
    configureOutbound(loadConfig().outbound.allow);
    const ref = await openSync(common, await copy());
    await ref.startSync();
    const total = ref.statements();
    const want = await report(ref.database, common.connectionId);
    await ref.database.close();
    expect(want.totals.rows).toBe(61 * 6);
    expect(want.runs).toEqual([{ status: "succeeded", n: 1 }]);

    const random = seededRandom(SEED);
    const points: number[] = [1, ...Array.from({ length: STRATA }, (_, k) => {
      const lo = 2 + Math.floor((k * (total - 2)) / STRATA), hi = 1 + Math.floor(((k + 1) * (total - 2)) / STRATA);
      return lo + Math.floor(random() * (hi - lo + 1));
    }), total];
    expect(new Set(points).size).toBe(STRATA + 2);

    // CONCURRENCY chains of processes: each restarts the database its predecessor was killed on, then is killed on the next.
    const dbs = await Promise.all(points.map(() => copy()));
    const results: { at: number; where: string; killedBy: string | null; restarted: any }[] = [];
    await Promise.all(Array.from({ length: CONCURRENCY }, async (_, c) => {
      const mine = points.map((at, i) => ({ at, db: dbs[i]! })).filter((_, i) => i % CONCURRENCY === c);
      let previous: { at: number; db: KillDb; where: string; killedBy: string | null } | undefined;
      for (const p of [...mine, undefined]) {
        const proc = await child({ ...common, ...(previous ? { restart: previous.db } : {}), ...(p ? { run: { db: p.db, killAt: p.at } } : {}) });
        if (previous) results.push({ ...previous, restarted: proc.line("restarted") });
        if (p) {
          const killed = proc.line("killedBefore") === p.at;
          previous = { ...p, where: killed ? kindOf(proc.line("sql")) : "not reached", killedBy: proc.signal };
        }
      }
    }));
    results.sort((a, b) => a.at - b.at);
    expect(results.map((r) => r.at)).toEqual([...points].sort((a, b) => a - b));

    for (const { at, where, killedBy, restarted } of results) {
      const label = `killed before statement ${at} of ${total} (${where})`;
      expect([killedBy, where === "not reached"], label).toEqual(["SIGKILL", false]);
      const { resumed, startedAfresh, ...got } = restarted;
      // Before the run was recorded the restart starts it; after, it resumes the run the killed process left (or finds it ended).
      expect(resumed + (startedAfresh ? 1 : 0), label).toBeLessThanOrEqual(1);
      // Nothing left running or queued, nothing doubled, nothing lost: the same rows, totals, entities and stream state.
      expect(got.runs, label).toEqual([{ status: "succeeded", n: 1 }]);
      expect(got.totals, label).toEqual({ ...want.totals, keys: want.totals.rows });
      expect(got.facts, label).toEqual(want.facts);
      expect(got.entities, label).toEqual(want.entities);
      expect(got.state, label).toEqual(want.state);
    }
    expect(results[0]!.restarted.startedAfresh).toBe(true);
    // The kills landed before the sync was recorded, inside chunks' fact writes and on its run progress (and, with this seed,
    // on entity upserts, stream state and the end: e.g. PGlite 56 statements, kills before 1 select connections, 6 insert
    // marketing_facts, 13 insert ad_entities, 22 insert sync_state, 56 update sync_runs).
    const where = results.map((r) => `${r.at}: ${r.where}`).join("; ");
    expect([...new Set(results.map((r) => r.where))], where).toEqual(expect.arrayContaining(["select connections", "insert marketing_facts", "update sync_runs"]));
  }, 400_000);
});
