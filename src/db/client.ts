import { hostname } from "node:os";
import { mkdirSync } from "node:fs";
import { startFromTemplate } from "./embedded-template.js";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import * as schema from "./tables/index.js";

export type Schema = typeof schema;
/** The drizzle database, the same type on both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction: a drizzle handle bound to it, and COPY FROM STDIN where the driver has it. */
export interface Tx {
  db: Db;
  /** Stream tab-separated COPY text lines into `table (columns)`; PostgreSQL only. */
  copyText?: (table: string, columns: string[], lines: AsyncIterable<string> | Iterable<string>) => Promise<void>;
}

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /** Run `fn` in one transaction; everything it writes commits together or not at all. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Call `listener` with the SQL of every statement drizzle runs (tests count statements); returns an unsubscribe. */
  onQuery(listener: (sql: string) => void): () => void;
  /** Whether the pgvector extension can be used on this database. */
  hasVector(): Promise<boolean>;
  /**
   * PostgreSQL: this process's connections as the server sees them (pg_stat_activity, by this process's
   * application_name), counted by state: "active", "idle", "idle in transaction", … (metrics: pool use).
   */
  connectionStates?(): Promise<Record<string, number>>;
  /** PostgreSQL: run `fn` on a connection of its own, closed afterwards (session-level advisory locks hold on it). */
  withSession?<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; undefined keeps the database in memory. */
  dataDir?: string;
  /** PGlite only: start from a dump made by `dumpDataDir` (tests use a migrated template). */
  loadDataDir?: Blob | File;
  /** PGlite with a dataDir: an empty folder starts as a copy of this database folder (the build's template) instead of running initdb. */
  template?: string;
  /** postgres.js pool size. */
  max?: number;
  /**
   * PostgreSQL only: longest statement, and longest a transaction may sit idle, in ms (0 = no limit). The server ends
   * what the gateway fails to, so a stuck request cannot hold a pool connection or its locks for ever.
   */
  statementTimeoutMs?: number;
}

/** Open the embedded PGlite database or a PostgreSQL server, behind one interface. */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.max ?? 10, opts.statementTimeoutMs ?? 0) : openPglite(opts.dataDir, opts.loadDataDir, opts.template);
}

function queryListeners() {
  const listeners = new Set<(sql: string) => void>();
  return {
    logger: { logQuery: (query: string) => listeners.forEach((l) => l(query)) },
    onQuery: (listener: (sql: string) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * PostgreSQL settings for PGlite, on top of its own start parameters. shared_buffers: PGlite's initdb writes
 * PostgreSQL's default of 128 MB, which the WASM heap allocates and touches at every start (the heap grows from 128 to
 * 184 MiB: ~120 MiB of RSS and about a second; bench/embedded/first-start.bench.ts). 16 MB (~15 MiB less again than
 * 32 MB) holds what the embedded default works on, and the OS page cache under PGlite's files keeps the rest warm.
 */
const PGLITE_SETTINGS = ["shared_buffers=16MB"];

async function openPglite(dataDir?: string, loadDataDir?: Blob | File, template?: string): Promise<Database> {
  if (dataDir && !loadDataDir) startFromTemplate(dataDir, template);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Imported on demand: PGlite's WASM module adds ~50 MB of RSS that a PostgreSQL deployment does not need.
  const [{ PGlite }, { vector }, { pg_trgm }, { drizzle: drizzlePglite }] = await Promise.all([
    import("@electric-sql/pglite"), import("@electric-sql/pglite/vector"), import("@electric-sql/pglite/contrib/pg_trgm"), import("drizzle-orm/pglite"),
  ]);
  // pg_trgm: typo-tolerant name matching in search (trigram similarity).
  const startParams = [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ["-c", s])];
  const client = await PGlite.create({ dataDir, loadDataDir, startParams, extensions: { vector, pg_trgm } });
  // PGlite runs SQL synchronously on this thread and settles its promises as microtasks, so a chain of
  // statements (loading a model's data, saving its results, indexing) never let the event loop serve a
  // request. Every statement first yields one turn: query, exec and each statement of a transaction take
  // PGlite's query lock through _runExclusiveQuery, once per statement (execProtocolStream runs once per
  // protocol message, six per parameterised query, so yielding there sextuples the turns a chain gives away).
  // A statement that reaches the lock after close() must not run: on a closed instance PGlite's protocol loop
  // never returns (the process spins at full CPU), so it fails instead, and close() waits for the one running.
  const runExclusiveQuery = client._runExclusiveQuery.bind(client);
  let closed = false;
  client._runExclusiveQuery = async (fn) => {
    await new Promise((resolve) => setImmediate(resolve));
    return runExclusiveQuery(() => {
      if (closed) throw new Error("The embedded database is closed (liftgate is shutting down).");
      return fn();
    });
  };
  const { logger, onQuery } = queryListeners();
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  return {
    db,
    onQuery,
    driver: "pglite",
    transaction: (fn) => db.transaction((t) => fn({ db: t as unknown as Db })),
    hasVector: async () => true,
    close: async () => {
      if (closed) return;
      closed = true;
      await runExclusiveQuery(() => client.close());
    },
  };
}

/** How much COPY text copyText gathers before a write to the server's socket. */
const COPY_WRITE_CHARS = 64 * 1024;

async function openPostgres(url: string, max: number, statementTimeoutMs: number): Promise<Database> {
  // Each process names its connections, so pg_stat_activity tells its pool's use apart from other instances'.
  const applicationName = `liftgate ${hostname()} ${process.pid}`.slice(0, 63);
  const connection = {
    application_name: applicationName,
    // No JIT: its compile time (100-160 ms, bench/metrics/rollup-bench.ts) outweighed the whole of a metrics query over
    // the rollup, and the planner's cost of a correlated subquery crosses jit_above_cost on a few thousand rows.
    jit: "off",
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs, idle_in_transaction_session_timeout: statementTimeoutMs } : {}),
  };
  const sql = postgres(url, { max, onnotice: () => {}, connection });
  const copyTimeoutMs = statementTimeoutMs > 0 ? statementTimeoutMs : 120_000;
  const { logger, onQuery } = queryListeners();
  const db = drizzlePostgres(sql, { schema, logger }) as unknown as Db;
  let vectorAvailable: boolean | undefined;
  return {
    db,
    onQuery,
    driver: "postgres",
    transaction: (fn) =>
      sql.begin(async (t) => {
        // drizzle reads `options.parsers` from its client; a transaction handle has none, so lend it the pool's.
        const txDb = drizzlePostgres(Object.assign(t, { options: sql.options }) as unknown as postgres.Sql, { schema, logger }) as unknown as Db;
        const copyText: Tx["copyText"] = async (table, columns, lines) => {
          const cols = columns.map((c) => `"${c}"`).join(", ");
          const writable = await t.unsafe(`COPY ${table} (${cols}) FROM STDIN`).writable();
          // postgres.js (3.4) never reports an error the server raises inside COPY: the stream's end never comes
          // and the transaction stays open for ever. So lines the server would refuse for their text (a NUL byte,
          // JSON's \u0000) are refused here first, and any failure cancels the COPY (CopyFail) before it ends.
          writable.on("error", () => {});
          // Lines go out in ~64 KiB writes: one socket write per line cost more than formatting the rows (bench/sync).
          let pending = "";
          const send = async () => {
            const chunk = pending;
            pending = "";
            if (!writable.write(chunk)) await new Promise((r) => writable.once("drain", r));
          };
          try {
            for await (const line of lines) {
              if (line.includes("\0") || /\\+u0000/.test(line)) throw new Error("A row holds a NUL character, which PostgreSQL text cannot store.");
              pending += line;
              if (pending.length >= COPY_WRITE_CHARS) await send();
            }
            if (pending) await send();
          } catch (e) {
            writable.destroy(e as Error);
            throw e;
          }
          // Any other refusal (a bad number) still never ends the stream: give up after the statement timeout.
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((resolve, reject) => writable.end((err?: Error | null) => (err ? reject(err) : resolve()))),
            new Promise<void>((_, reject) => { timer = setTimeout(() => reject(new Error("COPY did not complete: the database refused a row.")), copyTimeoutMs); }),
          ]).finally(() => clearTimeout(timer));
        };
        return fn({ db: txDb, copyText });
      }) as never,
    hasVector: async () => {
      if (vectorAvailable === undefined) {
        const rows = await sql`select 1 from pg_available_extensions where name = 'vector'`;
        vectorAvailable = rows.length > 0;
      }
      return vectorAvailable;
    },
    connectionStates: async () => {
      const rows = await sql<{ state: string | null; n: number }[]>`
        select state, count(*)::int as n from pg_stat_activity where application_name = ${applicationName} group by state`;
      return Object.fromEntries(rows.map((r) => [r.state ?? "unknown", r.n]));
    },
    withSession: async (fn) => {
      const own = postgres(url, { max: 1, onnotice: () => {}, connection });
      try {
        return await fn(drizzlePostgres(own, { schema, logger }) as unknown as Db);
      } finally {
        await own.end({ timeout: 5 });
      }
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
