#!/usr/bin/env node
import { loadConfig, loadDotEnv } from "../config.js";
import { FolderLocked, readFolderLock } from "../db/folder-lock.js";
import { runThroughServer } from "./admin-channel.js";
import { LOCAL_COMMANDS } from "./local-commands.js";

// The command tree (GraphQL schema, database drivers, analytics) loads only when this process runs the
// command itself: a command performed by a running server starts in a fraction of the time.
const runHere = async (argv: string[]) => {
  await import("reflect-metadata");
  const { runCli } = await import("./program.js");
  return runCli(argv);
};

/**
 * The embedded database has one writer. When a server holds the data folder, a CLI command is
 * performed by that server through its admin channel; undefined when this process should run it.
 */
async function viaServer(argv: string[]): Promise<number | undefined> {
  const command = argv[0];
  if (!command || command.startsWith("-") || LOCAL_COMMANDS.has(command)) return undefined;
  let config;
  try {
    config = loadConfig();
  } catch {
    return undefined; // the command itself reports the bad configuration
  }
  if (config.databaseUrl) return undefined; // PostgreSQL takes many writers
  // A server that is still starting (migrations, plugins) opens its admin channel within seconds.
  for (let waited = 0; ; waited += 250) {
    const holder = readFolderLock(config.dataDir);
    if (!holder) return undefined;
    if (holder.role !== "server") throw new FolderLocked(config.dataDir, holder);
    if (holder.socket) return runThroughServer(holder, argv);
    if (waited >= STARTING_WAIT_MS) throw new Error(`The liftgate server (pid ${holder.pid}) holding ${config.dataDir} has not finished starting; run the command again when it prints its URL.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const STARTING_WAIT_MS = 60_000;
const argv = process.argv.slice(2);
try {
  loadDotEnv();
  const code = (await viaServer(argv)) ?? (await runHere(argv));
  // Set after the command closed its database: PGlite's runtime resets process.exitCode when it shuts down.
  if (code !== 0) process.exit(code);
} catch (e) {
  process.stderr.write(`liftgate: ${(e as Error).message}\n`);
  process.exit(1);
}
