import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Tx } from "../../src/db/client.js";
import { importBatches } from "../../src/db/tables/index.js";
import type { FactRow } from "../../src/db/facts.js";
import { loadCsvFacts } from "../../src/imports/csv-facts.loader.js";
import { serveApp } from "../../src/index.js";
import { syncEngineOf } from "../../src/sync/sync-engine.js";
import { testDriver } from "../helpers/db.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// A failing request must end its transaction and give its pool connection back: ten uploads with NUL bytes once
// left ten connections "idle in transaction" on PostgreSQL and hung every tenant.
let server: TestServer;
let orgId: string;
let editor: string;

beforeAll(async () => {
  server = await startTestServer({ IMPORT_MAX_BYTES: "5000" });
  const org = await server.createOrg("Acme");
  orgId = org.orgId;
  editor = await org.key("editor");
});
afterAll(async () => { await (await syncEngineOf(server.app)).shutdown(); await server.close(); });

const fact = (campaignId: string): FactRow => ({ platform: "meta", stream: "csv", level: "campaign", date: "2024-03-01", campaignId, spend: "1", currency: "USD" });

/** Connections of this test's database sitting in a transaction (PostgreSQL); PGlite has one session and none. */
async function openTransactions(database: Database): Promise<number> {
  if (database.driver !== "postgres") return 0;
  const rows = await database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
  return Number((rows as unknown as { n: number }[])[0]!.n);
}

/** The database with a failure injected at the `step`-th statement of each transaction (or after the last one). */
function failingAt(database: Database, step: number): Database {
  return {
    ...database,
    transaction: (fn) => database.transaction(async (tx: Tx) => {
      let n = 0;
      const hit = () => { if (++n === step) throw new Error(`injected failure at step ${step}`); };
      const db = new Proxy(tx.db, { get: (t, k) => (k === "execute" || k === "insert" ? (...a: unknown[]) => { hit(); return (t as any)[k](...a); } : (t as any)[k]) });
      const copyText: Tx["copyText"] = tx.copyText ? async (...a) => { hit(); return tx.copyText!(...a); } : undefined;
      const out = await fn({ db, copyText });
      hit();
      return out;
    }),
  };
}

describe("transactions end on every error path", () => {
  it("a failure injected at each step of a CSV load rolls back and frees the connection", async () => {
    const database = server.app.database;
    const steps = database.driver === "postgres" ? 4 : 2; // DDL, COPY, merge, commit | insert, commit
    for (let step = 1; step <= steps; step++) {
      await expect(loadCsvFacts(failingAt(database, step), orgId, "csv:meta", crypto.randomUUID(), [fact(`c${step}`)])).rejects.toThrow(`injected failure at step ${step}`);
      expect(await openTransactions(database)).toBe(0);
    }
    const rows = await database.db.execute(sql`select count(*)::int as n from marketing_facts where org_id = ${orgId}`);
    expect(Number((rows as unknown as { n: number }[])[0]?.n ?? (rows as any).rows[0].n)).toBe(0);
  });

  it("a row the database refuses inside COPY fails the load instead of hanging it", async () => {
    const database = server.app.database;
    const load = loadCsvFacts(database, orgId, "csv:meta", crypto.randomUUID(), [fact("ok"), fact("bad\u0000id")]);
    await expect(load).rejects.toThrow(database.driver === "postgres" ? "A row holds a NUL character, which PostgreSQL text cannot store." : /./);
    expect(await openTransactions(database)).toBe(0);
    // Every pooled connection still answers.
    expect((await Promise.all(Array.from({ length: 12 }, () => database.db.execute(sql`select 1`)))).length).toBe(12);
  });

  it("ten uploads with NUL bytes and non-UTF-8 text all answer, rejecting those rows, and the gateway stays ready", async () => {
    const body = Buffer.concat([Buffer.from("Day,Campaign,Spend\n2024-03-01,A\0,1\n2024-03-02,B,2\n2024-03-03,"), Buffer.from([0xc3, 0x28]), Buffer.from(",3\n")]);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => fetch(`${server.url.replace("/graphql", "")}/imports/csv?platform=meta&defaultCurrency=USD&fileName=n${i}.csv`, {
      method: "POST", headers: { authorization: `Bearer ${editor}`, "content-type": "text/csv" }, body: Buffer.concat([body, Buffer.from(`2024-03-0${(i % 5) + 4},Z${i},1\n`)]),
      signal: AbortSignal.timeout(30_000),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))));
    for (const a of answers) {
      expect(a.status).toBe(201);
      expect(a.body.batch).toMatchObject({ status: "loaded", rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
      expect(a.body.rejectsPreview.map((r: { line: number }) => r.line)).toEqual([2, 4]);
    }
    expect(await openTransactions(server.app.database)).toBe(0);
    const ready = await fetch(server.url.replace("/graphql", "/readyz"));
    expect(ready.status).toBe(200);
  });

  it("refuses an upload over IMPORT_MAX_BYTES with 413 before reading it", async () => {
    const r = await fetch(`${server.url.replace("/graphql", "")}/imports/csv?platform=meta&defaultCurrency=USD`, {
      method: "POST", headers: { authorization: `Bearer ${editor}`, "content-type": "text/csv" }, body: `Day,Campaign,Spend\n${"2024-03-01,A,1\n".repeat(400)}`,
    });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ errors: [{ message: "The upload is larger than 5000 bytes (IMPORT_MAX_BYTES); split the file.", extensions: { code: "BAD_USER_INPUT" } }] });
  });

  it("an import batch a stopped process left running is marked failed at the next start", async () => {
    const [batch] = await server.app.database.db.insert(importBatches).values({ orgId, platform: "meta", fileHash: "x".repeat(64), actor: "cli" }).returning();
    const again = await serveApp({ ...server.app, config: { ...server.app.config }, database: { ...server.app.database, close: async () => {} } });
    await again.stop();
    const r = await fetch(`${server.url.replace("/graphql", "")}/imports/${batch!.id}`, { headers: { authorization: `Bearer ${editor}` } });
    expect((await r.json() as any).batch).toMatchObject({ status: "failed", error: "The gateway stopped while this import ran; import the file again." });
  });

  it.runIf(testDriver === "postgres")("PostgreSQL ends a statement that runs past DB_STATEMENT_TIMEOUT_MS", async () => {
    const { openDatabase } = await import("../../src/db/client.js");
    const url = process.env.TEST_DATABASE_URL!;
    const db = await openDatabase({ url, max: 1, statementTimeoutMs: 300 });
    try {
      const started = Date.now();
      const err = await db.db.execute(sql`select pg_sleep(5)`).then(() => undefined, (e: Error) => e);
      expect(((err?.cause as Error | undefined) ?? err)?.message).toMatch(/statement timeout/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await db.close();
    }
  });
});
