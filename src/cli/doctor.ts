import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { loadConfig, type Config } from "../config.js";
import { openDatabase } from "../db/client.js";
import { acquireFolderLock, lockPath, readFolderLock } from "../db/folder-lock.js";
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

/** The data folder's lock, and the database: opened here when free, asked through the server that holds it otherwise. */
async function databaseChecks(config: Readonly<Config>): Promise<Check[]> {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    try {
      const db = await openDatabase({ url: config.databaseUrl, max: 1 });
      try {
        const vector = await db.hasVector();
        return [
          { ok: true, what: "database", detail: `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} answers` },
          { ok: true, what: "pgvector", detail: vector ? "available (search uses it)" : "not installed: search falls back to exact scans in memory" },
        ];
      } finally {
        await db.close();
      }
    } catch (e) {
      return [{ ok: false, what: "database", detail: `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}: ${(e as Error).message}` }];
    }
  }
  const dir = resolve(config.dataDir);
  const holder = readFolderLock(dir);
  if (holder) {
    const lock: Check = { ok: true, what: "data folder", detail: `${dir} held by ${holder.role === "server" ? `the server (pid ${holder.pid}, ${holder.url ?? "starting"})` : `\`liftgate ${holder.role}\` (pid ${holder.pid})`}` };
    if (!holder.url) return [lock];
    const ready = await fetch(holder.url.replace(/\/graphql$/, "/readyz"), { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
    return [lock, { ok: ready, what: "database", detail: ready ? "PGlite, open in that server (ready)" : "that server does not answer /readyz" }];
  }
  const checks: Check[] = [{ ok: true, what: "data folder", detail: `${dir} free (lock file ${lockPath(dir)})` }];
  const lock = acquireFolderLock(dir, "doctor");
  try {
    const db = await openDatabase({ dataDir: join(dir, "db") });
    await db.close();
    checks.push({ ok: true, what: "database", detail: "PGlite opens (with the vector extension)" });
  } catch (e) {
    checks.push({ ok: false, what: "database", detail: `PGlite does not open: ${(e as Error).message}` });
  } finally {
    lock.release();
  }
  return checks;
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

/** `liftgate doctor`: what this installation runs on and what is wrong with it; exit 1 when a check fails. */
export const doctorCommand = () =>
  new Command("doctor").description("check Node, configuration, data folder and lock, database and extensions, plugins, OpenAI/Pinecone").action(async () => {
    const checks: Check[] = [nodeCheck()];
    let config: Readonly<Config> | undefined;
    try {
      config = loadConfig();
      checks.push({ ok: true, what: "config", detail: config.databaseUrl ? "DATABASE_URL set (PostgreSQL)" : `embedded PGlite in ${resolve(config.dataDir)}` });
    } catch (e) {
      checks.push({ ok: false, what: "config", detail: (e as Error).message.replace(/\n/g, " ") });
    }
    if (config) checks.push(...(await databaseChecks(config)), await pluginCheck(config), ...servicesChecks(config));
    for (const c of checks) print(`${c.ok ? "ok  " : "FAIL"}  ${c.what.padEnd(11)}  ${c.detail}`);
    if (checks.some((c) => !c.ok)) io().exitCode = 1;
  });

