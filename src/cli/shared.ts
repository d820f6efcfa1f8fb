import { createApp } from "../index.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import type { App } from "../app.js";
import { findOrganization } from "../orgs/organizations.js";
import { orgScope, type OrgScope } from "../db/scope.js";
import { io } from "./io.js";
import { cliLogSink } from "./terminal.js";

/**
 * Run a CLI action with an App: the server's when a running server performs the command (admin
 * channel), otherwise one opened on the configured database (quiet logs, embedded folder locked
 * for this command) and closed afterwards.
 */
export async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const served = io().app;
  if (served) return fn(served);
  const config = loadConfig();
  const command = process.argv.slice(2).filter((a) => !a.startsWith("-")).slice(0, 2).join(" ");
  const app = await createApp(config, createLogger(config.logLevelGiven ? config.logLevel : "warn", cliLogSink, config.logFormat), command || "cli");
  try {
    return await fn(app);
  } finally {
    await app.closeServices?.();
    await app.database.close();
  }
}

/** The org scope named by --org (id or slug): the CLI's tenancy boundary. */
export async function scopeFor(app: App, org: string | undefined): Promise<OrgScope> {
  if (!org) throw new Error("Name the organization with --org <id|slug> (see `liftgate org list`).");
  const found = await findOrganization(app.database, org);
  return orgScope(app.database, found.id);
}

export const print = (line = ""): void => io().stdout(`${line}\n`);
