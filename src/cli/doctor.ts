import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { sql } from "drizzle-orm";
import { loadConfig, type Config } from "../config.js";
import { openDatabase, type Database } from "../db/client.js";
import { acquireFolderLock, lockPath, readFolderLock, type LockHolder } from "../db/folder-lock.js";
import { loadPluginRegistry } from "../plugins/registry.js";
import { packageRoot } from "../paths.js";
import { io } from "./io.js";
import { print } from "./shared.js";

type Check = { ok: boolean; what: string; detail: string };

function nodeCheck(): Check {
  const wanted = (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
  const min = /(\d+)\.(\d+)/.exec(wanted)!;
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  const ok = major > Number(min[1]) || (major === Number(min[1]) && minor >= Number(min[2]));
  return { ok, what: "node", detail: `${process.versions.node} (package.json wants ${wanted})` };
}

/** The committed migrations (drizzle/meta/_journal.json) against those the database recorded as applied. */
async function migrationsCheck(db: Database): Promise<Check> {
  const journal = (JSON.parse(readFileSync(join(packageRoot(), "drizzle", "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] }).entries;
  let applied: number[];
  try {
    const rows = await db.db.execute(sql`select created_at from drizzle.__drizzle_migrations order by created_at`);
    applied = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).map((r) => Number((r as { created_at: unknown }).created_at));
  } catch {
    applied = [];
  }
  const missing = journal.filter((j) => !applied.includes(j.when)).map((j) => j.tag);
  if (missing.length === 0) return { ok: true, what: "migrations", detail: `current (${journal.length} applied)` };
  return { ok: false, what: "migrations", detail: `${missing.length} of ${journal.length} not applied (${missing.join(", ")}): run \`liftgate migrate\` (the server also applies them at start)` };
}

const holderText = (h: LockHolder) => (h.role === "server" ? `the server (pid ${h.pid}, ${h.url ?? "starting"})` : `\`liftgate ${h.role}\` (pid ${h.pid})`);

/** The data folder's lock, and the database: opened here when free, asked through the server that holds it otherwise. */
async function databaseChecks(config: Readonly<Config>): Promise<Check[]> {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    const where = `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
    let db: Database | undefined;
    try {
      db = await openDatabase({ url: config.databaseUrl, max: 1 });
      await db.db.execute(sql`select 1`);
      const vector = await db.hasVector();
      return [
        { ok: true, what: "database", detail: `${where} answers` },
        await migrationsCheck(db),
        { ok: true, what: "pgvector", detail: vector ? "available (search uses it)" : "not installed: search falls back to exact scans in memory" },
      ];
    } catch (e) {
      return [{ ok: false, what: "database", detail: `${where}: ${(e as Error).message}` }];
    } finally {
      await db?.close().catch(() => {});
    }
  }
  const dir = resolve(config.dataDir);
  const holder = readFolderLock(dir);
  if (holder) {
    const lock: Check = { ok: true, what: "data folder", detail: `${dir} held by ${holderText(holder)}` };
    if (!holder.url) return [lock];
    const ready = await fetch(holder.url.replace(/\/graphql$/, "/readyz"), { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
    return [lock, { ok: ready, what: "database", detail: ready ? "PGlite, open in that server (ready; it applied the migrations at start)" : "that server does not answer /readyz" }];
  }
  const checks: Check[] = [{ ok: true, what: "data folder", detail: `${dir} free (lock file ${lockPath(dir)})` }];
  if (!existsSync(join(dir, "db"))) {
    checks.push({ ok: true, what: "database", detail: "PGlite, not created yet: the first `liftgate serve` (or any command) creates and migrates it" });
    return checks;
  }
  const lock = acquireFolderLock(dir, "doctor");
  let db: Database | undefined;
  try {
    db = await openDatabase({ dataDir: join(dir, "db") });
    checks.push({ ok: true, what: "database", detail: "PGlite opens (with the vector extension)" }, await migrationsCheck(db));
  } catch (e) {
    checks.push({ ok: false, what: "database", detail: `PGlite does not open: ${(e as Error).message}` });
  } finally {
    await db?.close().catch(() => {});
    lock.release();
  }
  return checks;
}

/** The key that encrypts connection secrets and seals fact ids; read only (a missing file is generated on first use). */
function encryptionCheck(config: Readonly<Config>): Check {
  if (config.encryptionKey) return { ok: true, what: "encryption", detail: "LIFTGATE_ENCRYPTION_KEY set" };
  const file = join(resolve(config.dataDir), "encryption.key");
  const shared = config.databaseUrl ? "; with PostgreSQL set LIFTGATE_ENCRYPTION_KEY so every instance decrypts the same secrets and issues the same fact ids" : "";
  if (!existsSync(file)) return { ok: true, what: "encryption", detail: `no key yet: the first stored secret or fact read generates ${file}${shared}` };
  const valid = /^[0-9a-f]{64}$/i.test(readFileSync(file, "utf8").trim());
  return valid
    ? { ok: true, what: "encryption", detail: `key file ${file}${shared}` }
    : { ok: false, what: "encryption", detail: `${file} does not hold a 64-hex-character key: restore it from backup` };
}

/** Whether HOST:PORT answers GET /readyz as a liftgate server does ({"status":"ready"}). */
async function answersLikeLiftgate(config: Readonly<Config>): Promise<boolean> {
  const host = config.host.includes(":") ? `[${config.host}]` : config.host === "0.0.0.0" ? "127.0.0.1" : config.host;
  return fetch(`http://${host}:${config.port}/readyz`, { signal: AbortSignal.timeout(3_000) })
    .then(async (r) => ((await r.json()) as { status?: unknown }).status === "ready")
    .catch(() => false);
}

/** Whether `serve` could listen on HOST:PORT; the port of the server holding the folder counts as fine. */
async function portCheck(config: Readonly<Config>): Promise<Check> {
  const where = `${config.host}:${config.port}`;
  if (config.port === 0) return { ok: true, what: "port", detail: "PORT=0: the server takes any free port" };
  const error = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    const s = createServer().once("error", done).listen(config.port, config.host, () => s.close(() => done(undefined)));
  });
  if (!error) return { ok: true, what: "port", detail: `${where} free` };
  const holder = config.databaseUrl ? null : readFolderLock(config.dataDir);
  if (error.code === "EADDRINUSE" && holder?.url && new URL(holder.url).port === String(config.port))
    return { ok: true, what: "port", detail: `${where} in use by the liftgate server (pid ${holder.pid})` };
  // On PostgreSQL no folder lock names the server: a liftgate server there answers its readiness probe.
  if (error.code === "EADDRINUSE" && await answersLikeLiftgate(config))
    return { ok: true, what: "port", detail: `${where} in use by a liftgate server (it answers /readyz)` };
  return { ok: false, what: "port", detail: `${where}: ${error.code === "EADDRINUSE" ? "in use by another program" : error.message}; choose another with PORT or \`liftgate serve --port\`` };
}

async function pluginCheck(config: Readonly<Config>): Promise<Check> {
  try {
    const registry = await loadPluginRegistry(config);
    return { ok: true, what: "plugins", detail: registry.list().map((p) => p.id).join(", ") };
  } catch (e) {
    return { ok: false, what: "plugins", detail: (e as Error).message };
  }
}

function servicesChecks(config: Readonly<Config>): Check[] {
  return [
    { ok: true, what: "openai", detail: config.openai ? `set (${config.openai.baseURL ?? "api.openai.com"}; ${config.openai.embeddingModel}, ${config.openai.chatModel})` : "not set: local embeddings and the rule-based `ask` parser" },
    { ok: true, what: "pinecone", detail: config.pinecone ? `set (${new URL(config.pinecone.indexHost.startsWith("http") ? config.pinecone.indexHost : `https://${config.pinecone.indexHost}`).host})` : "not set: vectors stay in the database" },
  ];
}

/**
 * `liftgate doctor`: what this installation runs on and what is wrong with it; exit 1 when a check fails.
 * Read-only, and safe beside a running server (it asks that server instead of opening its folder). No
 * browser is needed to run liftgate: Chromium is only for the console's own tests.
 */
export const doctorCommand = () =>
  new Command("doctor").description("check Node, configuration, data folder and lock, database and migrations, encryption key, port, plugins, OpenAI/Pinecone").action(async () => {
    const checks: Check[] = [nodeCheck()];
    let config: Readonly<Config> | undefined;
    try {
      config = loadConfig();
      checks.push({ ok: true, what: "config", detail: config.databaseUrl ? "DATABASE_URL set (PostgreSQL)" : `embedded PGlite in ${resolve(config.dataDir)}` });
    } catch (e) {
      checks.push({ ok: false, what: "config", detail: (e as Error).message.replace(/\n\s*/g, " ") });
    }
    if (config) checks.push(...(await databaseChecks(config)), encryptionCheck(config), await portCheck(config), await pluginCheck(config), ...servicesChecks(config));
    for (const c of checks) print(`${c.ok ? "ok  " : "FAIL"}  ${c.what.padEnd(11)}  ${c.detail}`);
    if (checks.some((c) => !c.ok)) io().exitCode = 1;
  });
