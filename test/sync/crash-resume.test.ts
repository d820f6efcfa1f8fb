import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { pino } from "pino";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { queryRows } from "../../src/db/query.js";
import { syncRuns } from "../../src/db/tables/index.js";
import { createEventBus } from "../../src/events.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { startJsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createSyncEngine } from "../../src/sync/sync-engine.js";
import { createPostgresUrl, testDriver } from "../helpers/db.js";
import { newOrg } from "./sync-fixture.js";

const KEY = randomBytes(32).toString("hex");
const RANGE = { start: "2024-01-01", end: "2024-03-31" };
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

/** Where the child processes find the database: a PGlite data dir, or a fresh PostgreSQL database. */
async function target(): Promise<{ env: Record<string, string>; open: () => Promise<Database> }> {
  if (testDriver === "postgres") {
    const { url, drop } = await createPostgresUrl();
    cleanups.push(drop);
    return { env: { CRASH_DB_URL: url }, open: () => openDatabase({ url, max: 3 }) };
  }
  const dir = mkdtempSync(join(tmpdir(), "liftgate-crash-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { env: { CRASH_DATA_DIR: dir }, open: () => openDatabase({ dataDir: dir }) };
}

function child(env: Record<string, string>, onLine: (line: any, kill: () => void) => void) {
  const p = spawn(process.execPath, ["--import", "tsx", "test/sync/crash-child.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  createInterface({ input: p.stdout! }).on("line", (l) => onLine(JSON.parse(l), () => p.kill("SIGKILL")));
  return new Promise<{ code: number | null; signal: string | null }>((r) => p.on("exit", (code, signal) => r({ code, signal })));
}

const FACTS = sql`select stream, date::text, account_id, campaign_id, ad_id, spend::text, impressions, clicks, conversions::text, revenue::text, currency from marketing_facts`;

describe("crash recovery", () => {
  it("a sync killed with SIGKILL and resumed by the next process ends with exactly the facts of an uninterrupted sync", async () => {
    const emu = await startJsonHttpEmulator({ campaigns: 2, adsPerCampaign: 5, faults: { slowEvery: 1, slowMs: 25 } });
    cleanups.push(() => emu.close());
    const t = await target();
    let db = await t.open();
    await migrate(db);
    const deps = { registry: createPluginRegistry([jsonHttpPlugin]), box: createSecretBox(Buffer.from(KEY, "hex")), logger: pino({ level: "silent" }) };
    const scope = await newOrg(db, "Crash");
    const crashed = await createConnection(scope, deps, { pluginId: "json-http", name: "crashed", config: { ...emu.config, pageSize: 20 } });
    const steady = await createConnection(scope, deps, { pluginId: "json-http", name: "steady", config: { ...emu.config, pageSize: 20 } });
    await db.close();

    const env = { ...t.env, CRASH_KEY: KEY, CRASH_ORG: scope.orgId, CRASH_CONN: crashed.id, CRASH_START: RANGE.start, CRASH_END: RANGE.end, CRASH_CHUNK: "100" };
    let writtenAtKill = 0;
    const first = await child({ ...env, CRASH_MODE: "start" }, (e, kill) => {
      if (e.recordsWritten >= 200 && !writtenAtKill) { writtenAtKill = e.recordsWritten; kill(); }
    });
    expect(first.signal).toBe("SIGKILL");
    let resumed: string[] = [];
    let final: any;
    const second = await child({ ...env, CRASH_MODE: "resume" }, (e) => { if (e.resumed) resumed = e.resumed; else final = e; });
    expect(second.code).toBe(0);
    expect(resumed).toHaveLength(1);
    expect(final).toMatchObject({ phase: "finished", status: "succeeded" });
    db = await t.open();
    const engine = createSyncEngine({ ...deps, database: db, events: createEventBus(), workerId: "reference:1", now: () => new Date("2024-06-30T12:00:00Z") });
    const ref = await engine.start({ ...scope, db: db.db, database: db }, { connectionId: steady.id, range: RANGE });
    expect(await engine.wait(ref.id)).toBe("succeeded");
    const [run] = await db.db.select().from(syncRuns).where(eq(syncRuns.id, resumed[0]!));
    const of = (source: string) => queryRows(db.db, sql`${FACTS} where source = ${source} order by date, ad_id`);
    const [got, want] = [await of(crashed.id), await of(steady.id)];
    await db.close();
    expect(writtenAtKill).toBeGreaterThan(0);
    expect(writtenAtKill).toBeLessThan(91 * 10);
    expect(run!.status).toBe("succeeded");
    expect(want).toHaveLength(91 * 10);
    expect(got).toEqual(want);
  }, 240_000);
});
